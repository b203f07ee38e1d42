import * as tf from '@tensorflow/tfjs-core';
import { artifactsInfo } from './artifacts-info.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodeSparse } from './decode.js';
import { encodeSparse, type EncodeOptions } from './encode.js';

/** The file extension of sparse model files. */
export const SPARSE_EXTENSION = '.l0s';
/** The file a directory path stands for. */
export const DEFAULT_FILE_NAME = 'model.l0s';

/** `dir` → `dir/model.l0s`; a path ending in `.l0s` is the file itself. */
export function sparseFilePath(path: string): string {
  if (path.endsWith(SPARSE_EXTENSION)) return path;
  return `${path.replace(/[\\/]+$/, '')}/${DEFAULT_FILE_NAME}`;
}

/**
 * An IOHandler that saves a model to / loads it from one sparse file on disk (Node):
 * `model.save(sparseFileHandler('out/lenet'))`, `tf.loadLayersModel(sparseFileHandler('out/lenet'))`.
 * Saving writes a temp file and renames it over the target.
 */
export function sparseFileHandler(path: string, options: EncodeOptions = {}): tf.io.IOHandler {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('sparseFileHandler: path must be a non-empty string');
  const file = sparseFilePath(path);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const bytes = encodeSparse(artifacts, options);
      await writeFileAtomic(file, bytes);
      return { modelArtifactsInfo: artifactsInfo(artifacts, bytes.length) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const fs = await import('node:fs/promises');
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await fs.readFile(file));
      } catch (e) {
        throw new Error(`sparseFileHandler: cannot read ${file}: ${(e as Error).message}`);
      }
      return decodeSparse(bytes);
    },
  };
}

export const SPARSE_SCHEME = 'sparse://';

/**
 * The `sparse://` router: `model.save('sparse://out/lenet')`, `tf.loadLayersModel('sparse://out/lenet')`.
 * A query `?values=float16` (or `uint8`) chooses the value encoding when saving.
 */
export function sparseRouter(url: string | string[]): tf.io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith(SPARSE_SCHEME)) return null;
  const [path, query] = url.slice(SPARSE_SCHEME.length).split('?');
  const params = new URLSearchParams(query ?? '');
  const unknown = [...params.keys()].filter((k) => k !== 'values');
  if (unknown.length > 0) {
    throw new RangeError(`sparse://: unknown query key(s) ${unknown.map((k) => `'${k}'`).join(', ')} in '${url}'; the only key is values=float32|float16|uint8`);
  }
  const values = params.get('values') ?? undefined;
  return sparseFileHandler(path, values ? { values: values as EncodeOptions['values'] } : {});
}

let registered = false;

/** Registers `sparse://` with tfjs' save and load routers (done on import; idempotent). */
export function registerSparseRouter(): void {
  if (registered) return;
  registered = true;
  // tfjs routers return null for URLs they do not handle, though the type says IOHandler.
  tf.io.registerSaveRouter(sparseRouter as Parameters<typeof tf.io.registerSaveRouter>[0]);
  tf.io.registerLoadRouter(sparseRouter as Parameters<typeof tf.io.registerSaveRouter>[0]);
}

// Importing the package makes `sparse://` URLs work (a declared side effect).
registerSparseRouter();

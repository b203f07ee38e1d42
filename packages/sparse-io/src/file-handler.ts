import * as tf from '@tensorflow/tfjs-core';
import { artifactsInfo } from './artifacts-info.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodeSparse } from './decode.js';
import { encodeSparse, type EncodeOptions } from './encode.js';
import { SparseFormatError } from './errors.js';
import { resolveLimits, tooLarge, type DecodeLimits } from './limits.js';
import { VALUE_ENCODINGS } from './values.js';

/** Options of the file handler: how to write (`values`, `metadata`) and what to accept when reading (`limits`). */
export interface SparseFileOptions extends EncodeOptions {
  limits?: DecodeLimits;
}

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
export function sparseFileHandler(path: string, options: SparseFileOptions = {}): tf.io.IOHandler {
  if (typeof path !== 'string' || path.length === 0)
    throw new TypeError('sparseFileHandler: path must be a non-empty string');
  const file = sparseFilePath(path);
  const { limits, ...encodeOptions } = options;
  const resolved = resolveLimits(limits, 'sparseFileHandler');
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const bytes = encodeSparse(artifacts, encodeOptions);
      await writeFileAtomic(file, bytes);
      return { modelArtifactsInfo: artifactsInfo(artifacts, bytes.length) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const fs = await import('node:fs/promises');
      let bytes: Uint8Array;
      try {
        // The size first: a huge file is refused without reading it.
        const { size } = await fs.stat(file);
        if (size > resolved.maxFileBytes)
          throw tooLarge(`${file} (${size.toLocaleString('en-US')} bytes)`, 'maxFileBytes', resolved.maxFileBytes);
        bytes = new Uint8Array(await fs.readFile(file));
      } catch (e) {
        if (e instanceof SparseFormatError) throw e;
        throw new Error(`sparseFileHandler: cannot read ${file}: ${(e as Error).message}`);
      }
      return decodeSparse(bytes, resolved);
    },
  };
}

export const SPARSE_SCHEME = 'sparse://';
const LIMIT_KEYS = ['maxElements', 'maxTensorElements', 'maxManifestBytes', 'maxFileBytes'] as const;
const QUERY_KEYS: string[] = ['values', ...LIMIT_KEYS];

/**
 * The `sparse://` router: `model.save('sparse://out/lenet')`, `tf.loadLayersModel('sparse://out/lenet')`.
 * A query `?values=float16` (or `uint8`) chooses the value encoding when saving.
 */
export function sparseRouter(url: string | string[]): tf.io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith(SPARSE_SCHEME)) return null;
  const [path, query] = url.slice(SPARSE_SCHEME.length).split('?');
  const params = new URLSearchParams(query ?? '');
  const unknown = [...params.keys()].filter((k) => !QUERY_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new RangeError(
      `sparse://: unknown query key(s) ${unknown.map((k) => `'${k}'`).join(', ')} in '${url}'; ` +
        `valid keys are ${QUERY_KEYS.join(', ')} (values=${VALUE_ENCODINGS.join('|')})`,
    );
  }
  const values = params.get('values') ?? undefined;
  const limits: DecodeLimits = {};
  for (const key of LIMIT_KEYS) {
    const v = params.get(key);
    // resolveLimits names a bad value
    if (v !== null) limits[key] = /^\d+$/.test(v) ? Number(v) : (v as unknown as number);
  }
  return sparseFileHandler(path, { ...(values ? { values: values as EncodeOptions['values'] } : {}), limits });
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

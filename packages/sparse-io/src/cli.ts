#!/usr/bin/env node
import { Command, Option } from 'commander';
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { readDenseModel, writeDenseModel } from './dense-model-files.js';
import { decodeSparse, inspectSparse } from './decode.js';
import { encodeSparse } from './encode.js';
import { SparseFormatError } from './errors.js';
import { DEFAULT_FILE_NAME, sparseFilePath } from './file-handler.js';
import { MAGIC } from './format.js';
import { positionEntropyBits } from './positions.js';
import { VALUE_ENCODINGS, type ValueEncoding } from './values.js';

const program = new Command()
  .name('l0prune-sparse')
  .description(
    'Inspect and convert l0prune sparse model files (.l0s). A path is a .l0s file or a folder as sparse://path ' +
      `writes it (path/${DEFAULT_FILE_NAME}).`,
  )
  .allowExcessArguments(false)
  .showHelpAfterError();

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The model file a CLI path stands for: a file as given; a folder's model.l0s (as sparse:// writes it) or model.json.
 */
async function modelFile(path: string): Promise<string> {
  if (!(await stat(path)).isDirectory()) return path;
  for (const name of [DEFAULT_FILE_NAME, 'model.json']) if (await exists(join(path, name))) return join(path, name);
  throw new Error(`${path} is a folder with neither ${DEFAULT_FILE_NAME} nor model.json`);
}

program
  .command('inspect')
  .description('per-weight encoding, nonzeros and bytes of a sparse model file')
  .argument('<path>', `a .l0s file, or a folder holding ${DEFAULT_FILE_NAME} (what sparse://path writes)`)
  .allowExcessArguments(false)
  .action(async (path: string) => {
    const { manifest, sections, totalBytes, manifestBytes } = inspectSparse(
      new Uint8Array(await readFile(await modelFile(path))),
    );
    const rows = sections.map(({ entry, bytes }) => {
      const n = entry.shape.reduce((a, b) => a * b, 1);
      const bound = entry.positions === 'dense' ? 0 : positionEntropyBits(n, entry.nnz) / 8;
      return [
        entry.name,
        `[${entry.shape.join(',')}]`,
        entry.dtype + (entry.group === 'optimizer' ? ' (opt)' : ''),
        `${entry.nnz}/${n}`,
        `${((100 * entry.nnz) / Math.max(n, 1)).toFixed(2)}%`,
        entry.positions + (entry.riceK !== undefined ? `(k=${entry.riceK})` : ''),
        entry.values,
        String(entry.positionBytes),
        bound ? (entry.positionBytes / bound).toFixed(3) : '-',
        String(bytes),
      ];
    });
    const header = [
      'weight',
      'shape',
      'dtype',
      'nnz',
      'density',
      'positions',
      'values',
      'pos bytes',
      'pos/bound',
      'bytes',
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
    console.log(line(header));
    rows.forEach((r) => console.log(line(r)));
    console.log(
      `header + manifest: ${manifestBytes} bytes; total: ${totalBytes} bytes; format version ${manifest.version}`,
    );
    console.log('pos/bound: position bytes over log2 C(n, nnz) / 8, the information limit for the mask.');
  });

program
  .command('convert')
  .description('convert between a tfjs dense model (model.json + weights) and a sparse file, by the input kind')
  .argument('<input>', `model.json or a .l0s file, or a folder holding one (${DEFAULT_FILE_NAME} first)`)
  .argument(
    '<output>',
    `sparse: a .l0s file, or a folder that gets ${DEFAULT_FILE_NAME} (loadable as sparse://output); dense: ` +
      `the folder for model.json + weights.bin`,
  )
  .allowExcessArguments(false)
  .addOption(
    new Option('--values <encoding>', 'value encoding when writing a sparse file')
      .choices(VALUE_ENCODINGS)
      .default('float32'),
  )
  .action(async (input: string, output: string, opts: { values: ValueEncoding }) => {
    const path = await modelFile(input);
    const head = new Uint8Array(await readFile(path)).subarray(0, 8);
    if (MAGIC.every((b, i) => head[i] === b)) {
      const { jsonBytes, weightBytes } = await writeDenseModel(
        output,
        decodeSparse(new Uint8Array(await readFile(path))),
      );
      console.log(`wrote ${join(output, 'model.json')} (${jsonBytes} bytes) and weights.bin (${weightBytes} bytes)`);
    } else {
      const bytes = encodeSparse(await readDenseModel(path), { values: opts.values });
      // The layout of sparse://output: a .l0s path is the file, any other path a folder with model.l0s.
      const file = sparseFilePath(output);
      await writeFileAtomic(file, bytes);
      console.log(
        `wrote ${file} (${bytes.length} bytes, values ${opts.values}); ` +
          `load it with tf.loadLayersModel('sparse://${output}')`,
      );
    }
  });

program.parseAsync().catch((e: unknown) => {
  const code = e instanceof SparseFormatError ? ` [${e.code}]` : '';
  console.error(`l0prune-sparse: ${(e as Error).message}${code}`);
  process.exit(1);
});

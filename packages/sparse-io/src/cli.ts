#!/usr/bin/env node
import { Command, Option } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { readDenseModel, writeDenseModel } from './dense-model-files.js';
import { decodeSparse, inspectSparse } from './decode.js';
import { encodeSparse } from './encode.js';
import { SparseFormatError } from './errors.js';
import { MAGIC } from './format.js';
import { positionEntropyBits } from './positions.js';
import type { ValueEncoding } from './values.js';

const program = new Command()
  .name('l0prune-sparse')
  .description('Inspect and convert l0prune sparse model files (.l0s)')
  .showHelpAfterError();

program
  .command('inspect')
  .description('per-weight encoding, nonzeros and bytes of a sparse model file')
  .argument('<file>', 'a .l0s file')
  .action(async (file: string) => {
    const { manifest, sections, totalBytes, manifestBytes } = inspectSparse(new Uint8Array(await readFile(file)));
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
    const header = ['weight', 'shape', 'dtype', 'nnz', 'density', 'positions', 'values', 'pos bytes', 'pos/bound', 'bytes'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
    console.log(line(header));
    rows.forEach((r) => console.log(line(r)));
    console.log(`header + manifest: ${manifestBytes} bytes; total: ${totalBytes} bytes; format version ${manifest.version}`);
    console.log('pos/bound: position bytes over log2 C(n, nnz) / 8, the information limit for the mask.');
  });

program
  .command('convert')
  .description('convert between a tfjs dense model (model.json + weights) and a sparse file, by the input kind')
  .argument('<input>', 'model.json (or its directory) or a .l0s file')
  .argument('<output>', 'the .l0s file to write, or the directory for model.json + weights.bin')
  .addOption(new Option('--values <encoding>', 'value encoding when writing a sparse file').choices(['float32', 'float16', 'uint8']).default('float32'))
  .action(async (input: string, output: string, opts: { values: ValueEncoding }) => {
    const path = (await stat(input)).isDirectory() ? join(input, 'model.json') : input;
    const head = new Uint8Array(await readFile(path)).subarray(0, 8);
    if (MAGIC.every((b, i) => head[i] === b)) {
      const { jsonBytes, weightBytes } = await writeDenseModel(output, decodeSparse(new Uint8Array(await readFile(path))));
      console.log(`wrote ${join(output, 'model.json')} (${jsonBytes} bytes) and weights.bin (${weightBytes} bytes)`);
    } else {
      const bytes = encodeSparse(await readDenseModel(path), { values: opts.values });
      await writeFileAtomic(output, bytes);
      console.log(`wrote ${output} (${bytes.length} bytes, values ${opts.values})`);
    }
  });

program.parseAsync().catch((e: unknown) => {
  const code = e instanceof SparseFormatError ? ` [${e.code}]` : '';
  console.error(`l0prune-sparse: ${(e as Error).message}${code}`);
  process.exit(1);
});

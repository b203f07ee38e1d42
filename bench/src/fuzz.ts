// ≥ 10,000 mutated sparse files (byte flips, truncations, splices): every outcome must be a
// SparseFormatError or the exact original weights — no other exception, no silent wrong load.
// Run: pnpm --filter @l0prune/bench fuzz
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '@l0prune/backend';
import { lenet300100 } from '@l0prune/mnist';
import { layerwiseMagnitude, prune } from '@l0prune/pruning';
import { SparseFormatError, decodeSparse, encodeSparse } from '@l0prune/sparse-io';
import { machine, table, writeResult } from './report.js';

await chooseBackend({ backend: 'cpu', log: () => {} });
const model = lenet300100({ seed: 1 });
prune(model, layerwiseMagnitude(), { compressionRatio: 50 }); // LP: an untrained net's layers differ in scale
let artifacts: tf.io.ModelArtifacts | undefined;
await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
const original = new Uint8Array(artifacts!.weightData as ArrayBuffer);
const files = { float32: encodeSparse(artifacts!), float16: encodeSparse(artifacts!, { values: 'float16' }) };

let seed = 2024;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const counts = { total: 0, typedErrors: 0, exactLoads: 0, crashes: 0, silentWrongLoads: 0 } as Record<string, number>;
const byCode: Record<string, number> = {};
const reference = { float32: original, float16: new Uint8Array(decodeSparse(files.float16).weightData as ArrayBuffer) };
const N = 12_000;
for (let i = 0; i < N; i++) {
  const kind = i % 2 === 0 ? 'float32' : 'float16';
  const base = files[kind];
  let m: Uint8Array;
  const op = i % 5;
  if (op === 0) m = base.subarray(0, Math.floor(rand() * base.length));
  else if (op === 1) {
    // Splice: duplicate or drop a run of bytes.
    const at = Math.floor(rand() * base.length);
    const len = 1 + Math.floor(rand() * 64);
    m = rand() < 0.5 ? new Uint8Array([...base.subarray(0, at), ...base.subarray(at + len)]) : new Uint8Array([...base.subarray(0, at), ...base.subarray(at, at + len), ...base.subarray(at)]);
  } else {
    m = base.slice();
    const flips = 1 + Math.floor(rand() * 4);
    for (let f = 0; f < flips; f++) m[Math.floor(rand() * m.length)] ^= 1 << Math.floor(rand() * 8);
  }
  counts.total++;
  try {
    const decoded = new Uint8Array(decodeSparse(m).weightData as ArrayBuffer);
    const ref = reference[kind];
    if (decoded.length === ref.length && decoded.every((b, j) => b === ref[j])) counts.exactLoads++;
    else counts.silentWrongLoads++;
  } catch (e) {
    if (e instanceof SparseFormatError) {
      counts.typedErrors++;
      byCode[e.code] = (byCode[e.code] ?? 0) + 1;
    } else {
      counts.crashes++;
      console.error('untyped failure:', e);
    }
  }
}
await writeResult(
  'fuzz',
  { machine: machine(), mutations: N, counts, byCode, fileBytes: { float32: files.float32.length, float16: files.float16.length } },
  `# Fuzzing the sparse reader

${N.toLocaleString('en-US')} mutations (byte flips 3/5, truncations 1/5, splices 1/5) of a LeNet-300-100 pruned to
50× with LP (float32 ${files.float32.length} B and float16 ${files.float16.length} B files). Required: zero crashes other than
\`SparseFormatError\`, zero silent wrong loads. Run: \`pnpm --filter @l0prune/bench fuzz\`.

${table(['outcome', 'count'], Object.entries(counts).map(([k, v]) => [k, v]))}

By error code: ${Object.entries(byCode).map(([k, v]) => `${k} ${v}`).join(', ')}. An exact load means the mutation hit
the unchecked header flags and the weights came back bit for bit. Machine: ${JSON.stringify(machine())}.
`,
);
if (counts.crashes > 0 || counts.silentWrongLoads > 0) process.exit(1);

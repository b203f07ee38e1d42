// File sizes of pruned LeNet-300-100 and LeNet-5-Caffe: tfjs dense (model.json + weights.bin),
// dense + gzip, sparse float32/float16/uint8, and the entropy bound; and save/load time against
// tfjs' dense format as ratios. Run: pnpm --filter @l0prune/bench sparse-size
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { gzipSync, strToU8 } from 'fflate';
import { chooseBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { lenet300100, lenet5Caffe, loadMnist } from '@l0prune/mnist';
import { compile, trainingOptimizer } from '@l0prune/harness';
import { globalMagnitude, prune } from '@l0prune/pruning';
import {
  encodeSparse,
  decodeSparse,
  positionEntropyBits,
  readDenseModel,
  sparseFileHandler,
  writeDenseModel,
} from '@l0prune/sparse-io';
import { artifactsOf } from '@l0prune/testing/memory-io';
import { machine, medianMs, table, writeResult } from './report.js';

const backend = await chooseBackend({ backend: 'wasm' });
const data = loadMnist({ trainLimit: 20000, testLimit: 100, validationSize: 100 });

async function trained(build: () => tfl.LayersModel, epochs: number): Promise<tfl.LayersModel> {
  const model = build();
  const penalty = { kind: 'l2l0', alphaL2: 5e-5, alphaL0: 4e-5, beta: 5 } as const;
  compile(model, trainingOptimizer(model, { learningRate: 0.05, momentum: 0.9, penalty, normalize: 'layer-size' }));
  await model.fit(data.train.xs, data.train.ys, { epochs, batchSize: 128, verbose: 0 });
  return model;
}

/** What tfjs writes for a dense model: model.json (topology + manifest) and weights.bin. */
function denseFiles(a: tf.io.ModelArtifacts): { json: Uint8Array; bin: Uint8Array } {
  const json = strToU8(
    JSON.stringify({
      modelTopology: a.modelTopology,
      format: a.format,
      generatedBy: a.generatedBy,
      convertedBy: a.convertedBy,
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
    }),
  );
  return { json, bin: new Uint8Array(a.weightData as ArrayBuffer) };
}

/** Entropy bound: ideal position coding (log2 C(n, k) per tensor) + exact float32 values; topology excluded. */
function entropyBound(a: tf.io.ModelArtifacts): number {
  const values = new Float32Array(a.weightData as ArrayBuffer);
  let at = 0;
  let bits = 0;
  for (const s of a.weightSpecs!) {
    const n = s.shape.reduce((x, y) => x * y, 1);
    let k = 0;
    for (let i = at; i < at + n; i++) if (values[i] !== 0) k++;
    bits += Math.min(positionEntropyBits(n, k), n === k ? 0 : Infinity) + 32 * k;
    at += n;
  }
  return bits / 8;
}

const kb = (b: number) => (b / 1024).toFixed(1);
const sizeRows: Array<Array<string | number>> = [];
const sizeJson: unknown[] = [];
const timing: unknown[] = [];
for (const [name, build, epochs, ratios] of [
  ['LeNet-300-100', () => lenet300100({ seed: 1 }), 2, [10, 50, 90, 120]],
  ['LeNet-5-Caffe', () => lenet5Caffe({ seed: 1 }), 1, [50, 200, 359]],
] as const) {
  const model = await trained(build, epochs);
  const weights = model.getWeights().map((w) => w.clone());
  for (const ratio of ratios) {
    model.setWeights(weights);
    prune(model, globalMagnitude(), { compressionRatio: ratio });
    const a = await artifactsOf(model);
    const { json, bin } = denseFiles(a);
    const dense = json.length + bin.length;
    const gz = gzipSync(json, { level: 9 }).length + gzipSync(bin, { level: 9 }).length;
    const f32 = encodeSparse(a).length;
    const f16 = encodeSparse(a, { values: 'float16' }).length;
    const u8 = encodeSparse(a, { values: 'uint8' }).length;
    const bound = entropyBound(a);
    const actual = countParameters(model).compressionRatio;
    sizeJson.push({
      model: name,
      targetRatio: ratio,
      compressionRatio: actual,
      bytes: {
        dense,
        denseGzip: gz,
        sparseFloat32: f32,
        sparseFloat16: f16,
        sparseUint8: u8,
        entropyBound: Math.round(bound),
      },
      denseOverSparse: { float32: dense / f32, float16: dense / f16, uint8: dense / u8 },
    });
    sizeRows.push([
      name,
      `${actual.toFixed(1)}×`,
      kb(dense),
      kb(gz),
      kb(f32),
      kb(f16),
      kb(u8),
      kb(bound),
      `${(dense / f32).toFixed(0)}× / ${(dense / f16).toFixed(0)}×`,
    ]);
  }
  // Save/load through files: sparse:// vs the tfjs dense layout (model.json + weights.bin).
  model.setWeights(weights);
  prune(model, globalMagnitude(), { compressionRatio: ratios[ratios.length - 2] });
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const a = await artifactsOf(model);
  const time = async (f: () => Promise<unknown>) => {
    const t: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await f();
      t.push(performance.now() - t0);
    }
    return medianMs(t);
  };
  const saveSparse = await time(() => model.save(sparseFileHandler(join(dir, 'm.l0s'))));
  const saveDense = await time(() => writeDenseModel(join(dir, 'dense'), a));
  const loadSparse = await time(async () =>
    (await tfl.loadLayersModel(sparseFileHandler(join(dir, 'm.l0s')))).dispose(),
  );
  const loadDense = await time(async () =>
    (await tfl.loadLayersModel(tf.io.fromMemory(await readDenseModel(join(dir, 'dense', 'model.json'))))).dispose(),
  );
  const encode = await time(async () => encodeSparse(a));
  const bytes = encodeSparse(a);
  const decode = await time(async () => decodeSparse(bytes));
  timing.push({
    model: name,
    ms: { saveSparse, saveDense, loadSparse, loadDense, encode, decode },
    saveRatio: saveSparse / saveDense,
    loadRatio: loadSparse / loadDense,
  });
  model.dispose();
  tf.dispose(weights);
}
data.dispose();
const timingRows = (
  timing as Array<{ model: string; ms: Record<string, number>; saveRatio: number; loadRatio: number }>
).map((t) => [
  t.model,
  t.ms.saveSparse.toFixed(1),
  t.ms.saveDense.toFixed(1),
  t.saveRatio.toFixed(2),
  t.ms.loadSparse.toFixed(1),
  t.ms.loadDense.toFixed(1),
  t.loadRatio.toFixed(2),
]);
await writeResult(
  'sparse-size',
  { machine: machine(), backend, sizes: sizeJson, timing },
  `# Sparse model files: sizes and speed

Models trained briefly with the ℓ2–ℓ0 optimizer (20k MNIST images; LeNet-300-100 2 epochs,
LeNet-5 1 epoch) and pruned with GP to each ratio (all params / nonzero params, biases counted).
Sizes in KiB. *dense* = tfjs' model.json + weights.bin; *gzip* = both gzipped (level 9);
*bound* = ideal position coding (log2 C(n, k) per tensor) + exact float32 values, topology
excluded. Run: \`pnpm --filter @l0prune/bench sparse-size\`. Machine: ${JSON.stringify(machine())}.

${table(['model', 'ratio', 'dense', 'dense+gzip', 'sparse f32', 'sparse f16', 'sparse u8', 'bound (f32)', 'dense / sparse (f32 / f16)'], sizeRows)}

## Save and load through files (median of 7, ms)
Sparse: \`model.save(sparseFileHandler(…))\` / \`tf.loadLayersModel(sparseFileHandler(…))\`. Dense:
model.json + weights.bin written and read the way tfjs' file handler does (atomic writes on both sides).

${table(['model', 'save sparse', 'save dense', 'sparse / dense', 'load sparse', 'load dense', 'sparse / dense'], timingRows)}
`,
);

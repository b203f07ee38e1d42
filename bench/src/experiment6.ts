// Experiment 6 (Table 7) on LeNet-5/MNIST (no CIFAR-10 here): neuron pruning (NP) and NP+GP of the
// ℓ2–ℓ0-trained LeNet-5 of `reproduce lenet5-norm` (its checkpoint), each fine-tuned on 11,000
// images (η 0.01, masks held); FLOP reduction (NP only, as the paper counts it), compression
// ratio, error increase, and the measured latency of the `shrink`-ed model against the dense one.
// Run: pnpm --filter @l0prune/bench experiment6   (trains bench/checkpoints/lenet5-norm first, ≈ 30 min, when
// `reproduce lenet5-norm` has not left it there)
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chooseBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { loadMnist, top1Error } from '@l0prune/mnist';
import { globalMagnitude, maskedOptimizer, neuronPruning, prune, shrink, type Masks } from '@l0prune/pruning';
import { compile, trainNetwork } from '@l0prune/harness';
import { fitOnChunk } from './chunk.js';
import { CHECKPOINTS_DIR, machine, table, writeResult } from './report.js';
import { predictLatency } from './latency.js';
import { npCells, type NpRow } from './np-row.js';
import { CONFIGS } from './reproduce-configs.js';

const checkpointDir = join(CHECKPOINTS_DIR, 'lenet5-norm');
if (!existsSync(join(checkpointDir, 'train.l0s')))
  console.log(`training the lenet5-norm network into ${checkpointDir} first`);
const backend = await chooseBackend();
const data = loadMnist();
const t0 = Date.now();
// The lenet5-norm settings: resumes its checkpoint (at 8 of 8 epochs it only loads and evaluates).
const LENET5_NORM = CONFIGS['lenet5-norm']!;
const { alphaL2, alphaL0, beta } = LENET5_NORM;
const { model, baseline } = await trainNetwork(data, {
  ...LENET5_NORM,
  penalty: { kind: 'l2l0', alphaL2, alphaL0, beta },
  checkpointDir,
});
const trained = model.getWeights().map((w) => w.clone());
const x = tf.randomUniform([256, 28, 28, 1], 0, 1, 'float32', 3);
const denseLatency = predictLatency(model, x);

async function fineTune(masks: Masks, label: string): Promise<void> {
  compile(model, maskedOptimizer(tf.train.momentum(0.01, 0.9), masks));
  await fitOnChunk(model, data.train, 0, 11_000, { seed: 7, label });
}

const rows: Array<Record<string, unknown>> = [];
for (const flopReduction of [0.28, 0.43]) {
  for (const gpRatio of [undefined, 10, 20]) {
    model.setWeights(trained);
    const np = prune(model, neuronPruning({ flopReduction }));
    const macsBefore = np.report.macsBefore;
    const macsAfterNp = np.report.macs;
    let masks = np.masks;
    if (gpRatio !== undefined) masks = prune(model, globalMagnitude(), { compressionRatio: gpRatio }).masks;
    const errorNoFt = top1Error(model, data.test);
    await fineTune(masks, `NP ${flopReduction}${gpRatio ? ` + GP ${gpRatio}×` : ''} FT`);
    const testError = top1Error(model, data.test);
    const { model: small } = await shrink(model);
    const shrunkLatency = predictLatency(small, x);
    const row = {
      method: gpRatio === undefined ? 'NP' : 'NP+GP',
      flopTarget: flopReduction,
      flopReduction: 1 - macsAfterNp / macsBefore,
      compressionRatio: countParameters(model).compressionRatio,
      errorNoFt,
      testError,
      errorIncrease: testError - baseline.testError,
      shrunkParameters: countParameters(small).total,
      latencyMs: { dense: denseLatency, shrunk: shrunkLatency },
      speedup: denseLatency / shrunkLatency,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
    small.dispose();
  }
}
tf.dispose([...trained, x]);
model.dispose();
data.dispose();
await writeResult(
  'experiment6',
  {
    backend: backend.name,
    machine: machine(),
    baseline,
    ftImages: 11_000,
    ftLearningRate: 0.01,
    latencyBatch: 256,
    rows,
    wallSeconds: (Date.now() - t0) / 1000,
  },
  `# Experiment 6 (Table 7) on LeNet-5-Caffe / MNIST: neuron pruning (NP) and NP+GP

The ℓ2–ℓ0-trained LeNet-5 of \`reproduce lenet5-norm\` (unpruned test error ${baseline.testError.toFixed(2)}%). NP removes whole
units/filters (smallest ℓ2 norm) to the FLOP-reduction target; NP+GP then prunes weights globally to the ratio; each is
fine-tuned on 11,000 images (η 0.01, momentum 0.9, masks held). FLOP reduction counts NP only, as the paper's Table 7.
Latency: median of 15 \`predict\` calls, batch 256, ${backend.name}: the dense model vs the \`shrink\`-ed one (unstructured
zeros do not speed up a dense runtime; removed units do). Run: \`pnpm --filter @l0prune/bench experiment6\`.

${table(
  [
    'method',
    'FLOP reduction',
    'compression ratio',
    'error before FT',
    'error after FT',
    'error increase',
    'shrunk params',
    'latency dense → shrunk',
    'speed-up',
  ],
  rows.map((r) => [r.method as string, ...npCells(r as unknown as NpRow), `${(r.speedup as number).toFixed(2)}×`]),
)}

Paper (VGG-16 / CIFAR-10): NP 27.75% FLOPs, 1.46×, +0.31%; NP 42.7%, 1.7×, +0.49%; NP+GP 27.75%, 9.21×, +0.27%; NP+GP 42.7%, 18.38×, +0.72%.
`,
);

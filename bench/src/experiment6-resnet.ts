// Experiment 6 style on a residual net trained here: a small ResNet (basic blocks, a strided 1×1
// shortcut per stage, BatchNorm) trained on MNIST with the ℓ2–ℓ0 optimizer (NORM), then NP on the
// channel groups of the dependency graph (inside blocks; and with the residual streams), NP+GP,
// fine-tuning with masks held, `shrink`, and the latency of the shrunk model vs the dense one.
// Sized for 2 cores: 20,000 training images × 4 epochs, 8,000 for fine-tuning (≈ 45 min here).
// Run: pnpm --filter @l0prune/bench experiment6-resnet
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { chooseBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { loadMnist, top1Error } from '@l0prune/mnist';
import { compile, trainingOptimizer } from '@l0prune/harness';
import {
  globalMagnitude,
  maskedOptimizer,
  neuronPruning,
  prune,
  shrink,
  type Masks,
  type PruneResult,
} from '@l0prune/pruning';
import { predictLatency } from './latency.js';
import { npCells, pct, type NpRow } from './np-row.js';
import { machine, table, writeResult } from './report.js';

type T = tfl.SymbolicTensor;
const init = (seed: number) => tfl.initializers.heNormal({ seed });

function resnet(): tfl.LayersModel {
  let seed = 1;
  const conv = (x: T, filters: number, name: string, kernelSize: number, strides = 1) =>
    tfl.layers
      .conv2d({ filters, kernelSize, strides, padding: 'same', name, kernelInitializer: init(seed++) })
      .apply(x) as T;
  const bn = (x: T, name: string) => tfl.layers.batchNormalization({ name: `${name}_bn` }).apply(x) as T;
  const relu = (x: T, name: string) => tfl.layers.reLU({ name }).apply(x) as T;
  const input = tfl.input({ shape: [28, 28, 1] });
  let x = relu(bn(conv(input, 8, 'stem', 3), 'stem'), 'stem_relu');
  let i = 0;
  for (const [filters, stride] of [
    [8, 1],
    [16, 2],
    [32, 2],
  ]) {
    const name = `block${++i}`;
    let h = relu(bn(conv(x, filters, `${name}_a`, 3, stride), `${name}_a`), `${name}_a_relu`);
    h = bn(conv(h, filters, `${name}_b`, 3), `${name}_b`);
    const shortcut =
      stride === 1 && x.shape[3] === filters ? x : bn(conv(x, filters, `${name}_short`, 1, stride), `${name}_short`);
    x = relu(tfl.layers.add({ name: `${name}_add` }).apply([h, shortcut]) as T, `${name}_out`);
  }
  const gap = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as T;
  const out = tfl.layers
    .dense({ units: 10, activation: 'softmax', name: 'logits', kernelInitializer: init(99) })
    .apply(gap) as T;
  return tfl.model({ inputs: input, outputs: out });
}

const { name: backend } = await chooseBackend({ backend: 'wasm' });
const TRAIN_IMAGES = 20_000;
const EPOCHS = 4;
const FT_IMAGES = 8_000;
const TEST_IMAGES = 10_000;
const data = loadMnist({ trainLimit: TRAIN_IMAGES, testLimit: TEST_IMAGES });
const t0 = Date.now();
const model = resnet();
const penalty = { kind: 'l2l0', alphaL2: 5e-5, alphaL0: 2e-4, beta: 5 } as const;
compile(model, trainingOptimizer(model, { learningRate: 0.05, momentum: 0.9, penalty, normalize: 'layer-size' }));
await model.fit(data.train.xs, data.train.ys, {
  epochs: EPOCHS,
  batchSize: 64,
  verbose: 0,
  callbacks: { onEpochEnd: (e) => console.log(`epoch ${e + 1}/${EPOCHS} ${((Date.now() - t0) / 1000).toFixed(0)} s`) },
});
const baseline = top1Error(model, data.test);
console.log(`trained: ${baseline.toFixed(2)}% test error, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
const trained = model.getWeights().map((w) => w.clone());
const probe = tf.randomUniform([256, 28, 28, 1], 0, 1, 'float32', 3);
const denseLatency = predictLatency(model, probe);
const ftX = tf.slice(data.train.xs, [0, 0, 0, 0], [FT_IMAGES, 28, 28, 1]);
const ftY = tf.slice(data.train.ys, [0, 0], [FT_IMAGES, 10]);

async function fineTune(masks: Masks): Promise<void> {
  model.compile({
    optimizer: maskedOptimizer(tf.train.momentum(0.01, 0.9), masks, { allowUnmasked: true }),
    loss: 'categoricalCrossentropy',
  });
  await model.fit(ftX, ftY, { epochs: 1, batchSize: 64, verbose: 0 });
}

const rows: Array<Record<string, unknown>> = [];
for (const [flopReduction, residual] of [
  [0.3, false],
  [0.3, true],
  [0.5, false],
  [0.5, true],
] as const) {
  for (const gpRatio of [undefined, 10]) {
    model.setWeights(trained);
    let np: PruneResult;
    try {
      np = prune(model, neuronPruning({ flopReduction, pruneResidualChannels: residual }));
    } catch (e) {
      rows.push({ flopTarget: flopReduction, residual, gpRatio, error: (e as Error).message });
      console.log((e as Error).message);
      continue;
    }
    let masks = np.masks;
    if (gpRatio !== undefined) {
      const gp = prune(model, globalMagnitude(), { compressionRatio: gpRatio });
      masks = new Map([...np.masks, ...gp.masks]);
    }
    const errorNoFt = top1Error(model, data.test);
    await fineTune(masks);
    const testError = top1Error(model, data.test);
    const { model: small } = await shrink(model);
    const shrunkLatency = predictLatency(small, probe);
    const row = {
      method: gpRatio === undefined ? 'NP' : `NP+GP ${gpRatio}×`,
      residual,
      flopTarget: flopReduction,
      flopReduction: 1 - np.report.macs / np.report.macsBefore,
      compressionRatio: countParameters(model).compressionRatio,
      errorNoFt,
      testError,
      errorIncrease: testError - baseline,
      shrunkParameters: countParameters(small).total,
      latencyMs: { dense: denseLatency, shrunk: shrunkLatency },
    };
    rows.push(row);
    console.log(JSON.stringify(row));
    small.dispose();
  }
}
const done = rows.filter((r) => r.error === undefined);
await writeResult(
  'experiment6-resnet',
  {
    backend,
    machine: machine(),
    trainImages: TRAIN_IMAGES,
    epochs: EPOCHS,
    testImages: TEST_IMAGES,
    ftImages: FT_IMAGES,
    baseline,
    rows,
    wallSeconds: (Date.now() - t0) / 1000,
  },
  `# Experiment 6 style on a small ResNet trained here (MNIST)

\`pnpm --filter @l0prune/bench experiment6-resnet\` (${backend}, ${((Date.now() - t0) / 60000).toFixed(1)} min). A ResNet of three basic
blocks (8, 16, 32 filters; strided 1×1 shortcut convs; BatchNorm; ${countParameters(resnet()).total.toLocaleString('en-US')} parameters), trained with
\`l2l0Optimizer(momentum 0.05)\` (NORM, α₂ 5·10⁻⁵, α₀ 2·10⁻⁴, β 5) on ${TRAIN_IMAGES.toLocaleString('en-US')} MNIST images
for ${EPOCHS} epochs (batch 64) — sized for 2 cores:
unpruned test error ${baseline.toFixed(2)}% on the first ${TEST_IMAGES.toLocaleString('en-US')} test images. NP over the channel groups of the dependency
graph to the FLOP target ("residual": the residual streams too, \`pruneResidualChannels: true\`), NP+GP then GP to 10×;
each fine-tuned one epoch on ${FT_IMAGES.toLocaleString('en-US')} images (η 0.01, masks held), then \`shrink\`. FLOP reduction counts NP only.
Latency: median of 15 \`predict\` calls, batch 256.

Rows with and without \`pruneResidualChannels\` at the same FLOP target say which default keeps accuracy better.

${table(
  [
    'method',
    'residual',
    'FLOP reduction',
    'ratio',
    'error before FT',
    'error after FT',
    'increase',
    'shrunk params',
    'latency dense → shrunk',
  ],
  done.map((r) => [r.method as string, r.residual ? 'yes' : 'no', ...npCells(r as unknown as NpRow)]),
)}
${rows
  .filter((r) => r.error)
  .map((r) => `\n- ${pct(r.flopTarget as number)}${r.residual ? ' + residual' : ''}: ${r.error as string}`)
  .join('')}

Machine: ${JSON.stringify(machine())}
`,
);

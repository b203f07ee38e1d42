// Per-step cost of the decoupled ℓ2–ℓ0 optimizer against bare SGD, and against the coupled path
// (l2l0Regularizer on every kernel, gradient through autodiff): LeNet-300-100, batch 100, same
// backend, rounds interleaved so machine noise hits all three alike.
// Run: pnpm --filter @l0prune/bench optimizer-overhead
import * as tf from '@tensorflow/tfjs-core';
import { loadavg } from 'node:os';
import type * as tfl from '@tensorflow/tfjs-layers';
import { chooseBackend } from '@l0prune/backend';
import { lenet300100 } from '@l0prune/mnist';
import { l2l0Optimizer } from '@l0prune/optimizer';
import { attachRegularizer, l2l0Regularizer } from '@l0prune/regularizer';
import { machine, medianMs, table, writeResult } from './report.js';

const backend = await chooseBackend();
const params = { alphaL2: 5e-5, alphaL0: 1e-3, beta: 5 };
const x = tf.randomUniform([100, 28, 28, 1], 0, 1, 'float32', 1);
const y = tf.oneHot(
  tf.tensor1d(
    Array.from({ length: 100 }, (_, i) => i % 10),
    'int32',
  ),
  10,
);

function variant(name: string, make: (model: tfl.LayersModel) => tf.Optimizer, coupled = false) {
  const model = lenet300100({ seed: 1 });
  if (coupled)
    attachRegularizer(model, l2l0Regularizer({ alphaL2: params.alphaL2, alphaL0: params.alphaL0, beta: params.beta }));
  model.compile({ optimizer: make(model), loss: 'categoricalCrossentropy' });
  return { name, model, times: [] as number[] };
}

const variants = [
  variant('sgd', () => tf.train.sgd(0.05)),
  variant('l2l0Optimizer(sgd)', (model) => l2l0Optimizer(tf.train.sgd(0.05), { model, ...params })),
  variant('l2l0Optimizer(sgd), NaN check every 100 steps', (model) =>
    l2l0Optimizer(tf.train.sgd(0.05), { model, ...params, finiteCheckInterval: 100 }),
  ),
  variant('sgd + l2l0Regularizer (coupled)', () => tf.train.sgd(0.05), true),
];
for (const v of variants) for (let i = 0; i < 5; i++) await v.model.trainOnBatch(x, y); // warm-up
const steps = 20;
for (let round = 0; round < 15; round++) {
  for (const v of variants) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await v.model.trainOnBatch(x, y);
    v.times.push((performance.now() - t0) / steps);
  }
}
const base = medianMs(variants[0].times);
const rows = variants.map((v) => [v.name, medianMs(v.times).toFixed(2), (medianMs(v.times) / base).toFixed(3)]);
await writeResult(
  'optimizer-overhead',
  {
    machine: machine(),
    loadAverage: loadavg(),
    backend: backend.name,
    batch: 100,
    stepsPerRound: steps,
    rounds: 15,
    msPerStep: Object.fromEntries(variants.map((v) => [v.name, medianMs(v.times)])),
    target: 'l2l0Optimizer(sgd) / sgd ≤ 1.10',
  },
  `# Per-step cost of the decoupled ℓ2–ℓ0 optimizer

LeNet-300-100, batch 100, \`trainOnBatch\` on ${backend.name}; median over 15 interleaved rounds of 20 steps
(\`pnpm --filter @l0prune/bench optimizer-overhead\`). Target: l2l0Optimizer(sgd) / sgd ≤ 1.10.
The attraction runs as one WebAssembly SIMD pass (\`addAttraction\`, @l0prune/regularizer) folded into the SGD
gradient; the NaN/Infinity check (a read-back of one flag per step) is on by default; \`finiteCheckInterval\` thins it.
Load average during the run: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')} (other jobs share the 2 cores; the ratio is what counts).
Machine: ${JSON.stringify(machine())}.

${table(['variant', 'ms / step', 'ratio to sgd'], rows)}
`,
);

// Training throughput (samples/s) of LeNet-300-100 and LeNet-5 on wasm + l0prune kernels vs the
// pure-JS cpu backend, in one run, and achieved GFLOP/s vs wasm's own matMul throughput.
// Run: pnpm --filter @l0prune/bench backend
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { chooseBackend } from '@l0prune/backend';
import { lenet300100, lenet5Caffe } from '@l0prune/mnist';
import { machine, table, writeResult } from './report.js';

/** Forward multiply-accumulates per sample; training ≈ 3 × forward (input and weight gradients). */
const FORWARD_MACS = {
  'LeNet-300-100': 784 * 300 + 300 * 100 + 100 * 10,
  'LeNet-5-Caffe': 24 * 24 * 25 * 20 + 8 * 8 * 25 * 20 * 50 + 800 * 500 + 500 * 10,
};

async function samplesPerSecond(build: () => tfl.LayersModel, batch: number, batches: number): Promise<number> {
  const model = build();
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const xs = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
  const ys = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % 10),
      'int32',
    ),
    10,
  );
  await model.trainOnBatch(xs, ys); // warm-up (kernel compilation, allocations)
  const t0 = performance.now();
  for (let i = 0; i < batches; i++) await model.trainOnBatch(xs, ys);
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([xs, ys]);
  model.dispose();
  return (batch * batches) / seconds;
}

/** wasm's own matMul throughput on the shape of LeNet-300-100's first layer ([128, 784] × [784, 300]). */
async function matMulGflops(): Promise<number> {
  const [m, k, n] = [128, 784, 300];
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  // wasm runs kernels synchronously: no read-back needed (nor a tidy, which walks returned arrays)
  tf.matMul(a, b).dispose();
  const runs = 200;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) tf.matMul(a, b).dispose(); // wasm runs kernels synchronously
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return (2 * m * k * n * runs) / seconds / 1e9;
}

const plan = [
  { name: 'LeNet-300-100' as const, build: () => lenet300100({ seed: 1 }), batch: 128, batches: { wasm: 40, cpu: 4 } },
  { name: 'LeNet-5-Caffe' as const, build: () => lenet5Caffe({ seed: 1 }), batch: 32, batches: { wasm: 20, cpu: 2 } },
];
const results: Record<string, Record<string, number>> = {};
for (const p of plan) {
  results[p.name] = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    await chooseBackend({ backend, log: () => {} });
    results[p.name][backend] = await samplesPerSecond(p.build, p.batch, p.batches[backend]);
    console.log(`${p.name} on ${backend}: ${results[p.name][backend].toFixed(1)} samples/s`);
  }
}
await chooseBackend({ backend: 'wasm', log: () => {} });
const matmul = await matMulGflops();
const rows = plan.map((p) => {
  const r = results[p.name];
  const gflops = (r.wasm * 6 * FORWARD_MACS[p.name]) / 1e9;
  return [
    p.name,
    r.wasm.toFixed(0),
    r.cpu.toFixed(1),
    `${(r.wasm / r.cpu).toFixed(1)}×`,
    gflops.toFixed(2),
    `${((100 * gflops) / matmul).toFixed(0)}%`,
  ];
});
await writeResult(
  'backend-speed',
  {
    machine: machine(),
    targets: { 'LeNet-300-100': '≥ 5×', 'LeNet-5-Caffe': '≥ 20×' },
    samplesPerSecond: results,
    wasmMatMulGflops: matmul,
    forwardMacs: FORWARD_MACS,
  },
  `# Training throughput: wasm + l0prune kernels vs the pure-JS cpu backend

One run, same machine (\`pnpm --filter @l0prune/bench backend\`): SGD trainOnBatch, LeNet-300-100
with batches of 128, LeNet-5-Caffe with batches of 32, after one warm-up batch. Training FLOPs are
counted as 3 × 2 × forward MACs per sample. wasm's own matMul ([128, 784] × [784, 300]) runs at
${matmul.toFixed(1)} GFLOP/s here (single thread, SIMD). Machine: ${JSON.stringify(machine())}.

${table(['model', 'wasm samples/s', 'cpu samples/s', 'wasm / cpu', 'wasm GFLOP/s', 'of matMul peak'], rows)}
`,
);

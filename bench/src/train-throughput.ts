// Training throughput against the tool a user would otherwise pick: LeNet-300-100 and LeNet-5-Caffe,
// batch 128, ℓ2–ℓ0 momentum SGD (eq. 17), here through `model.fit` on the embedded default backend
// with 1 thread and with 2 (`dataParallel` worker threads; and 1 thread computing the same 2 slices in turn,
// which is what 'auto' runs when it keeps one thread: the same bits either way), and in PyTorch (Debian's python3-torch,
// CPU, eq. 17 by hand: peer/torch_train.py) with 1 and 2 threads, rounds interleaved in one run; what
// `threads: 'auto'` picks for each network; and the fraction of wasm's own matMul GFLOP/s reached.
// Run: bench/peer/ensure-torch.sh && pnpm --filter @l0prune/bench train-throughput   (not in CI)
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { chooseBackend } from '@l0prune/backend';
import { dataParallel } from '@l0prune/backend/data-parallel';
import { lenet300100, lenet5Caffe } from '@l0prune/mnist';
import { compileForTraining, syntheticData } from './training-setup.js';
import { machine, medianMs, table, writeResult } from './report.js';

const run = promisify(execFile);
const BATCH = 128;
const ROUNDS = 3;
/** Forward multiply-accumulates per sample; a training step ≈ 3 × forward. */
const FORWARD_MACS = {
  lenet300: 784 * 300 + 300 * 100 + 100 * 10,
  lenet5: 24 * 24 * 25 * 20 + 8 * 8 * 25 * 20 * 50 + 800 * 500 + 500 * 10,
};
const NETWORKS = [
  // shards: the main job's slices per batch with threads 'auto' (examples/mnist/src/cli.ts).
  { id: 'lenet300' as const, title: 'LeNet-300-100', build: () => lenet300100({ seed: 1 }), batches: 60, shards: 1 },
  { id: 'lenet5' as const, title: 'LeNet-5-Caffe', build: () => lenet5Caffe({ seed: 1 }), batches: 24, shards: 2 },
];

const backend = await chooseBackend();

/** Samples/s of one epoch after a warm-up on `threads`, and what the threads setting decided (for 'auto'). */
async function ours(
  build: () => tfl.LayersModel,
  batches: number,
  threads: number | 'auto',
  shards?: number,
): Promise<{ samplesPerSecond: number; decision: string }> {
  const model = compileForTraining(build());
  const parallel = await dataParallel(model, { threads, shards });
  const { x, y } = syntheticData(model, BATCH * batches);
  // warm-up
  await model.fit(tf.slice(x, 0, BATCH * 2), tf.slice(y, 0, BATCH * 2), { epochs: 1, batchSize: BATCH, verbose: 0 });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const decision = parallel.decision;
  await parallel.dispose();
  tf.dispose([x, y]);
  model.dispose();
  return { samplesPerSecond: (BATCH * batches) / seconds, decision };
}

async function torch(network: string, threads: number, steps: number): Promise<number> {
  const { stdout } = await run('/usr/bin/python3', [
    join(import.meta.dirname, '..', 'peer', 'torch_train.py'),
    network,
    String(threads),
    String(steps),
  ]);
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { samplesPerSecond: number }).samplesPerSecond;
}

function matMulGflops(): number {
  const [m, k, n] = [128, 784, 300];
  const [a, b] = [tf.randomNormal([m, k]), tf.randomNormal([k, n])];
  // wasm runs kernels synchronously: no read-back needed (nor a tidy, which walks returned arrays)
  tf.matMul(a, b).dispose();
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) tf.matMul(a, b).dispose(); // wasm runs kernels synchronously
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return (2 * m * k * n * 100) / seconds / 1e9;
}

const samples: Record<string, Record<string, number[]>> = {};
const torchVersion = (await run('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'])).stdout.trim();
for (let round = 0; round < ROUNDS; round++) {
  for (const net of NETWORKS) {
    samples[net.id] ??= { ours1: [], ours1x2: [], ours2: [], torch1: [], torch2: [] };
    const s = samples[net.id];
    // The order rotates each round, so no side always runs on a warmer or quieter machine.
    const runs: Array<[string, () => Promise<number>]> = [
      ['ours1', async () => (await ours(net.build, net.batches, 1)).samplesPerSecond],
      ['ours1x2', async () => (await ours(net.build, net.batches, 1, 2)).samplesPerSecond],
      ['ours2', async () => (await ours(net.build, net.batches, 2)).samplesPerSecond],
      ['torch2', () => torch(net.id, 2, net.batches)],
      ['torch1', () => torch(net.id, 1, net.batches)],
    ];
    for (let i = 0; i < runs.length; i++) {
      const [key, f] = runs[(i + round) % runs.length];
      s[key].push(await f());
    }
    console.log(
      `round ${round + 1} ${net.title}: ${Object.entries(s)
        .map(([k, v]) => `${k} ${v[v.length - 1].toFixed(0)}`)
        .join(', ')}`,
    );
  }
}
const matmul = matMulGflops();
const decisions: Record<string, string> = {};
// 16 batches: past 'auto''s calibration steps.
for (const net of NETWORKS) decisions[net.id] = (await ours(net.build, 16, 'auto', net.shards)).decision;
const median = (v: number[]) => medianMs(v);
const rows = NETWORKS.map((net) => {
  const s = samples[net.id];
  // What the main job runs: one slice on one thread, or the way 'auto' picks for its 2 slices.
  const auto =
    net.shards === 1 ? median(s.ours1) : decisions[net.id] === 'parallel' ? median(s.ours2) : median(s.ours1x2);
  const gflops = (median(s.ours1) * 6 * FORWARD_MACS[net.id]) / 1e9;
  return {
    network: net.title,
    ours1: median(s.ours1),
    ours1x2: median(s.ours1x2),
    ours2: median(s.ours2),
    auto: net.shards === 1 ? 'one slice' : decisions[net.id],
    torch1: median(s.torch1),
    torch2: median(s.torch2),
    ratioToTorch2: auto / median(s.torch2),
    ratioToTorch1: median(s.ours1) / median(s.torch1),
    gflops,
    ofMatMul: gflops / matmul,
    samples: s,
  };
});
await writeResult(
  'train-throughput',
  {
    backend: backend.name,
    torch: torchVersion,
    batch: BATCH,
    rounds: ROUNDS,
    wasmMatMulGflops: matmul,
    machine: machine(),
    loadAverage: loadavg(),
    rows,
    goal: 'ours / torch (2 threads) ≥ 1.0 for both networks',
  },
  `# Training throughput: l0prune on ${backend.name} vs PyTorch ${torchVersion} (CPU), same machine, same run

Batch ${BATCH}, ℓ2–ℓ0 momentum SGD (η 0.05, 0.9; α₂ 5·10⁻⁵, α₀ 10⁻³, β 5, eq. 17), synthetic MNIST-shaped inputs.
Ours: \`model.fit\` with \`l2l0Optimizer(momentum)\` (the main job's path; samples/s over one epoch of
${NETWORKS.map((n) => `${n.batches}`).join(' / ')} batches after a warm-up), on 1 thread and on 2 (\`dataParallel\` of
\`@l0prune/backend/data-parallel\`: each batch split with a worker thread), and on 1 thread computing the same 2 slices in turn (the same bits as 2
threads: the figures never depend on the threads). The main job trains LeNet-300-100 whole on one thread ("one
slice"), and LeNet-5 in 2 slices with \`threads: 'auto'\`, which times 2 threads against 1 in turn in its first steps
and keeps the faster; "vs PyTorch 2 threads" compares the way the main job trains.
PyTorch: \`bench/peer/torch_train.py\` (the same networks and step, eq. 17 applied after \`opt.step()\`), 1 and 2 threads.
Median of ${ROUNDS} rounds, the five runs' order rotating each round. wasm's own matMul ([128, 784] × [784, 300]) here:
${matmul.toFixed(1)} GFLOP/s; training FLOPs counted as 3 × 2 × forward MACs per sample. Goal (issue #19): ≥ 1.0× PyTorch with 2 threads.
Run: \`bench/peer/ensure-torch.sh && pnpm --filter @l0prune/bench train-throughput\` (not in CI). Load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}.

${table(
  [
    'network',
    'l0prune 1 thread',
    'l0prune 1 thread, 2 slices',
    'l0prune 2 threads',
    'main job',
    'PyTorch 1 thread',
    'PyTorch 2 threads',
    'vs PyTorch 2 threads',
    'vs PyTorch 1 thread',
    'GFLOP/s (1 thread)',
    'of wasm matMul',
  ],
  rows.map((r) => [
    r.network,
    r.ours1.toFixed(0),
    r.ours1x2.toFixed(0),
    r.ours2.toFixed(0),
    r.auto,
    r.torch1.toFixed(0),
    r.torch2.toFixed(0),
    `${r.ratioToTorch2.toFixed(2)}×`,
    `${r.ratioToTorch1.toFixed(2)}×`,
    r.gflops.toFixed(2),
    `${(100 * r.ofMatMul).toFixed(0)}%`,
  ]),
)}

Machine: ${JSON.stringify(machine())}
`,
);

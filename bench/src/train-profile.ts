// Where a training step's time goes, kernel by kernel, on the embedded default backend:
// LeNet-300-100 and LeNet-5-Caffe, batch 128, l2l0Optimizer(momentum) as the main job trains.
// For each network: the wall time of a step through `model.fit` (the main job's path), through
// `trainOnBatch`, and of the kernels alone (tf.profile), so the gap between them is the loop's and
// the wrappers' own cost; then every kernel's share of the step.
// Run: pnpm --filter @l0prune/bench train-profile   (on quiet cores: wall times)
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadavg } from 'node:os';
import { chooseBackend } from '@l0prune/backend';
import { lenet300100, lenet5Caffe } from '@l0prune/mnist';
import { compileForTraining, syntheticData } from './training-setup.js';
import { machine, medianMs, table, writeResult } from './report.js';

const BATCH = 128;
const backend = await chooseBackend();

interface KernelRow {
  name: string;
  shapes: string;
  calls: number;
  ms: number;
}

async function profileNetwork(name: string, build: () => tfl.LayersModel, fitBatches: number) {
  const model = compileForTraining(build());
  const { x, y } = syntheticData(model, BATCH * fitBatches);
  const xb = tf.slice(x, 0, BATCH);
  const yb = tf.slice(y, 0, BATCH);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(xb, yb); // warm-up
  const fitTimes: number[] = [];
  const stepTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    let t0 = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
    fitTimes.push((performance.now() - t0) / fitBatches);
    t0 = performance.now();
    for (let i = 0; i < fitBatches; i++) await model.trainOnBatch(xb, yb);
    stepTimes.push((performance.now() - t0) / fitBatches);
  }
  const kernels = new Map<string, KernelRow>();
  let kernelMs = 0;
  const profiledSteps = 5;
  const profile = await tf.profile(async () => {
    for (let i = 0; i < profiledSteps; i++) await model.trainOnBatch(xb, yb);
  });
  for (const k of profile.kernels) {
    const ms = (await k.kernelTimeMs) as number;
    const shapes = k.inputShapes.map((s) => `[${(s ?? []).join(',')}]`).join(' ');
    const key = `${k.name} ${shapes}`;
    const row = kernels.get(key) ?? { name: k.name, shapes, calls: 0, ms: 0 };
    row.calls += 1;
    row.ms += ms;
    kernels.set(key, row);
    kernelMs += ms;
  }
  const perStep = (v: number) => v / profiledSteps;
  const byName = new Map<string, number>();
  for (const r of kernels.values()) byName.set(r.name, (byName.get(r.name) ?? 0) + r.ms);
  const result = {
    network: name,
    parameters: model.countParams(),
    msPerStep: { fit: medianMs(fitTimes), trainOnBatch: medianMs(stepTimes), kernels: perStep(kernelMs) },
    samplesPerSecond: BATCH / (medianMs(fitTimes) / 1000),
    kernelsPerStep: perStep(profile.kernels.length),
    byKernel: [...byName.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => ({ kernel: k, msPerStep: perStep(ms) })),
    byCall: [...kernels.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15)
      .map((r) => ({ ...r, calls: r.calls / profiledSteps, ms: perStep(r.ms) })),
  };
  console.log(
    `${name}: fit ${result.msPerStep.fit.toFixed(1)} ms/step, ` +
      `trainOnBatch ${result.msPerStep.trainOnBatch.toFixed(1)}, kernels ${result.msPerStep.kernels.toFixed(1)}`,
  );
  tf.dispose([x, y, xb, yb]);
  model.dispose();
  return result;
}

const results = [
  await profileNetwork('LeNet-300-100', () => lenet300100({ seed: 1 }), 40),
  await profileNetwork('LeNet-5-Caffe', () => lenet5Caffe({ seed: 1 }), 12),
];
const outsideKernels = (r: (typeof results)[number]) => (100 * (1 - r.msPerStep.kernels / r.msPerStep.fit)).toFixed(0);
const sections = results.map(
  (r) => `## ${r.network} (${r.parameters.toLocaleString('en-US')} parameters), batch ${BATCH}

Step through \`model.fit\`: ${r.msPerStep.fit.toFixed(1)} ms (${r.samplesPerSecond.toFixed(0)} samples/s);
through \`trainOnBatch\`: ${r.msPerStep.trainOnBatch.toFixed(1)} ms; inside kernels: ${r.msPerStep.kernels.toFixed(1)} ms
(${r.kernelsPerStep.toFixed(0)} kernel calls), so ${outsideKernels(r)}% of a \`fit\` step is outside kernels.

${table(
  ['kernel', 'ms / step', 'share of kernel time'],
  r.byKernel
    .slice(0, 14)
    .map((k) => [k.kernel, k.msPerStep.toFixed(2), `${((100 * k.msPerStep) / r.msPerStep.kernels).toFixed(1)}%`]),
)}

Largest single calls:

${table(
  ['kernel', 'input shapes', 'calls / step', 'ms / step'],
  r.byCall.slice(0, 8).map((k) => [k.name, k.shapes, k.calls.toFixed(0), k.ms.toFixed(2)]),
)}
`,
);
await writeResult(
  'train-profile',
  { backend: backend.name, batch: BATCH, machine: machine(), loadAverage: loadavg(), results },
  `# A training step, kernel by kernel (${backend.name})

\`pnpm --filter @l0prune/bench train-profile\`: l2l0Optimizer(momentum 0.05, 0.9) NORM, batch ${BATCH}, synthetic inputs; medians
of 5 rounds; kernel times from \`tf.profile\` over 5 \`trainOnBatch\` steps (the backend's own timer around each kernel).
Load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}.

${sections.join('\n')}
Machine: ${JSON.stringify(machine())}
`,
);

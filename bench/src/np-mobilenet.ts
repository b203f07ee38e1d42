// NP on a MobileNetV2-shaped model at 224×224 (the channel-dependency graph: inverted residuals,
// depthwise convs, BatchNorm, Adds): FLOP cuts of 30% and 50%, then `shrink`, and the measured
// inference latency of the shrunk vs the original model on the embedded backend, batch 1 and 16,
// interleaved in one run. Run: pnpm --filter @l0prune/bench np-mobilenet
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { chooseBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { neuronPruning, prune, shrink, type PruningReport } from '@l0prune/pruning';
import { predictAndRead } from './latency.js';
import { machine, medianMs, table, writeResult } from './report.js';

type T = tfl.SymbolicTensor;

/** MobileNetV2 (width 1.0, Sandler et al. 2018, Table 2) with random weights: the shape is what matters for latency. */
function mobilenetV2(): tfl.LayersModel {
  const input = tfl.input({ shape: [224, 224, 3] });
  const conv = (x: T, filters: number, name: string, kernelSize = 1, strides = 1) =>
    tfl.layers
      .conv2d({
        filters,
        kernelSize,
        strides,
        padding: 'same',
        useBias: false,
        name,
        kernelInitializer: tfl.initializers.heNormal({ seed: filters }),
      })
      .apply(x) as T;
  const bnRelu6 = (x: T, name: string, act = true) => {
    const y = tfl.layers.batchNormalization({ name: `${name}_bn` }).apply(x) as T;
    return act ? (tfl.layers.reLU({ maxValue: 6, name: `${name}_relu` }).apply(y) as T) : y;
  };
  let x = bnRelu6(conv(input, 32, 'stem', 3, 2), 'stem');
  let block = 0;
  for (const [t, c, n, s] of [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ]) {
    for (let i = 0; i < n; i++) {
      const name = `block${++block}`;
      const stride = i === 0 ? s : 1;
      const cin = x.shape[3] as number;
      let h = t === 1 ? x : bnRelu6(conv(x, cin * t, `${name}_expand`), `${name}_expand`);
      h = tfl.layers
        .depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false, name: `${name}_dw` })
        .apply(h) as T;
      h = bnRelu6(h, `${name}_dw`);
      h = bnRelu6(conv(h, c, `${name}_project`), `${name}_project`, false);
      x = stride === 1 && cin === c ? (tfl.layers.add({ name: `${name}_add` }).apply([x, h]) as T) : h;
    }
  }
  x = bnRelu6(conv(x, 1280, 'top'), 'top');
  const gap = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as T;
  return tfl.model({
    inputs: input,
    outputs: tfl.layers.dense({ units: 1000, activation: 'softmax', name: 'logits' }).apply(gap) as T,
  });
}

/** Interleaved medians: each round times every model once, so machine noise hits all alike. */
function interleaved(models: tfl.LayersModel[], x: tf.Tensor, rounds: number): number[] {
  for (const m of models) predictAndRead(m, x); // warm-up
  const times = models.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    models.forEach((m, i) => {
      const t0 = performance.now();
      predictAndRead(m, x);
      times[i].push(performance.now() - t0);
    });
  }
  return times.map(medianMs);
}

const { name: backend } = await chooseBackend({ backend: 'wasm' });
const original = mobilenetV2();
const models: tfl.LayersModel[] = [original];
const cuts: Array<Record<string, unknown>> = [];
for (const [target, residual] of [
  [0.3, false],
  [0.5, false],
  [0.5, true],
] as const) {
  const model = mobilenetV2();
  model.setWeights(original.getWeights());
  let report: PruningReport;
  try {
    ({ report } = prune(model, neuronPruning({ flopReduction: target, pruneResidualChannels: residual })));
  } catch (e) {
    cuts.push({ target, residual, error: (e as Error).message });
    console.log(`${target} residual=${residual}: ${(e as Error).message}`);
    continue;
  }
  const { model: small } = await shrink(model);
  const x = tf.randomNormal([2, 224, 224, 3], 0, 1, 'float32', 5);
  const maxDiff = tf.tidy(
    () => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor))).dataSync()[0],
  );
  tf.dispose(x);
  cuts.push({
    target,
    residual,
    flopCut: 1 - report.macs / report.macsBefore,
    macsBefore: report.macsBefore,
    macs: report.macs,
    params: countParameters(small).total,
    maxOutputDiff: maxDiff,
  });
  models.push(small);
  model.dispose();
}
const measured = cuts.filter((c) => c.error === undefined);
const latency: Record<string, number[]> = {};
for (const batch of [1, 16]) {
  const x = tf.randomNormal([batch, 224, 224, 3], 0, 1, 'float32', 7);
  latency[batch] = interleaved(models, x, batch === 1 ? 15 : 7);
  tf.dispose(x);
}
const rows = measured.map((c, i) => {
  const cut = c.flopCut as number;
  const l1 = 1 - latency[1][i + 1] / latency[1][0];
  const l16 = 1 - latency[16][i + 1] / latency[16][0];
  return [
    `${(c.target as number) * 100}%${c.residual ? ' + residual' : ''}`,
    `${(cut * 100).toFixed(1)}%`,
    `${((c.params as number) / 1e6).toFixed(2)} M`,
    `${latency[1][i + 1].toFixed(1)} (${(l1 * 100).toFixed(0)}% cut, ${(l1 / cut).toFixed(2)} of FLOP cut)`,
    `${latency[16][i + 1].toFixed(0)} (${(l16 * 100).toFixed(0)}% cut, ${(l16 / cut).toFixed(2)} of FLOP cut)`,
    (c.maxOutputDiff as number).toExponential(1),
  ];
});
const failed = cuts
  .filter((c) => c.error !== undefined)
  .map((c) => `- ${(c.target as number) * 100}%${c.residual ? ' + residual' : ''}: ${c.error as string}`);
await writeResult(
  'np-mobilenet',
  {
    machine: machine(),
    backend,
    original: { params: countParameters(original).total, latencyMs: { 1: latency[1][0], 16: latency[16][0] } },
    cuts,
    latencyMs: latency,
  },
  `# NP + shrink on MobileNetV2 (224×224)

\`pnpm --filter @l0prune/bench np-mobilenet\`. MobileNetV2 (width 1.0, ${(countParameters(original).total / 1e6).toFixed(2)} M parameters,
random weights: latency depends on the shape only). \`neuronPruning({ flopReduction })\` over the channel groups of the
dependency graph (expand convs with their depthwise convs and BatchNorms; the residual streams only with
\`pruneResidualChannels: true\`), then \`shrink\`. Latency: median \`predict\` time on ${backend}, every model timed once per round,
interleaved (15 rounds at batch 1, 7 at batch 16). Original: ${latency[1][0].toFixed(1)} ms (batch 1), ${latency[16][0].toFixed(0)} ms (batch 16).
Goal: latency cut ≥ 0.8 of the FLOP cut.

${table(['FLOP target', 'FLOP cut', 'params', 'batch 1 ms', 'batch 16 ms', 'max |Δout|'.replace(/\|/g, '')], rows)}
${failed.length ? `\nNot reachable:\n${failed.join('\n')}\n` : ''}
Machine: ${JSON.stringify(machine())}
`,
);

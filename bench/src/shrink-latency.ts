// NP-pruned LeNet-5: the FLOP ratio of the report next to the measured inference latency ratio
// of the masked model and its shrunk version. Run: pnpm --filter @l0prune/bench shrink
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { lenet5Caffe } from '@l0prune/mnist';
import { neuronPruning, prune, shrink } from '@l0prune/pruning';
import { machine, table, writeResult } from './report.js';
import { predictLatency } from './latency.js';

const backend = await chooseBackend({ backend: 'wasm' });
const x = tf.randomUniform([256, 28, 28, 1], 0, 1, 'float32', 3);

const rows: Array<Array<string | number>> = [];
const json: unknown[] = [];
for (const fraction of [0.3, 0.5, 0.7]) {
  const model = lenet5Caffe({ seed: 1 });
  const dense = predictLatency(model, x);
  const { report } = prune(model, neuronPruning({ fraction }));
  const masked = predictLatency(model, x);
  const { model: small, removedUnits } = await shrink(model);
  const shrunk = predictLatency(small, x);
  const maxDiff = tf.tidy(
    () => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor))).dataSync()[0],
  );
  const flopRatio = report.macsBefore / report.macs;
  json.push({
    fraction,
    removedUnits,
    macsBefore: report.macsBefore,
    macsAfter: report.macs,
    flopRatio,
    latencyMs: { dense, masked, shrunk },
    latencyRatio: masked / shrunk,
    paramsBefore: countParameters(model).total,
    paramsAfter: countParameters(small).total,
    maxOutputDiff: maxDiff,
  });
  rows.push([
    fraction,
    JSON.stringify(removedUnits).replace(/"/g, ''),
    `${flopRatio.toFixed(2)}×`,
    masked.toFixed(1),
    shrunk.toFixed(1),
    `${(masked / shrunk).toFixed(2)}×`,
    `${countParameters(model).total} → ${countParameters(small).total}`,
    maxDiff.toExponential(1),
  ]);
  small.dispose();
  model.dispose();
}
await writeResult(
  'shrink-latency',
  { machine: machine(), backend, batch: 256, results: json },
  `# shrink on an NP-pruned LeNet-5-Caffe

Neuron pruning removes the given fraction of units/filters from every hidden layer; \`shrink\`
rebuilds a smaller model. Latency: median of 15 \`predict\` calls on a batch of 256 on ${backend}
(\`pnpm --filter @l0prune/bench shrink\`). FLOP ratio = MACs before / after, from the pruning report.
Max |Δoutput| checks that the shrunk model computes what the masked one does. Machine: ${JSON.stringify(machine())}.

${table(['fraction', 'removed units', 'FLOP ratio', 'masked ms', 'shrunk ms', 'latency ratio', 'parameters', 'max |Δ|'], rows)}
`,
);

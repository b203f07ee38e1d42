// The root README's path, as a user writes it against the packages installed from npm: ℓ2–ℓ0 training, GP, masked
// FT, a sparse save and load. Prints one JSON line of what the test checks.
import { statSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { useFastestBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { lenet300100, loadMnist, top1Error } from '@l0prune/mnist';
import { l2l0Optimizer } from '@l0prune/optimizer';
import { globalMagnitude, maskedOptimizer, prune } from '@l0prune/pruning';
import '@l0prune/sparse-io';

const backend = await useFastestBackend();
const data = loadMnist({ trainLimit: 6000, testLimit: 2000 });
const model = lenet300100({ seed: 1 });
const loss = 'categoricalCrossentropy';
model.compile({
  optimizer: l2l0Optimizer(tf.train.sgd(0.05), {
    model,
    alphaL2: 5e-5,
    alphaL0: 4e-5,
    beta: 5,
    normalize: 'layer-size',
  }),
  loss,
});
await model.fit(data.train.xs, data.train.ys, { epochs: 2, batchSize: 128, verbose: 0 });
const unprunedTestError = top1Error(model, data.test);

const { masks, report } = prune(model, globalMagnitude(), { compressionRatio: 20 });
model.compile({ optimizer: maskedOptimizer(tf.train.momentum(0.01, 0.9), masks), loss });
await model.fit(data.train.xs, data.train.ys, { epochs: 1, batchSize: 128, verbose: 0 });
// Counted from the second FT epoch on: the first creates the momentum accumulators.
const tensorsBeforeFt = tf.memory().numTensors;
await model.fit(data.train.xs, data.train.ys, { epochs: 1, batchSize: 128, verbose: 0 });
const tensorsAfterFt = tf.memory().numTensors;
// Every weight the masks cut, still exactly zero after FT (biases are not pruned and may move).
const weights = new Map(model.weights.map((w) => [w.val.name, w.val]));
let prunedButNonzero = 0;
let pruned = 0;
for (const [name, mask] of masks) {
  const values = weights.get(name).dataSync();
  for (let i = 0; i < values.length; i++) {
    if (mask.values[i] !== 0) continue;
    pruned++;
    if (values[i] !== 0) prunedButNonzero++;
  }
}

await model.save('sparse://out/lenet');
const loaded = await tf.loadLayersModel('sparse://out/lenet');
const sample = data.test.xs.slice(0, 256);
const maxDifference = tf.tidy(
  () => tf.max(tf.abs(tf.sub(model.predict(sample), loaded.predict(sample)))).dataSync()[0],
);

console.log(
  JSON.stringify({
    backend,
    ratio: report.compressionRatio,
    pruned,
    prunedButNonzero,
    nonzeroAfterFt: countParameters(model).nonzero,
    tensorsBeforeFt,
    tensorsAfterFt,
    unprunedTestError,
    testError: top1Error(model, data.test),
    loadedTestError: top1Error(loaded, data.test),
    maxDifference,
    fileBytes: statSync('out/lenet/model.l0s').size,
    denseBytes: model.countParams() * 4,
  }),
);

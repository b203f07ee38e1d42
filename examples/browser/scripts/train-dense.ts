// Trains the dense LeNet-300-100 the page's "prune in the browser" panel starts from, with the
// ℓ2–ℓ0 optimizer (NORM, the paper's eq. 17) so that magnitude pruning in the page works without
// fine-tuning, and writes it as tfjs' own dense files (model.json + weights.bin), committed in
// models/lenet300-dense. Run: pnpm --filter ./examples/browser train-dense (≈ 6 min on 2 cores).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseBackend } from '@l0prune/backend';
import { loadMnist } from '@l0prune/mnist';
import { writeDenseModel } from '@l0prune/sparse-io';
import { disposeTrained, trainNetwork } from '@l0prune/harness';
import { artifactsOf } from '../src/artifacts.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'models', 'lenet300-dense');
await chooseBackend({ backend: 'wasm' });
const data = loadMnist();
const { model, baseline, seconds } = await trainNetwork(data, {
  model: 'lenet300',
  epochs: 6,
  batchSize: 128,
  learningRate: 0.05,
  momentum: 0.9,
  penalty: { kind: 'l2l0', alphaL2: 5e-5, alphaL0: 1e-3, beta: 5 },
  normalize: 'layer-size',
  seed: 1,
});
// No training config: a page loading the model has no use for the training optimizer's class.
const artifacts = { ...(await artifactsOf(model)), trainingConfig: undefined };
const { jsonBytes, weightBytes } = await writeDenseModel(outDir, artifacts);
console.log(
  `wrote ${outDir}: ${jsonBytes + weightBytes} bytes; test error ${baseline.testError.toFixed(2)}% after ` +
    `${seconds.toFixed(0)} s`,
);
disposeTrained(model);
data.dispose();

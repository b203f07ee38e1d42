// Writes what the page serves into public/generated (not committed; rebuilt by `build`): the
// committed headline .l0s models, the same weights as tfjs' dense files (for the size and load
// comparisons), the dense model of the prune panel, the first MNIST test images, and an index.
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseBackend } from '@l0prune/backend';
import { loadMnist } from '@l0prune/mnist';
import { decodeSparse, writeDenseModel, writeFileAtomic } from '@l0prune/sparse-io';
import type { AssetIndex, SparseModelAsset } from '../src/assets.js';
import { encodeSlice, SLICE_PIXELS } from '../src/mnist-slice.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const repo = join(root, '..', '..');
const out = join(root, 'public', 'generated');
export const SLICE_COUNT = 1000;

/** The committed models the page shows, and the results file that states their figures. */
const MODELS = [
  { id: 'lenet300', title: 'LeNet-300-100', run: 'lenet300-norm-a0.0005-e60', ratio: 90 },
  { id: 'lenet5', title: 'LeNet-5-Caffe', run: 'lenet5-norm-e20', ratio: 200 },
];

interface RunResults {
  rows: Array<{ targetRatio: number; testError: number; compressionRatio: number }>;
}

function dirBytes(...files: string[]): number {
  return files.reduce((sum, f) => sum + statSync(f).size, 0);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const models: SparseModelAsset[] = [];
for (const m of MODELS) {
  const runDir = join(repo, 'bench', 'results', 'reproduction', m.run);
  const source = join(runDir, 'models', `${m.id}-${m.ratio}x.l0s`);
  const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as RunResults;
  const row = results.rows.find((r) => r.targetRatio === m.ratio);
  if (!row) throw new Error(`${m.run}/results.json has no ${m.ratio}× row`);
  copyFileSync(source, join(out, `${m.id}.l0s`));
  const denseDir = join(out, 'dense', m.id);
  await writeDenseModel(denseDir, decodeSparse(new Uint8Array(readFileSync(source))));
  models.push({
    id: m.id,
    title: m.title,
    file: `generated/${m.id}.l0s`,
    bytes: statSync(source).size,
    denseModel: `generated/dense/${m.id}/model.json`,
    denseBytes: dirBytes(join(denseDir, 'model.json'), join(denseDir, 'weights.bin')),
    source: relative(repo, source),
    testError: row.testError,
    compressionRatio: row.compressionRatio,
  });
}

const denseSource = join(root, 'models', 'lenet300-dense');
mkdirSync(join(out, 'lenet300-dense'));
for (const f of ['model.json', 'weights.bin']) copyFileSync(join(denseSource, f), join(out, 'lenet300-dense', f));

await chooseBackend({ backend: 'wasm', log: () => {} });
const data = loadMnist({ trainLimit: 0, validationSize: 1, testLimit: SLICE_COUNT });
const pixels = Uint8Array.from(data.test.xs.dataSync(), (v) => Math.round(v * 255));
if (pixels.length !== SLICE_COUNT * SLICE_PIXELS) throw new Error('unexpected MNIST test slice size');
await writeFileAtomic(join(out, 'mnist-test-slice.bin'), encodeSlice(pixels, data.test.labels));
data.dispose();

const index: AssetIndex = {
  models,
  denseForPruning: {
    title: 'LeNet-300-100, ℓ2–ℓ0-trained, dense',
    model: 'generated/lenet300-dense/model.json',
    bytes: dirBytes(join(denseSource, 'model.json'), join(denseSource, 'weights.bin')),
    source: relative(repo, denseSource),
  },
  slice: { file: 'generated/mnist-test-slice.bin', count: SLICE_COUNT },
};
await writeFileAtomic(join(out, 'assets.json'), JSON.stringify(index, null, 2));
console.log(
  `prepared ${relative(root, out)}: ` +
    `${models.map((m) => `${m.id} ${m.bytes} B (dense ${m.denseBytes} B)`).join(', ')}, ${SLICE_COUNT} test images`,
);

// A real converted GraphModel pruned with GP and saved as .l0s: nsfwjs' MobileNetV2 ("mid"),
// a uint8-quantized graph model of fused convs shipped inside the `nsfwjs` npm package (MIT).
// The package is fetched with `npm pack` into bench/.cache (not a dependency of the repository).
// Run: pnpm --filter @l0prune/bench graph-model
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '@l0prune/backend';
import { globalMagnitude, graphPrunableWeights, layerwiseMagnitude, prune } from '@l0prune/pruning';
import { decodeSparse, encodeSparse } from '@l0prune/sparse-io';
import { artifactsOf } from '@l0prune/testing/memory-io';
import { machine, table, writeResult } from './report.js';

const PACKAGE = 'nsfwjs@4.4.0';
const MODEL = 'mobilenet_v2_mid';
const cache = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'nsfwjs');

/** The package's files, fetched once from the npm registry. */
function fetchPackage(): string {
  const root = join(cache, 'package');
  if (existsSync(join(root, 'package.json'))) return root;
  mkdirSync(cache, { recursive: true });
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: cache, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('tar', ['xzf', tarball], { cwd: cache });
  return root;
}

/** nsfwjs ships model.json and its weight shards as UMD scripts (the shards as base64 strings). */
function artifacts(root: string): tf.io.ModelArtifacts {
  const require = createRequire(import.meta.url);
  const dir = join(root, 'dist', 'models', MODEL);
  const json = require(join(dir, 'model.min.js')) as tf.io.ModelJSON;
  const shards = json.weightsManifest
    .flatMap((g) => g.paths)
    .map((p) => Buffer.from(require(join(dir, `${p}.min.js`)) as string, 'base64'));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    userDefinedMetadata: json.userDefinedMetadata,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData,
  };
}

const jsonBytes = (a: tf.io.ModelArtifacts) =>
  Buffer.byteLength(
    JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: [], weights: a.weightSpecs }] }),
  );
const dataBytes = (a: tf.io.ModelArtifacts) => (a.weightData as ArrayBuffer).byteLength;

const { name: backend } = await chooseBackend({ backend: 'wasm' });
const root = fetchPackage();
const original = artifacts(root);
const originalBytes = jsonBytes(original) + dataBytes(original);
console.log(
  `${PACKAGE} ${MODEL}: ${(originalBytes / 2 ** 20).toFixed(2)} MiB as shipped (uint8-quantized), backend ${backend}`,
);

// Inputs: no image set ships offline, so agreement is measured on smooth random images
// (low-frequency noise upsampled to 224×224, values in [0, 255] as nsfwjs feeds them).
const images = tf.tidy(() =>
  tf.mul(
    tf.image.resizeBilinear(tf.randomUniform([32, 14, 14, 3], 0, 1, 'float32', 7) as tf.Tensor4D, [224, 224]),
    255,
  ),
);
const load = () => tfc.loadGraphModel(tf.io.fromMemory(structuredClone(original)));
const top1 = (t: tf.Tensor) => Array.from(tf.tidy(() => tf.argMax(t, 1).dataSync()));

const dense = await load();
const phi = graphPrunableWeights(dense);
const denseOut = dense.predict(images) as tf.Tensor;
const denseTop1 = top1(denseOut);
dense.dispose();

const rows: Array<Array<string | number>> = [];
const results: unknown[] = [];
// GP past 4× would empty whole layers of this net (its BatchNorm-folded filters differ in scale
// by orders of magnitude between layers; prune refuses that); LP keeps the same ratio per layer.
for (const [method, ratio] of [
  ['GP', 2],
  ['GP', 4],
  ['LP', 4],
  ['LP', 8],
] as const) {
  const model = await load();
  const t0 = performance.now();
  const { report } = prune(model, method === 'GP' ? globalMagnitude() : layerwiseMagnitude(), {
    compressionRatio: ratio,
  });
  const pruneMs = performance.now() - t0;
  const out = model.predict(images) as tf.Tensor;
  const agree = top1(out).filter((c, i) => c === denseTop1[i]).length / denseTop1.length;
  const maxProbDiff = tf.tidy(() => tf.max(tf.abs(tf.sub(out, denseOut))).dataSync()[0]);
  const saved = await artifactsOf(model);
  const sizes: Record<string, number> = {};
  let roundTripExact = true;
  for (const values of ['float32', 'float16', 'uint8'] as const) {
    const bytes = encodeSparse(saved, { values });
    sizes[values] = bytes.length;
    if (values === 'float32') {
      const again = await tfc.loadGraphModel(tf.io.fromMemory(decodeSparse(bytes)));
      const back = again.predict(images) as tf.Tensor;
      roundTripExact = tf.tidy(() => tf.max(tf.abs(tf.sub(back, out))).dataSync()[0]) === 0;
      tf.dispose(back);
      again.dispose();
    }
  }
  const row = {
    method,
    ratio,
    reached: report.compressionRatio,
    pruneMs: Math.round(pruneMs),
    top1AgreementWithUnpruned: agree,
    maxProbabilityDiff: maxProbDiff,
    shippedBytes: originalBytes,
    sparseBytes: sizes,
    roundTripExact,
  };
  results.push(row);
  rows.push([
    method,
    `${ratio}×`,
    `${report.compressionRatio.toFixed(2)}×`,
    row.pruneMs,
    `${(agree * 100).toFixed(0)}%`,
    maxProbDiff.toFixed(3),
    (sizes.float32 / 1024).toFixed(0),
    (sizes.float16 / 1024).toFixed(0),
    (sizes.uint8 / 1024).toFixed(0),
    (originalBytes / sizes.uint8).toFixed(2),
    roundTripExact ? 'yes' : 'NO',
  ]);
  tf.dispose(out);
  model.dispose();
  console.log(`${method} ${ratio}×: done`);
}
tf.dispose([images, denseOut]);

const COLUMNS = [
  'pruner',
  'target',
  'reached',
  'prune ms',
  'top-1 agreement',
  'max abs Δp',
  '.l0s f32 KiB',
  '.l0s f16 KiB',
  '.l0s u8 KiB',
  'shipped / .l0s u8',
  'f32 round trip exact',
];
const markdown = `# GraphModel pruning: nsfwjs MobileNetV2 (${MODEL})

\`pnpm --filter @l0prune/bench graph-model\` (fetches \`${PACKAGE}\` with \`npm pack\` into \`bench/.cache\`). Backend: ${backend}.

A real converted model as users get it from npm: a TensorFlow.js graph model (converter ${String(original.convertedBy)}),
${phi.length} prunable constants (the filters of \`_FusedConv2D\` / \`FusedDepthwiseConv2dNative\` and the matrix of
\`_FusedMatMul\`), every weight uint8-quantized in its manifest; ${(originalBytes / 1024).toFixed(0)} KiB as shipped
(model.json + shards). \`prune(graphModel, globalMagnitude() | layerwiseMagnitude(), { compressionRatio })\`, no fine-tuning
(a GraphModel cannot be trained), then \`encodeSparse\` of what \`graphModel.save\` writes.
Ratio = all float32 constants / nonzero ones. Agreement: top-1 class of the pruned vs the unpruned model
on 32 smooth random images (no image set ships offline: a check that the function is kept, not an accuracy;
the unpruned model puts them in ${new Set(denseTop1).size} of its 5 classes, so agreement is a coarse check and
"max abs Δp", the largest change of any class probability, the finer one).
"shipped / .l0s u8" compares two 8-bit files: the shipped quantized dense one and the sparse one.

${table(COLUMNS, rows)}

Machine: ${JSON.stringify(machine())}
`;
await writeResult(
  'graph-model',
  { package: PACKAGE, model: MODEL, backend, prunable: phi.length, machine: machine(), results },
  markdown,
);

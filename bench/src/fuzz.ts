// ≥ 10,000 mutated sparse files (byte flips, truncations, splices), then ≥ 10,000 manifest-aware
// mutations re-checksummed so they get past the CRC (hostile field values, entries added, removed
// or swapped, topology edits, prototype keys, deep nesting): every outcome must be a
// SparseFormatError or the exact original weights — no other exception, no silent wrong load.
// Run: pnpm --filter @l0prune/bench fuzz
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '@l0prune/backend';
import { lenet300100 } from '@l0prune/mnist';
import { layerwiseMagnitude, prune } from '@l0prune/pruning';
import { SparseFormatError, decodeSparse, encodeSparse } from '@l0prune/sparse-io';
import { artifactsOf } from '@l0prune/testing/memory-io';
import { craftSparse, splitSparse } from '@l0prune/testing/sparse-file';
import * as tfl from '@tensorflow/tfjs-layers';
import { machine, table, writeResult } from './report.js';

await chooseBackend({ backend: 'cpu', log: () => {} });
const model = lenet300100({ seed: 1 });
prune(model, layerwiseMagnitude(), { compressionRatio: 50 }); // LP: an untrained net's layers differ in scale
const artifacts = await artifactsOf(model);
const original = new Uint8Array(artifacts.weightData as ArrayBuffer);
const files = { float32: encodeSparse(artifacts), float16: encodeSparse(artifacts, { values: 'float16' }) };

/** A refusal: a typed error counted by code, anything else a crash. */
function tally(e: unknown, into: Record<string, number>, codes: Record<string, number>, what: string): void {
  if (e instanceof SparseFormatError) {
    into.typedErrors++;
    codes[e.code] = (codes[e.code] ?? 0) + 1;
  } else {
    into.crashes++;
    console.error(`untyped failure (${what}):`, e);
  }
}

let seed = 2024;
// Math.imul: a plain `seed * 1103515245` loses low bits in float64 and the sequence cycles within ~100 draws.
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
const counts = { total: 0, typedErrors: 0, exactLoads: 0, crashes: 0, silentWrongLoads: 0 } as Record<string, number>;
const byCode: Record<string, number> = {};
const reference = { float32: original, float16: new Uint8Array(decodeSparse(files.float16).weightData as ArrayBuffer) };
const N = 12_000;
for (let i = 0; i < N; i++) {
  const kind = i % 2 === 0 ? 'float32' : 'float16';
  const base = files[kind];
  let m: Uint8Array;
  const op = i % 5;
  if (op === 0) m = base.subarray(0, Math.floor(rand() * base.length));
  else if (op === 1) {
    // Splice: duplicate or drop a run of bytes.
    const at = Math.floor(rand() * base.length);
    const len = 1 + Math.floor(rand() * 64);
    m =
      rand() < 0.5
        ? new Uint8Array([...base.subarray(0, at), ...base.subarray(at + len)])
        : new Uint8Array([...base.subarray(0, at), ...base.subarray(at, at + len), ...base.subarray(at)]);
  } else {
    m = base.slice();
    const flips = 1 + Math.floor(rand() * 4);
    for (let f = 0; f < flips; f++) m[Math.floor(rand() * m.length)] ^= 1 << Math.floor(rand() * 8);
  }
  counts.total++;
  try {
    const decoded = new Uint8Array(decodeSparse(m).weightData as ArrayBuffer);
    const ref = reference[kind];
    if (decoded.length === ref.length && decoded.every((b, j) => b === ref[j])) counts.exactLoads++;
    else counts.silentWrongLoads++;
  } catch (e) {
    tally(e, counts, byCode, 'byte mutation');
  }
}

// Manifest-aware mutations: the manifest is edited as JSON and the file re-checksummed.
const HOSTILE_VALUES: unknown[] = [
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53,
  1e300,
  null,
  'x',
  '',
  [],
  {},
  true,
  [1e9, 1e9],
  [-3],
  [2 ** 26, 2 ** 26],
];
const FIELDS = [
  'shape',
  'nnz',
  'positions',
  'positionBytes',
  'values',
  'dtype',
  'riceK',
  'name',
  'group',
  'scale',
  'zeroPoint',
];
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const manifestCounts = {
  total: 0,
  typedErrors: 0,
  exactLoads: 0,
  metadataOnly: 0,
  crashes: 0,
  silentWrongLoads: 0,
} as Record<string, number>;
const manifestByCode: Record<string, number> = {};
const ops: Record<string, number> = {};

function mutateManifest(file: Uint8Array): { bytes: Uint8Array; op: string } {
  const { manifest: m, sections } = splitSparse(file);
  // biome-ignore lint/suspicious/noExplicitAny: mutations write wrong-typed fields on purpose
  const weights = m.weights as Array<Record<string, any>>;
  const w = pick(weights);
  const choice = Math.floor(rand() * 12);
  let op: string;
  if (choice < 5) {
    const field = pick(FIELDS);
    op = `field:${field}`;
    const r = rand();
    if (field === 'shape' && r < 0.3)
      w.shape = [...w.shape].reverse(); // same size, other layout
    else if (field === 'shape' && r < 0.6)
      w.shape = w.shape.map((d: number, i: number) => (i === 0 ? d + (rand() < 0.5 ? 1 : -1) : d));
    else if (field === 'nnz' && r < 0.5) w.nnz += rand() < 0.5 ? 1 : -1;
    else if (field === 'name' && r < 0.5)
      w.name = pick(weights).name; // a duplicate
    else if (field === 'positions' && r < 0.7) w.positions = pick(['dense', 'bitmask', 'rice', 'varint']);
    else if (field === 'values' && r < 0.7) w.values = pick(['float32', 'float16', 'uint8']);
    else w[field] = pick(HOSTILE_VALUES);
  } else if (choice === 5) {
    op = 'delete-field';
    delete w[pick(FIELDS)];
  } else if (choice === 6) {
    op = 'duplicate-entry';
    weights.push({ ...w });
    sections.push(sections[weights.indexOf(w)]);
  } else if (choice === 7) {
    op = 'swap-entries';
    const [i, j] = [Math.floor(rand() * weights.length), Math.floor(rand() * weights.length)];
    [weights[i], weights[j]] = [weights[j], weights[i]];
    if (rand() < 0.5) [sections[i], sections[j]] = [sections[j], sections[i]];
  } else if (choice === 8) {
    op = 'topology';
    const layers = m.modelTopology?.config?.layers ?? [];
    const layer = pick(layers as Array<{ config: Record<string, unknown> }>);
    if (layer) layer.config[pick(['units', 'name', 'activation', 'use_bias'])] = pick(HOSTILE_VALUES);
  } else if (choice === 9) {
    op = 'top-level';
    m[pick(['format', 'version', 'weights', 'modelTopology', 'userDefinedMetadata'])] = pick(HOSTILE_VALUES);
  } else if (choice === 10) {
    op = 'prototype-key';
    const text = JSON.stringify(m).replace(
      '"modelTopology":{',
      `"modelTopology":{"${pick(['__proto__', 'constructor', 'prototype'])}":{"polluted":true},`,
    );
    return { bytes: craftSparse(text, sections), op };
  } else {
    op = 'deep-nesting';
    const depth = 100 + Math.floor(rand() * 100_000);
    const text = JSON.stringify(m).replace('"weights":', `"deep":${'['.repeat(depth)}${']'.repeat(depth)},"weights":`);
    return { bytes: craftSparse(text, sections), op };
  }
  return { bytes: craftSparse(m, sections), op };
}

const specsOf = (a: tf.io.ModelArtifacts) => JSON.stringify(a.weightSpecs);
const referenceSpecs = { float32: specsOf(decodeSparse(files.float32)), float16: specsOf(decodeSparse(files.float16)) };
const N2 = 10_000;
for (let i = 0; i < N2; i++) {
  const kind = i % 2 === 0 ? 'float32' : 'float16';
  const { bytes, op } = mutateManifest(files[kind]);
  ops[op] = (ops[op] ?? 0) + 1;
  manifestCounts.total++;
  let decoded: tf.io.ModelArtifacts;
  try {
    decoded = decodeSparse(bytes);
  } catch (e) {
    tally(e, manifestCounts, manifestByCode, op);
    continue;
  }
  const data = new Uint8Array(decoded.weightData as ArrayBuffer);
  const ref = reference[kind];
  const sameData = data.length === ref.length && data.every((b, j) => b === ref[j]);
  if (sameData && specsOf(decoded) === referenceSpecs[kind]) {
    manifestCounts.exactLoads++;
    continue;
  }
  // The file decoded to other weights or specs: tfjs must refuse to build a model from it,
  // or the model must be the original one. Anything else is a silent wrong load.
  try {
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(decoded));
    const same = loaded.getWeights().every((t, j) => {
      const mine = model.getWeights()[j];
      return (
        t.shape.join() === mine.shape.join() &&
        tf.tidy(() => tf.max(tf.abs(tf.sub(t, mine))).dataSync()[0]) <= (kind === 'float16' ? 1e-2 : 0)
      );
    });
    loaded.dispose();
    if (same) manifestCounts.metadataOnly++;
    else {
      manifestCounts.silentWrongLoads++;
      console.error(`silent wrong load (${op})`);
    }
  } catch {
    manifestCounts.metadataOnly++; // decoded, but tfjs refuses the weights: not a silent load
  }
}

await writeResult(
  'fuzz',
  {
    machine: machine(),
    mutations: N,
    counts,
    byCode,
    manifestMutations: N2,
    manifestCounts,
    manifestByCode,
    manifestOps: ops,
    fileBytes: { float32: files.float32.length, float16: files.float16.length },
  },
  `# Fuzzing the sparse reader

Run: \`pnpm --filter @l0prune/bench fuzz\`. A LeNet-300-100 pruned to 50× with LP (float32 ${files.float32.length} B and
float16 ${files.float16.length} B files). Required: zero failures other than \`SparseFormatError\`, zero silent wrong loads.

## Byte-level mutations
${N.toLocaleString('en-US')} mutations (byte flips 3/5, truncations 1/5, splices 1/5). Most are stopped by a checksum.

${table(
  ['outcome', 'count'],
  Object.entries(counts).map(([k, v]) => [k, v]),
)}

By error code: ${Object.entries(byCode)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.

## Manifest-aware mutations (re-checksummed)
${N2.toLocaleString('en-US')} mutations of the manifest as JSON, the file re-checksummed so every one reaches the manifest
checks: hostile field values (huge, negative, fractional, wrong type, duplicated names, other encodings), fields deleted,
entries duplicated or swapped (with or without their sections), topology edits, top-level fields replaced, prototype
keys, nesting up to 100,000 deep. "metadataOnly": the file decoded to other specs or names but tfjs then refused to build
the model from it, or built the original weights (e.g. a changed activation name is refused by tfjs; an unused field).

${table(
  ['outcome', 'count'],
  Object.entries(manifestCounts).map(([k, v]) => [k, v]),
)}

By error code: ${Object.entries(manifestByCode)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.
By mutation: ${Object.entries(ops)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.

An exact load means the weights and their specs came back bit for bit (e.g. a field the encoding does not use, such
as \`scale\` on float32 values, or a topology edit that leaves a valid topology: a re-checksummed file is a new file,
and the reader's job is to refuse what is inconsistent or too large, not to tell an edited model from the original —
that is the checksums' job against damage). Machine: ${JSON.stringify(machine())}.
`,
);
if (
  counts.crashes > 0 ||
  counts.silentWrongLoads > 0 ||
  manifestCounts.crashes > 0 ||
  manifestCounts.silentWrongLoads > 0
)
  process.exit(1);

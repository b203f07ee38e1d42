// GP (global magnitude pruning) on 1M and 10M parameters: time and memory beyond the weights,
// against a sort-based baseline in the same run. Run: pnpm --filter @l0prune/bench gp
// (node --expose-gc is set by the script runner below).
import { GlobalMagnitudePruner, type PrunableTensor } from '@l0prune/pruning';
import { machine, medianMs, table, writeResult } from './report.js';

function weights(total: number, seed: number): PrunableTensor[] {
  // Several tensors like a real network: 60%, 25%, 10%, 5% of the parameters.
  let s = seed >>> 0;
  const normal = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    const u = (s + 1) / 4294967297;
    s = (s * 1664525 + 1013904223) >>> 0;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * s) / 4294967296) * 0.05;
  };
  return [0.6, 0.25, 0.1, 0.05].map((share, i) => {
    const n = Math.round(total * share);
    const values = new Float32Array(n);
    for (let j = 0; j < n; j++) values[j] = normal();
    return { name: `w${i}`, layerName: `layer${i}`, role: 'kernel', shape: [n], values, layer: undefined as never };
  });
}

/** The usual way: copy |w|, sort, threshold at the k-th value, build masks. */
function sortBaseline(tensors: PrunableTensor[], keep: number): Uint8Array[] {
  const total = tensors.reduce((s, t) => s + t.values.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const t of tensors) for (let i = 0; i < t.values.length; i++) all[at++] = Math.abs(t.values[i]);
  all.sort();
  const threshold = all[total - keep];
  return tensors.map((t) => Uint8Array.from(t.values, (v) => (Math.abs(v) >= threshold ? 1 : 0)));
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (the package script does)');

/** Time (median of runs) and bytes still allocated by the result, beyond the input weights. */
function measure(run: () => unknown, runs: number) {
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    gc!();
    const before = process.memoryUsage();
    const t0 = performance.now();
    const result = run();
    times.push(performance.now() - t0);
    const after = process.memoryUsage();
    bytes = Math.max(bytes, after.arrayBuffers - before.arrayBuffers + Math.max(0, after.heapUsed - before.heapUsed));
    if (!result) throw new Error('no result');
  }
  return { ms: medianMs(times), bytes };
}

const rows: Array<Array<string | number>> = [];
const json: Record<string, unknown>[] = [];
for (const total of [1_000_000, 10_000_000]) {
  const tensors = weights(total, 42);
  const keep = Math.floor(total / 90);
  const gp = new GlobalMagnitudePruner();
  const runs = total > 5e6 ? 3 : 5;
  const ours = measure(() => gp.computeMasks(tensors, { keep, model: undefined as never }), runs);
  const base = measure(() => sortBaseline(tensors, keep), runs);
  // Check both prune the same count.
  const kept = [...gp.computeMasks(tensors, { keep, model: undefined as never }).values()].reduce(
    (s, m) => s + m.values.reduce((a, b) => a + b, 0),
    0,
  );
  if (kept !== keep) throw new Error(`GP kept ${kept}, expected ${keep}`);
  json.push({ parameters: total, keep, gp: ours, sortBaseline: base, speedup: base.ms / ours.ms });
  rows.push([
    total.toLocaleString('en-US'),
    ours.ms.toFixed(1),
    (ours.bytes / total).toFixed(2),
    base.ms.toFixed(1),
    (base.bytes / total).toFixed(2),
    `${(base.ms / ours.ms).toFixed(1)}×`,
  ]);
}
await writeResult(
  'gp',
  {
    machine: machine(),
    target: 'GP on 10M parameters in ≤ 1 s using ≤ 2 bytes/param beyond the weights',
    results: json,
  },
  `# GP: global magnitude pruning to 90× (keep 1/90 of the weights)

Radix select on the float bits (two counting passes, no sort, no copy) against copy + sort in
the same run. Memory = bytes allocated beyond the input weights (the 1-byte/param masks included).
Measured with \`pnpm --filter @l0prune/bench gp\`; machine: ${JSON.stringify(machine())}.

${table(['parameters', 'GP ms', 'GP bytes/param', 'sort ms', 'sort bytes/param', 'GP speed-up'], rows)}
`,
);

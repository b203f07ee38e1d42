// In Chromium: loading a committed sparse model from its .l0s file (fetch + decode + build) vs
// the same weights as tfjs' dense model.json + weights.bin, both over HTTP from the same local
// server, uncached (cache: 'no-store'), interleaved round by round, in the built browser example.
// Run: pnpm --filter @l0prune/example-browser build && pnpm --filter @l0prune/bench browser-load
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, serveBuild, CHROMIUM_PATH } from '@l0prune/testing/browser';
import { machine, medianMs, REPOSITORY_ROOT, table, writeResult } from './report.js';

declare global {
  interface Window {
    l0prune: { ready: Promise<void>; timeLoad(id: string, kind: 'sparse' | 'dense'): Promise<number> };
  }
}

const ROUNDS = 30;
const exampleRoot = join(REPOSITORY_ROOT, 'examples', 'browser');
const assets = JSON.parse(readFileSync(join(exampleRoot, 'public', 'generated', 'assets.json'), 'utf8')) as {
  models: Array<{ id: string; title: string; bytes: number; denseBytes: number }>;
};
const server = await serveBuild(exampleRoot);
const browser = await launchChromium();
const rows: Array<Record<string, unknown>> = [];
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=wasm`);
  await page.evaluate(() => window.l0prune.ready);
  const version = browser.version();
  for (const model of assets.models) {
    const times = { sparse: [] as number[], dense: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always meets a warmer machine.
      const order = round % 2 === 0 ? (['sparse', 'dense'] as const) : (['dense', 'sparse'] as const);
      for (const kind of order)
        times[kind].push(await page.evaluate(([id, k]) => window.l0prune.timeLoad(id, k), [model.id, kind] as const));
    }
    const sparseMs = medianMs(times.sparse);
    const denseMs = medianMs(times.dense);
    rows.push({
      model: model.title,
      sparseBytes: model.bytes,
      denseBytes: model.denseBytes,
      sparseMs,
      denseMs,
      timeRatio: sparseMs / denseMs,
      byteRatio: model.denseBytes / model.bytes,
      times,
    });
    console.log(`${model.title}: .l0s ${sparseMs.toFixed(1)} ms vs dense ${denseMs.toFixed(1)} ms`);
  }
  const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  await writeResult(
    'browser-load',
    { chromium: version, chromiumPath: CHROMIUM_PATH, backend: 'wasm', rounds: ROUNDS, machine: machine(), rows },
    `# Loading a sparse model in Chromium: .l0s vs tfjs' dense files

Chromium ${version} (Debian's, headless, driven by playwright-core), the built \`examples/browser\` page on wasm, served by
Vite's preview server on loopback (no compression). Each load is \`tf.loadLayersModel\` from HTTP with \`cache: 'no-store'\`:
for the \`.l0s\` file through \`sparseHttpHandler\` (fetch, checksum, decode, build the model), for the dense files through
tfjs' own HTTP loader (model.json, then weights.bin). Median of ${ROUNDS} loads each, sparse and dense interleaved (the order
alternates every round). Goal (issue #18): sparse load ≤ 2× the dense load's time with ≥ 60× fewer bytes.

${table(
  ['model', '.l0s', 'dense files', 'fewer bytes', '.l0s load', 'dense load', 'time ratio (sparse / dense)'],
  rows.map((r) => [
    r.model as string,
    kib(r.sparseBytes as number),
    kib(r.denseBytes as number),
    `${(r.byteRatio as number).toFixed(0)}×`,
    `${(r.sparseMs as number).toFixed(1)} ms`,
    `${(r.denseMs as number).toFixed(1)} ms`,
    `${(r.timeRatio as number).toFixed(2)}×`,
  ]),
)}

On loopback the network costs nearly nothing, so this is the worst case for the small file: over a real link the dense
files' extra bytes dominate (1 MiB at 10 Mbit/s ≈ 0.8 s). Run: \`pnpm --filter @l0prune/example-browser build && pnpm --filter @l0prune/bench browser-load\`.

Machine: ${JSON.stringify(machine())}
`,
  );
} finally {
  await browser.close();
  await server.close();
}

// Checks every committed headline model: loads it, evaluates it on the 10,000 MNIST test images
// and counts its nonzero parameters, and compares both with the committed results.json.
// Run: pnpm verify-results   (from the repository root; a few minutes)
//      pnpm verify-results lenet5-sep-e48   (only the claims whose source names contain that text)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { chooseBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { loadMnist, top1Error } from '@l0prune/mnist';
import '@l0prune/sparse-io';
import '@l0prune/optimizer';
import { RESULTS_DIR } from './report.js';

interface Claim {
  source: string;
  file: string;
  testError: number;
  compressionRatio: number;
}

/** The models the results files make claims about. */
function claims(): Claim[] {
  const out: Claim[] = [];
  // Runs that claim one best model: the main job (and its other seeds), the relevance method.
  const subfolders = (dir: string) =>
    existsSync(join(RESULTS_DIR, dir))
      ? readdirSync(join(RESULTS_DIR, dir), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(dir, e.name))
      : [];
  const single = ['main-job', ...subfolders('main-job'), ...subfolders('relevance')];
  for (const dir of single) {
    const file = join(RESULTS_DIR, dir, 'results.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    if (r.best)
      out.push({
        source: dir,
        file: join(RESULTS_DIR, dir, basename(r.best.file)),
        testError: r.best.testError,
        compressionRatio: r.best.compressionRatio,
      });
  }
  const reproduction = join(RESULTS_DIR, 'reproduction');
  for (const name of existsSync(reproduction) ? readdirSync(reproduction) : []) {
    const file = join(reproduction, name, 'results.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    for (const row of r.rows) {
      out.push({
        source: `${name} ${row.targetRatio}×`,
        file: join(reproduction, name, 'models', `${r.options.model}-${row.targetRatio}x.l0s`),
        testError: row.testError,
        compressionRatio: row.compressionRatio,
      });
    }
  }
  // Sweeps: every finished trial's models (each trial's folder has the harness' result.json).
  const sweeps = join(RESULTS_DIR, 'sweeps');
  for (const name of existsSync(sweeps) ? readdirSync(sweeps) : []) {
    const trials = join(sweeps, name, 'trials');
    for (const id of existsSync(trials) ? readdirSync(trials) : []) {
      const file = join(trials, id, 'result.json');
      if (!existsSync(file)) continue; // a trial still running when the sweep was committed
      const r = JSON.parse(readFileSync(file, 'utf8'));
      for (const row of r.rows)
        out.push({
          source: `sweep ${name} ${id} ${row.targetRatio}×`,
          file: join(trials, id, 'models', `${r.options.model}-${row.targetRatio}x.l0s`),
          testError: row.testError,
          compressionRatio: row.compressionRatio,
        });
    }
  }
  return out;
}

const only = process.argv[2];
const list = claims().filter((c) => only === undefined || c.source.includes(only));
if (list.length === 0) {
  console.error(
    `verify-results: no committed model's source contains "${only}" (sources look like "sweep <name> <trial> 359×")`,
  );
  process.exit(1);
}
await chooseBackend({ backend: 'wasm' });
const data = loadMnist({ trainLimit: 0, validationSize: 1 });
let failures = 0;
for (const claim of list) {
  const model = await tfl.loadLayersModel(`sparse://${claim.file}`);
  const error = top1Error(model, data.test);
  const ratio = countParameters(model).compressionRatio;
  const ok = error.toFixed(2) === claim.testError.toFixed(2) && ratio.toFixed(2) === claim.compressionRatio.toFixed(2);
  if (!ok) failures++;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${claim.source}: test error ${error.toFixed(2)}% (claimed ` +
      `${claim.testError.toFixed(2)}%), ratio ${ratio.toFixed(2)}× (claimed ${claim.compressionRatio.toFixed(2)}×; ` +
      `all params / nonzero, biases counted)`,
  );
  model.dispose();
}
data.dispose();
console.log(`verify-results: ${list.length - failures} passed, ${failures} failed`);
if (failures > 0) process.exit(1);

// Rewrites absolute checkpoint paths in committed sweep trial files to repository-relative ones
// (trials finished by an older mnist-trial.ts wrote them absolute). Idempotent.
// Run: pnpm --filter @l0prune/bench exec tsx src/sweep-paths.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { RESULTS_DIR } from './report.js';

const REPOSITORY = join(RESULTS_DIR, '..', '..');
const sweeps = join(RESULTS_DIR, 'sweeps');
for (const name of existsSync(sweeps) ? readdirSync(sweeps) : []) {
  const trials = join(sweeps, name, 'trials');
  for (const id of existsSync(trials) ? readdirSync(trials) : []) {
    const file = join(trials, id, 'result.json');
    if (!existsSync(file)) continue;
    const result = JSON.parse(readFileSync(file, 'utf8'));
    const dir = result.options?.checkpointDir;
    if (typeof dir !== 'string' || !isAbsolute(dir)) continue;
    result.options.checkpointDir = relative(REPOSITORY, dir);
    writeFileAtomic.sync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`${file}: checkpointDir → ${result.options.checkpointDir}`);
  }
}

// Runs (or resumes) one of the sweeps in src/sweeps on this machine's pool of worker processes.
// Run: pnpm --filter @l0prune/bench sweep <name> [--workers n]   → results/sweeps/<name>
//      pnpm --filter @l0prune/bench sweep <name> --report   (the results so far, from the journal)
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { reportSweep, runSweep } from '@l0prune/sweep';
import { RESULTS_DIR } from './report.js';

const SWEEPS_DIR = new URL('./sweeps/', import.meta.url).pathname;
const names = readdirSync(SWEEPS_DIR)
  .filter((f) => f.endsWith('.ts') && !['mnist-trial.ts', 'mnist-bases.ts', 'mnist-search.ts'].includes(f))
  .map((f) => f.slice(0, -3));
const [name, flag, value] = process.argv.slice(2);
if (!name || !names.includes(name) || (flag && flag !== '--workers' && flag !== '--report')) {
  console.error(`usage: sweep <name> [--workers n | --report]; names: ${names.join(', ')}`);
  process.exit(2);
}
const module = join(SWEEPS_DIR, `${name}.ts`);
if (!existsSync(module)) throw new Error(`${module} is missing`);
const dir = join(RESULTS_DIR, 'sweeps', name);
const report =
  flag === '--report'
    ? await reportSweep({ sweepModule: module, dir })
    : await runSweep({ sweepModule: module, dir, workers: value ? Number(value) : undefined });
console.log(
  `${name}: ${report.trials.length} trials, ${report.failed.length} failed → results/sweeps/${name}/results.md`,
);

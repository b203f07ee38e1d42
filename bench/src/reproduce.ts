// The paper's MNIST experiments (Experiment 2, NORM and SEP) on this stack, resumable: a run that stops
// goes on from its last checkpoint (bench/checkpoints/<name>, not committed) when started again.
// The runs are data in reproduce-configs.ts.
// Run: pnpm --filter @l0prune/bench reproduce <name>   (names: reproduce-configs.ts; long: run in the background)
import { join } from 'node:path';
import { chooseBackend } from '@l0prune/backend';
import { runExperiment } from '@l0prune/harness';
import { loadMnist } from '@l0prune/mnist';
import { machine, RESULTS_DIR, table, writeResult } from './report.js';
import { CONFIGS, TRAINING_KEYS } from './reproduce-configs.js';

const name = process.argv[2];
const config = CONFIGS[name];
if (!config) {
  console.error(`usage: reproduce <name>; names: ${Object.keys(CONFIGS).join(', ')}`);
  process.exit(2);
}
const { paper, trainedAs, ...options } = config;
if (trainedAs) {
  const parent = CONFIGS[trainedAs] as Record<string, unknown>;
  const differs = TRAINING_KEYS.filter((k) => JSON.stringify(parent[k]) !== JSON.stringify(options[k]));
  if (differs.length > 0)
    throw new Error(`${name}: trainedAs '${trainedAs}' but its training settings differ: ${differs.join(', ')}`);
}
const backend = await chooseBackend();
const outDir = join(RESULTS_DIR, 'reproduction', name);
const checkpoints = join(RESULTS_DIR, '..', 'checkpoints');
const data = loadMnist();
const t0 = Date.now();
const result = await runExperiment(data, {
  ...options,
  outDir,
  checkpointDir: join(checkpoints, name),
  trainingCheckpointDir: trainedAs ? join(checkpoints, trainedAs) : undefined,
  saveAllModels: true,
});
data.dispose();
const rows = result.rows.map((r) => [
  `${r.targetRatio}×`,
  `${r.compressionRatio.toFixed(1)}×`,
  r.nonzero,
  `${r.errorNoFt.toFixed(2)}%`,
  `${r.testError.toFixed(2)}%`,
  `models/${options.model}-${r.targetRatio}x.l0s`,
]);
const trainedNote = trainedAs
  ? ` (the network trained by \`reproduce ${trainedAs}\`, trained here if that has not run)`
  : '';
const trainedBy = trainedAs ? ` (by \`${trainedAs}\`)` : '';
await writeResult(
  join('reproduction', name, 'results'),
  { name, paper, backend: backend.name, machine: machine(), wallSeconds: (Date.now() - t0) / 1000, ...result },
  `# ${name}

Paper: ${paper}. Settings: ${JSON.stringify(options)}${trainedNote}. Backend ${backend.name}; training
${(result.seconds.train / 60).toFixed(1)} min${trainedBy}, pruning + FT + evaluation ${(result.seconds.sweep / 60).toFixed(1)} min, summed over every
invocation that resumed the checkpoint (checkpoints from before times were kept count as 0).
Unpruned after training: ${result.baseline.testError.toFixed(2)}% test error. Ratios are all parameters / nonzero
parameters, biases counted in both. Run: \`pnpm --filter @l0prune/bench reproduce ${name}\`.

${table(['target', 'ratio', 'nonzero', 'error before FT', 'error after FT', 'model'], rows)}
`,
);

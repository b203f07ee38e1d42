// The relevance method (Bonetta et al. 2022 with LOBSTER's rule and schedule) on LeNet-300-100:
// selective decay while training, bisection-threshold pruning at validation-loss plateaus, until a
// pruning step removes nothing. Target (issue #7): ≥ 30× at ≤ 2.0% top-1 test error.
// Run: pnpm --filter @l0prune/bench relevance   (≈ 20 min here; not resumable: one run)
import { join } from 'node:path';
import { chooseBackend } from '@l0prune/backend';
import { loadMnist } from '@l0prune/mnist';
import { formatValidationError, runRelevanceExperiment, type RelevanceOptions } from '@l0prune/harness';
import { RESULTS_DIR, machine, table, writeResult } from './report.js';

const base: Omit<RelevanceOptions, 'outDir'> = {
  model: 'lenet300',
  epochs: 40,
  batchSize: 128,
  learningRate: 0.05,
  momentum: 0.9,
  lambda: 1e-3,
  sensitivity: 'gradient',
  lossTolerance: 0.2,
  patience: 1,
  minDelta: 0.01,
  tolerance: 0.2,
  ftEpochs: 0,
  ftLearningRate: 0.005,
  seed: 1,
};
// λ sets how fast irrelevant weights fade (a weight with S = 0 keeps (1 − λ)^430 ≈ e^{−430λ} of itself per epoch).
const CONFIGS: Record<string, Omit<RelevanceOptions, 'outDir'>> = {
  lenet300: base,
  'lenet300-lambda2e-3': { ...base, lambda: 2e-3 },
  // The procedure for fewer epochs, then 6 epochs of FT at η/10 with the decay off and zeros held.
  'lenet300-ft': { ...base, epochs: 28, ftEpochs: 6 },
};
const name = process.argv[2] ?? 'lenet300';
const options = CONFIGS[name];
if (!options) {
  console.error(`usage: relevance [name]; names: ${Object.keys(CONFIGS).join(', ')}`);
  process.exit(2);
}
const backend = await chooseBackend();
const outDir = join(RESULTS_DIR, 'relevance', name);
const data = loadMnist();
const t0 = Date.now();
const result = await runRelevanceExperiment(data, { ...options, outDir });
data.dispose();
const row = result.rows[0];
await writeResult(
  join('relevance', name, 'results'),
  {
    name: `relevance-${name}`,
    target: '≥ 30× at ≤ 2.0% top-1 test error',
    backend: backend.name,
    machine: machine(),
    wallSeconds: (Date.now() - t0) / 1000,
    ...result,
  },
  `# Relevance-gated selective decay + bisection pruning (LOBSTER rule), LeNet-300-100

Settings: ${JSON.stringify(options)}. Backend ${backend.name}; ${((Date.now() - t0) / 60000).toFixed(1)} min;
${result.epochsRun} epochs run. Target (issue #7): ≥ 30× at ≤ 2.0% top-1 test error.
Run: \`pnpm --filter @l0prune/bench relevance ${name}\`. Model: \`best.l0s\` (checked by \`pnpm verify-results\`).

Result: **${row.compressionRatio.toFixed(1)}×** (${row.nonzero} nonzero of ${result.parameters}, biases counted) at
**${row.testError.toFixed(2)}%** test error (${formatValidationError(row.validationError)}).

${
  options.ftEpochs > 0
    ? `Kept: the procedure's last model after ${options.ftEpochs} epochs of FT (η ${options.ftLearningRate}, decay off, zeros held).`
    : `Kept: the highest ratio whose validation error was within ${options.tolerance} points of the lowest seen in the run ` +
      `(the procedure ends at ${result.epochs.at(-1)!.compressionRatio.toFixed(1)}×, ` +
      `validation error ${result.epochs.at(-1)!.validationError.toFixed(2)}%).`
}

Pruning steps (at validation-loss plateaus; threshold = largest |w| removed):

${table(
  ['epoch', 'threshold', 'removed', 'nonzero', 'ratio', 'val. loss before', 'after'],
  result.pruningSteps.map((s) => [
    s.epoch,
    s.threshold.toPrecision(3),
    s.removed,
    s.nonzero,
    `${s.compressionRatio.toFixed(1)}×`,
    s.lossBefore.toFixed(4),
    s.lossAfter.toFixed(4),
  ]),
)}
`,
);

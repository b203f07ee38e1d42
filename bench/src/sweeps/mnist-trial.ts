// The trial every MNIST sweep runs: the example's experiment (ℓ2–ℓ0 training, GP to each target
// ratio, masked FT) in the trial's folder, its rows turned into metrics.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chooseBackend } from '@l0prune/backend';
import { type ExperimentOptions, runExperiment, withRelativePaths } from '@l0prune/harness';
import { type Dataset, loadMnist } from '@l0prune/mnist';
import type { TrialContext, TrialResult } from '@l0prune/sweep';
import writeFileAtomic from 'write-file-atomic';
import { RESULTS_DIR } from '../report.js';

export type MnistTrialConfig = Omit<ExperimentOptions, 'outDir' | 'checkpointDir' | 'trainingCheckpointDir'> & {
  /** The paper's error at the target: `bestRatio` is the highest ratio whose validation error is within it. */
  paperError: number;
  /**
   * Start from the network the same trial (same id: same parameters, e.g. the seed) of this sweep trained, instead
   * of training one (its checkpoint, on this machine): sweeps that change only pruning or FT.
   */
  trainedIn?: string;
  /**
   * Train starting from the network the same trial (same id: same parameters, e.g. the seed) of this sweep trained
   * (its checkpoint, on this machine; the trial finished) instead of a random one: e.g. ℓ2–ℓ0 training after
   * training without attraction.
   */
  warmStartFrom?: string;
  /**
   * Training images held out for validation (default 5000); 0 trains on all 60,000 as the paper does, for settings
   * already chosen on validation. Without held-out images there are no validation metrics and no `bestRatio`.
   */
  validationSize?: number;
};

const REPOSITORY = join(RESULTS_DIR, '..', '..');
const DEFAULT_VALIDATION_SIZE = 5000;

/** Whether a trial holds images out for validation (and so has validation metrics and a `bestRatio`). */
export const holdsOut = (config: Pick<MnistTrialConfig, 'validationSize'>): boolean =>
  (config.validationSize ?? DEFAULT_VALIDATION_SIZE) > 0;
/** One dataset per worker process and validation size (a worker may run trials of both kinds). */
const datasets = new Map<number, Dataset>();

/** Checkpoints go under bench/checkpoints (not committed); result.json and the models into the trial's folder. */
export async function mnistTrial(
  sweepName: string,
  config: MnistTrialConfig,
  context: TrialContext,
): Promise<TrialResult> {
  await chooseBackend();
  const { paperError, trainedIn, warmStartFrom, validationSize = DEFAULT_VALIDATION_SIZE, ...options } = config;
  const data = datasets.get(validationSize) ?? loadMnist({ validationSize });
  datasets.set(validationSize, data);
  const checkpoints = join(RESULTS_DIR, '..', 'checkpoints', 'sweeps');
  // Another sweep's trained network for this trial: its checkpoint must be on this machine.
  const trainedBy = (sweep: string, use: string) => {
    const dir = join(checkpoints, sweep, context.id);
    if (!existsSync(join(dir, 'train.l0s')))
      throw new Error(
        `${sweepName}: trial ${context.id} ${use} ${sweep}'s trained network, whose checkpoint ${dir} is missing: ` +
          `run (or resume) sweep ${sweep} on this machine first`,
      );
    return dir;
  };
  // A warm start needs the finished network: a checkpoint mid-training would start from a half-trained one.
  const finishedIn = (sweep: string) => {
    const dir = trainedBy(sweep, 'trains on from');
    if (!existsSync(join(RESULTS_DIR, 'sweeps', sweep, 'trials', context.id, 'result.json')))
      throw new Error(
        `${sweepName}: trial ${context.id} trains on from ${sweep}'s network, whose trial has not finished ` +
          `(no result.json): finish sweep ${sweep} on this machine first`,
      );
    return dir;
  };
  const ran = await runExperiment(data, {
    ...options,
    outDir: context.dir,
    checkpointDir: join(checkpoints, sweepName, context.id),
    trainingCheckpointDir: trainedIn ? trainedBy(trainedIn, 'starts from') : undefined,
    warmStart: warmStartFrom ? finishedIn(warmStartFrom) : undefined,
    saveAllModels: true,
  });
  // Paths relative to the repository (the model to the trial's folder): the committed file names no machine's folders.
  const result = withRelativePaths(ran, context.dir, REPOSITORY);
  // The image counts say which split the figures come from (validationSize 0: no held-out images).
  const images = { train: data.train.size, validation: data.validation.size, test: data.test.size };
  await writeFileAtomic(join(context.dir, 'result.json'), `${JSON.stringify({ ...result, images }, null, 2)}\n`);
  const metrics: Record<string, number> = {
    unprunedTestError: result.baseline.testError,
    trainMinutes: result.seconds.train / 60,
  };
  if (result.baseline.validationError !== null) metrics.unprunedValidationError = result.baseline.validationError;
  for (const row of result.rows) {
    if (row.validationError !== null) metrics[`validationError${row.targetRatio}`] = row.validationError;
    metrics[`testError${row.targetRatio}`] = row.testError;
    metrics[`ratio${row.targetRatio}`] = row.compressionRatio;
  }
  if (holdsOut(config)) {
    // Chosen on validation error, so the test set does not pick the model.
    const within = result.rows.filter((r) => r.validationError !== null && r.validationError <= paperError);
    const best = within.sort((a, b) => b.compressionRatio - a.compressionRatio)[0];
    metrics.bestRatio = best?.compressionRatio ?? 0;
    metrics.bestTestError = best?.testError ?? Number.NaN;
  }
  return {
    metrics,
    files: ['result.json', ...result.rows.map((r) => `models/${options.model}-${r.targetRatio}x.l0s`)],
  };
}

#!/usr/bin/env node
import { chooseBackend } from '@l0prune/backend';
import { loadMnist } from '@l0prune/mnist';
import { listPruners } from '@l0prune/pruning';
import { Command, InvalidArgumentError, Option } from 'commander';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@l0prune/sparse-io';
import {
  accuracyPlot,
  type ExperimentOptions,
  type ExperimentResult,
  MAX_AUGMENT_SHIFT,
  resultTable,
  runExperiment,
  runRelevanceExperiment,
  shownPath,
  withRelativePaths,
} from '@l0prune/harness';

const number = (name: string, check: (v: number) => boolean, range: string) => (text: string) => {
  const v = Number(text);
  if (!Number.isFinite(v) || !check(v)) throw new InvalidArgumentError(`${name} must be ${range}, got '${text}'`);
  return v;
};
const positive = (name: string) => number(name, (v) => v > 0, 'a number > 0');
const nonNegative = (name: string) => number(name, (v) => v >= 0, 'a number ≥ 0');
const count = (name: string) => number(name, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
type LayerAlphas = Record<string, { alphaL0: number }>;

/** SEP's per-layer α₀'s: `fc1=4e-4,fc2=3e-4` (layer names as the network names them). */
const layerAlphas = (text: string) => {
  const layers: LayerAlphas = {};
  for (const item of text.split(',')) {
    const [name, value] = item.split('=');
    const v = Number(value);
    if (!name || value === undefined || !Number.isFinite(v) || v < 0)
      throw new InvalidArgumentError(
        `layer α₀'s must be name=value pairs with values ≥ 0 (e.g. fc1=4e-4,fc2=3e-4), got '${text}'`,
      );
    layers[name] = { alphaL0: v };
  }
  return layers;
};
/** Gradual FT: `100:6` prunes from about 100× to each target over FT's first 6 epochs. */
const gradualFt = (text: string) => {
  const [from, epochs, extra] = text.split(':').map(Number);
  if (extra !== undefined || !(from! >= 1) || !Number.isInteger(epochs) || !(epochs! >= 1))
    throw new InvalidArgumentError(
      `gradual FT must be <fromRatio>:<epochs> with fromRatio ≥ 1 below every target and epochs an integer in ` +
        `[1, ft-epochs] (e.g. 100:6), got '${text}'`,
    );
  return { fromRatio: from!, epochs: epochs! };
};
const ratios = (text: string) => {
  const list = text.split(',').map(Number);
  if (list.length === 0 || list.some((r) => !Number.isFinite(r) || r < 1))
    throw new InvalidArgumentError(`ratios must be comma-separated numbers ≥ 1, got '${text}'`);
  return list;
};

const DEFAULTS = {
  lenet300: {
    // From the sweeps (bench/results/sweeps): lenet300-sep-search's best per-layer α₀'s (SEP, α₂ 5·10⁻⁵, β 5, 60
    // epochs, step decay, FT 10 epochs with decay), which over 3 seeds gave 96× at 1.93% (lenet300-sep-seeds)
    // where NORM's best gave 90× at 1.98% (lenet300-norm-seeds); cosine decay did worse (lenet300-schedule).
    // This run: bench/results/main-job.
    epochs: 60,
    ftEpochs: 10,
    ratios: '50,90,120',
    alphaL2: 5e-5,
    alphaL0: 1e-3,
    layers: { fc1: { alphaL0: 4.08e-4 }, fc2: { alphaL0: 3.31e-4 }, fc3: { alphaL0: 1.34e-3 } } as
      | LayerAlphas
      | undefined,
    beta: 5,
    lr: 0.05,
    ftLr: 0.01,
    // Slices per batch with --threads auto. A dense net trains fastest whole on one thread (2 slices in turn cost it
    // 19% more time, bench/results/train-throughput.md), so: one slice, tfjs' own train function.
    shards: 1,
  },
  lenet5: {
    layers: undefined as LayerAlphas | undefined,
    epochs: 6,
    ftEpochs: 1,
    ratios: '50,100,200,300',
    alphaL2: 5e-5,
    alphaL0: 1e-3,
    beta: 5,
    lr: 0.05,
    ftLr: 0.01,
    // Convolutions pay for 2 threads; 2 slices either way keep the figures independent of what 'auto' decides.
    shards: 2,
  },
};

/** Pruners that are a whole procedure (prune while training at plateaus) rather than one step of a ratio sweep. */
const RELEVANCE_PRUNERS = ['threshold-bisection', 'lobster'];
// As measured in bench/results/relevance/lenet300-ft: 28 epochs of the procedure, then 6 of FT at η/10.
const RELEVANCE_EPOCHS = { lenet300: 28, lenet5: 10 };

const program = new Command()
  .name('l0prune-mnist')
  .description(
    'Train LeNet on MNIST with the l2-l0 optimizer (eq. 17; SEP per-layer α₀ or NORM), prune across compression ratios, ' +
      'fine-tune with masks, report and save the best sparse model.',
  )
  .addOption(new Option('--model <name>', 'network').choices(['lenet300', 'lenet5']).default('lenet300'))
  .option(
    '--pruner <name>',
    `pruner by registered name (${listPruners().join(', ')}); threshold-bisection ` +
      `(alias lobster) runs the relevance method instead of the ratio sweep`,
    'global-magnitude',
  )
  .option(
    '--epochs <n>',
    'training epochs; the last quarter at lr/10 (default 60 for lenet300, 6 for lenet5)',
    count('epochs'),
  )
  .option('--ft-epochs <n>', 'fine-tuning epochs per compression ratio', count('ft-epochs'))
  .option('--batch-size <n>', 'mini-batch size', count('batch-size'), 128)
  .option('--lr <eta>', 'learning rate η of training (momentum 0.9)', positive('lr'))
  .addOption(
    new Option('--optimizer <name>', "training's and fine-tuning's optimizer: momentum SGD (β 0.9) or Adam")
      .choices(['momentum', 'adam'])
      .default('momentum'),
  )
  .option(
    '--coupled',
    "the penalty's gradient joins the loss's before the optimizer (as a Keras kernel_regularizer; around Adam it " +
      'is then rescaled with it) instead of the decoupled step of eq. 17',
    false,
  )
  .option('--ft-lr <eta>', 'learning rate of fine-tuning', positive('ft-lr'))
  .option(
    '--gradual-ft <from:epochs>',
    "FT prunes gradually (Zhu & Gupta's cubic schedule, every 100 steps) from about <from>× to each target over " +
      'its first <epochs> epochs, instead of at once before FT; e.g. 100:6',
    gradualFt,
  )
  .option(
    '--fold-dead-units',
    'count each target as the model keeps it after folding the units pruning left without inputs or readers ' +
      '(foldDeadUnits): the budget goes to weights that reach the output; one-shot FT only',
    false,
  )
  .option('--no-ft-lr-decay', 'fine-tune at a constant rate (default: its last quarter at ft-lr/10)')
  .option(
    '--alpha-l2 <a>',
    'α₂ (ℓ2 factor; scaled per layer by its size unless --normalize none)',
    nonNegative('alpha-l2'),
  )
  .option(
    '--alpha-l0 <a>',
    'α₀ (ℓ0 factor; scaled per layer by its size unless --normalize none)',
    nonNegative('alpha-l0'),
  )
  .option('--beta <b>', 'β of the ℓ0 approximation', positive('beta'))
  .option(
    '--layer-alpha-l0 <list>',
    "SEP: per-layer α₀'s, e.g. fc1=4e-4,fc2=3e-4,fc3=1.3e-3 (other layers keep --alpha-l0); implies --normalize " +
      "none. lenet300's default: fc1=4.08e-4,fc2=3.31e-4,fc3=1.34e-3 unless --alpha-l0 or --normalize is given",
    layerAlphas,
  )
  .addOption(
    new Option(
      '--normalize <how>',
      "α's scaled per layer by its size (NORM), only α₀ scaled and α₂ the same everywhere (NORM as the authors' " +
        'released code does), or as given (SEP)',
    ).choices(['layer-size', 'layer-size-l0', 'none']),
  )
  .addOption(
    new Option(
      '--schedule <kind>',
      'learning rate per epoch: step (last quarter at lr/10) or cosine (down to lr/100)',
    ).choices(['step', 'cosine']),
  )
  .option('--ratios <list>', 'target compression ratios, comma-separated', ratios)
  .option(
    '--tolerance <points>',
    'best model: highest ratio within this many points of the unpruned validation error',
    nonNegative('tolerance'),
    0.2,
  )
  .option(
    '--augment-shift <px>',
    `off-paper augmentation: training and FT images moved by a random whole-pixel shift of up to px (1-${MAX_AUGMENT_SHIFT}) each way`,
    number(
      'augment-shift',
      (v) => Number.isInteger(v) && v >= 1 && v <= MAX_AUGMENT_SHIFT,
      `an integer from 1 to ${MAX_AUGMENT_SHIFT}`,
    ),
  )
  .option('--train-limit <n>', 'use only the first n training images', count('train-limit'))
  .option(
    '--seed <n>',
    'random seed (initialization, shuffling, random pruning)',
    number('seed', Number.isInteger, 'an integer'),
    1,
  )
  .option('--out <dir>', 'output directory', 'out/mnist')
  .option('--checkpoint <dir>', 'write checkpoints here after every epoch and ratio, and resume from them')
  .option(
    '--lambda <l>',
    `relevance method (--pruner ${'threshold-bisection'}): λ of the selective decay per step, in [0, 1]`,
    number('lambda', (v) => v >= 0 && v <= 1, 'a number in [0, 1]'),
    1e-3,
  )
  .addOption(
    new Option('--sensitivity <how>', 'relevance method: S = |∂J/∂w| or normalized by its max per tensor')
      .choices(['gradient', 'normalized'])
      .default('gradient'),
  )
  .option(
    '--loss-tolerance <r>',
    'relevance method: relative validation-loss increase a pruning step may cause',
    nonNegative('loss-tolerance'),
    0.2,
  )
  .option(
    '--patience <n>',
    'relevance method: epochs without validation-loss progress before pruning',
    count('patience'),
    1,
  )
  .option(
    '--min-delta <r>',
    'relevance method: relative validation-loss decrease that counts as progress',
    nonNegative('min-delta'),
    0.01,
  )
  .option(
    '--threads <n>',
    "threads per training step (data-parallel worker threads), an integer ≥ 1, or 'auto': all cores " +
      'when the first steps show it faster than one (convolutional nets), else one',
    (text: string) => (text === 'auto' ? 'auto' : count('threads')(text)),
    'auto',
  )
  .option(
    '--shards <n>',
    'slices each batch is cut into, their gradients summed in a fixed order: the figures depend on it, never on ' +
      "--threads, the cores or the machine's load (default: --threads when a number; with 'auto', 1 for lenet300, " +
      'whose dense steps run fastest whole, and 2 for lenet5); --threads auto then uses up to that many threads',
    count('shards'),
  )
  .addOption(new Option('--backend <name>', 'force a tfjs backend').choices(['tensorflow', 'wasm', 'cpu']))
  .option('--quick', 'a small run for CI (5,000 training images, 2 epochs, 2 ratios): under 2 minutes', false);

async function main(): Promise<void> {
  program.parse();
  const o = program.opts();
  const d = DEFAULTS[o.model as 'lenet300' | 'lenet5'];
  // Flags a plateau pruner's procedure cannot honour: refused, never silently ignored.
  const notForPlateauPruners: [flag: string, given: unknown, why: string][] = [
    ['--checkpoint', o.checkpoint, 'its plateau and mask state is not checkpointed'],
    ['--gradual-ft', o.gradualFt, 'it prunes at plateaus, not to target ratios'],
    ['--augment-shift', o.augmentShift, 'its procedure trains on the images as they are'],
  ];
  for (const [flag, given, why] of notForPlateauPruners)
    if (RELEVANCE_PRUNERS.includes(o.pruner) && given)
      throw new InvalidArgumentError(`${flag} is not supported with --pruner ${o.pruner} (${why}); run it without`);
  if (o.foldDeadUnits && (o.gradualFt || RELEVANCE_PRUNERS.includes(o.pruner))) {
    throw new InvalidArgumentError(
      `--fold-dead-units sets each target's budget before one-shot FT: not with ` +
        `${o.gradualFt ? '--gradual-ft' : `--pruner ${o.pruner}`}; drop one`,
    );
  }
  if (RELEVANCE_PRUNERS.includes(o.pruner) && (o.optimizer !== 'momentum' || o.coupled)) {
    throw new InvalidArgumentError(
      `--pruner ${o.pruner} trains with its own decay around momentum SGD: not with ` +
        `${o.coupled ? '--coupled' : `--optimizer ${o.optimizer}`}; drop it`,
    );
  }
  // The network's default SEP α₀'s, unless the command line asks for other α's or for NORM.
  const layers: LayerAlphas | undefined =
    o.layerAlphaL0 ?? (o.alphaL0 === undefined && o.normalize === undefined ? d.layers : undefined);
  const backend = await chooseBackend({ backend: o.backend });
  // Relative to where the user ran the command: `pnpm mnist` runs this in examples/mnist, and pnpm
  // passes the caller's directory as INIT_CWD.
  const userDir = process.env.INIT_CWD ?? process.cwd();
  const outDir = resolve(userDir, o.out);
  await mkdir(outDir, { recursive: true });
  const options: ExperimentOptions = {
    model: o.model,
    pruner: o.pruner,
    epochs: o.epochs ?? (o.quick ? 2 : d.epochs),
    ftEpochs: o.ftEpochs ?? (o.quick ? 1 : d.ftEpochs),
    batchSize: o.batchSize,
    learningRate: o.lr ?? d.lr,
    ftLearningRate: o.ftLr ?? d.ftLr,
    ftLearningRateDecay: o.ftLrDecay,
    gradualFt: o.gradualFt,
    foldDeadUnits: o.foldDeadUnits || undefined,
    momentum: 0.9,
    optimizer: o.optimizer === 'momentum' ? undefined : o.optimizer,
    coupled: o.coupled || undefined,
    alphaL2: o.alphaL2 ?? d.alphaL2,
    alphaL0: o.alphaL0 ?? d.alphaL0,
    beta: o.beta ?? d.beta,
    normalize: o.normalize === 'layer-size-l0' ? 'layer-size' : (o.normalize ?? (layers ? 'none' : 'layer-size')),
    normalizedParameters: o.normalize === 'layer-size-l0' ? ['alphaL0'] : undefined,
    layers,
    ratios: o.ratios ?? (o.quick ? [10, 30] : ratios(d.ratios)),
    schedule: o.schedule ?? 'step',
    tolerance: o.tolerance,
    seed: o.seed,
    outDir,
    checkpointDir: o.checkpoint ? resolve(o.checkpoint) : undefined,
    threads: o.threads,
    shards: o.shards ?? (o.threads === 'auto' ? d.shards : o.threads),
    augmentShift: o.augmentShift,
  };
  const data = loadMnist(
    o.quick
      ? { trainLimit: o.trainLimit ?? 5000, testLimit: 2000, validationSize: 2000 }
      : { trainLimit: o.trainLimit },
  );
  try {
    const result: ExperimentResult = RELEVANCE_PRUNERS.includes(o.pruner)
      ? await runRelevanceExperiment(data, {
          model: o.model,
          epochs: o.epochs ?? (o.quick ? 2 : RELEVANCE_EPOCHS[o.model as 'lenet300' | 'lenet5']),
          batchSize: o.batchSize,
          learningRate: options.learningRate,
          momentum: 0.9,
          lambda: o.lambda,
          sensitivity: o.sensitivity,
          lossTolerance: o.lossTolerance,
          patience: o.quick ? 1 : o.patience,
          minDelta: o.minDelta,
          tolerance: o.tolerance,
          ftEpochs: o.ftEpochs ?? (o.quick ? 1 : 6),
          ftLearningRate: o.ftLr ?? options.learningRate / 10,
          seed: o.seed,
          outDir,
        })
      : await runExperiment(data, options);
    console.log(`\n${resultTable(result)}`);
    const svg = await accuracyPlot(`${o.model}, ${o.pruner}, with fine-tuning`, [
      {
        name: 'after FT',
        points: result.rows.map((r) => ({ ratio: r.compressionRatio, accuracy: 100 - r.testError })),
      },
      {
        name: 'before FT',
        points: result.rows.map((r) => ({ ratio: r.compressionRatio, accuracy: 100 - r.errorNoFt })),
      },
    ]);
    await writeFileAtomic(join(outDir, 'accuracy-vs-ratio.svg'), svg);
    // Paths relative to results.json: the folder can move (or be committed) whole.
    await writeFileAtomic(
      join(outDir, 'results.json'),
      `${JSON.stringify({ backend: backend.name, ...withRelativePaths(result, outDir, outDir) }, null, 2)}\n`,
    );
    if (result.best) {
      console.log(
        `\nbest: ${result.best.compressionRatio.toFixed(1)}× at ${result.best.testError.toFixed(2)}% test error → ` +
          `${shownPath(result.best.file, userDir)} (${result.best.fileBytes} bytes)`,
      );
    } else console.log(`\nno ratio kept the validation error within ${o.tolerance} points; no model saved`);
    console.log(
      `wrote ${shownPath(join(outDir, 'results.json'), userDir)} and ${shownPath(join(outDir, 'accuracy-vs-ratio.svg'), userDir)}; ` +
        `backend ${backend.name}; ${(result.seconds.train + result.seconds.sweep).toFixed(0)} s`,
    );
  } finally {
    data.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(`l0prune-mnist: ${(e as Error).message}`);
  process.exit(1);
});

// The paper reproduction's runs (`pnpm --filter @l0prune/bench reproduce <name>`) as data, built from
// a few base objects; importing this module runs nothing.
import type { ExperimentOptions } from '@l0prune/harness';
import type { PenaltyParams } from '@l0prune/optimizer';

export type ReproduceConfig = Omit<
  ExperimentOptions,
  'outDir' | 'checkpointDir' | 'trainingCheckpointDir' | 'saveAllModels'
> & {
  paper: string;
  /** Reuse the trained network of this config (same training settings, checked); only the sweep differs. */
  trainedAs?: string;
};

/** The settings that make the trained network: a config with `trainedAs` must match its parent in all. */
export const TRAINING_KEYS = [
  'model',
  'epochs',
  'batchSize',
  'learningRate',
  'momentum',
  'optimizer',
  'coupled',
  'alphaL2',
  'alphaL0',
  'beta',
  'normalize',
  'normalizedParameters',
  'penalty',
  'layers',
  'seed',
  'augmentShift',
] as const;

const TABLE2_NORM = 'Table 2: 90× at 1.85% top-1 error (NORM); unpruned 1.64%';
const TABLE2_SEP = 'Table 2: 96× at 1.99% top-1 error (SEP); unpruned 1.64%';
const TABLE3_NORM = 'Table 3: 200× at 0.99% top-1 error (NORM); unpruned 0.8%';
const TABLE3_SEP = 'Table 3: 359× at 0.97% top-1 error (SEP); unpruned 0.8%';

/** What every run shares: momentum SGD (η 0.05, FT η 0.01), α₂ 5·10⁻⁵, β 5, GP, best within 0.2 points. */
const COMMON = {
  pruner: 'global-magnitude',
  batchSize: 128,
  learningRate: 0.05,
  ftLearningRate: 0.01,
  momentum: 0.9,
  alphaL2: 5e-5,
  alphaL0: 1e-3,
  beta: 5,
  tolerance: 0.2,
  seed: 1,
} as const;

const LENET300_NORM = { ...COMMON, paper: TABLE2_NORM, model: 'lenet300', normalize: 'layer-size' } as const;
const LENET300_SEP = { ...COMMON, paper: TABLE2_SEP, model: 'lenet300', normalize: 'none' } as const;
const LENET5_NORM = { ...COMMON, paper: TABLE3_NORM, model: 'lenet5', normalize: 'layer-size' } as const;
const LENET5_SEP = { ...COMMON, paper: TABLE3_SEP, model: 'lenet5', normalize: 'none' } as const;
/** FT 10 epochs (LeNet-5: 3) with training's step decay: the longer FT most later runs use. */
const LONG_FT = { ftEpochs: 10, ftLearningRateDecay: true } as const;

/** SEP for LeNet-300-100 (screened below): fc1 below NORM's 10⁻³, fc2 ≈ 3× and fc3 ≈ 30× NORM's scaled values. */
const SEP_OUT_LENET300: Record<string, Partial<PenaltyParams>> = {
  fc1: { alphaL0: 7e-4 },
  fc2: { alphaL0: 1e-3 },
  fc3: { alphaL0: 2e-3 },
};

/** SEP for LeNet-5 after the same pattern: the largest layer (fc1) below NORM, conv2 and fc2 well above. */
const SEP_LENET5: Record<string, Partial<PenaltyParams>> = {
  conv1: { alphaL0: 1e-4 },
  conv2: { alphaL0: 1e-3 },
  fc1: { alphaL0: 7e-4 },
  fc2: { alphaL0: 2e-3 },
};

/** LeNet-300-100 NORM at α₀ 5·10⁻⁴ trained 60 epochs: our closest run to Table 2's 90× target. */
export const LENET300_NORM_E60: ReproduceConfig = {
  ...LENET300_NORM,
  ...LONG_FT,
  epochs: 60,
  alphaL0: 5e-4,
  ratios: [90, 110],
};

/** LeNet-5 NORM at the 8-epoch settings trained 20 epochs: the run that meets Table 3's 200× target. */
const LENET5_NORM_E20: ReproduceConfig = {
  ...LENET5_NORM,
  epochs: 20,
  ftEpochs: 4,
  ftLearningRateDecay: true,
  ratios: [200],
};

export const CONFIGS: Record<string, ReproduceConfig> = {
  'lenet300-norm': { ...LENET300_NORM, epochs: 30, ftEpochs: 3, ratios: [50, 70, 90, 110, 130] },
  'lenet5-norm': { ...LENET5_NORM, epochs: 8, ftEpochs: 1, ratios: [100, 200, 300] },
  // SEP: per-layer α's and β, starting from NORM's effective values and raising the attraction
  // where the weights are many (fc1) — one hand-set choice, not a tuned search.
  'lenet300-sep': {
    ...LENET300_SEP,
    epochs: 30,
    ftEpochs: 3,
    layers: {
      fc1: { alphaL2: 5e-5, alphaL0: 1.5e-3, beta: 5 },
      fc2: { alphaL2: 2e-5, alphaL0: 3e-4, beta: 5 },
      fc3: { alphaL2: 5e-6, alphaL0: 5e-5, beta: 5 },
    },
    ratios: [50, 70, 90, 110, 130, 160],
  },
  ...alphaBetaSweeps(),
  ...sepScreens(),
  // The same trained networks, fine-tuned longer (with training's step decay) after pruning.
  'lenet300-norm-ft10': {
    ...LENET300_NORM,
    ...LONG_FT,
    trainedAs: 'lenet300-norm',
    epochs: 30,
    ratios: [90, 110, 130, 160],
  },
  // An α₀ between the sweep's 3·10⁻⁴ and 10⁻³ (the why: lenet300-sweep-* in bench/results/reproduction).
  'lenet300-norm-a0.0005': { ...LENET300_NORM, ...LONG_FT, epochs: 30, alphaL0: 5e-4, ratios: [70, 90, 110, 130] },
  // The same, trained twice as long: longer ℓ0 training makes the network sparser and more accurate.
  'lenet300-norm-a0.0005-e60': LENET300_NORM_E60,
  // Its trained network fine-tuned twice as long after GP (nothing retrained).
  'lenet300-norm-a0.0005-e60-ft20': {
    ...LENET300_NORM_E60,
    trainedAs: 'lenet300-norm-a0.0005-e60',
    ftEpochs: 20,
    ratios: [90],
  },
  // And trained for 100 epochs, to see whether the gain from 30 to 60 epochs goes on.
  'lenet300-norm-a0.0005-e100': { ...LENET300_NORM_E60, epochs: 100 },
  // The same run with another seed: how far apart two runs of one setting land.
  'lenet300-norm-a0.0005-e60-s2': { ...LENET300_NORM_E60, seed: 2 },
  'lenet5-norm-ft4': {
    ...LENET5_NORM,
    trainedAs: 'lenet5-norm',
    epochs: 8,
    ftEpochs: 4,
    ftLearningRateDecay: true,
    ratios: [200],
  },
  // SEP, the screen that won (lenet300-sep-screen-out against NORM at 15 epochs), at full length.
  'lenet300-sep-out': { ...LENET300_SEP, ...LONG_FT, epochs: 30, layers: SEP_OUT_LENET300, ratios: [90, 96, 110, 130] },
  // The same, trained twice as long (as lenet300-norm-a0.0005-e60 did for NORM).
  'lenet300-sep-out-e60': { ...LENET300_SEP, ...LONG_FT, epochs: 60, layers: SEP_OUT_LENET300, ratios: [96, 110, 130] },
  // The "out" pattern at half the α₀'s (NORM at α₀ 5·10⁻⁴ traded sparsity for a better baseline).
  'lenet300-sep-light': {
    ...LENET300_SEP,
    ...LONG_FT,
    epochs: 30,
    layers: { fc1: { alphaL0: 3.5e-4 }, fc2: { alphaL0: 5e-4 }, fc3: { alphaL0: 1e-3 } },
    ratios: [90, 96],
  },
  // SEP as the paper describes it (more penalty on the layer with the most, largest weights): NORM
  // α₀ 5·10⁻⁴ (lenet300-norm-a0.0005-e60; fc2/fc3 keep their layer-size-scaled α's) with fc1's α₀
  // raised 1.4× (heavier output layers cost accuracy at 60 epochs: lenet300-sep-out-e60).
  'lenet300-sep-in-e60': {
    ...LENET300_NORM,
    ...LONG_FT,
    paper: TABLE2_SEP,
    epochs: 60,
    alphaL0: 5e-4,
    layers: { fc1: { alphaL0: 7e-4 } },
    ratios: [96, 110],
  },
  // SEP for LeNet-5 (SEP_LENET5); conv1 (500 weights that every feature depends on) at ~3× NORM.
  'lenet5-sep': {
    ...LENET5_SEP,
    epochs: 8,
    ftEpochs: 3,
    ftLearningRateDecay: true,
    layers: SEP_LENET5,
    ratios: [200, 359],
  },
  // lenet5-sep trained 2.5× as long (8 → 20 epochs): longer ℓ0 training lowered both the unpruned
  // and the pruned error on LeNet-300 (lenet300-norm-a0.0005 → -e60).
  'lenet5-sep-e20': {
    ...LENET5_SEP,
    epochs: 20,
    ftEpochs: 3,
    ftLearningRateDecay: true,
    layers: SEP_LENET5,
    ratios: [200, 359],
  },
  // lenet5-norm trained 2.5× as long (8 → 20 epochs; longer training left lenet5-sep-e20 far more
  // accurate right after GP than lenet5-sep), fine-tuned as lenet5-norm-ft4.
  'lenet5-norm-e20': LENET5_NORM_E20,
  // Past the target: lenet5-norm-e20's trained network pruned further.
  'lenet5-norm-e20-push': { ...LENET5_NORM_E20, trainedAs: 'lenet5-norm-e20', ratios: [250, 300, 359] },
  // The same training with other seeds: is lenet5-norm-e20's result at 200× a draw?
  'lenet5-norm-e20-s2': { ...LENET5_NORM_E20, seed: 2 },
  'lenet5-norm-e20-s3': { ...LENET5_NORM_E20, seed: 3 },
  // lenet5-sep stays accurate after GP at 200×; its unpruned error is what misses the target: the
  // same pattern at 0.6× the α₀'s.
  'lenet5-sep-light': {
    ...LENET5_SEP,
    epochs: 8,
    ftEpochs: 3,
    ftLearningRateDecay: true,
    layers: { conv1: { alphaL0: 6e-5 }, conv2: { alphaL0: 6e-4 }, fc1: { alphaL0: 4.2e-4 }, fc2: { alphaL0: 1.2e-3 } },
    ratios: [200, 359],
  },
};

/** Experiments 4/5 on LeNet-300-100: α₀ controls the accuracy/compression trade-off; β = 5 vs 10. */
function alphaBetaSweeps(): Record<string, ReproduceConfig> {
  const runs: Array<[number, number]> = [
    [3e-4, 5],
    [1e-3, 5],
    [3e-3, 5],
    [1e-3, 10],
  ];
  return Object.fromEntries(
    runs.map(([alphaL0, beta]) => [
      `lenet300-sweep-a${alphaL0}-b${beta}`,
      {
        ...LENET300_NORM,
        paper: 'Experiments 4–5: larger α₀ gives more compression for some accuracy; β 5 vs 10 changes little',
        epochs: 15,
        ftEpochs: 1,
        alphaL0,
        beta,
        ratios: [10, 30, 60, 90, 130, 200],
      },
    ]),
  );
}

/**
 * SEP search on LeNet-300-100, screened at the sweep's 15 epochs (compare with
 * lenet300-sweep-a0.001-b5, which is NORM with the same settings). NORM's 90× network keeps a far
 * larger share of fc3 than of fc1 (per-layer counts in its results): its sqrt(n/n_largest) scaling
 * attracts the small layers, whose weights are the largest, too weakly. These raise them.
 */
function sepScreens(): Record<string, ReproduceConfig> {
  const variants: Record<string, Record<string, Partial<PenaltyParams>> | undefined> = {
    // fc1's NORM values in every layer
    flat: undefined,
    // fc1 below NORM, fc2 at fc1's NORM value, fc3 twice it
    out: SEP_OUT_LENET300,
  };
  return Object.fromEntries(
    Object.entries(variants).map(([variant, layers]) => [
      `lenet300-sep-screen-${variant}`,
      { ...LENET300_SEP, epochs: 15, ftEpochs: 1, layers, ratios: [60, 90, 130] },
    ]),
  );
}

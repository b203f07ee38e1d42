import type { PenaltyChoice, TrainOptions } from '@l0prune/harness';

/**
 * Experiment 1 (Figures 3–4) and the ℓ0-vs-classic comparison (Xie et al.) share these
 * trainings of LeNet-5-Caffe: one per zero attraction, everything else equal. 4 epochs
 * (the paper trains longer), the last at η/10; NORM scaling of the α's.
 */
export const EXPERIMENT1_PENALTIES: Record<string, PenaltyChoice> = {
  l2: { kind: 'l2', alpha: 5e-5 },
  l2l0: { kind: 'l2l0', alphaL2: 5e-5, alphaL0: 1e-3, beta: 5 },
  l0: { kind: 'l0', alpha: 1e-3, beta: 5 },
  l1: { kind: 'l1', alpha: 1e-4 },
};

export const EXPERIMENT1_TRAINING: Omit<TrainOptions, 'penalty' | 'checkpointDir'> = {
  model: 'lenet5',
  epochs: 4,
  batchSize: 128,
  learningRate: 0.05,
  momentum: 0.9,
  normalize: 'layer-size',
  seed: 1,
};

export const NO_FT_RATIOS = [2, 5, 10, 20, 50, 100, 200];
/** GP with FT: up to 5 chunks (one epoch), for the retraining-cost comparison. LP/RP: 1 chunk. */
export const FT_RATIOS = [10, 50, 100];
export const FT_CHUNK = 11_000;

export interface FtRun {
  pruner: string;
  targetRatio: number;
  compressionRatio: number;
  errorNoFt: number;
  /** Test error after each retraining chunk of 11,000 images. */
  errorAfterChunk: number[];
}

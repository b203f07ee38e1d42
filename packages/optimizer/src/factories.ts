import type * as tf from '@tensorflow/tfjs-core';
import { DecoupledPenaltyOptimizer, type DecoupledPenaltyOptions } from './decoupled-penalty-optimizer.js';

type Layers<P> = { layers?: Record<string, Partial<P>> };

export interface L2L0Params {
  /** α₂ ≥ 0: ℓ2 weight decay (overfitting). */
  alphaL2: number;
  /** α₀ ≥ 0: ℓ0 zero attraction (compression). */
  alphaL0: number;
  /** β > 0 (the paper uses β ≥ 1, typically 5–10). */
  beta: number;
}
export type L2L0OptimizerOptions = Omit<DecoupledPenaltyOptions, 'layers'> & L2L0Params & Layers<L2L0Params>;

export interface L0Params {
  alpha: number;
  beta: number;
}
export type L0OptimizerOptions = Omit<DecoupledPenaltyOptions, 'layers'> & L0Params & Layers<L0Params>;

export interface AlphaParams {
  alpha: number;
}
export type AlphaOptimizerOptions = Omit<DecoupledPenaltyOptions, 'layers'> & AlphaParams & Layers<AlphaParams>;

type Options = DecoupledPenaltyOptions & Record<string, unknown>;

/**
 * The paper's training rule (eq. 17) around any tfjs optimizer: a drop-in swap for
 * `model.compile({ optimizer })`. `l2l0Optimizer(tf.train.sgd(η), { model, alphaL2, alphaL0, beta })`
 * is exactly eq. 17.
 */
export function l2l0Optimizer(inner: tf.Optimizer, options: L2L0OptimizerOptions): DecoupledPenaltyOptimizer {
  return new DecoupledPenaltyOptimizer(inner, 'l2l0', options as unknown as Options);
}

/** Decoupled ℓ0-approximation attraction alone (eq. 14). */
export function l0Optimizer(inner: tf.Optimizer, options: L0OptimizerOptions): DecoupledPenaltyOptimizer {
  return new DecoupledPenaltyOptimizer(inner, 'l0', options as unknown as Options);
}

/** Decoupled ℓ1 attraction alone (eq. 7): a steady pull of η·α per step. */
export function l1Optimizer(inner: tf.Optimizer, options: AlphaOptimizerOptions): DecoupledPenaltyOptimizer {
  return new DecoupledPenaltyOptimizer(inner, 'l1', options as unknown as Options);
}

/** Decoupled ℓ2 weight decay alone (eq. 5), as AdamW does for Adam. */
export function l2Optimizer(inner: tf.Optimizer, options: AlphaOptimizerOptions): DecoupledPenaltyOptimizer {
  return new DecoupledPenaltyOptimizer(inner, 'l2', options as unknown as Options);
}

export interface RelevanceParams {
  /** λ ∈ [0, 1]: the fraction of an irrelevant weight (S = 0) removed per step. */
  lambda: number;
}
export type RelevanceOptimizerOptions = Omit<DecoupledPenaltyOptions, 'layers' | 'pruningThreshold'> &
  RelevanceParams &
  Layers<RelevanceParams>;

/**
 * Relevance-gated selective weight decay (Bonetta et al. 2022, with LOBSTER's rule): after the
 * inner step, w ← w − λ·w·max(0, 1 − |∂J/∂w|) for every weight of φ. Pair it with
 * `thresholdBisection` pruning and `plateauPruning` (in @l0prune/pruning) for the full procedure.
 */
export function relevanceOptimizer(inner: tf.Optimizer, options: RelevanceOptimizerOptions): DecoupledPenaltyOptimizer {
  return new DecoupledPenaltyOptimizer(inner, 'relevance', options as unknown as Options);
}

export type PenaltyOptimizerOptions = Omit<DecoupledPenaltyOptions, 'layers'> &
  Record<string, unknown> & { layers?: Record<string, Record<string, number>> };

/**
 * Any registered penalty (`registerPenalty` in @l0prune/regularizer: the built-ins or your own)
 * as a decoupled attraction around any tfjs optimizer:
 * `penaltyOptimizer(tf.train.adam(1e-3), 'logsum', { model, alpha: 1e-4, epsilon: 0.01 })`.
 * Saved with the model, it restores as long as the penalty is registered before loading.
 */
export function penaltyOptimizer(
  inner: tf.Optimizer,
  penalty: string,
  options: PenaltyOptimizerOptions,
): DecoupledPenaltyOptimizer {
  if (penalty === 'relevance')
    throw new RangeError('penaltyOptimizer: use relevanceOptimizer(inner, { lambda }) for relevance decay');
  return new DecoupledPenaltyOptimizer(inner, penalty, options as unknown as Options);
}

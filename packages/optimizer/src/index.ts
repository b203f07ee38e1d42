export {
  l2l0Optimizer,
  l0Optimizer,
  l1Optimizer,
  l2Optimizer,
  relevanceOptimizer,
  penaltyOptimizer,
} from './factories.js';
export type {
  PenaltyOptimizerOptions,
  L2L0OptimizerOptions,
  L0OptimizerOptions,
  AlphaOptimizerOptions,
  L2L0Params,
  L0Params,
  AlphaParams,
  RelevanceOptimizerOptions,
  RelevanceParams,
} from './factories.js';
export { DecoupledPenaltyOptimizer } from './decoupled-penalty-optimizer.js';
export type { DecoupledPenaltyOptions } from './decoupled-penalty-optimizer.js';
export type { Normalization, PenalizedWeight } from './resolve-penalties.js';
export type { PenaltyParams } from './penalty-spec.js';
export { learningRateOf } from './learning-rate.js';
export type { AttractionKind, AttractionRule, PendingUpdate } from './penalty-spec.js';
export { RelevanceDecay } from './relevance-decay.js';
export type { Sensitivity } from './relevance-decay.js';

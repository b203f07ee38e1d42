export { l2l0Optimizer, l0Optimizer, l1Optimizer, l2Optimizer } from './factories.js';
export type { L2L0OptimizerOptions, L0OptimizerOptions, AlphaOptimizerOptions, L2L0Params, L0Params, AlphaParams } from './factories.js';
export { DecoupledPenaltyOptimizer } from './decoupled-penalty-optimizer.js';
export type { DecoupledPenaltyOptions } from './decoupled-penalty-optimizer.js';
export type { Normalization, PenalizedWeight } from './resolve-penalties.js';
export type { PenaltyParams } from './penalty-spec.js';
export { learningRateOf } from './learning-rate.js';

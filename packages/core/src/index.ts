export { prunableWeights } from './prunable-weights.js';
export type { PrunableWeight, PrunableWeightsOptions } from './prunable-weights.js';
export { PRUNABLE_ROLES } from './weight-roles.js';
export { registerPrunableLayer, unregisterPrunableLayer } from './prunable-layer.js';
export { describeValue, quoteNames } from './describe-value.js';
export { checkNumber, describeRange } from './check-number.js';
export type { NumberRange } from './check-number.js';
export { checkLayersModel, isGraphModel } from './check-layers-model.js';
export type { PrunableLayer, PrunableWeightsGetter } from './prunable-layer.js';
export type { PrunableRole, WeightRole } from './weight-roles.js';
export { countNonzero, countParameters } from './count-parameters.js';
export type { ParameterCount, LayerParameterCount, ModelParameterCount } from './count-parameters.js';
export { disposeOptimizer } from './dispose-optimizer.js';
export { flattenLayers } from './layers.js';
export { layerInternals, isNestedModel } from './layer-internals.js';
export type { LayerInternals, LayerGraphNode, WeightVariable } from './layer-internals.js';
export { readValuesCopy } from './read-values.js';
export { mulberry32 } from './prng.js';
export type { Layer } from './layers.js';
export {
  OptimizerWrapper,
  toGradientList,
  variableNamed,
  serializeOptimizer,
  deserializeOptimizer,
  innerFromConfig,
  setLearningRate,
} from './optimizer-wrapper.js';
export type { GradientList, NamedTensor, SerializedOptimizer } from './optimizer-wrapper.js';

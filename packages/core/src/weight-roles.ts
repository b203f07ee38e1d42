/**
 * What a weight tensor is to its layer. Prunable roles are the multiplicative weights
 * (the set φ of the paper); the others are listed so reports can say what a tensor is.
 */
export type PrunableRole =
  | 'kernel'
  | 'depthwiseKernel'
  | 'pointwiseKernel'
  | 'embeddings'
  | 'recurrentKernel'
  /** A weight a custom layer declares through `getPrunableWeights()` or `registerPrunableLayer`. */
  | 'declared';

export type WeightRole = PrunableRole | 'bias' | 'other';

/** The layer (or RNN cell) attributes tfjs-layers stores each built-in prunable role under. */
export const ATTRIBUTE_ROLES = [
  'kernel',
  'depthwiseKernel',
  'pointwiseKernel',
  'embeddings',
  'recurrentKernel',
] as const;
export type AttributeRole = (typeof ATTRIBUTE_ROLES)[number];

/** Every prunable role, for validating `roles` options. */
export const PRUNABLE_ROLES: readonly PrunableRole[] = [...ATTRIBUTE_ROLES, 'declared'];

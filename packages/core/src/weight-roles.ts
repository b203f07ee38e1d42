/**
 * What a weight tensor is to its layer. Prunable roles are the multiplicative weights
 * (the set φ of the paper); the others are listed so reports can say what a tensor is.
 */
export type PrunableRole =
  | 'kernel'
  | 'depthwiseKernel'
  | 'pointwiseKernel'
  | 'embeddings'
  | 'recurrentKernel';

export type WeightRole = PrunableRole | 'bias' | 'other';

/** The layer (or RNN cell) attributes tfjs-layers stores each prunable role under. */
export const PRUNABLE_ROLES: readonly PrunableRole[] = [
  'kernel',
  'depthwiseKernel',
  'pointwiseKernel',
  'embeddings',
  'recurrentKernel',
];

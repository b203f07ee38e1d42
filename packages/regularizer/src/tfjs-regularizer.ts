import * as tfl from '@tensorflow/tfjs-layers';

/** tfjs-layers' Regularizer instance type (the class is not exported by name). */
export type Regularizer = ReturnType<typeof tfl.regularizers.l1l2>;

/**
 * The runtime `Regularizer` base class. tfjs-layers' `getRegularizer` checks
 * `instanceof Regularizer`, so our classes must extend this very class, reached through a
 * built-in regularizer's prototype chain.
 */
export const RegularizerBase = Object.getPrototypeOf(
  tfl.regularizers.l1l2().constructor,
) as abstract new () => Regularizer;

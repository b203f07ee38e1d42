import * as tf from '@tensorflow/tfjs-core';

/** Chained ops that are the op of the same name applied to `this`. */
const SAME_NAME = `abs acos acosh add all any argMax argMin asin asinh atan atan2 atanh avgPool batchToSpaceND
batchNorm broadcastTo cast ceil clipByValue concat conv1d conv2d conv2dTranspose cos cosh cumprod cumsum
depthToSpace depthwiseConv2d dilation2d div divNoNan dot elu equal erf euclideanNorm exp expandDims expm1 fft
floor floorDiv gather greater greaterEqual ifft irfft isFinite isInf isNaN leakyRelu less lessEqual
localResponseNormalization log log1p logSigmoid logSoftmax logSumExp logicalAnd logicalNot logicalOr logicalXor
matMul max maxPool maximum mean min minimum mirrorPad mod mul neg norm notEqual oneHot onesLike pad pool pow
prelu prod reciprocal relu relu6 reshape resizeBilinear resizeNearestNeighbor reverse rfft round rsqrt selu
separableConv2d sigmoid sign sin sinh slice softmax softplus spaceToBatchND split sqrt square squaredDifference
squeeze stack step stridedSlice sub sum tan tanh tile topk transpose unique unsortedSegmentSum unstack where
zerosLike`.split(/\s+/);

type Method = (this: tf.Tensor, ...args: unknown[]) => unknown;

const SPECIAL: Record<string, Method> = {
  flatten() {
    return tf.reshape(this, [this.size]);
  },
  asScalar() {
    return tf.reshape(this, []);
  },
  as1D() {
    return tf.reshape(this, [this.size]);
  },
  as2D(...shape) {
    return tf.reshape(this, shape as number[]);
  },
  as3D(...shape) {
    return tf.reshape(this, shape as number[]);
  },
  as4D(...shape) {
    return tf.reshape(this, shape as number[]);
  },
  as5D(...shape) {
    return tf.reshape(this, shape as number[]);
  },
  asType(dtype) {
    return tf.cast(this, dtype as tf.DataType);
  },
  toFloat() {
    return tf.cast(this, 'float32');
  },
  toInt() {
    return tf.cast(this, 'int32');
  },
  toBool() {
    return tf.cast(this, 'bool');
  },
  reshapeAs(x) {
    return tf.reshape(this, (x as tf.Tensor).shape);
  },
};

/**
 * Adds the chained ops (`x.flatten()`, `x.add(y)`, …) to tf.Tensor, as `@tensorflow/tfjs`
 * does. tfjs-layers calls some of them (RNNs call `flatten`), and in Node the tfjs-core
 * module that registers them cannot be imported on its own. Only missing methods are added.
 */
export function registerChainedOps(): void {
  const proto = tf.Tensor.prototype as unknown as Record<string, Method>;
  const ops = tf as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of SAME_NAME) {
    if (proto[name] !== undefined || typeof ops[name] !== 'function') continue;
    proto[name] = function (this: tf.Tensor, ...args: unknown[]) {
      this.throwIfDisposed();
      return ops[name](this, ...args);
    };
  }
  for (const [name, method] of Object.entries(SPECIAL)) {
    if (proto[name] !== undefined) continue;
    proto[name] = function (this: tf.Tensor, ...args: unknown[]) {
      this.throwIfDisposed();
      return method.apply(this, args);
    };
  }
}

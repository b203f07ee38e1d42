import * as tf from '@tensorflow/tfjs-core';
import { WasmHeap, windowShape } from './wasm-heap.js';

/**
 * dx[n, r, c, ch] = Σ dy[n, oh, ow, ch] over the pooling windows whose maximum (the first one,
 * scanning the window row by row, as tfjs' cpu backend) is x[n, r, c, ch]. One SIMD pass over the
 * windows in place on the wasm heap (wasm/heap-kernels.wat): tfjs-backend-wasm 4.22's own kernel
 * revisits every window from every input position (17% of a LeNet-5 training step here).
 * Pooling is NHWC in tfjs, with dilation 1 in MaxPoolGrad.
 */
export function maxPoolGradConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
      const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
        filterSize: [number, number] | number;
        strides: [number, number] | number;
        pad: 'valid' | 'same' | number;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
      };
      const heap = WasmHeap.of(args.backend);
      const size = tf.util.sizeFromShape(input.shape);
      if (heap === null || input.dtype !== 'float32' || size === 0 || tf.util.sizeFromShape(dy.shape) === 0)
        return original.kernelFunc(args);
      const info = tf.backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        filterSize,
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      const dx = heap.zeros(input.shape);
      heap.kernels.max_pool_grad(
        heap.pointer(input),
        heap.pointer(dy),
        heap.pointer(dx),
        ...windowShape(info),
        info.effectiveFilterHeight,
        info.effectiveFilterWidth,
        info.strideHeight,
        info.strideWidth,
        info.padInfo.top,
        info.padInfo.left,
      );
      return dx;
    },
  };
}

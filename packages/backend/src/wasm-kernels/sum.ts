import * as tf from '@tensorflow/tfjs-core';
import { WasmHeap } from './wasm-heap.js';

/**
 * Sum over leading axes (a bias gradient: Σ over batch and space of dy [n, h, w, c]) as rows added
 * in place on the wasm heap (wasm/heap-kernels.wat). tfjs-backend-wasm 4.22 first transposes the
 * reduced axes innermost, a full copy (5.4 ms of a LeNet-5 step for conv1's bias). Other
 * reductions and dtypes go to tfjs' kernel.
 */
export function sumConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
      const heap = WasmHeap.of(args.backend);
      const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
      const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
      if (heap === null || x.dtype !== 'float32' || !leading || tf.util.sizeFromShape(x.shape) === 0)
        return original.kernelFunc(args);
      const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
      const kept = x.shape.slice(axes.length);
      const out = heap.zeros(keepDims ? [...axes.map(() => 1), ...kept] : kept);
      heap.kernels.sum_rows(heap.pointer(x), heap.pointer(out), rows, tf.util.sizeFromShape(kept));
      return out;
    },
  };
}

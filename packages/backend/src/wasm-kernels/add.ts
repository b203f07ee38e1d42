import * as tf from '@tensorflow/tfjs-core';
import { WasmHeap } from './wasm-heap.js';

/** `small`'s shape, leading 1s dropped, is a strict suffix of `big`'s: it repeats along big's leading axes. */
function isTrailing(small: number[], big: number[]): boolean {
  const core = small.slice(small.findIndex((d) => d !== 1));
  if (small.every((d) => d === 1) || core.length >= big.length || small.length > big.length) return false;
  return core.every((d, i) => d === big[big.length - core.length + i]);
}

/**
 * Add of a bias to every row (x [n, h, w, c] + b [c], as a Dense or Conv2D layer adds its bias) as a
 * copy plus one SIMD add per row on the wasm heap (wasm/heap-kernels.wat): tfjs-backend-wasm
 * 4.22 broadcasts through a general strided loop (3 ms of a LeNet-5 step for conv1's bias).
 * Every other Add goes to tfjs' kernel.
 */
export function addConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const heap = WasmHeap.of(args.backend);
      if (heap === null || a.dtype !== 'float32' || b.dtype !== 'float32') return original.kernelFunc(args);
      const [x, bias] = isTrailing(b.shape, a.shape) ? [a, b] : isTrailing(a.shape, b.shape) ? [b, a] : [];
      if (x === undefined || bias === undefined || tf.util.sizeFromShape(x.shape) === 0)
        return original.kernelFunc(args);
      const cols = tf.util.sizeFromShape(bias.shape);
      const out = heap.output(x.shape, 'float32');
      heap.kernels.add_rows(
        heap.pointer(x),
        heap.pointer(bias),
        heap.pointer(out),
        tf.util.sizeFromShape(x.shape) / cols,
        cols,
      );
      return out;
    },
  };
}

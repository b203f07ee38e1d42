import type * as tf from '@tensorflow/tfjs-core';
import { compose } from './compose.js';

/**
 * tfjs-backend-wasm 4.22 runs BatchMatMul through XNNPACK only without transposes; with
 * transposeA or transposeB it takes a scalar loop 5–10× slower — and every Dense layer's backward
 * pass asks for both (dW = xᵀ·dy, dx = dy·Wᵀ). Transposing the operand first (a memory pass) and
 * calling the same kernel without transposes gives the fast path. Wraps tfjs' own kernel.
 */
export function batchMatMulConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original.kernelFunc(args);
      const backend = args.backend as tf.KernelBackend;
      return compose(backend, original.backendName, (c) => {
        const swapLastTwo = (x: tf.TensorInfo) => {
          const perm = x.shape.map((_, i) => i);
          perm.splice(-2, 2, perm.length - 1, perm.length - 2);
          return c.run('Transpose', { x }, { perm });
        };
        const inputs = { a: transposeA ? swapLastTwo(a) : a, b: transposeB ? swapLastTwo(b) : b };
        return original.kernelFunc({
          ...args,
          inputs,
          attrs: { ...args.attrs, transposeA: false, transposeB: false },
        }) as tf.TensorInfo;
      });
    },
  };
}

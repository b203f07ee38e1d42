import type * as tf from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * Identity shares its input's data (one more reference), as tfjs' cpu backend and the wasm
 * backend's own Reshape do: tensors are immutable, so a copy buys nothing. tfjs-backend-wasm
 * 4.22 copies (3.6 ms of a LeNet-5 step for conv1's activations). Strings go to tfjs' kernel.
 */
export function identityConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const backend = args.backend as unknown as Partial<RefCountingBackend>;
      if (x.dtype === 'string' || typeof backend.incRef !== 'function') return original.kernelFunc(args);
      backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}

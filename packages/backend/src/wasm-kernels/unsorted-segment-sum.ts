import type * as tf from '@tensorflow/tfjs-core';

/**
 * out[s, …] = Σ_{i: ids[i] = s} x[i, …] (ids out of [0, numSegments) are dropped, as in
 * TensorFlow). Gather's gradient (Embedding layers). A scalar loop: its cost is one pass over x.
 */
export function unsortedSegmentSumConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: 'UnsortedSegmentSum',
    backendName,
    kernelFunc: ({ inputs, backend: anyBackend, attrs }) => {
      const backend = anyBackend as tf.KernelBackend;
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const { numSegments } = attrs as unknown as { numSegments: number };
      const ids = backend.readSync(segmentIds.dataId) as Int32Array;
      const values = backend.readSync(x.dataId) as Float32Array | Int32Array;
      const inner = values.length / Math.max(ids.length, 1);
      const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
      for (let i = 0; i < ids.length; i++) {
        const s = ids[i];
        if (s < 0 || s >= numSegments) continue;
        for (let j = 0; j < inner; j++) out[s * inner + j] += values[i * inner + j];
      }
      return { dataId: backend.write(out, outShape, x.dtype), shape: outShape, dtype: x.dtype };
    },
  };
}

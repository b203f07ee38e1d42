import * as tf from '@tensorflow/tfjs-core';
import { WasmHeap } from './wasm-heap.js';

/** Element types stored as 4 bytes in the wasm heap. */
const FOUR_BYTE_TYPES = new Set<tf.DataType>(['float32', 'int32']);

/**
 * GatherV2 as one memory.copy per gathered slice (wasm/heap-kernels.wat). tfjs-backend-wasm
 * 4.22's own kernel takes 5.6 ms to gather 128 MNIST images (every batch of `model.fit`, which
 * slices its batches with a gather: a quarter of a LeNet-300-100 step here). Other element
 * types go to tfjs' kernel; an index out of range throws tfjs' own message.
 */
export function gatherV2Config(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
      const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
      const heap = WasmHeap.of(args.backend);
      if (heap === null || !FOUR_BYTE_TYPES.has(x.dtype) || indices.dtype !== 'int32') return original.kernelFunc(args);
      const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0];
      const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(
        x as tf.Tensor,
        indices as tf.Tensor,
        parsedAxis,
        batchDims,
      );
      const out = heap.output(info.outputShape, x.dtype);
      const count = tf.util.sizeFromShape(indices.shape);
      if (tf.util.sizeFromShape(x.shape) === 0 || count === 0) return out;
      const bad = heap.kernels.gather(
        heap.pointer(x),
        heap.pointer(indices),
        heap.pointer(out),
        info.batchSize,
        info.outerSize,
        info.dimSize,
        count / info.batchSize,
        info.sliceSize * 4,
      );
      if (bad >= 0) {
        (args.backend as tf.KernelBackend).disposeData(out.dataId);
        const value = (args.backend as tf.KernelBackend).readSync(indices.dataId)[bad];
        throw new Error(`GatherV2: the index value ${value} is not in [0, ${info.dimSize - 1}]`);
      }
      return out;
    },
  };
}

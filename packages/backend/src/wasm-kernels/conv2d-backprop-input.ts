import * as tf from '@tensorflow/tfjs-core';
import { compose } from './compose.js';
import { WasmHeap } from './wasm-heap.js';

/** Largest col matrix built at once; bigger batches go in chunks. */
const PATCH_BYTES_LIMIT = 64 * 1024 * 1024;

/** [first, count] ranges of a batch of `batch` samples, each range's patch matrix within `limit` bytes (one sample at least). */
function batchChunks(batch: number, bytesPerSample: number, limit = PATCH_BYTES_LIMIT): Array<[number, number]> {
  const perChunk = Math.max(1, Math.floor(limit / Math.max(1, bytesPerSample)));
  const chunks: Array<[number, number]> = [];
  for (let first = 0; first < batch; first += perChunk) chunks.push([first, Math.min(perChunk, batch - first)]);
  return chunks;
}

/**
 * dx of a convolution (dilation 1, as tfjs' gradients allow), as col2im of one matMul:
 *   col[(n, oh, ow), (kh, kw, ci)] = Σ_co dy[n, oh, ow, co] · W[kh, kw, ci, co]      (XNNPACK's matMul)
 *   dx[n, oh·s + kh − top, ow·s + kw − left, ci] += col[(n, oh, ow), (kh, kw, ci)]   (wasm/heap-kernels.wat)
 * No multiply is spent on the zeros that a transposed convolution of a padded, stride-spread dy
 * would add. tfjs-backend-wasm 4.22's own Conv2DBackpropInput is a scalar loop (45% of a LeNet-5
 * training step here); NCHW data and a heap this package cannot reach go to it.
 */
export function conv2dBackpropInputConfig(
  original: tf.KernelConfig,
  { patchBytesLimit = PATCH_BYTES_LIMIT } = {},
): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as {
        strides: [number, number] | number;
        pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
        dataFormat?: string;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        inputShape: [number, number, number, number];
      };
      const heap = WasmHeap.of(args.backend);
      if (
        heap === null ||
        (dataFormat !== undefined && dataFormat !== 'NHWC') ||
        dy.dtype !== 'float32' ||
        tf.util.sizeFromShape(dy.shape) === 0 ||
        tf.util.sizeFromShape(inputShape) === 0
      )
        return original.kernelFunc(args);
      const info = tf.backend_util.computeConv2DInfo(
        inputShape,
        filter.shape as [number, number, number, number],
        strides,
        1,
        pad,
        dimRoundingMode,
        false,
        'channelsLast',
      );
      const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
      const { filterHeight: KH, filterWidth: KW, outChannels: CO } = info;
      const K = KH * KW * C;
      return compose(args.backend as tf.KernelBackend, original.backendName, (c) => {
        const filterT = c.run('Transpose', { x: c.reshape(filter, [K, CO]) }, { perm: [1, 0] }); // [CO, K]
        const dx = c.track(heap.zeros(inputShape));
        for (const [first, count] of batchChunks(N, OH * OW * K * 4, patchBytesLimit)) {
          const dyChunk =
            count === N ? dy : c.run('Slice', { x: dy }, { begin: [first, 0, 0, 0], size: [count, OH, OW, CO] });
          const col = c.run(
            'BatchMatMul',
            { a: c.reshape(dyChunk, [1, count * OH * OW, CO]), b: c.reshape(filterT, [1, CO, K]) },
            { transposeA: false, transposeB: false },
          );
          heap.kernels.col2im(
            heap.pointer(col),
            heap.pointer(dx) + first * H * W * C * 4,
            count,
            H,
            W,
            C,
            OH,
            OW,
            KH,
            KW,
            info.strideHeight,
            info.strideWidth,
            info.padInfo.top,
            info.padInfo.left,
          );
          c.release(col);
        }
        return dx;
      });
    },
  };
}

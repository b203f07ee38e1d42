import * as tf from '@tensorflow/tfjs-core';
import { checkChannelsLast, compose, offsetPatch, padInput, type KernelComposer } from './compose.js';
import { WasmHeap, windowShape } from './wasm-heap.js';

/**
 * Filters up to this size (LeNet-5's first layer: 2 KB) get their gradient accumulated in place, in L1 cache,
 * on the wasm heap: there XNNPACK's route below spends most of its time packing dy, a new "filter" every step
 * (30 ms of a LeNet-5 step for 0.07 GFLOP). Larger filters are arithmetic-bound and go to XNNPACK.
 */
const SMALL_FILTER_BYTES = 16 * 1024;

/**
 * dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh·d − top, ow·s + kw·d − left, ci] · dy[n, oh, ow, co].
 *
 * Read with the batch as the channel axis, that sum is itself a convolution: of the padded
 * input transposed to [Cin, H, W, N] with dy transposed to [OH, OW, N, Cout] as the filter,
 * dilated by the stride s and strided by the dilation d. So the backend's own fast Conv2D does
 * the work (12× faster than slices + matMuls for LeNet-5's first layer here). When both s and d
 * exceed 1 (which Conv2D cannot take together) it falls back to one slice + matMul per filter
 * offset. (The wasm Conv3DBackpropFilterV2 route is wrong for stride > 1.)
 */
export function conv2dBackpropFilterConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend: anyBackend, attrs }) => {
      const backend = anyBackend as tf.KernelBackend;
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape, dilations } = attrs as unknown as {
        strides: [number, number] | number;
        pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
        dataFormat: string;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        filterShape: [number, number, number, number];
        dilations?: [number, number] | number;
      };
      checkChannelsLast(dataFormat, 'Conv2DBackpropFilter');
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        strides,
        dilations ?? 1,
        pad,
        dimRoundingMode,
        false,
        'channelsLast',
      );
      const heap = WasmHeap.of(backend);
      if (
        heap !== null &&
        x.dtype === 'float32' &&
        tf.util.sizeFromShape(filterShape) * 4 <= SMALL_FILTER_BYTES &&
        tf.util.sizeFromShape(dy.shape) > 0
      )
        return inPlace(heap, x, dy, info, filterShape);
      const strided = info.strideHeight > 1 || info.strideWidth > 1;
      const dilated = info.dilationHeight > 1 || info.dilationWidth > 1;
      return compose(backend, backendName, (c) => {
        const xp = padInput(c, x, info);
        return strided && dilated
          ? perOffset(c, xp, dy, info, filterShape)
          : asConvolution(c, xp, dy, info, filterShape);
      });
    },
  };
}

function inPlace(
  heap: WasmHeap,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: number[],
): tf.TensorInfo {
  const dw = heap.zeros(filterShape);
  heap.kernels.conv_filter_grad(
    heap.pointer(x),
    heap.pointer(dy),
    heap.pointer(dw),
    ...windowShape(info),
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
  return dw;
}

function asConvolution(
  c: KernelComposer,
  xp: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: number[],
): tf.TensorInfo {
  const xT = c.run('Transpose', { x: xp }, { perm: [3, 1, 2, 0] }); // [Cin, Hp, Wp, N]
  const dyT = c.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, N, Cout]
  const out = c.run(
    'Conv2D',
    { x: xT, filter: dyT },
    {
      strides: [info.dilationHeight, info.dilationWidth],
      pad: 'valid',
      dataFormat: 'NHWC',
      dilations: [info.strideHeight, info.strideWidth],
      dimRoundingMode: undefined,
    },
  ); // [Cin, ≥KH, ≥KW, Cout]
  const [, oh, ow] = out.shape;
  const cropped =
    oh === info.filterHeight && ow === info.filterWidth
      ? out
      : c.run(
          'Slice',
          { x: out },
          { begin: [0, 0, 0, 0], size: [info.inChannels, info.filterHeight, info.filterWidth, info.outChannels] },
        );
  return c.reshape(c.run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] }), filterShape);
}

function perOffset(
  c: KernelComposer,
  xp: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: number[],
): tf.TensorInfo {
  const rows = info.batchSize * info.outHeight * info.outWidth;
  // dy transposed once, so no matMul needs transposeA (several times slower in the wasm backend).
  const a = c.reshape(c.run('Transpose', { x: c.reshape(dy, [rows, info.outChannels]) }, { perm: [1, 0] }), [
    1,
    info.outChannels,
    rows,
  ]);
  const parts: tf.TensorInfo[] = [];
  for (let kh = 0; kh < info.filterHeight; kh++) {
    for (let kw = 0; kw < info.filterWidth; kw++) {
      const b = c.reshape(offsetPatch(c, xp, info, kh, kw), [1, rows, info.inChannels]);
      parts.push(c.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false })); // [1, Cout, Cin]
    }
  }
  const stacked = parts.length === 1 ? parts[0] : c.run('Concat', parts, { axis: 0 }); // [offsets, Cout, Cin]
  return c.reshape(c.run('Transpose', { x: stacked }, { perm: [0, 2, 1] }), filterShape);
}

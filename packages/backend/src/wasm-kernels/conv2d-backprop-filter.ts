import * as tf from '@tensorflow/tfjs-core';
import { checkChannelsLast, compose } from './compose.js';

/**
 * dW[kh, kw] = Σ_{n, oh, ow} x[n, oh·s + kh·d − top, ow·s + kw·d − left, :]ᵀ · dy[n, oh, ow, :]:
 * one strided slice of the padded input and one matMul per filter offset, so the work runs
 * in the backend's SIMD matMul. (The wasm Conv3DBackpropFilterV2 route is wrong for stride > 1.)
 */
export function conv2dBackpropFilterConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend: anyBackend, attrs }) => {
      const backend = anyBackend as tf.KernelBackend;
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
        strides: [number, number] | number;
        pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
        dataFormat: string;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        filterShape: [number, number, number, number];
      };
      checkChannelsLast(dataFormat, 'Conv2DBackpropFilter');
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        strides,
        1,
        pad,
        dimRoundingMode,
        false,
        'channelsLast',
      );
      return compose(backend, backendName, (c) => {
        const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: cin, outChannels: cout } = info;
        const { top, bottom, left, right } = info.padInfo;
        const xp = c.run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
        const rows = n * oh * ow;
        const dy2 = c.reshape(dy, [1, rows, cout]);
        const parts: tf.TensorInfo[] = [];
        for (let kh = 0; kh < info.filterHeight; kh++) {
          for (let kw = 0; kw < info.filterWidth; kw++) {
            const h0 = kh * info.dilationHeight;
            const w0 = kw * info.dilationWidth;
            const patch = c.run('StridedSlice', { x: xp }, {
              begin: [0, h0, w0, 0],
              end: [n, h0 + (oh - 1) * info.strideHeight + 1, w0 + (ow - 1) * info.strideWidth + 1, cin],
              strides: [1, info.strideHeight, info.strideWidth, 1],
              beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
            });
            const a = c.reshape(patch, [1, rows, cin]);
            parts.push(c.run('BatchMatMul', { a, b: dy2 }, { transposeA: true, transposeB: false }));
          }
        }
        const stacked = parts.length === 1 ? parts[0] : c.run('Concat', parts, { axis: 0 });
        return c.reshape(stacked, filterShape);
      });
    },
  };
}

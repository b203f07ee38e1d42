import * as tf from '@tensorflow/tfjs-core';
import { checkChannelsLast, compose, offsetPatch, padInput } from './compose.js';

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
        const rows = info.batchSize * info.outHeight * info.outWidth;
        const xp = padInput(c, x, info);
        const dy2 = c.reshape(dy, [1, rows, info.outChannels]);
        const parts: tf.TensorInfo[] = [];
        for (let kh = 0; kh < info.filterHeight; kh++) {
          for (let kw = 0; kw < info.filterWidth; kw++) {
            const a = c.reshape(offsetPatch(c, xp, info, kh, kw), [1, rows, info.inChannels]);
            parts.push(c.run('BatchMatMul', { a, b: dy2 }, { transposeA: true, transposeB: false }));
          }
        }
        const stacked = parts.length === 1 ? parts[0] : c.run('Concat', parts, { axis: 0 });
        return c.reshape(stacked, filterShape);
      });
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';
import { compose, padSpatial, spreadByStride } from './compose.js';

/**
 * dx of a convolution (dilation 1, as tfjs' gradients allow) is itself a convolution: of dy with
 * s − 1 zeros inserted between its rows and columns (stride s), padded by k − 1 − pad on the
 * leading side, with the filter flipped in space and its in/out channels swapped:
 *   dx[n, h, w, ci] = Σ_{kh, kw, co} dyₛ[n, h + kh, w + kw, co] · W[KH − 1 − kh, KW − 1 − kw, ci, co].
 * tfjs-backend-wasm 4.22's own Conv2DBackpropInput is a scalar loop (45% of a LeNet-5 training
 * step here); this routes it through the backend's XNNPACK Conv2D. Paddings it cannot express
 * (a pad larger than the filter) go to tfjs' own kernel, as does NCHW data.
 */
export function conv2dBackpropInputConfig(original: tf.KernelConfig): tf.KernelConfig {
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
      if (dataFormat !== undefined && dataFormat !== 'NHWC') return original.kernelFunc(args);
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
      const [sh, sw] = [info.strideHeight, info.strideWidth];
      // dy with zeros inserted spans (out − 1)·s + 1; padded, it must span in + k − 1.
      const [spanH, spanW] = [(info.outHeight - 1) * sh + 1, (info.outWidth - 1) * sw + 1];
      const top = info.filterHeight - 1 - info.padInfo.top;
      const left = info.filterWidth - 1 - info.padInfo.left;
      const bottom = info.inHeight + info.filterHeight - 1 - top - spanH;
      const right = info.inWidth + info.filterWidth - 1 - left - spanW;
      if (top < 0 || left < 0 || bottom < 0 || right < 0) return original.kernelFunc(args);
      return compose(args.backend as tf.KernelBackend, original.backendName, (c) => {
        const padded = padSpatial(c, spreadByStride(c, dy, sh, sw), [top, bottom], [left, right]);
        const flipped = c.run(
          'Transpose',
          { x: c.run('Reverse', { x: filter }, { dims: [0, 1] }) },
          { perm: [0, 1, 3, 2] },
        );
        return c.run(
          'Conv2D',
          { x: padded, filter: flipped },
          { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
        );
      });
    },
  };
}

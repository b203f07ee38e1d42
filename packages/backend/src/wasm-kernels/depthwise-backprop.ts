import * as tf from '@tensorflow/tfjs-core';
import { compose, offsetPatch, padInput, padSpatial, spreadByStride } from './compose.js';

type DepthwiseAttrs = {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

/**
 * dW[kh, kw, c, m] = Σ_{n, oh, ow} x[n, oh·s + kh·d − top, ow·s + kw·d − left, c] · dy[n, oh, ow, c·M + m]:
 * per filter offset, a strided slice times dy (broadcast over the multiplier), summed over positions.
 */
export function depthwiseBackpropFilterConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend: anyBackend, attrs }) => {
      const backend = anyBackend as tf.KernelBackend;
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as DepthwiseAttrs & {
        filterShape: [number, number, number, number];
      };
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        strides,
        dilations,
        pad,
        dimRoundingMode,
        true,
      );
      return compose(backend, backendName, (c) => {
        const rows = info.batchSize * info.outHeight * info.outWidth;
        const cin = info.inChannels;
        const xp = padInput(c, x, info);
        const dy3 = c.reshape(dy, [rows, cin, filterShape[3]]);
        const parts: tf.TensorInfo[] = [];
        for (let kh = 0; kh < info.filterHeight; kh++) {
          for (let kw = 0; kw < info.filterWidth; kw++) {
            const product = c.run('Multiply', {
              a: c.reshape(offsetPatch(c, xp, info, kh, kw), [rows, cin, 1]),
              b: dy3,
            });
            parts.push(c.run('Sum', { x: product }, { axis: [0], keepDims: true }));
          }
        }
        const stacked = parts.length === 1 ? parts[0] : c.run('Concat', parts, { axis: 0 });
        return c.reshape(stacked, filterShape);
      });
    },
  };
}

/**
 * dx = Σ over filter offsets of (Σ_m dy[…, c·M + m] · W[kh, kw, c, m]) placed at the input
 * positions oh·s + kh·d − top: spread by the stride (zeros between), shifted by the offset,
 * accumulated in the padded input and cropped.
 */
export function depthwiseBackpropInputConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName,
    kernelFunc: ({ inputs, backend: anyBackend, attrs }) => {
      const backend = anyBackend as tf.KernelBackend;
      const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as DepthwiseAttrs & {
        inputShape: [number, number, number, number];
      };
      const filterShape = filter.shape as [number, number, number, number];
      const info = tf.backend_util.computeConv2DInfo(
        inputShape,
        filterShape,
        strides,
        dilations,
        pad,
        dimRoundingMode,
        true,
      );
      return compose(backend, backendName, (c) => {
        const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: cin, inHeight: h, inWidth: w } = info;
        const [sh, sw] = [info.strideHeight, info.strideWidth];
        const mult = filterShape[3];
        const { top, bottom, left, right } = info.padInfo;
        const hp = h + top + bottom;
        const wp = w + left + right;
        const dy5 = c.reshape(dy, [n, oh, ow, cin, mult]);
        // Spans of the strided output grid: (o − 1)·s + 1 positions.
        const spanH = (oh - 1) * sh + 1;
        const spanW = (ow - 1) * sw + 1;
        let acc: tf.TensorInfo | undefined;
        for (let kh = 0; kh < info.filterHeight; kh++) {
          for (let kw = 0; kw < info.filterWidth; kw++) {
            const wk = c.run('Slice', { x: filter }, { begin: [kh, kw, 0, 0], size: [1, 1, cin, mult] });
            const prod = c.run('Multiply', { a: dy5, b: c.reshape(wk, [1, 1, 1, cin, mult]) });
            const contrib = c.run('Sum', { x: prod }, { axis: [4], keepDims: false }); // [n, oh, ow, cin]
            const h0 = kh * info.dilationHeight;
            const w0 = kw * info.dilationWidth;
            const placed = padSpatial(
              c,
              spreadByStride(c, contrib, sh, sw),
              [h0, hp - h0 - spanH],
              [w0, wp - w0 - spanW],
            );
            acc = acc === undefined ? placed : c.run('Add', { a: acc, b: placed });
          }
        }
        return c.run('Slice', { x: acc! }, { begin: [0, top, left, 0], size: [n, h, w, cin] });
      });
    },
  };
}

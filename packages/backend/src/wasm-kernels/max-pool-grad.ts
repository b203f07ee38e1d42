import * as tf from '@tensorflow/tfjs-core';

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/**
 * dx[n, r, c, ch] = Σ dy[n, oh, ow, ch] over the pooling windows whose maximum (the first one,
 * scanning the window row by row, as tfjs' cpu backend) is x[n, r, c, ch]. One pass over the
 * windows, in place on the wasm heap: tfjs-backend-wasm 4.22's own kernel revisits every window
 * from every input position (17% of a LeNet-5 training step here). NCHW-free (pooling is NHWC
 * in tfjs); dilation is 1 in tfjs' MaxPoolGrad.
 */
export function maxPoolGradConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
      const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
        filterSize: [number, number] | number;
        strides: [number, number] | number;
        pad: 'valid' | 'same' | number;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
      };
      const backend = args.backend as unknown as WasmHeapBackend;
      if (input.dtype !== 'float32' || typeof backend.typedArrayFromHeap !== 'function')
        return original.kernelFunc(args);
      const info = tf.backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        filterSize,
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      const {
        batchSize: N,
        inHeight: H,
        inWidth: W,
        inChannels: C,
        outHeight: OH,
        outWidth: OW,
        strideHeight: sh,
        strideWidth: sw,
      } = info;
      const { effectiveFilterHeight: KH, effectiveFilterWidth: KW } = info;
      const { top, left } = info.padInfo;
      const out = backend.makeOutput(input.shape, 'float32');
      // Views after the allocation: growing the heap replaces its buffer.
      const dx = backend.typedArrayFromHeap(out);
      const x = backend.typedArrayFromHeap(input);
      const g = backend.typedArrayFromHeap(dy);
      dx.fill(0);
      // Channels innermost: each window row is one contiguous run of the input.
      const best = new Float32Array(C);
      const at = new Int32Array(C);
      for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
          const r0 = oh * sh - top;
          const [rFrom, rTo] = [Math.max(0, r0), Math.min(H, r0 + KH)];
          for (let ow = 0; ow < OW; ow++) {
            const c0 = ow * sw - left;
            const [cFrom, cTo] = [Math.max(0, c0), Math.min(W, c0 + KW)];
            best.fill(-Infinity);
            at.fill(-1);
            for (let r = rFrom; r < rTo; r++) {
              for (let c = cFrom; c < cTo; c++) {
                const base = ((n * H + r) * W + c) * C;
                for (let ch = 0; ch < C; ch++) {
                  const v = x[base + ch];
                  if (v > best[ch]) {
                    best[ch] = v;
                    at[ch] = base + ch;
                  }
                }
              }
            }
            const dyBase = ((n * OH + oh) * OW + ow) * C;
            for (let ch = 0; ch < C; ch++) if (at[ch] >= 0) dx[at[ch]] += g[dyBase + ch];
          }
        }
      }
      return out;
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';

type Inputs = Record<string, tf.TensorInfo> | tf.TensorInfo[];

/**
 * Runs another kernel of the same backend on TensorInfos, as the backends' own composite
 * kernels do: no public ops (and so no tape or scope bookkeeping) inside a kernel.
 */
export class KernelComposer {
  private readonly temporaries: tf.TensorInfo[] = [];

  constructor(
    readonly backend: tf.KernelBackend,
    readonly backendName: string,
  ) {}

  run(kernelName: string, inputs: Inputs, attrs: Record<string, unknown> = {}): tf.TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (kernel === undefined)
      throw new Error(`@l0prune/backend: the ${this.backendName} backend has no ${kernelName} kernel`);
    const out = kernel.kernelFunc({
      inputs: inputs as tf.NamedTensorInfoMap,
      attrs: attrs as tf.NamedAttrMap,
      backend: this.backend,
    }) as tf.TensorInfo;
    this.temporaries.push(out);
    return out;
  }

  /** Hands `result` to the caller and frees every other intermediate. */
  finish(result: tf.TensorInfo): tf.TensorInfo {
    for (const t of this.temporaries) if (t !== result) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
    return result;
  }

  /** Frees every intermediate (on error). */
  abandon(): void {
    for (const t of this.temporaries) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
  }

  /** Adopts a tensor made outside `run` (e.g. in the wasm heap) as an intermediate to free. */
  track(t: tf.TensorInfo): tf.TensorInfo {
    this.temporaries.push(t);
    return t;
  }

  /** Frees one intermediate now (a chunk's, before the next chunk allocates its own). */
  release(t: tf.TensorInfo): void {
    const i = this.temporaries.indexOf(t);
    if (i >= 0) this.temporaries.splice(i, 1);
    this.backend.disposeData(t.dataId);
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }
}

/** Runs `body` with a composer, freeing intermediates whatever happens. */
export function compose(
  backend: tf.KernelBackend,
  backendName: string,
  body: (c: KernelComposer) => tf.TensorInfo,
): tf.TensorInfo {
  const c = new KernelComposer(backend, backendName);
  try {
    return c.finish(body(c));
  } catch (e) {
    c.abandon();
    throw e;
  }
}

export function checkChannelsLast(dataFormat: unknown, kernel: string): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`@l0prune/backend: ${kernel} supports NHWC data only, got ${String(dataFormat)}`);
  }
}

/**
 * The input window that filter offset (kh, kw) sees at every output position: a strided slice
 * of the padded input, shape [batch, outHeight, outWidth, inChannels].
 */
export function offsetPatch(
  c: KernelComposer,
  paddedInput: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  kh: number,
  kw: number,
): tf.TensorInfo {
  const h0 = kh * info.dilationHeight;
  const w0 = kw * info.dilationWidth;
  return c.run(
    'StridedSlice',
    { x: paddedInput },
    {
      begin: [0, h0, w0, 0],
      end: [
        info.batchSize,
        h0 + (info.outHeight - 1) * info.strideHeight + 1,
        w0 + (info.outWidth - 1) * info.strideWidth + 1,
        info.inChannels,
      ],
      strides: [1, info.strideHeight, info.strideWidth, 1],
      beginMask: 0,
      endMask: 0,
      ellipsisMask: 0,
      newAxisMask: 0,
      shrinkAxisMask: 0,
    },
  );
}

/** `x` [n, h, w, c] zero-padded in space: [top, bottom] rows and [left, right] columns. */
export function padSpatial(
  c: KernelComposer,
  x: tf.TensorInfo,
  [top, bottom]: number[],
  [left, right]: number[],
): tf.TensorInfo {
  const paddings = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  return c.run('PadV2', { x }, { paddings, constantValue: 0 });
}

/** The input zero-padded as the convolution pads it. */
export function padInput(c: KernelComposer, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { top, bottom, left, right } = info.padInfo;
  return padSpatial(c, x, [top, bottom], [left, right]);
}

/**
 * `x` [n, oh, ow, c] laid on the strided grid of a stride-(sh, sw) output: s − 1 zeros between
 * rows and between columns, [n, (oh − 1)·sh + 1, (ow − 1)·sw + 1, c] (x itself when both are 1).
 */
export function spreadByStride(c: KernelComposer, x: tf.TensorInfo, sh: number, sw: number): tf.TensorInfo {
  if (sh === 1 && sw === 1) return x;
  const [n, oh, ow, ch] = x.shape;
  const paddings = [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ];
  const cells = c.run('PadV2', { x: c.reshape(x, [n, oh, 1, ow, 1, ch]) }, { paddings, constantValue: 0 });
  const size = [n, (oh - 1) * sh + 1, (ow - 1) * sw + 1, ch];
  return c.run('Slice', { x: c.reshape(cells, [n, oh * sh, ow * sw, ch]) }, { begin: [0, 0, 0, 0], size });
}

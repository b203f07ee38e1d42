import { layerInternals, type Layer } from '@l0prune/core';

/**
 * Multiply-accumulates per sample that a dense runtime executes for a layer, counting only
 * its live structure: input channels with any nonzero weight and output units/filters with any
 * nonzero weight or bias. Unstructured zeros do not lower it; removed neurons do.
 * FLOPs = 2 × MACs. Null for layer types it does not model (then left out of totals).
 */
export function layerMacs(layer: Layer): number | null {
  const cls = layer.getClassName();
  const kernelOf = (attr: 'kernel' | 'bias' | 'depthwiseKernel' | 'pointwiseKernel') => layerInternals(layer)[attr];
  const outShape = (Array.isArray(layer.outputShape[0]) ? layer.outputShape[0] : layer.outputShape) as (
    | number
    | null
  )[];
  const spatialOf = (dims: (number | null)[]) => dims.reduce<number>((a, b) => a * (b ?? 1), 1);
  const bias = kernelOf('bias');
  const biasValues = bias ? bias.read().dataSync() : undefined;

  if (cls === 'Dense' || cls === 'Conv1D' || cls === 'Conv2D' || cls === 'Conv3D') {
    const kernel = kernelOf('kernel');
    if (!kernel) return null;
    const shape: number[] = [...kernel.shape];
    const [cin, cout] = shape.slice(-2);
    const window = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const { rows, cols } = liveChannels(kernel.read().dataSync(), window, cin, cout, biasValues);
    return spatialOf(outShape.slice(1, -1)) * window * rows * cols;
  }
  if (cls === 'DepthwiseConv2D') {
    const kernel = kernelOf('depthwiseKernel');
    if (!kernel) return null;
    const [kh, kw, cin, mult] = kernel.shape;
    const { rows } = liveChannels(kernel.read().dataSync(), kh * kw, cin, mult, undefined);
    return spatialOf(outShape.slice(1, -1)) * kh * kw * rows * mult;
  }
  if (cls === 'SeparableConv2D') {
    const dw = kernelOf('depthwiseKernel');
    const pw = kernelOf('pointwiseKernel');
    if (!dw || !pw) return null;
    const [kh, kw, cin, mult] = dw.shape;
    const spatial = spatialOf(outShape.slice(1, -1));
    const { rows } = liveChannels(dw.read().dataSync(), kh * kw, cin, mult, undefined);
    const live = liveChannels(pw.read().dataSync(), 1, cin * mult, pw.shape[3], biasValues);
    return spatial * (kh * kw * rows * mult + live.rows * live.cols);
  }
  return null;
}

/** Input rows and output columns of a [window, cin, cout] kernel that carry any nonzero. */
function liveChannels(
  values: ArrayLike<number>,
  window: number,
  cin: number,
  cout: number,
  bias: ArrayLike<number> | undefined,
) {
  const rowLive = new Uint8Array(cin);
  const colLive = new Uint8Array(cout);
  for (let w = 0; w < window; w++) {
    for (let i = 0; i < cin; i++) {
      const base = (w * cin + i) * cout;
      for (let o = 0; o < cout; o++) {
        if (values[base + o] !== 0) {
          rowLive[i] = 1;
          colLive[o] = 1;
        }
      }
    }
  }
  if (bias) for (let o = 0; o < cout; o++) if (bias[o] !== 0) colLive[o] = 1;
  const sum = (a: Uint8Array) => a.reduce((s, x) => s + x, 0);
  return { rows: sum(rowLive), cols: sum(colLive) };
}

import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs-core's gradients (as @tensorflow/tfjs does).
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, registerTrainingKernels } from '../src/index.js';
import { conv2dBackpropInputConfig } from '../src/wasm-kernels/conv2d-backprop-input.js';
import { WasmHeap } from '../src/wasm-kernels/wasm-heap.js';

/** Runs `f` on a backend and returns plain values (inputs are re-created there from arrays). */
async function on<_T>(backend: string, f: () => tf.Tensor): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  // Garbage where the next tensors will be allocated: a kernel that skips an output element shows.
  tf.fill([1 << 16], Number.NaN).dispose();
  const out = tf.tidy(f);
  const result = { shape: out.shape, values: out.dataSync() as Float32Array };
  out.dispose();
  return result;
}

function close(a: { shape: number[]; values: Float32Array }, b: { shape: number[]; values: Float32Array }, tol = 1e-4) {
  expect(a.shape).toEqual(b.shape);
  let worst = 0;
  const scale = Math.max(1, ...Array.from(b.values).map(Math.abs));
  for (let i = 0; i < a.values.length; i++) worst = Math.max(worst, Math.abs(a.values[i] - b.values[i]));
  expect(worst / scale).toBeLessThan(tol);
}

const rand = (shape: number[], seed: number) => Array.from(tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync());

beforeAll(async () => {
  await chooseBackend({ backend: 'wasm', log: () => {} });
});

describe('wasm training kernels equal the cpu backend', () => {
  it('registers only the kernels wasm lacks', () => {
    expect(registerTrainingKernels('wasm')).toEqual([]); // already registered by chooseBackend
    for (const k of [
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'UnsortedSegmentSum',
    ]) {
      expect(tf.getKernel(k, 'wasm')).toBeDefined();
    }
  });

  describe.each([
    [1, 'same'],
    [1, 'valid'],
    [2, 'same'],
    [2, 'valid'],
  ] as const)('stride %i, padding %s', (stride, pad) => {
    // 6 output channels: a filter accumulated in place (a SIMD quad and a tail); 160: one for XNNPACK (> 16 KB).
    it.each([6, 160])('Conv2DBackpropFilter (conv2d filter gradient), %i output channels', async (f) => {
      const xv = rand([2, 9, 8, 3], 1);
      const wv = rand([3, 3, 3, f], 2);
      const grad = () =>
        tf.grad((w: tf.Tensor) =>
          tf.sum(tf.square(tf.conv2d(tf.tensor4d(xv, [2, 9, 8, 3]), w as tf.Tensor4D, stride, pad))),
        )(tf.tensor4d(wv, [3, 3, 3, f]));
      close(await on('wasm', grad), await on('cpu', grad));
    });

    it('DepthwiseConv2dNativeBackpropFilter and BackpropInput (depthwise gradients)', async () => {
      const xv = rand([2, 7, 9, 3], 3);
      const wv = rand([3, 3, 3, 2], 4);
      const grads = (which: 0 | 1) => () =>
        tf.grads((x: tf.Tensor, w: tf.Tensor) =>
          tf.sum(tf.square(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad))),
        )([tf.tensor4d(xv, [2, 7, 9, 3]), tf.tensor4d(wv, [3, 3, 3, 2])])[which];
      close(await on('wasm', grads(1)), await on('cpu', grads(1)));
      close(await on('wasm', grads(0)), await on('cpu', grads(0)));
    });
  });

  it('depthwise kernels with dilation 2 equal a direct loop (cpu and tfjs gradients do not support dilation)', async () => {
    // x [1, 9, 9, 2], filter [3, 3, 2, 1], dilation 2, valid: out [1, 5, 5, 2].
    const [H, C, K, D, O] = [9, 2, 3, 2, 5];
    const xv = rand([1, H, H, C], 5);
    const dyv = rand([1, O, O, C], 6);
    const wv = rand([K, K, C, 1], 7);
    const at = (a: number[], r: number, c: number, ch: number, w: number, chs: number) => a[(r * w + c) * chs + ch];
    const refFilter = new Float32Array(K * K * C);
    const refInput = new Float32Array(H * H * C);
    for (let kh = 0; kh < K; kh++)
      for (let kw = 0; kw < K; kw++)
        for (let c = 0; c < C; c++)
          for (let oh = 0; oh < O; oh++)
            for (let ow = 0; ow < O; ow++) {
              const [r, q] = [oh + kh * D, ow + kw * D];
              const g = at(dyv, oh, ow, c, O, C);
              refFilter[(kh * K + kw) * C + c] += at(xv, r, q, c, H, C) * g;
              refInput[(r * H + q) * C + c] += wv[(kh * K + kw) * C + c] * g;
            }
    const attrs = { strides: 1, dilations: 2, pad: 'valid' } as const;
    const dy = () => tf.tensor4d(dyv, [1, O, O, C]);
    const filter = () =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor4d(xv, [1, H, H, C]), dy: dy() }, {
        ...attrs,
        filterShape: [K, K, C, 1],
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    close(await on('wasm', filter), { shape: [K, K, C, 1], values: refFilter });
    const input = () =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: dy(), filter: tf.tensor4d(wv, [K, K, C, 1]) }, {
        ...attrs,
        inputShape: [1, H, H, C],
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    close(await on('wasm', input), { shape: [1, H, H, C], values: refInput });
  });

  it.each([
    [1, 2, 4],
    [2, 2, 4],
    [1, 2, 160],
    [2, 2, 160],
  ])(
    'Conv2DBackpropFilter with stride %i and dilation %i, %i output channels, equals a direct loop',
    async (s, d, F) => {
      // x [2, 11, 11, 3], filter [3, 3, 3, F], valid: out = floor((11 − (3 − 1)·d − 1) / s) + 1.
      const [N, H, C, K] = [2, 11, 3, 3];
      const O = Math.floor((H - (K - 1) * d - 1) / s) + 1;
      const xv = rand([N, H, H, C], 9);
      const dyv = rand([N, O, O, F], 10);
      const ref = new Float32Array(K * K * C * F);
      for (let n = 0; n < N; n++)
        for (let kh = 0; kh < K; kh++)
          for (let kw = 0; kw < K; kw++)
            for (let c = 0; c < C; c++)
              for (let f = 0; f < F; f++)
                for (let oh = 0; oh < O; oh++)
                  for (let ow = 0; ow < O; ow++) {
                    const xi = ((n * H + oh * s + kh * d) * H + ow * s + kw * d) * C + c;
                    ref[((kh * K + kw) * C + c) * F + f] += xv[xi] * dyv[((n * O + oh) * O + ow) * F + f];
                  }
      const attrs = {
        strides: s,
        dilations: d,
        pad: 'valid',
        dataFormat: 'NHWC',
        filterShape: [K, K, C, F],
      } as unknown as tf.NamedAttrMap;
      const run = () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: tf.tensor4d(xv, [N, H, H, C]), dy: tf.tensor4d(dyv, [N, O, O, F]) },
            attrs,
          ) as tf.Tensor;
      close(await on('wasm', run), { shape: [K, K, C, F], values: ref });
    },
  );

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('BatchMatMul transposeA %s, transposeB %s (rank 2, rank 3, broadcast batch)', async (ta, tb) => {
    const cases: Array<[number[], number[]]> = [
      [ta ? [7, 5] : [5, 7], tb ? [3, 7] : [7, 3]],
      [ta ? [4, 7, 5] : [4, 5, 7], tb ? [4, 3, 7] : [4, 7, 3]],
      [ta ? [1, 7, 5] : [1, 5, 7], tb ? [4, 3, 7] : [4, 7, 3]],
    ];
    for (const [sa, sb] of cases) {
      const [av, bv] = [rand(sa, 11), rand(sb, 12)];
      const run = () => tf.matMul(tf.tensor(av, sa), tf.tensor(bv, sb), ta, tb);
      close(await on('wasm', run), await on('cpu', run), 1e-5);
    }
  });

  it.each([
    // [input h, w, channels in, out, kernel h, w, stride, pad, batch]
    [9, 8, 3, 4, 3, 3, 1, 'same', 2],
    [9, 8, 3, 4, 3, 3, 1, 'valid', 1],
    [12, 12, 20, 50, 5, 5, 1, 'valid', 3],
    [9, 8, 3, 4, 3, 3, 2, 'same', 2],
    [10, 11, 2, 3, 3, 2, 2, 'valid', 2],
    [11, 11, 3, 2, 5, 5, 3, 'same', 1],
    [7, 7, 2, 2, 1, 1, 2, 'valid', 2],
  ] as const)(
    'Conv2DBackpropInput %i×%i×%i → %i, kernel %i×%i, stride %i, %s, batch %i',
    async (h, w, ci, co, kh, kw, stride, pad, n) => {
      const [xv, wv] = [rand([n, h, w, ci], 13), rand([kh, kw, ci, co], 14)];
      const grad = () =>
        tf.grad((x: tf.Tensor) =>
          tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, tf.tensor4d(wv, [kh, kw, ci, co]), stride, pad))),
        )(tf.tensor4d(xv, [n, h, w, ci]));
      close(await on('wasm', grad), await on('cpu', grad));
    },
  );

  it("Conv2DBackpropInput with explicit padding, including one larger than the filter (tfjs' own kernel then)", async () => {
    for (const pad of [
      [
        [0, 0],
        [1, 2],
        [0, 1],
        [0, 0],
      ],
      [
        [0, 0],
        [4, 4],
        [3, 3],
        [0, 0],
      ],
    ] as tf.backend_util.ExplicitPadding[]) {
      const [xv, wv] = [rand([2, 6, 7, 2], 15), rand([3, 2, 2, 3], 16)];
      const grad = () =>
        tf.grad((x: tf.Tensor) =>
          tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, tf.tensor4d(wv, [3, 2, 2, 3]), 1, pad))),
        )(tf.tensor4d(xv, [2, 6, 7, 2]));
      close(await on('wasm', grad), await on('cpu', grad));
    }
  });

  it("replaces tfjs' slow BatchMatMul, Conv2DBackpropInput and MaxPoolGrad once, and the replacements free their intermediates", async () => {
    expect(registerTrainingKernels('wasm')).toEqual([]);
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.randomNormal([2, 8, 8, 3]);
    const w = tf.randomNormal([3, 3, 3, 4]);
    const a = tf.randomNormal([5, 6]);
    const step = () =>
      tf
        .tidy(() => [
          tf.grad((v: tf.Tensor) => tf.sum(tf.conv2d(v as tf.Tensor4D, w as tf.Tensor4D, 2, 'same')))(x),
          tf.grad((v: tf.Tensor) => tf.sum(tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid')))(x),
          tf.matMul(a, a, true, false),
          tf.matMul(a, a, false, true),
        ])
        .forEach((t) => t.dispose());
    step();
    const before = backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(backend.numDataIds()).toBe(before);
    tf.dispose([x, w, a]);
  });

  it.each([
    // [input h, w, channels, pool h, w, stride, pad, batch]
    [24, 24, 3, 2, 2, 2, 'valid', 2],
    [24, 24, 20, 2, 2, 2, 'valid', 2], // LeNet-5's first pool: channels in SIMD quads
    [8, 8, 6, 2, 2, 2, 'same', 3], // a quad and a tail of 2
    [9, 9, 5, 3, 3, 2, 'valid', 2],
    [9, 8, 2, 3, 3, 2, 'same', 2],
    [9, 8, 2, 3, 3, 1, 'same', 1],
    [7, 9, 4, 3, 2, 2, 'valid', 3],
    [5, 5, 1, 2, 2, 3, 'same', 1],
  ] as const)(
    'MaxPoolGrad %i×%i×%i, pool %i×%i, stride %i, %s, batch %i (overlapping windows and ties too)',
    async (h, w, c, ph, pw, stride, pad, n) => {
      // Rounded values make ties inside windows: the gradient goes to the first maximum, as on cpu.
      const xv = rand([n, h, w, c], 17).map((v) => Math.round(v * 2) / 2);
      const { outShape } = tf.backend_util.computePool2DInfo([n, h, w, c], [ph, pw], stride, 1, pad);
      const weights = rand(outShape, 18);
      const grad = () =>
        tf.grad((x: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, [ph, pw], stride, pad), tf.tensor(weights, outShape))),
        )(tf.tensor4d(xv, [n, h, w, c]));
      close(await on('wasm', grad), await on('cpu', grad), 1e-6);
    },
  );

  it('MaxPoolGrad routes nothing from windows of −∞ or NaN only, and skips NaNs elsewhere (as on cpu)', async () => {
    const xv = rand([1, 4, 4, 5], 19);
    for (const i of [0, 1, 4, 5]) xv[i * 5] = Number.NEGATIVE_INFINITY; // channel 0 of the first window
    for (const i of [2, 3, 6, 7]) xv[i * 5 + 4] = Number.NaN; // channel 4 (the scalar tail) of the second
    xv[8 * 5 + 1] = Number.NaN; // one NaN in a window with numbers
    const grad = () =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor4d(xv, [1, 4, 4, 5]));
    const [wasm, cpu] = [await on('wasm', grad), await on('cpu', grad)];
    expect(Array.from(wasm.values)).toEqual(Array.from(cpu.values));
  });

  it('the wasm kernels run in place on the wasm heap (not the fallback), and Conv2DBackpropInput in batch chunks', async () => {
    await tf.setBackend('wasm');
    expect(WasmHeap.of(tf.backend())).not.toBeNull();
    const original = tf.getKernel('Conv2DBackpropInput', 'cpu') as tf.KernelConfig;
    // A limit of one sample's col matrix: every sample its own chunk.
    const chunked = conv2dBackpropInputConfig({ ...original, backendName: 'wasm' }, { patchBytesLimit: 1 });
    const [n, h, w, ci, co] = [3, 7, 6, 2, 4];
    const [dyShape, wv] = [[n, 4, 3, co], rand([3, 3, ci, co], 21)];
    const dyv = rand(dyShape, 20);
    const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', inputShape: [n, h, w, ci] };
    const viaChunks = () =>
      tf.engine().makeTensorFromTensorInfo(
        chunked.kernelFunc({
          inputs: {
            dy: tf.tensor4d(dyv, dyShape as [number, number, number, number]),
            filter: tf.tensor4d(wv, [3, 3, ci, co]),
          },
          attrs,
          backend: tf.backend(),
        }) as tf.TensorInfo,
      );
    const reference = () =>
      tf.engine().runKernel(
        'Conv2DBackpropInput',
        {
          dy: tf.tensor4d(dyv, dyShape as [number, number, number, number]),
          filter: tf.tensor4d(wv, [3, 3, ci, co]),
        },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
    close(await on('wasm', viaChunks), await on('cpu', reference));
  });

  it.each([
    // [x shape, dtype, indices shape, axis, batchDims]
    [[7, 3, 2], 'float32', [5], 0, 0], // rows, as model.fit slices its batches
    [[4, 6], 'int32', [2, 3], 1, 0], // a column per index, indices of rank 2
    [[3, 4, 5], 'float32', [4], -1, 0], // slices of one element
    [[2, 5, 3], 'float32', [2, 4], 1, 1], // one batch of indices per batch of x
  ] as const)('GatherV2 x %j %s, indices %j, axis %i, batchDims %i', async (xShape, dtype, iShape, axis, batchDims) => {
    const size = tf.util.sizeFromShape([...xShape]);
    const dim = xShape[axis < 0 ? xShape.length + axis : axis];
    const xv = rand([size], 22).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v));
    const iv = rand([tf.util.sizeFromShape([...iShape])], 23).map((v) => Math.floor(Math.abs(v) * 1000) % dim);
    const gather = () =>
      tf.gather(tf.tensor(xv, [...xShape], dtype), tf.tensor(iv, [...iShape], 'int32'), axis, batchDims);
    const [wasm, cpu] = [await on('wasm', gather), await on('cpu', gather)];
    expect(wasm.shape).toEqual(cpu.shape);
    expect(Array.from(wasm.values)).toEqual(Array.from(cpu.values));
  });

  it('GatherV2 refuses an index out of range with tfjs’ message, and leaks nothing', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    for (const bad of [3, -1])
      expect(() => tf.gather(x, tf.tensor1d([0, bad, 1], 'int32'))).toThrow(
        `GatherV2: the index value ${bad} is not in [0, 2]`,
      );
    expect(backend.numDataIds()).toBe(before + 2); // the two index tensors, not an output
    x.dispose();
  });

  it.each([
    // [x shape, axis, keepDims]: leading axes in place; the others through tfjs' kernel
    [[3, 4, 5, 6], [0, 1, 2], false], // a conv bias gradient
    [[3, 4, 5, 6], [2, 0, 1], true],
    [[7, 10], 0, false], // a dense bias gradient
    [[7, 9], [0], true], // a quad and a tail per row
    [[3, 4, 5], [1], false],
    [[3, 4, 5], -1, true],
    [[3, 4], [0, 1], false],
  ] as const)('Sum of x %j over axis %j, keepDims %s', async (shape, axis, keepDims) => {
    const xv = rand([tf.util.sizeFromShape([...shape])], 24);
    const sum = () => tf.sum(tf.tensor(xv, [...shape]), axis as number | number[], keepDims);
    close(await on('wasm', sum), await on('cpu', sum), 1e-5);
  });

  it.each([
    // [a shape, b shape]: a bias repeated along leading axes in place; the others through tfjs' kernel
    [[3, 4, 5, 6], [6]], // a conv bias
    [[6], [3, 4, 5, 6]],
    [
      [7, 10],
      [1, 10],
    ], // a dense bias, kept 2-D
    [[5, 7], [7]], // a quad and a tail per row
    [
      [2, 4, 5],
      [4, 5],
    ],
    [
      [2, 3],
      [2, 3],
    ],
    [
      [3, 1],
      [3, 4],
    ],
    [[1], [3, 4]],
  ] as const)('Add %j + %j', async (sa, sb) => {
    const [av, bv] = [rand([tf.util.sizeFromShape([...sa])], 25), rand([tf.util.sizeFromShape([...sb])], 26)];
    const add = () => tf.add(tf.tensor(av, [...sa]), tf.tensor(bv, [...sb]));
    close(await on('wasm', add), await on('cpu', add), 1e-6);
  });

  it('Identity (tf.clone) shares the data: the clone outlives its source, and nothing leaks', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    expect(backend.numDataIds()).toBe(before);
  });

  it('UnsortedSegmentSum (gather gradient, as in Embedding)', async () => {
    const table = rand([6, 4], 8);
    const grad = () =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d([0, 3, 3, 5, 0, 1], 'int32')))))(
        tf.tensor2d(table, [6, 4]),
      );
    close(await on('wasm', grad), await on('cpu', grad));
    const direct = () =>
      tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), tf.tensor1d([2, 0, 2], 'int32'), 4);
    close(await on('wasm', direct), await on('cpu', direct));
  });

  it('frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 8, 8, 3]);
    const w = tf.randomNormal([3, 3, 3, 4]);
    const step = () =>
      tf
        .tidy(() => tf.grad((k: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 2, 'same')))(w))
        .dispose();
    step();
    const before = tf.memory();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    tf.dispose([x, w]);
  });
});

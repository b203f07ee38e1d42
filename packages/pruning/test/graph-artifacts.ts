import * as tf from '@tensorflow/tfjs-core';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const float = { type: 'DT_FLOAT' };
const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });
const constNode = (name: string, shape: number[], dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: dims(shape) } } },
});
const ints = (v: number[]) => ({ list: { i: v.map(String) } });

/**
 * A converted-style GraphModel written by hand, as tensorflowjs_converter lays one out:
 * Conv2D + BiasAdd + Relu → DepthwiseConv2dNative (stride 2) → Reshape → _FusedMatMul(BiasAdd, Relu)
 * → MatMul through an Identity. `fc/w` is stored uint8-quantized, as `--quantize_uint8` does.
 */
export function graphArtifacts(seed = 1): { artifacts: tf.io.ModelArtifacts; values: Record<string, tf.Tensor> } {
  const values: Record<string, tf.Tensor> = {
    'conv/filter': tf.randomNormal([3, 3, 1, 6], 0, 0.5, 'float32', seed),
    'conv/bias': tf.randomNormal([6], 0, 0.1, 'float32', seed + 1),
    'dw/filter': tf.randomNormal([3, 3, 6, 1], 0, 0.5, 'float32', seed + 2),
    'flat/shape': tf.tensor1d([-1, 54], 'int32'),
    'fc/w': tf.randomUniform([54, 10], -0.5, 0.5, 'float32', seed + 3),
    'fc/b': tf.randomNormal([10], 0, 0.1, 'float32', seed + 4),
    'out/w': tf.randomNormal([10, 3], 0, 0.5, 'float32', seed + 5),
  };
  const node = [
    { name: 'x', op: 'Placeholder', attr: { dtype: float, shape: { shape: dims([-1, 8, 8, 1]) } } },
    constNode('conv/filter', [3, 3, 1, 6]),
    {
      name: 'conv',
      op: 'Conv2D',
      input: ['x', 'conv/filter'],
      attr: {
        T: float,
        strides: ints([1, 1, 1, 1]),
        padding: { s: b64('SAME') },
        data_format: { s: b64('NHWC') },
        dilations: ints([1, 1, 1, 1]),
      },
    },
    constNode('conv/bias', [6]),
    {
      name: 'conv/biasadd',
      op: 'BiasAdd',
      input: ['conv', 'conv/bias'],
      attr: { T: float, data_format: { s: b64('NHWC') } },
    },
    { name: 'relu', op: 'Relu', input: ['conv/biasadd'], attr: { T: float } },
    constNode('dw/filter', [3, 3, 6, 1]),
    {
      name: 'dw',
      op: 'DepthwiseConv2dNative',
      input: ['relu', 'dw/filter'],
      attr: {
        T: float,
        strides: ints([1, 2, 2, 1]),
        padding: { s: b64('VALID') },
        data_format: { s: b64('NHWC') },
        dilations: ints([1, 1, 1, 1]),
      },
    },
    constNode('flat/shape', [2], 'DT_INT32'),
    { name: 'flat', op: 'Reshape', input: ['dw', 'flat/shape'], attr: { T: float } },
    constNode('fc/w', [54, 10]),
    constNode('fc/b', [10]),
    {
      name: 'fc',
      op: '_FusedMatMul',
      input: ['flat', 'fc/w', 'fc/b'],
      attr: {
        T: float,
        num_args: { i: '1' },
        fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } },
        transpose_a: { b: false },
        transpose_b: { b: false },
        epsilon: { f: 0 },
      },
    },
    constNode('out/w', [10, 3]),
    { name: 'out/w/read', op: 'Identity', input: ['out/w'], attr: { T: float } },
    {
      name: 'out',
      op: 'MatMul',
      input: ['fc', 'out/w/read'],
      attr: { T: float, transpose_a: { b: false }, transpose_b: { b: false } },
    },
  ];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const [name, t] of Object.entries(values)) {
    if (name === 'fc/w') {
      const v = t.dataSync();
      const min = Math.min(...v);
      const scale = (Math.max(...v) - min) / 255;
      specs.push({ name, shape: t.shape, dtype: 'float32', quantization: { dtype: 'uint8', min, scale } });
      parts.push(Uint8Array.from(v, (x) => Math.round((x - min) / scale)));
    } else {
      specs.push({ name, shape: t.shape, dtype: t.dtype as 'float32' | 'int32' });
      const data = t.dataSync();
      parts.push(new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)));
    }
  }
  const weightData = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    weightData.set(p, at);
    at += p.length;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: { node, library: {}, versions: { producer: 1 } },
    format: 'graph-model',
    generatedBy: 'hand',
    convertedBy: 'l0prune tests',
    weightSpecs: specs,
    weightData: weightData.buffer,
  };
  return { artifacts, values };
}

/** The same network in tf ops, from a GraphModel's current weights. */
export function reference(weights: Record<string, tf.Tensor[]>, x: tf.Tensor4D): tf.Tensor {
  return tf.tidy(() => {
    const w = (n: string) => weights[n][0];
    const conv = tf.relu(tf.add(tf.conv2d(x, w('conv/filter') as tf.Tensor4D, 1, 'same'), w('conv/bias')));
    const dw = tf.depthwiseConv2d(conv as tf.Tensor4D, w('dw/filter') as tf.Tensor4D, 2, 'valid');
    const fc = tf.relu(tf.add(tf.matMul(tf.reshape(dw, [-1, 54]) as tf.Tensor2D, w('fc/w') as tf.Tensor2D), w('fc/b')));
    return tf.matMul(fc as tf.Tensor2D, w('out/w') as tf.Tensor2D);
  });
}

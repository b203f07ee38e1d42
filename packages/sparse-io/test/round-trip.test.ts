import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { decodeSparse, encodeSparse, inspectSparse } from '../src/index.js';
import { artifactsOf, mlp, sparsify, weightBytes } from './helpers.js';

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('round trips', () => {
  it('a dense model, float32: bit-exact weights, same predictions', async () => {
    const model = mlp();
    const artifacts = await artifactsOf(model);
    const decoded = decodeSparse(encodeSparse(artifacts));
    expect(weightBytes(decoded)).toEqual(weightBytes(artifacts));
    expect(decoded.weightSpecs).toEqual(artifacts.weightSpecs);
    expect(decoded.modelTopology).toEqual(artifacts.modelTopology);
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(decoded));
    const x = tf.randomNormal([5, 30]);
    expect(maxDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  it('a pruned model, float32: bit-exact, sparse sections, −0 kept', async () => {
    const model = mlp();
    sparsify(model, 0.05);
    const [k, b] = model.getLayer('fc2').getWeights();
    const kv = k.dataSync().slice();
    kv[3] = -0;
    model.getLayer('fc2').setWeights([tf.tensor(kv, k.shape), b]);
    const artifacts = await artifactsOf(model);
    const bytes = encodeSparse(artifacts);
    expect(weightBytes(decodeSparse(bytes))).toEqual(weightBytes(artifacts));
    const { sections } = inspectSparse(bytes);
    expect(
      sections.find((s) => s.entry.name.includes('fc1') && s.entry.name.endsWith('kernel'))!.entry.positions,
    ).not.toBe('dense');
    expect(bytes.length).toBeLessThan(weightBytes(artifacts).length / 5);
  });

  it('int32 and bool weights', () => {
    const ints = new Int32Array([0, 5, 0, 0, -7, 0, 0, 0, 0, 2147483647]);
    const bools = new Uint8Array([1, 0, 0, 1]);
    const data = new Uint8Array(ints.byteLength + bools.byteLength);
    data.set(new Uint8Array(ints.buffer));
    data.set(bools, ints.byteLength);
    const artifacts: tf.io.ModelArtifacts = {
      modelTopology: { any: 'thing' },
      weightSpecs: [
        { name: 'i', shape: [10], dtype: 'int32' },
        { name: 'b', shape: [2, 2], dtype: 'bool' },
      ],
      weightData: data.buffer,
    };
    const decoded = decodeSparse(encodeSparse(artifacts, { values: 'float16' }));
    expect(weightBytes(decoded)).toEqual(data);
    expect(decoded.weightSpecs).toEqual(artifacts.weightSpecs);
  });

  it('optimizer weights and training config: a reloaded model continues training identically', async () => {
    const model = mlp();
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([8, 30], 0, 1, 'float32', 3);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    const artifacts = await artifactsOf(model, true);
    const decoded = decodeSparse(encodeSparse(artifacts, { values: 'float16' }));
    expect(decoded.weightSpecs!.filter((s) => s.group === 'optimizer').length).toBeGreaterThan(0);
    const optimizerPart = (a: tf.io.ModelArtifacts) => {
      const all = weightBytes(a);
      const modelBytes = a
        .weightSpecs!.filter((s) => s.group !== 'optimizer')
        .reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1) * 4, 0);
      return all.subarray(modelBytes);
    };
    expect(optimizerPart(decoded)).toEqual(optimizerPart(artifacts)); // optimizer state stays float32, exact
    const exact = await tfl.loadLayersModel(tf.io.fromMemory(decodeSparse(encodeSparse(artifacts))));
    expect(exact.optimizer.getClassName()).toBe('Adam');
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    await exact.fit(x, y, { epochs: 1, verbose: 0 });
    model.getWeights().forEach((w, i) => expect(maxDiff(w, exact.getWeights()[i])).toBeLessThan(1e-6));
  });

  it('float16 and uint8 stay within their precision, zeros exact, sparsity unchanged', async () => {
    const model = mlp();
    sparsify(model, 0.2);
    const artifacts = await artifactsOf(model);
    const original = new Float32Array(weightBytes(artifacts).slice().buffer);
    for (const [values, tol] of [
      ['float16', 1e-3],
      ['uint8', 1 / 255],
    ] as const) {
      const decoded = new Float32Array(weightBytes(decodeSparse(encodeSparse(artifacts, { values }))).slice().buffer);
      let scale = 0;
      for (const v of original) scale = Math.max(scale, Math.abs(v));
      original.forEach((v, i) => {
        if (v === 0) expect(decoded[i]).toBe(0);
        else {
          expect(decoded[i]).not.toBe(0);
          expect(Math.abs(decoded[i] - v)).toBeLessThanOrEqual(tol * Math.max(scale, Math.abs(v)) + 1e-7);
        }
      });
    }
  });
});

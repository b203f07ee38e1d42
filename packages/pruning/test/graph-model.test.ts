import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@l0prune/sparse-io';
import * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  globalMagnitude,
  graphPrunableWeights,
  layerwiseMagnitude,
  neuronPruning,
  prune,
  randomPruning,
  thresholdBisection,
} from '../src/index.js';
import { graphArtifacts, reference } from './graph-artifacts.js';

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const nonzero = (t: tf.Tensor) => Array.from(t.dataSync()).filter((v) => v !== 0).length;

async function load(): Promise<tfc.GraphModel> {
  const { artifacts, values } = graphArtifacts();
  tf.dispose(Object.values(values));
  return tfc.loadGraphModel(tf.io.fromMemory(artifacts));
}

/** Bytes of the dense files tfjs would write for the model (model.json weights). */
async function denseBytes(model: tfc.GraphModel): Promise<number> {
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      bytes = (a.weightData as ArrayBuffer).byteLength + JSON.stringify(a.modelTopology).length;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return bytes;
}

describe('pruning a converted GraphModel', () => {
  it('finds φ: filters and matrices of Conv2D, depthwise, fused and plain MatMul (through Identity), quantized included', async () => {
    const model = await load();
    expect(graphPrunableWeights(model).map((w) => `${w.name}→${w.op}:${w.role}`)).toEqual([
      'conv/filter→Conv2D:kernel',
      'dw/filter→DepthwiseConv2dNative:depthwiseKernel',
      'fc/w→_FusedMatMul:kernel',
      'out/w→MatMul:kernel',
    ]);
    model.dispose();
  });

  it.each([
    ['GP', globalMagnitude()],
    ['LP', layerwiseMagnitude()],
    ['RP', randomPruning({ seed: 3 })],
  ])(
    '%s: predictions use the pruned weights; sparse:// save + tf.loadGraphModel round-trips them exactly',
    async (_n, pruner) => {
      const model = await load();
      const x = tf.randomNormal([5, 8, 8, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
      const dense = model.predict(x) as tf.Tensor;
      const tensorsBefore = tf.memory().numTensors;
      const { report, masks } = prune(model, pruner, { compressionRatio: 5 });
      expect(tf.memory().numTensors).toBe(tensorsBefore); // old weights disposed, none leaked
      expect(report.compressionRatio).toBeGreaterThanOrEqual(5);
      expect(report.compressionRatio).toBeLessThan(5.2);
      expect([...masks.keys()]).toEqual(['conv/filter', 'dw/filter', 'fc/w', 'out/w']);
      for (const [name, mask] of masks)
        expect(nonzero(model.weights[name][0])).toBe(mask.values.reduce((s, v) => s + v, 0));

      const pruned = model.predict(x) as tf.Tensor;
      expect(maxDiff(pruned, dense)).toBeGreaterThan(0);
      const expected = reference(model.weights, x);
      expect(maxDiff(pruned, expected)).toBeLessThan(1e-5);

      const dir = join(mkdtempSync(join(tmpdir(), 'graph-')), 'model');
      await model.save(`sparse://${dir}`);
      const loaded = await tfc.loadGraphModel(`sparse://${dir}`);
      expect(maxDiff(loaded.predict(x) as tf.Tensor, pruned)).toBe(0);
      const sparseBytes = readFileSync(join(dir, 'model.l0s')).length;
      expect(sparseBytes).toBeLessThan((await denseBytes(model)) / 2.5);
      tf.dispose([x, dense, pruned, expected]);
      model.dispose();
      loaded.dispose();
    },
  );

  it('options select by op name; NP and loss-driven pruners say they need a LayersModel', async () => {
    const model = await load();
    const { masks } = prune(model, globalMagnitude(), { sparsity: 0.5 }, { weights: { excludeLayers: ['conv'] } });
    expect([...masks.keys()]).toEqual(['dw/filter', 'fc/w', 'out/w']);
    expect(nonzero(model.weights['conv/filter'][0])).toBe(54);
    expect(() => prune(model, globalMagnitude(), { sparsity: 0.5 }, { weights: { excludeLayers: ['nope'] } })).toThrow(
      /'nope', not an op with a prunable weight/,
    );
    expect(() => prune(model, neuronPruning({ fraction: 0.5 }))).toThrow(
      /needs a tfjs LayersModel: a converted GraphModel has no layers/,
    );
    const bisection = thresholdBisection({ validationLoss: () => 0, tolerance: 0.1 });
    expect(() => prune(model, bisection, { sparsity: 0.5 })).toThrow(/thresholdBisection needs a tfjs LayersModel/);
    model.dispose();
  });
});

describe('training a GraphModel is refused with the way to go', () => {
  it('l2l0Optimizer({ model: graphModel }) and nonzeroMasks(graphModel) name prune(graphModel, …)', async () => {
    const { l2l0Optimizer } = await import('@l0prune/optimizer');
    const { nonzeroMasks } = await import('../src/index.js');
    const model = await load();
    expect(() =>
      l2l0Optimizer(tf.train.sgd(0.1), { model: model as never, alphaL2: 0, alphaL0: 1e-4, beta: 5 }),
    ).toThrow(
      /l2l0Optimizer needs a tfjs LayersModel: a converted GraphModel has no layers to train; prune it with prune\(graphModel/,
    );
    expect(() => nonzeroMasks(model as never)).toThrow(/prunableWeights needs a tfjs LayersModel/);
    model.dispose();
  });
});

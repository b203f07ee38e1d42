import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { prunableWeights } from '../src/index.js';
import { convNet } from './models.js';

const summary = (model: tfl.LayersModel, options?: Parameters<typeof prunableWeights>[1]) =>
  prunableWeights(model, options).map((w) => `${w.layerName}:${w.role}:${w.shape.join('x')}`);

describe('prunableWeights', () => {
  it('finds kernels of conv, depthwise, separable and dense layers, not biases or BatchNorm', () => {
    expect(summary(convNet())).toEqual([
      'conv:kernel:3x3x1x4',
      'dw:depthwiseKernel:3x3x4x1',
      'sep:depthwiseKernel:2x2x4x1',
      'sep:pointwiseKernel:1x1x4x3',
      'fc:kernel:27x5',
    ]);
  });

  it('finds embeddings and recurrent kernels, inside Bidirectional and TimeDistributed too', () => {
    const input = tfl.input({ shape: [6], name: 'tokens' });
    const emb = tfl.layers.embedding({ inputDim: 20, outputDim: 4, name: 'emb' }).apply(input) as tfl.SymbolicTensor;
    const rnn = tfl.layers
      .bidirectional({ layer: tfl.layers.lstm({ units: 3, returnSequences: true }) as tfl.RNN, name: 'bi' })
      .apply(emb) as tfl.SymbolicTensor;
    const td = tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 2 }), name: 'td' }).apply(rnn);
    const model = tfl.model({ inputs: input, outputs: td as tfl.SymbolicTensor });
    expect(summary(model)).toEqual([
      'emb:embeddings:20x4',
      'bi:kernel:4x12',
      'bi:recurrentKernel:3x12',
      'bi:kernel:4x12',
      'bi:recurrentKernel:3x12',
      'td:kernel:6x2',
    ]);
  });

  it('descends into nested models, lists a shared layer once and keeps frozen layers', () => {
    const shared = tfl.layers.dense({ units: 4, name: 'shared' });
    const inner = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 4, name: 'inner1' })] });
    const input = tfl.input({ shape: [4] });
    const a = shared.apply(input) as tfl.SymbolicTensor;
    const b = shared.apply(inner.apply(a) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
    const frozen = tfl.layers.dense({ units: 2, name: 'frozen', trainable: false });
    const model = tfl.model({ inputs: input, outputs: frozen.apply(b) as tfl.SymbolicTensor });
    const weights = prunableWeights(model);
    expect(weights.map((w) => w.layerName)).toEqual(['shared', 'inner1', 'frozen']);
    expect(weights.find((w) => w.layerName === 'frozen')?.trainable).toBe(false);
  });

  it('uses the real variable names, so a second model with the same layer names is told apart', () => {
    const first = prunableWeights(convNet()).map((w) => w.name);
    const second = prunableWeights(convNet()).map((w) => w.name);
    expect(new Set([...first, ...second]).size).toBe(first.length + second.length);
    for (const name of second) expect(tf.engine().registeredVariables[name]).toBeDefined();
  });

  it('filters by layer, role and predicate', () => {
    const model = convNet();
    expect(summary(model, { includeLayers: ['fc', 'conv'] })).toEqual(['conv:kernel:3x3x1x4', 'fc:kernel:27x5']);
    expect(summary(model, { excludeLayers: ['sep', 'dw'] })).toEqual(['conv:kernel:3x3x1x4', 'fc:kernel:27x5']);
    expect(summary(model, { roles: ['pointwiseKernel'] })).toEqual(['sep:pointwiseKernel:1x1x4x3']);
    expect(summary(model, { filter: (w) => w.size > 100 })).toEqual(['fc:kernel:27x5']);
  });

  it('rejects unknown layer names and roles, naming the valid ones', () => {
    const model = convNet();
    expect(() => prunableWeights(model, { includeLayers: ['nope'] })).toThrow(/unknown layer.*'nope'.*'conv'/);
    expect(() => prunableWeights(model, { excludeLayers: ['x'] })).toThrow(/excludeLayers/);
    // @ts-expect-error an invalid role
    expect(() => prunableWeights(model, { roles: ['bias'] })).toThrow(/unknown role 'bias'.*kernel/);
  });
});

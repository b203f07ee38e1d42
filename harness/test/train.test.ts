import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '@l0prune/backend';
import { loadMnist } from '@l0prune/mnist';
import { DecoupledPenaltyOptimizer } from '@l0prune/optimizer';
import {
  buildNetwork,
  cosineDecay,
  disposeTrained,
  stepDecay,
  trainingOptimizer,
  trainNetwork,
  type PenaltyChoice,
} from '../src/train.js';

// wasm, as the main job trains: the cpu backend of the other tests takes 0.4 s a LeNet-300 batch.
beforeAll(async () => {
  await chooseBackend({ backend: 'wasm', log: () => {} });
});

describe('trainingOptimizer', () => {
  const common = { learningRate: 0.05, momentum: 0.9, normalize: 'layer-size' as const };

  it.each<[PenaltyChoice, Record<string, number>]>([
    [
      { kind: 'l2l0', alphaL2: 5e-5, alphaL0: 1e-3, beta: 5 },
      { alphaL2: 5e-5, alphaL0: 1e-3, beta: 5 },
    ],
    [
      { kind: 'l0', alpha: 1e-3, beta: 5 },
      { alpha: 1e-3, beta: 5 },
    ],
    [{ kind: 'l1', alpha: 1e-4 }, { alpha: 1e-4 }],
    [{ kind: 'l2', alpha: 5e-5 }, { alpha: 5e-5 }],
  ])('wraps momentum SGD in the decoupled %o penalty, NORM-scaled per layer', (penalty, params) => {
    const model = buildNetwork('lenet300', 1);
    const optimizer = trainingOptimizer(model, { ...common, penalty }) as DecoupledPenaltyOptimizer;
    // not toBeInstanceOf: tf.Optimizer's Symbol.hasInstance says yes for any optimizer
    expect(Object.prototype.isPrototypeOf.call(DecoupledPenaltyOptimizer.prototype, optimizer)).toBe(true);
    expect(optimizer.kind).toBe(penalty.kind);
    expect(optimizer.globalParams).toEqual(params);
    expect(optimizer.inner.getClassName()).toBe('Momentum');
    // fc1 is the largest layer (full α); fc3 gets sqrt(1000 / 235200) of it.
    const [fc1, , fc3] = optimizer.penalizedWeights;
    const key = Object.keys(params).find((k) => k.startsWith('alpha'))!;
    expect(fc1.params[key]).toBeCloseTo(params[key], 12);
    expect(fc3.params[key]).toBeCloseTo(params[key] * Math.sqrt(1000 / 235200), 12);
    optimizer.dispose();
    model.dispose();
  });

  it("'none' is plain momentum SGD; SEP layers are passed through", () => {
    const model = buildNetwork('lenet300', 1);
    expect(trainingOptimizer(model, { ...common, penalty: { kind: 'none' } }).getClassName()).toBe('Momentum');
    const sep = trainingOptimizer(model, {
      ...common,
      normalize: 'none',
      penalty: { kind: 'l0', alpha: 1e-3, beta: 5 },
      layers: { fc2: { alpha: 7e-4 } },
    }) as DecoupledPenaltyOptimizer;
    expect(sep.penalizedWeights.map((p) => p.params.alpha)).toEqual([1e-3, 7e-4, 1e-3]);
    model.dispose();
    void tf;
  });

  it("NORM scales only normalizedParameters when given (the authors' code: α₀ only)", () => {
    const model = buildNetwork('lenet300', 1);
    const penalty: PenaltyChoice = { kind: 'l2l0', alphaL2: 1e-4, alphaL0: 1e-3, beta: 5 };
    const optimizer = trainingOptimizer(model, {
      ...common,
      penalty,
      normalizedParameters: ['alphaL0'],
    }) as DecoupledPenaltyOptimizer;
    const [fc1, , fc3] = optimizer.penalizedWeights;
    expect(fc3.params.alphaL2).toBe(fc1.params.alphaL2);
    expect(fc3.params.alphaL0).toBeCloseTo(1e-3 * Math.sqrt(1000 / 235200), 12);
    optimizer.dispose();
    model.dispose();
  });

  it('wraps Adam instead when asked, the penalty coupled into its gradient when asked', () => {
    const model = buildNetwork('lenet300', 1);
    const penalty: PenaltyChoice = { kind: 'l2l0', alphaL2: 1e-4, alphaL0: 1e-4, beta: 5 };
    const adam = trainingOptimizer(model, { ...common, learningRate: 1e-3, optimizer: 'adam', penalty });
    expect((adam as DecoupledPenaltyOptimizer).inner.getClassName()).toBe('Adam');
    expect((adam as DecoupledPenaltyOptimizer).coupled).toBe(false);
    const coupled = trainingOptimizer(model, { ...common, optimizer: 'adam', coupled: true, penalty });
    expect((coupled as DecoupledPenaltyOptimizer).coupled).toBe(true);
    expect(trainingOptimizer(model, { ...common, optimizer: 'adam', penalty: { kind: 'none' } }).getClassName()).toBe(
      'Adam',
    );
    expect(() => trainingOptimizer(model, { ...common, optimizer: 'rmsprop' as unknown as 'adam', penalty })).toThrow(
      /optimizer must be 'momentum' or 'adam', got "rmsprop"/,
    );
    adam.dispose();
    coupled.dispose();
    model.dispose();
  });
});

describe('stepDecay', () => {
  it('runs the last quarter of the epochs (rounded down) at a tenth of the rate', () => {
    expect(Array.from({ length: 8 }, (_, e) => stepDecay(0.01, 8)(e))).toEqual([
      0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001,
    ]);
    expect(Array.from({ length: 10 }, (_, e) => stepDecay(0.05, 10)(e)).filter((lr) => lr === 0.005)).toHaveLength(2);
  });

  it('leaves a single epoch at the full rate', () => {
    expect(stepDecay(0.05, 1)(0)).toBe(0.05);
  });
});

describe('cosineDecay', () => {
  it('falls along half a cosine from the rate at the first epoch to a hundredth of it at the last', () => {
    const rates = Array.from({ length: 5 }, (_, e) => cosineDecay(0.1, 5)(e));
    expect(rates[0]).toBeCloseTo(0.1, 12);
    expect(rates[2]).toBeCloseTo(0.0505, 12); // halfway: the mean of 0.1 and 0.001
    expect(rates[4]).toBeCloseTo(0.001, 12);
    for (let e = 1; e < 5; e++) expect(rates[e]).toBeLessThan(rates[e - 1]);
    expect(cosineDecay(0.05, 1)(0)).toBe(0.05);
  });
});

describe('trainNetwork with warmStart', () => {
  it("starts from the checkpoint's network: with no epochs it is that network; a resume wins", async () => {
    const data = loadMnist({ trainLimit: 256, testLimit: 200, validationSize: 200 });
    const dir = mkdtempSync(join(tmpdir(), 'l0prune-warm-'));
    const options = {
      model: 'lenet300' as const,
      epochs: 1,
      batchSize: 128,
      learningRate: 0.05,
      momentum: 0.9,
      penalty: { kind: 'none' } as const,
      normalize: 'layer-size' as const,
      seed: 1,
    };
    const first = await trainNetwork(data, { ...options, checkpointDir: join(dir, 'plain') });
    // Another seed, so a random start would land elsewhere; no epochs leave the warm-started weights as they were.
    const warm = await trainNetwork(data, { ...options, seed: 2, epochs: 0, warmStart: join(dir, 'plain') });
    expect(warm.baseline).toEqual(first.baseline);
    expect(Array.from(warm.model.getWeights()[0]!.dataSync())).toEqual(
      Array.from(first.model.getWeights()[0]!.dataSync()),
    );
    await expect(trainNetwork(data, { ...options, warmStart: join(dir, 'nothing-here') })).rejects.toThrow(
      /warm start: no trained network in .*nothing-here/,
    );
    // Resuming its own finished checkpoint, a run does not look at warmStart (here a directory without a network).
    const resumed = await trainNetwork(data, { ...options, checkpointDir: join(dir, 'plain'), warmStart: dir });
    expect(resumed.baseline).toEqual(first.baseline);
    for (const t of [first, warm, resumed]) disposeTrained(t.model);
    data.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
});

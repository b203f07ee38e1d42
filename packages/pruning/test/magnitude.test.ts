import * as tf from '@tensorflow/tfjs-core';
import { countParameters, prunableWeights } from '@l0prune/core';
import { describe, expect, it } from 'vitest';
import { globalMagnitude, layerwiseMagnitude, prune, randomPruning, selectSmallest } from '../src/index.js';
import { mlp, smallLenet } from './models.js';

const nonzeros = (values: ArrayLike<number>) => Array.from(values).filter((v) => v !== 0).length;
const phiValues = (model: ReturnType<typeof mlp>) =>
  prunableWeights(model).map((w) => Array.from(w.variable.read().dataSync()));

describe('selectSmallest', () => {
  it('finds the exact k-th magnitude with ties broken by position', () => {
    const a = new Float32Array([0.5, -0.1, 0.3, 0.1, -0.1]);
    const b = new Float32Array([0.1, 2, -0.3]);
    const sel = selectSmallest([a, b], 3);
    expect(sel.threshold).toBeCloseTo(0.1, 7);
    expect(sel.atThreshold).toBe(3); // four values tie at |0.1|: the first three (by position) go
    const random = Float32Array.from({ length: 5000 }, () => Math.random() * 2 - 1);
    const sorted = Array.from(random)
      .map(Math.abs)
      .sort((x, y) => x - y);
    for (const k of [1, 17, 2500, 4999]) expect(selectSmallest([random], k).threshold).toBe(Math.fround(sorted[k - 1]));
    expect(() => selectSmallest([a], 6)).toThrow(/count must be an integer in \[0, 5\]/);
  });
});

describe('global magnitude (GP)', () => {
  it('hits the compression ratio exactly with one threshold over all layers', () => {
    const model = smallLenet();
    const counts = countParameters(model);
    const before = phiValues(model).flat();
    const { masks, report } = prune(model, globalMagnitude(), { compressionRatio: 5 });
    const after = countParameters(model);
    expect(after.nonzero).toBe(Math.floor(counts.total / 5));
    expect(report.nonzero).toBe(after.nonzero);
    expect(report.compressionRatio).toBeCloseTo(counts.total / after.nonzero, 10);
    // One threshold: every kept weight is at least as large as every pruned one.
    const phiMask = prunableWeights(model).flatMap((w) => Array.from(masks.get(w.name)!.values));
    const kept = before.filter((_, i) => phiMask[i] === 1).map(Math.abs);
    const dropped = before.filter((_, i) => phiMask[i] === 0).map(Math.abs);
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...dropped));
    // The masks say exactly what the model now holds: 0 where a weight was zeroed, 1 where it was kept.
    const afterValues = phiValues(model).flat();
    expect(phiMask.length).toBe(before.length);
    phiMask.forEach((m, i) => expect(m === 1).toBe(afterValues[i] !== 0));
    expect(dropped.length).toBeGreaterThan(0);
    expect(String(report)).toMatch(/total.*5\.00×/);
  });

  it('hits a sparsity of φ exactly, ties included', () => {
    const model = mlp();
    const w = model.getLayer('fc1').getWeights();
    // 320 equal weights: the threshold falls among them
    model.getLayer('fc1').setWeights([tf.fill(w[0].shape, 0.05), w[1]]);
    const phiSize = prunableWeights(model).reduce((s, x) => s + x.size, 0);
    prune(model, globalMagnitude(), { sparsity: 0.3 });
    const left = phiValues(model).flat();
    expect(nonzeros(left)).toBe(phiSize - Math.round(0.3 * phiSize));
    const fc1 = nonzeros(left.slice(0, 320));
    expect(fc1).toBeGreaterThan(0);
    expect(fc1).toBeLessThan(320);
  });

  it('iterative pruning keeps earlier zeros', () => {
    const model = mlp();
    prune(model, randomPruning({ seed: 3 }), { sparsity: 0.5 });
    const first = phiValues(model).flat();
    prune(model, globalMagnitude(), { sparsity: 0.8 });
    const second = phiValues(model).flat();
    first.forEach((v, i) => v === 0 && expect(second[i]).toBe(0));
    expect(nonzeros(second)).toBe(second.length - Math.round(0.8 * second.length));
    // A lower target than already reached prunes nothing more.
    prune(model, globalMagnitude(), { sparsity: 0.2 });
    expect(nonzeros(phiValues(model).flat())).toBe(nonzeros(second));
  });
});

describe('layer-wise magnitude (LP)', () => {
  it('gives every layer the same ratio', () => {
    const model = mlp();
    prune(model, layerwiseMagnitude(), { sparsity: 0.75 });
    for (const w of phiValues(model)) expect(nonzeros(w) / w.length).toBeCloseTo(0.25, 2);
  });
});

describe('random pruning (RP)', () => {
  it('is reproducible by seed, differs across seeds, and hits the count', () => {
    const masksFor = (seed: number) => {
      const model = mlp();
      model.layers.forEach((l) => l.setWeights(l.getWeights().map((x) => tf.onesLike(x))));
      const { masks } = prune(model, randomPruning({ seed }), { sparsity: 0.6 });
      return prunableWeights(model).flatMap((w) => Array.from(masks.get(w.name)!.values));
    };
    const [a, b, c] = [masksFor(1), masksFor(1), masksFor(2)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.length - nonzeros(a)).toBe(Math.round(0.6 * a.length));
  });
});

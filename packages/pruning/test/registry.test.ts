import { prunableWeights } from '@l0prune/core';
import { describe, expect, it } from 'vitest';
import { createPruner, listPruners, prune, registerPruner, type Pruner } from '../src/index.js';
import { mlp } from './models.js';

describe('pruner registry', () => {
  it('has the built-in pruners by name and alias', () => {
    expect(listPruners()).toEqual(
      expect.arrayContaining(['global-magnitude', 'gp', 'layerwise-magnitude', 'lp', 'random', 'rp', 'neuron', 'np']),
    );
    expect(createPruner('gp').name).toBe('global-magnitude');
    expect(createPruner('random', { seed: 4 }).name).toBe('random');
    expect(createPruner('np', { fraction: 0.5 }).name).toBe('neuron');
  });

  it('a third-party pruner registered by name is used through prune()', () => {
    // Keeps the first `keep` weights in memory order: simple, and obviously not a built-in.
    const firstK = (): Pruner => ({
      name: 'first-k',
      computeMasks(weights, request) {
        let left = request.keep!;
        return new Map(
          weights.map((w) => {
            const values = new Uint8Array(w.values.length);
            for (let i = 0; i < values.length && left > 0; i++, left--) values[i] = 1;
            return [w.name, { shape: w.shape, values }];
          }),
        );
      },
    });
    registerPruner('first-k', firstK);
    const model = mlp();
    prune(model, createPruner('first-k'), { sparsity: 0.5 }, { allowEmptyLayers: true });
    const flat = prunableWeights(model).flatMap((w) => Array.from(w.variable.read().dataSync()));
    expect(flat.slice(0, 280).every((v) => v !== 0)).toBe(true);
    expect(flat.slice(280).every((v) => v === 0)).toBe(true);
    expect(() => registerPruner('first-k', firstK)).toThrow(/already registered/);
    registerPruner('first-k', firstK, { override: true });
  });

  it('rejects bad names, unknown pruners and unknown options', () => {
    expect(() => registerPruner('Bad Name', () => createPruner('gp'))).toThrow(/lower-case letters/);
    expect(() => createPruner('nope')).toThrow(/no pruner named 'nope'; registered pruners are .*global-magnitude/);
    expect(() => createPruner('gp', { seed: 1 })).toThrow(/takes no options, got seed/);
    expect(() => createPruner('random', { sed: 1 })).toThrow(/unknown option\(s\) sed/);
    registerPruner('broken', () => ({}) as Pruner);
    expect(() => createPruner('broken')).toThrow(/did not return a Pruner/);
  });
});

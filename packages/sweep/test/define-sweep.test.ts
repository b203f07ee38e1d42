import { describe, expect, it } from 'vitest';
import { defineSweep, rungBudgets, SweepError } from '@l0prune/sweep';

const base = { alphaL0: 1e-3, epochs: 10, layers: { fc1: { alphaL0: 7e-4 } }, pruner: 'gp' };
const sweep = (over: Record<string, unknown>) =>
  defineSweep({
    name: 'x',
    base,
    parameters: { alphaL0: { values: [1e-3] } },
    search: { kind: 'grid' },
    objective: { metric: 'error', mode: 'min' },
    trial: async () => ({ metrics: { error: 0 } }),
    ...over,
  } as Parameters<typeof defineSweep>[0]);

describe('defineSweep', () => {
  it('accepts settings of the base, nested ones by dotted path', () => {
    expect(() => sweep({ parameters: { 'layers.fc1.alphaL0': { min: 1e-4, max: 1e-2, scale: 'log' } } })).not.toThrow();
  });

  it('refuses an unknown parameter, naming the valid ones at that level', () => {
    expect(() => sweep({ parameters: { alphaL1: { values: [1] } } })).toThrow(
      /unknown parameter 'alphaL1'.*valid here: alphaL0, epochs, layers, pruner/,
    );
    expect(() => sweep({ parameters: { 'layers.fc9.alphaL0': { values: [1] } } })).toThrow(/'layers.fc9.alphaL0'/);
  });

  it('refuses empty grids, wrong value types and bad ranges', () => {
    expect(() => sweep({ parameters: {} })).toThrow(SweepError);
    expect(() => sweep({ parameters: { alphaL0: { values: [] } } })).toThrow(/empty list of values/);
    expect(() => sweep({ parameters: { pruner: { values: [3] } } })).toThrow(/not a string/);
    expect(() => sweep({ parameters: { alphaL0: { min: 2, max: 1 } } })).toThrow(/min ≤ max/);
    expect(() => sweep({ parameters: { alphaL0: { min: 0, max: 1, scale: 'log' } } })).toThrow(
      /log range needs min > 0/,
    );
  });

  it('checks the search: kind, trials, ASHA budget', () => {
    expect(() => sweep({ search: { kind: 'bayes' } })).toThrow(/'grid', 'random' or 'asha'/);
    expect(() => sweep({ search: { kind: 'random', trials: 0, seed: 1 } })).toThrow(/trials must be an integer ≥ 1/);
    const asha = (budget: unknown, reduction?: number) => ({
      search: { kind: 'asha', trials: 9, seed: 1, budget, reduction },
    });
    expect(() => sweep(asha({ parameter: 'epochs', min: 1, max: 9 }))).not.toThrow();
    expect(() => sweep(asha({ parameter: 'epoch', min: 1, max: 9 }))).toThrow(/numeric setting of the base/);
    expect(() => sweep(asha({ parameter: 'epochs', min: 5, max: 1 }))).toThrow(/0 < min ≤ max/);
    expect(() => sweep(asha({ parameter: 'epochs', min: 1, max: 9 }, 1))).toThrow(/reduction must be an integer ≥ 2/);
    expect(() =>
      sweep({ ...asha({ parameter: 'alphaL0', min: 1, max: 9 }), parameters: { alphaL0: { values: [1] } } }),
    ).toThrow(/cannot also be a swept parameter/);
  });

  it('refuses repeats that are not a swept parameter', () => {
    expect(() => sweep({ repeats: 'seed' })).toThrow(
      /repeats names 'seed', which is not a swept parameter \(swept: alphaL0\)/,
    );
  });

  it('refuses a name that cannot name a queue', () => {
    expect(() => sweep({ name: 'a b' })).toThrow(/sweep name/);
  });

  it('rung budgets grow by the reduction factor and end at max', () => {
    expect(rungBudgets({ parameter: 'e', min: 1, max: 9 }, 3, true)).toEqual([1, 3, 9]);
    expect(rungBudgets({ parameter: 'e', min: 20, max: 60 }, 3, true)).toEqual([20, 60]);
    expect(rungBudgets({ parameter: 'e', min: 2, max: 10 }, 3, true)).toEqual([2, 6, 10]);
  });
});

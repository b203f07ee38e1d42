import { describe, expect, it } from 'vitest';
import { alphaUpperBound, scalingFactor, zeroAttractionTerm } from '../src/index.js';

const p = { eta: 0.04, alpha: 0.01, beta: 5 };

describe('Table 1 helpers', () => {
  it('attraction terms', () => {
    expect(zeroAttractionTerm('l2', 0.5, p)).toBeCloseTo(-2 * 0.04 * 0.01 * 0.5, 12);
    expect(zeroAttractionTerm('l1', -0.5, p)).toBeCloseTo(0.04 * 0.01, 12);
    expect(zeroAttractionTerm('l0', 0.5, p)).toBeCloseTo(-0.04 * 0.01 * 5 * Math.exp(-2.5), 12);
  });

  it('scaling factors λ = w⁺/w (eq. 15)', () => {
    expect(scalingFactor('l2', 0.3, p)).toBeCloseTo(1 - 2 * 0.04 * 0.01, 12);
    expect(scalingFactor('l1', -0.3, p)).toBeCloseTo(1 - (0.04 * 0.01) / 0.3, 12);
    expect(scalingFactor('l0', 0.3, p)).toBeCloseTo(1 - (0.04 * 0.01 * 5 * Math.exp(-1.5)) / 0.3, 12);
  });

  it('ℓ0 attraction grows as |w| → 0, ℓ2 shrinks, ℓ1 stays (section 3.2)', () => {
    const mags = [1, 0.5, 0.1, 0.01];
    const l0 = mags.map((m) => Math.abs(zeroAttractionTerm('l0', m, p)));
    const l2 = mags.map((m) => Math.abs(zeroAttractionTerm('l2', m, p)));
    const l1 = mags.map((m) => Math.abs(zeroAttractionTerm('l1', m, p)));
    for (let i = 1; i < mags.length; i++) {
      expect(l0[i]).toBeGreaterThan(l0[i - 1]);
      expect(l2[i]).toBeLessThan(l2[i - 1]);
      expect(l1[i]).toBeCloseTo(l1[0], 12);
    }
  });

  it('the α bound (eq. 16) is where λ reaches −1', () => {
    for (const norm of ['l2', 'l1', 'l0'] as const) {
      const w = 0.02;
      const bound = alphaUpperBound(norm, w, { eta: p.eta, beta: p.beta });
      expect(scalingFactor(norm, w, { ...p, alpha: bound })).toBeCloseTo(-1, 9);
      expect(Math.abs(scalingFactor(norm, w, { ...p, alpha: bound * 0.99 }))).toBeLessThan(1);
      expect(Math.abs(scalingFactor(norm, w, { ...p, alpha: bound * 1.01 }))).toBeGreaterThan(1);
    }
    expect(alphaUpperBound('l0', 0.02, { eta: 0.04, beta: 5 })).toBeCloseTo(
      (2 * 0.02) / (0.04 * 5 * Math.exp(-0.1)),
      12,
    );
  });

  it('rejects bad input', () => {
    expect(() => scalingFactor('l0', 0, p)).toThrow(/w must be nonzero/);
    expect(() => zeroAttractionTerm('l0', 1, { eta: 0, alpha: 1, beta: 5 })).toThrow(/eta must be a finite number > 0/);
    expect(() => zeroAttractionTerm('l0', 1, { eta: 1, alpha: 1 })).toThrow(/beta/);
    // @ts-expect-error invalid norm
    expect(() => zeroAttractionTerm('l3', 1, p)).toThrow(/norm must be 'l2', 'l1' or 'l0'/);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { L0Penalty, L1Penalty, L2L0Penalty, L2Penalty, addAttraction } from '../src/index.js';
import { attractOps, loadKernel } from '../src/attraction-kernel.js';

/** ∂Ω/∂w in float64 straight from Table 1, the reference for the fused float32 pass. */
function reference(w: number, terms: { linear: number; signed: number; beta: number }): number {
  const sign = w > 0 ? 1 : w < 0 ? -1 : 0;
  return terms.linear * w + terms.signed * sign * Math.exp(-terms.beta * Math.abs(w));
}

const special = [0, -0, 1e-45, -1e-40, 1e-30, 0.5, -0.5, 3, -30, 1e4, Infinity, -Infinity];
function weights(n: number, seed: number): Float32Array {
  let s = seed;
  const random = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return Float32Array.from({ length: n }, (_, i) =>
    i < special.length ? special[i] : (random() - 0.5) * (i % 3 === 0 ? 0.02 : 2),
  );
}

describe('addAttraction: the fused zero-attraction pass', () => {
  const penalties = [
    ['l2', new L2Penalty({ alpha: 0.01 })],
    ['l1', new L1Penalty({ alpha: 0.003 })],
    ['l0', new L0Penalty({ alpha: 0.002, beta: 5 })],
    ['l2l0 (β = 50)', new L2L0Penalty({ alphaL2: 5e-4, alphaL0: 1e-3, beta: 50 })],
  ] as const;

  it.each(penalties)(
    '%s: matches Table 1 within float32 rounding, special values included, any length',
    (_name, penalty) => {
      for (const n of [1, 7, 13, 70_001]) {
        const values = weights(n, n);
        const w = tf.tensor1d(values);
        const base = tf.randomNormal([n], 0, 0.1, 'float32', 3);
        const baseValues = base.dataSync();
        const out = addAttraction(base, w, penalty.terms, 0.05).dataSync();
        const plain = penalty.gradient(w).dataSync();
        const bad: string[] = [];
        for (let i = 0; i < n; i++) {
          const expected = baseValues[i] + 0.05 * reference(values[i], penalty.terms);
          const expectedGradient = reference(values[i], penalty.terms);
          const ok = Number.isFinite(expected)
            ? Math.abs(out[i] - expected) <= 1e-6 * Math.abs(expected) + 1e-9 &&
              Math.abs(plain[i] - expectedGradient) <= 1e-6 * Math.abs(expectedGradient) + 1e-12
            : Object.is(out[i], Math.fround(expected)) && Object.is(plain[i], Math.fround(expectedGradient));
          if (!ok) bad.push(`w=${values[i]}: ${out[i]} vs ${expected}, ${plain[i]} vs ${expectedGradient}`);
        }
        expect(bad.slice(0, 5)).toEqual([]);
        tf.dispose([w, base]);
      }
    },
  );

  it('runs the WebAssembly SIMD kernel here, and agrees with the tensor-op path', () => {
    expect(loadKernel()).not.toBeNull();
    const w = tf.tensor1d(weights(1001, 9));
    const terms = new L2L0Penalty({ alphaL2: 1e-3, alphaL0: 2e-3, beta: 7 }).terms;
    const fused = addAttraction(undefined, w, terms, 0.1).dataSync();
    const ops = attractOps(undefined, w, terms, 0.1).dataSync();
    let worst = 0;
    fused.forEach((v, i) => {
      if (Number.isFinite(ops[i])) worst = Math.max(worst, Math.abs(v - ops[i]) / (Math.abs(ops[i]) + 1e-12));
      else expect(v).toBe(ops[i]);
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('gives sign(0) = 0: pruned weights feel no ℓ0/ℓ1 pull', () => {
    const out = new L0Penalty({ alpha: 1, beta: 5 }).gradient(tf.tensor1d([0, -0, 1e-8])).dataSync();
    expect([out[0], out[1]]).toEqual([0, 0]);
    expect(out[2]).toBeCloseTo(5, 5);
  });

  it('keeps shapes, leaks nothing, and rejects a base of another shape', () => {
    const w = tf.randomNormal([3, 5, 2]);
    const before = tf.memory().numTensors;
    const out = addAttraction(undefined, w, { linear: 1, signed: 1, beta: 1 });
    expect(out.shape).toEqual([3, 5, 2]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => addAttraction(tf.zeros([2]), w, { linear: 1, signed: 0, beta: 0 })).toThrow(
      /base has shape \[2\] but the weight has shape \[3, 5, 2\]/,
    );
  });
});

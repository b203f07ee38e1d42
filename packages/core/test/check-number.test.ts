import { describe, expect, it } from 'vitest';
import { checkNumber, describeRange } from '../src/index.js';

describe('checkNumber', () => {
  it('returns a value inside the range', () => {
    expect(checkNumber(0, 'x', { min: 0 })).toBe(0);
    expect(checkNumber(3, 'x', { integer: true, min: 1, max: 3 })).toBe(3);
    expect(checkNumber(0.5, 'x', { above: 0, below: 1 })).toBe(0.5);
  });

  it('names the label, the range and the value given', () => {
    expect(() => checkNumber(0, 'prune: ratio', { min: 1, hint: 'all / nonzero' })).toThrow(
      'prune: ratio must be a finite number ≥ 1 (all / nonzero), got 0',
    );
    expect(() => checkNumber(1.5, 'n', { integer: true, min: 0, max: 5 })).toThrow(
      'n must be an integer in [0, 5], got 1.5',
    );
    expect(() => checkNumber(1, 'r', { above: 0, below: 1 })).toThrow('r must be a finite number in (0, 1), got 1');
    expect(() => checkNumber(Number.NaN, 'a')).toThrow(/a must be a finite number, got NaN/);
    expect(() => checkNumber('0.1', 'lr', { above: 0 })).toThrow(
      /lr must be a finite number > 0, got the string '0.1'/,
    );
    expect(() => checkNumber(Number.POSITIVE_INFINITY, 'a', { min: 0 })).toThrow(RangeError);
  });

  it('describes half-open and one-sided ranges', () => {
    expect(describeRange({ min: 0, below: 1 })).toBe('a finite number in [0, 1)');
    expect(describeRange({ max: 2 })).toBe('a finite number ≤ 2');
    expect(describeRange({ integer: true })).toBe('an integer');
  });
});

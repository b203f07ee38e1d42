import { describeValue } from '@l0prune/core';
/** Throws unless `value` is a finite number ≥ 0 (penalty factors α). */
export function checkAlpha(value: unknown, name: string, who: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${who}: ${name} must be a finite number ≥ 0, got ${describeValue(value)}`);
  }
  return value;
}

const warnedBetas = new Set<number>();

/** Throws unless β is finite and > 0; warns once per value below 1 (the paper assumes β ≥ 1). */
export function checkBeta(value: unknown, who: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${who}: beta must be a finite number > 0 (the paper uses β ≥ 1), got ${describeValue(value)}`,
    );
  }
  if (value < 1 && !warnedBetas.has(value)) {
    warnedBetas.add(value);
    console.warn(
      `${who}: beta = ${value} < 1; the l0 approximation 1 − e^(−β|w|) is loose for β < 1 (the paper assumes β ≥ 1)`,
    );
  }
  return value;
}

/** Throws unless `value` is a finite number > 0 (learning rates, thresholds). */
export function checkPositive(value: unknown, name: string, who: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${who}: ${name} must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}

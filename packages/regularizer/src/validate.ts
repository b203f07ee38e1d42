import { checkNumber } from '@l0prune/core';

/** Throws unless `value` is a finite number ≥ 0 (penalty factors α). */
export function checkAlpha(value: unknown, name: string, who: string): number {
  return checkNumber(value, `${who}: ${name}`, { min: 0 });
}

const warnedBetas = new Set<number>();

/** Throws unless β is finite and > 0; warns once per value below 1 (the paper assumes β ≥ 1). */
export function checkBeta(value: unknown, who: string): number {
  const beta = checkNumber(value, `${who}: beta`, { above: 0, hint: 'the paper uses β ≥ 1' });
  if (beta < 1 && !warnedBetas.has(beta)) {
    warnedBetas.add(beta);
    console.warn(
      `${who}: beta = ${beta} < 1; the l0 approximation 1 − e^(−β|w|) is loose for β < 1 (the paper assumes β ≥ 1)`,
    );
  }
  return beta;
}

/** Throws unless `value` is a finite number > 0 (learning rates, thresholds). */
export function checkPositive(value: unknown, name: string, who: string): number {
  return checkNumber(value, `${who}: ${name}`, { above: 0 });
}

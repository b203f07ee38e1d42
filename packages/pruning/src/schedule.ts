import { checkNumber } from '@l0prune/core';
import { describeValue } from '@l0prune/core';
/**
 * When to prune and to what sparsity of φ, by training step (batch) — as tfmot's
 * PruningSchedule: `sparsityAt(step)` is the target at a pruning step, undefined otherwise.
 */
export interface PruningSchedule {
  sparsityAt(step: number): number | undefined;
}

function checkSparsity(value: unknown, name: string, who: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1))
    throw new RangeError(`${who}: ${name} must be a number in [0, 1), got ${describeValue(value)}`);
  return value;
}

function checkStep(value: unknown, name: string, who: string, min: number): number {
  return checkNumber(value, `${who}: ${name}`, { integer: true, min });
}

export interface OneShotOptions {
  sparsity: number;
  /** The step (batch index from the start of training) to prune at. Default 0. */
  step?: number;
}

/** Prune once, at `step`, to `sparsity`. */
export function oneShot(options: OneShotOptions): PruningSchedule {
  const sparsity = checkSparsity(options?.sparsity, 'sparsity', 'oneShot');
  const at = checkStep(options.step ?? 0, 'step', 'oneShot', 0);
  return { sparsityAt: (step) => (step === at ? sparsity : undefined) };
}

export interface PolynomialDecayOptions {
  initialSparsity: number;
  finalSparsity: number;
  beginStep: number;
  endStep: number;
  /** Exponent of the decay (Zhu & Gupta 2017 use 3). Default 3. */
  power?: number;
  /** Prune every this many steps between begin and end. Default 100. */
  frequency?: number;
}

/**
 * Zhu & Gupta's gradual schedule (tfmot's PolynomialDecay):
 * s(t) = s_f + (s_i − s_f)·(1 − (t − t₀)/(t₁ − t₀))^power, pruning every `frequency` steps
 * from beginStep to endStep and at endStep.
 */
export function polynomialDecay(options: PolynomialDecayOptions): PruningSchedule {
  const who = 'polynomialDecay';
  const si = checkSparsity(options?.initialSparsity, 'initialSparsity', who);
  const sf = checkSparsity(options.finalSparsity, 'finalSparsity', who);
  const begin = checkStep(options.beginStep, 'beginStep', who, 0);
  const end = checkStep(options.endStep, 'endStep', who, begin + 1);
  const power = options.power ?? 3;
  if (typeof power !== 'number' || !(power > 0))
    throw new RangeError(`${who}: power must be a number > 0, got ${describeValue(power)}`);
  const frequency = checkStep(options.frequency ?? 100, 'frequency', who, 1);
  if (sf < si) throw new RangeError(`${who}: finalSparsity (${sf}) must be ≥ initialSparsity (${si})`);
  return {
    sparsityAt(step) {
      if (step < begin || step > end) return undefined;
      if ((step - begin) % frequency !== 0 && step !== end) return undefined;
      const progress = Math.min(1, (step - begin) / (end - begin));
      return sf + (si - sf) * (1 - progress) ** power;
    },
  };
}

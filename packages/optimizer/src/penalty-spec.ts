import { addAttraction, createPenalty, penaltyDefinition, type Penalty } from '@l0prune/regularizer';
import * as tf from '@tensorflow/tfjs-core';
import { RelevanceDecay, type Sensitivity } from './relevance-decay.js';

/**
 * What the decoupled optimizer applies: a registered penalty's name (l2l0, l0, l1, l2, or a third party's), or
 * 'relevance'.
 */
export type AttractionKind = string;

export type PenaltyParams = Record<string, number>;

/** What to do to a variable after the inner step: subtract a tensor, or multiply by it. */
export interface PendingUpdate {
  tensor: tf.Tensor;
  how: 'subtract' | 'multiply';
}

/**
 * One decoupled step rule, evaluated before the inner optimizer's step and applied after it.
 * A penalty subtracts η·∂Ω/∂w taken at the pre-step weights (eq. 17); relevance decay
 * multiplies the post-step weights by a gradient-gated factor.
 */
export interface AttractionRule {
  readonly kind: string;
  pending(variable: tf.Variable, gradient: tf.Tensor, eta: number): PendingUpdate;
  /**
   * gradient + ∂Ω/∂w: around plain SGD at its own rate this is eq. 17 in one step. Absent when the rule cannot fold.
   */
  fold?(gradient: tf.Tensor, variable: tf.Variable): tf.Tensor;
}

/** The decoupled rule of a penalty: its fused kernel when it has `terms`, its `gradient` otherwise. */
export function penaltyRule(penalty: Penalty): AttractionRule {
  const { terms } = penalty;
  return {
    kind: penalty.kind,
    pending: (variable, _gradient, eta) => ({
      tensor: terms
        ? addAttraction(undefined, variable, terms, eta)
        : tf.tidy(() => tf.mul(eta, penalty.gradient(variable))),
      how: 'subtract',
    }),
    fold: (gradient, variable) =>
      terms ? addAttraction(gradient, variable, terms) : tf.tidy(() => tf.add(gradient, penalty.gradient(variable))),
  };
}

/** The numeric parameters of a kind, by name. */
export function parametersOf(kind: AttractionKind, who = 'penaltyOptimizer'): readonly string[] {
  return kind === 'relevance' ? ['lambda'] : penaltyDefinition(kind, who).parameters;
}

/** Builds (and so validates) the rule of `kind` from its parameters. */
export function createAttraction(
  kind: AttractionKind,
  params: PenaltyParams,
  sensitivity?: Sensitivity,
): AttractionRule {
  if (kind === 'relevance') return new RelevanceDecay(params as { lambda: number }, sensitivity);
  return penaltyRule(createPenalty(kind, params));
}

/** Only the parameters `kind` knows, rejecting unknown ones by name. */
export function pickParams(
  kind: AttractionKind,
  source: Record<string, unknown>,
  who: string,
  partial: boolean,
): PenaltyParams {
  const known = parametersOf(kind, who);
  const out: PenaltyParams = {};
  for (const key of known) {
    if (source[key] !== undefined) out[key] = source[key] as number;
    else if (!partial) throw new RangeError(`${who}: ${key} is required (${kind} penalty takes ${known.join(', ')})`);
  }
  return out;
}

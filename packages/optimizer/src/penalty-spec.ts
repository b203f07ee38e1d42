import { L0Penalty, L1Penalty, L2L0Penalty, L2Penalty, type Penalty, type PenaltyKind } from '@l0prune/regularizer';
import { RelevanceDecay, type Sensitivity } from './relevance-decay.js';

/** The zero attractions the decoupled optimizer applies: a norm penalty, or relevance-gated decay. */
export type AttractionKind = PenaltyKind | 'relevance';

/** The numeric parameters of each kind, by name. */
export const PENALTY_PARAMETERS: Record<AttractionKind, readonly string[]> = {
  l2l0: ['alphaL2', 'alphaL0', 'beta'],
  l0: ['alpha', 'beta'],
  l1: ['alpha'],
  l2: ['alpha'],
  relevance: ['lambda'],
};

export type PenaltyParams = Record<string, number>;

/** A norm penalty (∂Ω/∂w at the pre-step weights, eq. 17) or a gradient-gated decay (post-step). */
export type Attraction = Penalty | RelevanceDecay;

export function isGated(attraction: Attraction): attraction is RelevanceDecay {
  return attraction.kind === 'relevance';
}

/** Builds (and so validates) the attraction of `kind` from its parameters. */
export function createPenalty(kind: AttractionKind, params: PenaltyParams, sensitivity?: Sensitivity): Attraction {
  switch (kind) {
    case 'l2l0':
      return new L2L0Penalty(params as { alphaL2: number; alphaL0: number; beta: number });
    case 'l0':
      return new L0Penalty(params as { alpha: number; beta: number });
    case 'l1':
      return new L1Penalty(params as { alpha: number });
    case 'l2':
      return new L2Penalty(params as { alpha: number });
    case 'relevance':
      return new RelevanceDecay(params as { lambda: number }, sensitivity);
    default:
      throw new RangeError(`unknown penalty '${String(kind)}'; valid penalties are l2l0, l0, l1, l2, relevance`);
  }
}

/** Only the parameters `kind` knows, rejecting unknown ones by name. */
export function pickParams(kind: AttractionKind, source: Record<string, unknown>, who: string, partial: boolean): PenaltyParams {
  const known = PENALTY_PARAMETERS[kind];
  const out: PenaltyParams = {};
  for (const key of known) {
    if (source[key] !== undefined) out[key] = source[key] as number;
    else if (!partial) throw new RangeError(`${who}: ${key} is required (${kind} penalty takes ${known.join(', ')})`);
  }
  return out;
}

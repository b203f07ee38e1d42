import { L0Penalty, L1Penalty, L2L0Penalty, L2Penalty, type Penalty, type PenaltyKind } from '@l0prune/regularizer';

/** The numeric parameters of each penalty kind, by name. */
export const PENALTY_PARAMETERS: Record<PenaltyKind, readonly string[]> = {
  l2l0: ['alphaL2', 'alphaL0', 'beta'],
  l0: ['alpha', 'beta'],
  l1: ['alpha'],
  l2: ['alpha'],
};

export type PenaltyParams = Record<string, number>;

/** Builds (and so validates) the penalty of `kind` from its parameters. */
export function createPenalty(kind: PenaltyKind, params: PenaltyParams): Penalty {
  switch (kind) {
    case 'l2l0':
      return new L2L0Penalty(params as { alphaL2: number; alphaL0: number; beta: number });
    case 'l0':
      return new L0Penalty(params as { alpha: number; beta: number });
    case 'l1':
      return new L1Penalty(params as { alpha: number });
    case 'l2':
      return new L2Penalty(params as { alpha: number });
    default:
      throw new RangeError(`unknown penalty '${String(kind)}'; valid penalties are l2l0, l0, l1, l2`);
  }
}

/** Only the parameters `kind` knows, rejecting unknown ones by name. */
export function pickParams(kind: PenaltyKind, source: Record<string, unknown>, who: string, partial: boolean): PenaltyParams {
  const known = PENALTY_PARAMETERS[kind];
  const out: PenaltyParams = {};
  for (const key of known) {
    if (source[key] !== undefined) out[key] = source[key] as number;
    else if (!partial) throw new RangeError(`${who}: ${key} is required (${kind} penalty takes ${known.join(', ')})`);
  }
  return out;
}

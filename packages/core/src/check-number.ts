import { describeValue } from './describe-value.js';

export interface NumberRange {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive upper bound. */
  below?: number;
  integer?: boolean;
  /** What the number means, shown in parentheses after the range. */
  hint?: string;
}

/** "a finite number ≥ 0", "an integer in [0, 10]", "a finite number in (0, 1)", … */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'an integer' : 'a finite number';
  const bound = (closed: number | undefined, open: number | undefined) =>
    closed !== undefined ? { at: closed, open: false } : open !== undefined ? { at: open, open: true } : undefined;
  const low = bound(range.min, range.above);
  const high = bound(range.max, range.below);
  let bounds = '';
  if (low && high) bounds = ` in ${low.open ? '(' : '['}${low.at}, ${high.at}${high.open ? ')' : ']'}`;
  else if (low) bounds = ` ${low.open ? '>' : '≥'} ${low.at}`;
  else if (high) bounds = ` ${high.open ? '<' : '≤'} ${high.at}`;
  return `${kind}${bounds}${range.hint ? ` (${range.hint})` : ''}`;
}

/**
 * Returns `value` if it is a finite number (an integer with `integer`) within the range; otherwise
 * throws a RangeError that names it, the valid range and what was given:
 * "`label` must be <range>, got <value>" (label: e.g. "prune: compressionRatio").
 */
export function checkNumber(value: unknown, label: string, range: NumberRange = {}): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.min === undefined || value >= range.min) &&
    (range.above === undefined || value > range.above) &&
    (range.max === undefined || value <= range.max) &&
    (range.below === undefined || value < range.below);
  if (!ok) throw new RangeError(`${label} must be ${describeRange(range)}, got ${describeValue(value)}`);
  return value as number;
}

import { checkNumber } from '@l0prune/core';
/**
 * Exact selection of the `count` smallest magnitudes among several Float32Arrays, in linear
 * time and O(1) extra memory per weight: a two-pass radix select on the IEEE-754 bit pattern of
 * |w| (which orders like |w| itself), with 2^15 + 2^16 counters in all. No sort, no copy.
 * Ties at the threshold are broken by position (array order, then index), so the result is
 * deterministic and hits `count` exactly.
 */
export interface SmallestSelection {
  /** Bit pattern of |w| at the threshold: everything below is selected. */
  readonly thresholdBits: number;
  /** How many of the elements equal to the threshold are selected too (the first ones). */
  readonly atThreshold: number;
  /** |w| at the threshold, as a number. */
  readonly threshold: number;
}

const ABS = 0x7fffffff;

function bitsOf(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

export function selectSmallest(arrays: readonly Float32Array[], count: number): SmallestSelection {
  const total = arrays.reduce((s, a) => s + a.length, 0);
  checkNumber(count, 'selectSmallest: count', { integer: true, min: 0, max: total });
  if (count === 0) return { thresholdBits: 0, atThreshold: 0, threshold: 0 };
  // Pass 1: the high 15 bits of |w| (sign cleared).
  const high = new Uint32Array(1 << 15);
  for (const a of arrays) {
    const bits = bitsOf(a);
    for (let i = 0; i < bits.length; i++) high[(bits[i] & ABS) >>> 16]++;
  }
  let bin = 0;
  let below = 0;
  while (below + high[bin] < count) below += high[bin++];
  // Pass 2: the low 16 bits inside that bin.
  const low = new Uint32Array(1 << 16);
  for (const a of arrays) {
    const bits = bitsOf(a);
    for (let i = 0; i < bits.length; i++) {
      const b = bits[i] & ABS;
      if (b >>> 16 === bin) low[b & 0xffff]++;
    }
  }
  let sub = 0;
  while (below + low[sub] < count) below += low[sub++];
  const thresholdBits = ((bin << 16) | sub) >>> 0;
  const threshold = new Float32Array(new Uint32Array([thresholdBits]).buffer)[0];
  return { thresholdBits, atThreshold: count - below, threshold };
}

/**
 * Keep-masks for `arrays` that drop exactly the selection (1 = keep). `tieBudget` is shared
 * across the arrays in order, which is what makes ties deterministic.
 */
export function masksDroppingSmallest(
  arrays: readonly Float32Array[],
  selection: SmallestSelection,
  count: number,
): Uint8Array[] {
  let ties = selection.atThreshold;
  return arrays.map((a) => {
    const bits = bitsOf(a);
    const mask = new Uint8Array(a.length);
    if (count === 0) return mask.fill(1);
    for (let i = 0; i < bits.length; i++) {
      const b = bits[i] & ABS;
      if (b < selection.thresholdBits) continue;
      if (b === selection.thresholdBits && ties > 0) {
        ties--;
        continue;
      }
      mask[i] = 1;
    }
    return mask;
  });
}

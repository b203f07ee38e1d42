import { BitReader, BitWriter } from './bit-io.js';
import { SparseFormatError } from './errors.js';

/**
 * How the positions of the nonzeros of a tensor of n values are stored:
 * - `dense`: not at all (every value is stored);
 * - `bitmask`: n bits, LSB-first;
 * - `rice`: the gaps between positions (first position, then pos − prev − 1), Golomb–Rice
 *   coded with parameter k (quotient in unary, k low bits): within a few percent of
 *   log2 C(n, k) for random masks from 1% to 50% density;
 * - `varint`: the same gaps as LEB128 bytes (byte-aligned, fast, larger).
 * The encoder stores whichever is smallest.
 */
export type PositionEncoding = 'dense' | 'bitmask' | 'rice' | 'varint';

export interface EncodedPositions {
  encoding: PositionEncoding;
  /** Rice parameter, for `rice`. */
  riceK?: number;
  bytes: Uint8Array;
}

function gapsOf(positions: Uint32Array): Uint32Array {
  const gaps = new Uint32Array(positions.length);
  let prev = -1;
  for (let i = 0; i < positions.length; i++) {
    gaps[i] = positions[i] - prev - 1;
    prev = positions[i];
  }
  return gaps;
}

function riceBits(gaps: Uint32Array, k: number): number {
  let bits = 0;
  for (let i = 0; i < gaps.length; i++) bits += (gaps[i] >>> k) + 1 + k;
  return bits;
}

function riceEncode(gaps: Uint32Array, k: number): Uint8Array {
  const w = new BitWriter();
  const low = k === 0 ? 0 : (1 << k) - 1;
  for (let i = 0; i < gaps.length; i++) {
    w.unary(gaps[i] >>> k);
    if (k > 0) w.write(gaps[i] & low, k);
  }
  return w.finish();
}

function varintEncode(gaps: Uint32Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < gaps.length; i++) {
    let g = gaps[i];
    while (g >= 0x80) {
      out.push((g & 0x7f) | 0x80);
      g >>>= 7;
    }
    out.push(g);
  }
  return Uint8Array.from(out);
}

/** The smallest encoding of the sorted `positions` of a tensor of `n` values. */
export function encodePositions(positions: Uint32Array, n: number): EncodedPositions {
  const gaps = gapsOf(positions);
  let bestK = 0;
  let bestBits = Infinity;
  for (let k = 0; k <= 24; k++) {
    const bits = riceBits(gaps, k);
    if (bits < bestBits) [bestK, bestBits] = [k, bits];
  }
  const candidates: Array<[number, () => EncodedPositions]> = [
    [Math.ceil(n / 8), () => ({ encoding: 'bitmask', bytes: bitmask(positions, n) })],
    [Math.ceil(bestBits / 8), () => ({ encoding: 'rice', riceK: bestK, bytes: riceEncode(gaps, bestK) })],
    [varintSize(gaps), () => ({ encoding: 'varint', bytes: varintEncode(gaps) })],
  ];
  candidates.sort((a, b) => a[0] - b[0]);
  return candidates[0][1]();
}

function varintSize(gaps: Uint32Array): number {
  let size = 0;
  for (let i = 0; i < gaps.length; i++)
    size += gaps[i] < 0x80 ? 1 : gaps[i] < 0x4000 ? 2 : gaps[i] < 0x200000 ? 3 : gaps[i] < 0x10000000 ? 4 : 5;
  return size;
}

function bitmask(positions: Uint32Array, n: number): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < positions.length; i++) bytes[positions[i] >>> 3] |= 1 << (positions[i] & 7);
  return bytes;
}

/**
 * Decodes `count` positions of a tensor of `n` values, checking that they are increasing,
 * inside [0, n) and that the data holds exactly them.
 */
export function decodePositions(
  enc: PositionEncoding,
  bytes: Uint8Array,
  count: number,
  n: number,
  what: string,
  riceK = 0,
): Uint32Array {
  const out = new Uint32Array(count);
  const outOfRange = (p: number): never => {
    throw new SparseFormatError('POSITION_OUT_OF_RANGE', `${what}: position ${p} is outside [0, ${n})`);
  };
  if (enc === 'bitmask') {
    if (bytes.length !== Math.ceil(n / 8))
      throw new SparseFormatError(
        'SECTION_MISMATCH',
        `${what}: bitmask has ${bytes.length} bytes, expected ${Math.ceil(n / 8)}`,
      );
    let j = 0;
    for (let p = 0; p < bytes.length * 8; p++) {
      if (!((bytes[p >>> 3] >>> (p & 7)) & 1)) continue;
      if (p >= n) outOfRange(p);
      if (j >= count)
        throw new SparseFormatError(
          'SECTION_MISMATCH',
          `${what}: bitmask has more than the ${count} positions the manifest gives`,
        );
      out[j++] = p;
    }
    if (j !== count)
      throw new SparseFormatError(
        'SECTION_MISMATCH',
        `${what}: bitmask has ${j} positions, the manifest gives ${count}`,
      );
    return out;
  }
  let prev = -1;
  if (enc === 'rice') {
    if (!Number.isInteger(riceK) || riceK < 0 || riceK > 24)
      throw new SparseFormatError('BAD_MANIFEST', `${what}: Rice parameter ${riceK} is outside [0, 24]`);
    const r = new BitReader(bytes, what);
    for (let i = 0; i < count; i++) {
      const gap = r.unary() * 2 ** riceK + (riceK > 0 ? r.read(riceK) : 0);
      const p = prev + 1 + gap;
      if (p >= n) outOfRange(p);
      out[i] = prev = p;
    }
    if (Math.ceil(r.bitsRead / 8) !== bytes.length) {
      throw new SparseFormatError(
        'SECTION_MISMATCH',
        `${what}: ${bytes.length - Math.ceil(r.bitsRead / 8)} bytes of position data left over`,
      );
    }
    return out;
  }
  if (enc === 'varint') {
    let at = 0;
    for (let i = 0; i < count; i++) {
      let gap = 0;
      let shift = 0;
      for (;;) {
        if (at >= bytes.length) throw new SparseFormatError('SECTION_MISMATCH', `${what}: position data ends early`);
        const b = bytes[at++];
        gap += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (!(b & 0x80)) break;
        if (shift > 35) throw new SparseFormatError('SECTION_MISMATCH', `${what}: varint too long`);
      }
      const p = prev + 1 + gap;
      if (p >= n) outOfRange(p);
      out[i] = prev = p;
    }
    if (at !== bytes.length)
      throw new SparseFormatError('SECTION_MISMATCH', `${what}: ${bytes.length - at} bytes of position data left over`);
    return out;
  }
  throw new SparseFormatError('BAD_MANIFEST', `${what}: unknown position encoding '${String(enc)}'`);
}

/** log2 C(n, k): the information-theoretic minimum, in bits, to say which k of n are nonzero. */
export function positionEntropyBits(n: number, k: number): number {
  let lg = 0;
  // Sum of log2 over the smaller side keeps it exact enough and O(min(k, n − k)).
  const m = Math.min(k, n - k);
  for (let i = 1; i <= m; i++) lg += Math.log2(n - m + i) - Math.log2(i);
  return lg;
}

import { SparseFormatError } from './errors.js';

/** How float32 values are stored: exactly, as IEEE half floats, or 8-bit affine with 0 exact. */
/** How a file stores the kept values; the list every writer, reader and CLI checks against. */
export const VALUE_ENCODINGS = ['float32', 'float16', 'uint8'] as const;
export type ValueEncoding = (typeof VALUE_ENCODINGS)[number];

/** Stored dtypes of a weight. `int32` and `bool` are always stored exactly. */
export type WeightDtype = 'float32' | 'int32' | 'bool';

export interface EncodedValues {
  bytes: Uint8Array;
  /** uint8: v = (q − zeroPoint) · scale. */
  scale?: number;
  zeroPoint?: number;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → IEEE 754 half (round to nearest even, overflow to ±Infinity, subnormals kept). */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

/** IEEE 754 half → number. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** The largest finite float16 before rounding overflows to Infinity. */
const HALF_OVERFLOW = 65520;

/**
 * Refuses, at save time, values the encoding would silently change: uint8 cannot hold NaN or
 * ±Infinity (the file would not load, or NaN would come back a number); float16 turns
 * |v| ≥ 65520 into Infinity. The message names the weight and an encoding that works.
 */
export function checkRepresentable(name: string, values: Float32Array, encoding: ValueEncoding): void {
  if (encoding === 'float32') return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (encoding === 'uint8' && !Number.isFinite(v)) {
      throw new RangeError(
        `encodeSparse: weight '${name}' holds ${v} at index ${i}, which values: 'uint8' cannot store; ` +
          `save with values: 'float32' (or 'float16', which keeps NaN and ±Infinity)`,
      );
    }
    if (encoding === 'float16' && Number.isFinite(v) && Math.abs(v) >= HALF_OVERFLOW) {
      throw new RangeError(
        `encodeSparse: weight '${name}' holds ${v} at index ${i}, beyond float16's range (|v| < 65520) — it would ` +
          `load as ${v > 0 ? '' : '-'}Infinity; save with values: 'float32' (or 'uint8', which keeps the range at 8 ` +
          `bits)`,
      );
    }
  }
}

/** Encodes values (float32 weights may be compressed; ints and bools are exact). */
export function encodeValues(
  values: Float32Array | Int32Array | Uint8Array,
  dtype: WeightDtype,
  encoding: ValueEncoding,
  sparse: boolean,
): EncodedValues {
  if (dtype === 'bool') return { bytes: Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0)) };
  if (dtype === 'int32') return { bytes: new Uint8Array(Int32Array.from(values as ArrayLike<number>).buffer) };
  const v = values as Float32Array;
  if (encoding === 'float32') return { bytes: new Uint8Array(Float32Array.from(v).buffer) };
  if (encoding === 'float16') return { bytes: new Uint8Array(Uint16Array.from(v, toHalf).buffer) };
  // uint8 affine over [min(v, 0), max(v, 0)]: 0 maps to the integer zeroPoint, so zeros stay exact.
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  const bytes = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    let q = Math.min(255, Math.max(0, Math.round(v[i] / scale) + zeroPoint));
    // A stored nonzero must not come back as zero: that would change the sparsity.
    if (sparse && q === zeroPoint && v[i] !== 0) q = v[i] > 0 ? Math.min(255, q + 1) : Math.max(0, q - 1);
    bytes[i] = q;
  }
  return { bytes, scale: Math.fround(scale), zeroPoint };
}

export function valueBytes(dtype: WeightDtype, encoding: ValueEncoding): number {
  if (dtype === 'bool') return 1;
  if (dtype === 'int32') return 4;
  return encoding === 'float32' ? 4 : encoding === 'float16' ? 2 : 1;
}

/** Decodes `count` values into the dtype's typed array. */
export function decodeValues(
  bytes: Uint8Array,
  count: number,
  dtype: WeightDtype,
  encoding: ValueEncoding,
  what: string,
  quant: { scale?: number; zeroPoint?: number } = {},
): Float32Array | Int32Array | Uint8Array {
  const width = valueBytes(dtype, encoding);
  if (bytes.length !== count * width) {
    throw new SparseFormatError(
      'SECTION_MISMATCH',
      `${what}: ${bytes.length} bytes of values, expected ${count} × ${width}`,
    );
  }
  const copy = bytes.slice(); // aligned copy
  if (dtype === 'bool') return copy;
  if (dtype === 'int32') return new Int32Array(copy.buffer);
  if (encoding === 'float32') return new Float32Array(copy.buffer);
  if (encoding === 'float16') return Float32Array.from(new Uint16Array(copy.buffer), fromHalf);
  const { scale, zeroPoint } = quant;
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isInteger(zeroPoint) || zeroPoint! < 0 || zeroPoint! > 255) {
    throw new SparseFormatError('BAD_MANIFEST', `${what}: uint8 values need a scale > 0 and a zeroPoint in [0, 255]`);
  }
  return Float32Array.from(copy, (q) => (q - zeroPoint!) * scale);
}

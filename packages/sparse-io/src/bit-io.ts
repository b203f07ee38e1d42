import { SparseFormatError } from './errors.js';

/** Appends bits LSB-first into a growing byte array. */
export class BitWriter {
  private bytes = new Uint8Array(64);
  private bitLength = 0;

  private ensure(bits: number): void {
    const need = Math.ceil((this.bitLength + bits) / 8);
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes);
    this.bytes = grown;
  }

  /** Writes the low `count` bits of `value` (count ≤ 31). */
  write(value: number, count: number): void {
    this.ensure(count);
    for (let i = 0; i < count; i++) {
      if ((value >>> i) & 1) this.bytes[this.bitLength >>> 3] |= 1 << (this.bitLength & 7);
      this.bitLength++;
    }
  }

  /** Writes `count` one-bits then a zero-bit (unary). */
  unary(count: number): void {
    this.ensure(count + 1);
    for (let i = 0; i < count; i++) {
      this.bytes[this.bitLength >>> 3] |= 1 << (this.bitLength & 7);
      this.bitLength++;
    }
    this.bitLength++;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, Math.ceil(this.bitLength / 8));
  }
}

/** Reads bits LSB-first; reading past the end is a SparseFormatError. */
export class BitReader {
  private bit = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get bitsRead(): number {
    return this.bit;
  }

  private fail(): never {
    throw new SparseFormatError('SECTION_MISMATCH', `${this.what}: position data ends early`);
  }

  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.bit >>> 3;
      if (byte >= this.bytes.length) this.fail();
      value |= ((this.bytes[byte] >>> (this.bit & 7)) & 1) << i;
      this.bit++;
    }
    return value >>> 0;
  }

  unary(): number {
    let count = 0;
    for (;;) {
      const byte = this.bit >>> 3;
      if (byte >= this.bytes.length) this.fail();
      const b = (this.bytes[byte] >>> (this.bit & 7)) & 1;
      this.bit++;
      if (b === 0) return count;
      count++;
    }
  }
}

import CRC32 from 'crc-32';

/** CRC-32 (IEEE) of the bytes, as an unsigned 32-bit number (SheetJS crc-32: fast, browser and Node). */
export function crc32(bytes: Uint8Array): number {
  return CRC32.buf(bytes) >>> 0;
}

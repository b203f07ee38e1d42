import { gunzipSync } from 'node:zlib';

/** The largest idx data accepted by default (MNIST's largest file is 47 MB inflated). */
const DEFAULT_MAX_BYTES = 2 ** 28;

/** A malformed or unexpected idx file. */
export class IdxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxFormatError';
  }
}

export interface IdxArray {
  /** Dimensions from the header, e.g. [60000, 28, 28]. */
  readonly dims: number[];
  /** The unsigned bytes, row-major (a view into the file's buffer: no copy). */
  readonly data: Uint8Array;
}

/**
 * Parses an idx file of unsigned bytes (LeCun's MNIST format: 0x00 0x00 0x08 ndim, then ndim
 * big-endian uint32 sizes, then the data). Gzipped files (magic 1f 8b) are inflated first.
 */
export function parseIdx(bytes: Uint8Array, what = 'idx file', options: { maxBytes?: number } = {}): IdxArray {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // Inflation stops at the limit: a small gzip bomb cannot grow into gigabytes.
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      const tooBig = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new IdxFormatError(
        tooBig
          ? `${what}: inflates to more than maxBytes = ${maxBytes} bytes; pass parseIdx(bytes, what, { maxBytes }) for a larger file`
          : `${what}: not valid gzip data (${(e as Error).message})`,
      );
    }
  }
  if (bytes.length > maxBytes)
    throw new IdxFormatError(
      `${what}: ${bytes.length} bytes exceeds maxBytes = ${maxBytes}; pass parseIdx(bytes, what, ` +
        `{ maxBytes }) for a larger file`,
    );
  if (bytes.length < 4) throw new IdxFormatError(`${what}: ${bytes.length} bytes is too short for an idx header`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw new IdxFormatError(`${what}: not an idx file (magic must start with 0x0000)`);
  if (bytes[2] !== 0x08)
    throw new IdxFormatError(`${what}: element type 0x${bytes[2].toString(16)} is not unsigned byte (0x08)`);
  const ndim = bytes[3];
  if (ndim < 1 || ndim > 4) throw new IdxFormatError(`${what}: ${ndim} dimensions; expected 1 to 4`);
  const header = 4 + 4 * ndim;
  if (bytes.length < header) throw new IdxFormatError(`${what}: truncated header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size))
    throw new IdxFormatError(`${what}: header declares ${dims.join('×')} elements, past any file size`);
  if (bytes.length !== header + size) {
    throw new IdxFormatError(
      `${what}: header says ${dims.join('×')} = ${size} bytes of data but the file has ${bytes.length - header}`,
    );
  }
  return { dims, data: bytes.subarray(header) };
}

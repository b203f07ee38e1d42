export type SparseErrorCode =
  | 'TRUNCATED'
  | 'BAD_MAGIC'
  | 'UNSUPPORTED_VERSION'
  | 'CHECKSUM_MISMATCH'
  | 'BAD_MANIFEST'
  | 'SECTION_MISMATCH'
  | 'POSITION_OUT_OF_RANGE'
  | 'UNSUPPORTED_WEIGHT'
  /** The file declares more than a limit allows (elements, manifest size, file size): see DecodeLimits. */
  | 'TOO_LARGE';

/**
 * Every problem with a sparse model file raises this, with a `code` to branch on and a message
 * naming the weight or offset: a damaged file never loads as a model with wrong weights.
 */
export class SparseFormatError extends Error {
  readonly code: SparseErrorCode;

  constructor(code: SparseErrorCode, message: string) {
    super(message);
    this.name = 'SparseFormatError';
    this.code = code;
  }
}

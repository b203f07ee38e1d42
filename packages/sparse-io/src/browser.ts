// The browser-safe API: bytes in memory and HTTP. No Node built-ins here or below (checked in `lint`).
export { encodeSparse } from './encode.js';
export type { EncodeOptions } from './encode.js';
export { decodeSparse, inspectSparse } from './decode.js';
export { SparseFormatError } from './errors.js';
export { DEFAULT_LIMITS } from './limits.js';
export type { DecodeLimits } from './limits.js';
export type { SparseErrorCode } from './errors.js';
export { sparseHttpHandler } from './http-handler.js';
export type { SparseHttpOptions } from './http-handler.js';
export { positionEntropyBits, encodePositions } from './positions.js';
export type { PositionEncoding } from './positions.js';
export { VALUE_ENCODINGS } from './values.js';
export type { ValueEncoding } from './values.js';
export type { Manifest, WeightEntry } from './format.js';

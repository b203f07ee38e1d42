import type { PositionEncoding } from './positions.js';
import type { ValueEncoding, WeightDtype } from './values.js';

/** First 8 bytes of every file: ASCII "L0SPARSE". */
export const MAGIC = Uint8Array.from('L0SPARSE', (c) => c.charCodeAt(0));
export const FORMAT_VERSION = 1;
/** magic (8) + version (2) + flags (2) + manifest length (4) + manifest CRC-32 (4). */
export const HEADER_BYTES = 20;
/** payload length (4) + payload CRC-32 (4). */
export const SECTION_HEADER_BYTES = 8;

/** One weight's entry in the manifest; its section follows in the same order. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  /** 'optimizer' for optimizer state (tfjs' weight group); absent for model weights. */
  group?: 'model' | 'optimizer';
  /** Values stored: nonzeros (bit patterns ≠ 0, so −0 and NaN are kept), or all for dense. */
  nnz: number;
  positions: PositionEncoding;
  riceK?: number;
  /** Bytes of position data at the start of the section. */
  positionBytes: number;
  values: ValueEncoding;
  scale?: number;
  zeroPoint?: number;
}

/** The JSON manifest (stored raw-DEFLATE compressed). */
export interface Manifest {
  format: 'l0prune-sparse';
  version: number;
  modelTopology?: unknown;
  trainingConfig?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
  /** tfjs' ModelArtifacts.format, generatedBy and convertedBy, kept as given. */
  artifactsFormat?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  /** A converted GraphModel's signature and initializer graph (tfjs' ModelArtifacts), kept as given. */
  signature?: unknown;
  modelInitializer?: unknown;
  initializerSignature?: unknown;
  weights: WeightEntry[];
}

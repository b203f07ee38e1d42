import type * as tf from '@tensorflow/tfjs-core';
import { crc32 } from './checksum.js';
import { SparseFormatError } from './errors.js';
import {
  FORMAT_VERSION,
  HEADER_BYTES,
  MAGIC,
  SECTION_HEADER_BYTES,
  type Manifest,
  type WeightEntry,
} from './format.js';
import { checkManifest } from './check-manifest.js';
import { resolveLimits, tooLarge, type DecodeLimits } from './limits.js';
import { inflateCapped, parseManifestJson } from './manifest-json.js';
import { decodePositions } from './positions.js';
import { decodeValues, valueBytes } from './values.js';
import { writeWeights, type RawWeight } from './weight-values.js';

export interface DecodedSection {
  entry: WeightEntry;
  /** Section size in the file, header included. */
  bytes: number;
}

/** Reads and checks the header and manifest; returns the manifest and where the sections start. */
export function readManifest(
  bytes: Uint8Array,
  limits: DecodeLimits = {},
): { manifest: Manifest; sectionsStart: number } {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeSparse: expected a Uint8Array');
  const resolved = resolveLimits(limits, 'decodeSparse');
  if (bytes.length > resolved.maxFileBytes)
    throw tooLarge(`the file (${bytes.length.toLocaleString('en-US')} bytes)`, 'maxFileBytes', resolved.maxFileBytes);
  if (bytes.length < HEADER_BYTES) {
    throw new SparseFormatError(
      bytes.length >= 8 && !hasMagic(bytes) ? 'BAD_MAGIC' : 'TRUNCATED',
      `file is ${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`,
    );
  }
  if (!hasMagic(bytes))
    throw new SparseFormatError('BAD_MAGIC', 'not an l0prune sparse model file (magic "L0SPARSE" missing)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== FORMAT_VERSION) {
    throw new SparseFormatError(
      'UNSUPPORTED_VERSION',
      `format version ${version} is not supported (this reader knows version ${FORMAT_VERSION}); ` +
        `upgrade @l0prune/sparse-io`,
    );
  }
  const length = view.getUint32(12, true);
  if (HEADER_BYTES + length > bytes.length)
    throw new SparseFormatError(
      'TRUNCATED',
      `manifest of ${length} bytes runs past the end of the ${bytes.length}-byte file`,
    );
  const manifestBytes = bytes.subarray(HEADER_BYTES, HEADER_BYTES + length);
  if (crc32(manifestBytes) !== view.getUint32(16, true))
    throw new SparseFormatError('CHECKSUM_MISMATCH', 'manifest checksum mismatch: the file is damaged');
  const manifest = parseManifestJson(inflateCapped(manifestBytes, resolved.maxManifestBytes)) as Manifest;
  checkManifest(manifest, resolved);
  return { manifest, sectionsStart: HEADER_BYTES + length };
}

function hasMagic(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

/** Walks the sections, checking lengths and checksums, and hands each payload to `visit`. */
export function forEachSection(
  bytes: Uint8Array,
  manifest: Manifest,
  start: number,
  visit: (entry: WeightEntry, payload: Uint8Array) => void,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  for (const entry of manifest.weights) {
    if (at + SECTION_HEADER_BYTES > bytes.length)
      throw new SparseFormatError('TRUNCATED', `file ends before the section of '${entry.name}'`);
    const length = view.getUint32(at, true);
    const crc = view.getUint32(at + 4, true);
    const begin = at + SECTION_HEADER_BYTES;
    if (begin + length > bytes.length)
      throw new SparseFormatError(
        'TRUNCATED',
        `section of '${entry.name}' (${length} bytes) runs past the end of the file`,
      );
    const payload = bytes.subarray(begin, begin + length);
    if (crc32(payload) !== crc)
      throw new SparseFormatError(
        'CHECKSUM_MISMATCH',
        `checksum mismatch in the section of '${entry.name}': the file is damaged`,
      );
    visit(entry, payload);
    at = begin + length;
  }
  if (at !== bytes.length)
    throw new SparseFormatError('SECTION_MISMATCH', `${bytes.length - at} bytes after the last section`);
}

function decodeWeight(entry: WeightEntry, payload: Uint8Array): RawWeight {
  const what = `weight '${entry.name}'`;
  const n = entry.shape.reduce((a, b) => a * b, 1);
  const width = valueBytes(entry.dtype, entry.values);
  if (payload.length !== entry.positionBytes + entry.nnz * width) {
    throw new SparseFormatError(
      'SECTION_MISMATCH',
      `${what}: section has ${payload.length} bytes, the manifest implies ${entry.positionBytes + entry.nnz * width}`,
    );
  }
  const stored = decodeValues(payload.subarray(entry.positionBytes), entry.nnz, entry.dtype, entry.values, what, entry);
  const base = {
    name: entry.name,
    shape: entry.shape,
    dtype: entry.dtype,
    ...(entry.group ? { group: entry.group } : {}),
  };
  if (entry.positions === 'dense') return { ...base, values: stored };
  const positions = decodePositions(
    entry.positions,
    payload.subarray(0, entry.positionBytes),
    entry.nnz,
    n,
    what,
    entry.riceK,
  );
  const values =
    stored instanceof Float32Array
      ? new Float32Array(n)
      : stored instanceof Int32Array
        ? new Int32Array(n)
        : new Uint8Array(n);
  for (let i = 0; i < positions.length; i++) values[positions[i]] = stored[i];
  return { ...base, values };
}

/** The bytes of a sparse model file → tfjs ModelArtifacts (float32/int32/bool weight data). */
export function decodeSparse(bytes: Uint8Array, limits: DecodeLimits = {}): tf.io.ModelArtifacts {
  const { manifest, sectionsStart } = readManifest(bytes, limits);
  const weights: RawWeight[] = [];
  forEachSection(bytes, manifest, sectionsStart, (entry, payload) => weights.push(decodeWeight(entry, payload)));
  const { weightSpecs, weightData } = writeWeights(weights);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: manifest.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData,
  };
  if (manifest.trainingConfig) artifacts.trainingConfig = manifest.trainingConfig as tf.io.TrainingConfig;
  if (manifest.userDefinedMetadata)
    artifacts.userDefinedMetadata = manifest.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'];
  if (manifest.artifactsFormat) artifacts.format = manifest.artifactsFormat;
  if (manifest.generatedBy) artifacts.generatedBy = manifest.generatedBy;
  if (manifest.convertedBy !== undefined) artifacts.convertedBy = manifest.convertedBy;
  if (manifest.signature) artifacts.signature = manifest.signature as object;
  if (manifest.modelInitializer) artifacts.modelInitializer = manifest.modelInitializer as object;
  if (manifest.initializerSignature) artifacts.initializerSignature = manifest.initializerSignature as object;
  return artifacts;
}

/** Per-weight layout of a file without decoding values (for `inspect`). */
export function inspectSparse(
  bytes: Uint8Array,
  limits: DecodeLimits = {},
): { manifest: Manifest; sections: DecodedSection[]; totalBytes: number; manifestBytes: number } {
  const { manifest, sectionsStart } = readManifest(bytes, limits);
  const sections: DecodedSection[] = [];
  forEachSection(bytes, manifest, sectionsStart, (entry, payload) =>
    sections.push({ entry, bytes: payload.length + SECTION_HEADER_BYTES }),
  );
  return { manifest, sections, totalBytes: bytes.length, manifestBytes: sectionsStart };
}

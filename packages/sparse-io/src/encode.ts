import type * as tf from '@tensorflow/tfjs-core';
import { deflateSync, strToU8 } from 'fflate';
import { crc32 } from './checksum.js';
import {
  FORMAT_VERSION,
  HEADER_BYTES,
  MAGIC,
  SECTION_HEADER_BYTES,
  type Manifest,
  type WeightEntry,
} from './format.js';
import { encodePositions } from './positions.js';
import { checkRepresentable, encodeValues, VALUE_ENCODINGS, valueBytes, type ValueEncoding } from './values.js';
import { readWeights, type RawWeight } from './weight-values.js';

export interface EncodeOptions {
  /**
   * How float32 model weights are stored: 'float32' (default, lossless), 'float16', or 'uint8' (affine, zeros exact).
   * Optimizer state is always float32.
   */
  values?: ValueEncoding;
  /** Extra metadata merged into the model's userDefinedMetadata. */
  metadata?: Record<string, unknown>;
}

/** Indices whose bit pattern is nonzero (so −0 and NaN count as stored values). */
function nonzeroPositions(values: RawWeight['values']): Uint32Array {
  const bits =
    values instanceof Float32Array ? new Uint32Array(values.buffer, values.byteOffset, values.length) : values;
  let count = 0;
  for (let i = 0; i < bits.length; i++) if (bits[i] !== 0) count++;
  const out = new Uint32Array(count);
  for (let i = 0, j = 0; i < bits.length; i++) if (bits[i] !== 0) out[j++] = i;
  return out;
}

function encodeWeight(w: RawWeight, requested: ValueEncoding): { entry: WeightEntry; payload: Uint8Array } {
  const valuesEncoding: ValueEncoding = w.dtype === 'float32' && w.group !== 'optimizer' ? requested : 'float32';
  if (w.dtype === 'float32') checkRepresentable(w.name, w.values as Float32Array, valuesEncoding);
  const width = valueBytes(w.dtype, valuesEncoding);
  const n = w.values.length;
  const positions = nonzeroPositions(w.values);
  const sparse = encodePositions(positions, n);
  const sparseSize = sparse.bytes.length + positions.length * width;
  const base = { name: w.name, shape: w.shape, dtype: w.dtype, ...(w.group ? { group: w.group } : {}) };
  if (sparseSize >= n * width) {
    const v = encodeValues(w.values, w.dtype, valuesEncoding, false);
    const entry: WeightEntry = {
      ...base,
      nnz: n,
      positions: 'dense',
      positionBytes: 0,
      values: valuesEncoding,
      ...quant(v),
    };
    return { entry, payload: v.bytes };
  }
  const nonzero =
    w.values instanceof Float32Array
      ? Float32Array.from(positions, (p) => w.values[p])
      : w.values instanceof Int32Array
        ? Int32Array.from(positions, (p) => w.values[p])
        : Uint8Array.from(positions, (p) => w.values[p]);
  const v = encodeValues(nonzero, w.dtype, valuesEncoding, true);
  const entry: WeightEntry = {
    ...base,
    nnz: positions.length,
    positions: sparse.encoding,
    ...(sparse.riceK !== undefined ? { riceK: sparse.riceK } : {}),
    positionBytes: sparse.bytes.length,
    values: valuesEncoding,
    ...quant(v),
  };
  const payload = new Uint8Array(sparse.bytes.length + v.bytes.length);
  payload.set(sparse.bytes);
  payload.set(v.bytes, sparse.bytes.length);
  return { entry, payload };
}

function quant(v: { scale?: number; zeroPoint?: number }) {
  return v.scale !== undefined ? { scale: v.scale, zeroPoint: v.zeroPoint } : {};
}

/**
 * tfjs ModelArtifacts → the bytes of a sparse model file (see docs/sparse-format.md): each
 * weight stored dense or as positions (bitmask / Rice / varint, whichever is smallest) plus
 * values, every part checksummed.
 */
export function encodeSparse(artifacts: tf.io.ModelArtifacts, options: EncodeOptions = {}): Uint8Array {
  const values = options.values ?? 'float32';
  if (!(VALUE_ENCODINGS as readonly string[]).includes(values)) {
    throw new RangeError(`encodeSparse: values must be one of ${VALUE_ENCODINGS.join(', ')}, got '${String(values)}'`);
  }
  const encoded = readWeights(artifacts).map((w) => encodeWeight(w, values));
  const userDefinedMetadata =
    options.metadata || artifacts.userDefinedMetadata
      ? { ...(artifacts.userDefinedMetadata ?? {}), ...(options.metadata ?? {}) }
      : undefined;
  const manifest: Manifest = {
    format: 'l0prune-sparse',
    version: FORMAT_VERSION,
    modelTopology: artifacts.modelTopology,
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(userDefinedMetadata ? { userDefinedMetadata } : {}),
    ...(artifacts.format ? { artifactsFormat: artifacts.format } : {}),
    ...(artifacts.generatedBy ? { generatedBy: artifacts.generatedBy } : {}),
    ...(artifacts.convertedBy !== undefined ? { convertedBy: artifacts.convertedBy } : {}),
    ...(artifacts.signature ? { signature: artifacts.signature } : {}),
    ...(artifacts.modelInitializer ? { modelInitializer: artifacts.modelInitializer } : {}),
    ...(artifacts.initializerSignature ? { initializerSignature: artifacts.initializerSignature } : {}),
    weights: encoded.map((e) => e.entry),
  };
  if (manifest.modelTopology instanceof ArrayBuffer) {
    throw new TypeError(
      'encodeSparse: binary (protobuf) GraphModel topologies are not supported; convert the model to JSON ' +
        '(tensorflowjs_converter writes model.json), load it with tf.loadGraphModel and save that',
    );
  }
  const manifestBytes = deflateSync(strToU8(JSON.stringify(manifest)), { level: 9 });
  const total =
    HEADER_BYTES + manifestBytes.length + encoded.reduce((s, e) => s + SECTION_HEADER_BYTES + e.payload.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(8, FORMAT_VERSION, true);
  view.setUint16(10, 0, true);
  view.setUint32(12, manifestBytes.length, true);
  view.setUint32(16, crc32(manifestBytes), true);
  out.set(manifestBytes, HEADER_BYTES);
  let at = HEADER_BYTES + manifestBytes.length;
  for (const { payload } of encoded) {
    view.setUint32(at, payload.length, true);
    view.setUint32(at + 4, crc32(payload), true);
    out.set(payload, at + SECTION_HEADER_BYTES);
    at += SECTION_HEADER_BYTES + payload.length;
  }
  return out;
}

import * as tf from '@tensorflow/tfjs-core';
import { SparseFormatError } from './errors.js';
import type { WeightDtype } from './values.js';

export interface RawWeight {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  group?: 'model' | 'optimizer';
  values: Float32Array | Int32Array | Uint8Array;
}

function joined(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
}

/** The weights of tfjs ModelArtifacts as typed arrays (dequantized where the specs say so). */
export function readWeights(artifacts: tf.io.ModelArtifacts): RawWeight[] {
  const specs = artifacts.weightSpecs ?? [];
  const buffer = joined(artifacts.weightData);
  for (const s of specs) {
    if (s.dtype !== 'float32' && s.dtype !== 'int32' && s.dtype !== 'bool') {
      throw new SparseFormatError(
        'UNSUPPORTED_WEIGHT',
        `weight '${s.name}' has dtype ${s.dtype}; the sparse format stores float32, int32 and bool`,
      );
    }
  }
  if (specs.some((s) => s.quantization)) {
    // Quantized specs (from the converter): let tfjs dequantize them.
    const tensors = tf.io.decodeWeights(buffer, specs);
    const out = specs.map((s) => ({
      name: s.name,
      shape: s.shape,
      dtype: s.dtype as WeightDtype,
      group: s.group as RawWeight['group'],
      values: tensors[s.name].dataSync() as RawWeight['values'],
    }));
    tf.dispose(Object.values(tensors));
    return out;
  }
  let offset = 0;
  return specs.map((s) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const width = s.dtype === 'bool' ? 1 : 4;
    if (offset + n * width > buffer.byteLength) {
      throw new SparseFormatError(
        'SECTION_MISMATCH',
        `weight data ends inside '${s.name}' (${buffer.byteLength} bytes for the specs)`,
      );
    }
    const bytes = buffer.slice(offset, offset + n * width);
    offset += n * width;
    const values =
      s.dtype === 'float32'
        ? new Float32Array(bytes)
        : s.dtype === 'int32'
          ? new Int32Array(bytes)
          : new Uint8Array(bytes);
    return {
      name: s.name,
      shape: s.shape,
      dtype: s.dtype as WeightDtype,
      group: s.group as RawWeight['group'],
      values,
    };
  });
}

/** Weight specs and one ArrayBuffer for decoded weights, as tfjs' loaders expect. */
export function writeWeights(weights: RawWeight[]): {
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
} {
  const size = weights.reduce((s, w) => s + w.values.byteLength, 0);
  const out = new Uint8Array(size);
  let offset = 0;
  const weightSpecs = weights.map((w) => {
    out.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), offset);
    offset += w.values.byteLength;
    const spec: tf.io.WeightsManifestEntry = { name: w.name, shape: w.shape, dtype: w.dtype };
    if (w.group) spec.group = w.group;
    return spec;
  });
  return { weightSpecs, weightData: out.buffer };
}

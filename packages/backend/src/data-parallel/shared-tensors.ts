import * as tf from '@tensorflow/tfjs-core';

/** Where one tensor's values sit in a SharedArrayBuffer (byte offset, 4-byte aligned). */
export interface TensorSlot {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  offset: number;
}

const BYTES = { float32: 4, int32: 4, bool: 1 } as const;

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Slots for tensors of these shapes and dtypes laid out one after the other; `bytes` is the total. */
export function layOut(tensors: Array<{ shape: number[]; dtype: string }>): { slots: TensorSlot[]; bytes: number } {
  let offset = 0;
  const slots = tensors.map(({ shape, dtype }) => {
    if (!(dtype in BYTES)) {
      throw new TypeError(`dataParallel: tensors of dtype '${dtype}' cannot be shared (float32, int32 or bool only)`);
    }
    const slot = { shape: [...shape], dtype: dtype as TensorSlot['dtype'], offset };
    offset += Math.ceil((sizeOf(shape) * BYTES[slot.dtype]) / 4) * 4;
    return slot;
  });
  return { slots, bytes: offset };
}

function view(buffer: SharedArrayBuffer, slot: TensorSlot): Float32Array | Int32Array | Uint8Array {
  const n = sizeOf(slot.shape);
  if (slot.dtype === 'float32') return new Float32Array(buffer, slot.offset, n);
  if (slot.dtype === 'int32') return new Int32Array(buffer, slot.offset, n);
  return new Uint8Array(buffer, slot.offset, n);
}

export function writeSlot(buffer: SharedArrayBuffer, slot: TensorSlot, tensor: tf.Tensor): void {
  view(buffer, slot).set(tensor.dataSync() as Float32Array | Int32Array | Uint8Array);
}

/** A new tensor with a copy of the slot's values. */
export function readSlot(buffer: SharedArrayBuffer, slot: TensorSlot): tf.Tensor {
  return tf.tensor(view(buffer, slot).slice(), slot.shape, slot.dtype);
}

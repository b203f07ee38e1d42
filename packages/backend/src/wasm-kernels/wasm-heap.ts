import type * as tf from '@tensorflow/tfjs-core';
import { HEAP_KERNELS_WASM_BASE64 } from '../heap-kernels-wasm.js';

/** wasm/heap-kernels.wat: pointers are byte offsets in tfjs-backend-wasm's memory, sizes in elements. */
interface HeapKernelExports {
  col2im(col: number, dx: number, ...shape: number[]): void;
  conv_filter_grad(x: number, dy: number, dw: number, ...shape: number[]): void;
  /** −1, or the position of the first index out of range (then nothing is written). */
  gather(x: number, indices: number, out: number, ...shape: number[]): number;
  sum_rows(x: number, out: number, rows: number, cols: number): void;
  add_rows(x: number, b: number, out: number, rows: number, cols: number): void;
  max_pool_grad(x: number, dy: number, dx: number, ...shape: number[]): void;
}

/** What this package reads of tfjs-backend-wasm 4.22's backend object (not public API: checked before use). */
interface WasmBackendInternals {
  wasm?: { asm?: { memory?: unknown } };
  dataIdMap?: { get(dataId: object): { memoryOffset?: number } | undefined };
  makeOutput?(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/**
 * The kernels of wasm/heap-kernels.wat instantiated on tfjs-backend-wasm's own WebAssembly memory,
 * so they read and write tensors where they are: no copy in or out of the wasm heap.
 */
export class WasmHeap {
  private constructor(
    private readonly backend: Required<WasmBackendInternals>,
    private readonly memory: WebAssembly.Memory,
    readonly kernels: HeapKernelExports,
  ) {}

  private static readonly byMemory = new WeakMap<WebAssembly.Memory, HeapKernelExports | null>();

  /** The heap of `backend` when it is tfjs-backend-wasm with its memory reachable and SIMD available, else null. */
  static of(backend: unknown): WasmHeap | null {
    const b = backend as WasmBackendInternals;
    const memory = b.wasm?.asm?.memory;
    if (!(memory instanceof WebAssembly.Memory) || b.dataIdMap === undefined || b.makeOutput === undefined) return null;
    let kernels = WasmHeap.byMemory.get(memory);
    if (kernels === undefined) {
      kernels = instantiate(memory);
      WasmHeap.byMemory.set(memory, kernels);
    }
    return kernels === null ? null : new WasmHeap(b as Required<WasmBackendInternals>, memory, kernels);
  }

  /** The byte offset of a tensor's data in the heap. */
  pointer(t: tf.TensorInfo): number {
    const offset = this.backend.dataIdMap.get(t.dataId)?.memoryOffset;
    if (offset === undefined)
      throw new Error(`@l0prune/backend: no data in the wasm heap for a tensor of shape [${t.shape}]`);
    return offset;
  }

  /** A new tensor in the heap, contents undefined (the caller writes every element). */
  output(shape: number[], dtype: tf.DataType): tf.TensorInfo {
    return this.backend.makeOutput(shape, dtype);
  }

  /** A new float32 tensor in the heap, zero-filled. */
  zeros(shape: number[]): tf.TensorInfo {
    const t = this.output(shape, 'float32');
    const size = shape.reduce((a, b) => a * b, 1);
    // The view after the allocation: growing the heap replaces its buffer.
    new Float32Array(this.memory.buffer, this.pointer(t), size).fill(0);
    return t;
  }
}

function instantiate(memory: WebAssembly.Memory): HeapKernelExports | null {
  try {
    const bytes = Uint8Array.from(atob(HEAP_KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
      .exports as unknown as HeapKernelExports;
  } catch {
    return null; // no WebAssembly SIMD here
  }
}

/** [N, H, W, C, OH, OW]: the leading arguments of the window kernels (conv_filter_grad, max_pool_grad). */
export function windowShape(info: tf.backend_util.Conv2DInfo): number[] {
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth];
}

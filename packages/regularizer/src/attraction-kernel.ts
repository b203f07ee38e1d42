import * as tf from '@tensorflow/tfjs-core';
import { ATTRACTION_WASM_BASE64 } from './attraction-wasm.js';

/**
 * Every penalty's zero attraction ∂Ω/∂w (Table 1) has the form
 * linear·w + signed·sign(w)·e^{−β|w|}: ℓ2 (linear = 2α), ℓ1 (signed = α, β = 0),
 * ℓ0 (signed = αβ, eq. 13) and ℓ2+ℓ0 (both, eq. 17).
 */
export interface AttractionTerms {
  readonly linear: number;
  readonly signed: number;
  readonly beta: number;
}

interface Kernel {
  memory: WebAssembly.Memory;
  attract(
    w: number,
    base: number,
    out: number,
    groups: number,
    linear: number,
    signed: number,
    negBetaLog2e: number,
    scale: number,
  ): void;
}

let kernel: Kernel | null | undefined;

/** The fused SIMD pass (wasm/attraction.wat), or null where WebAssembly SIMD is unavailable. */
export function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Uint8Array.from(atob(ATTRACTION_WASM_BASE64), (c) => c.charCodeAt(0));
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Kernel;
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Backends whose tensors live in CPU memory: there one fused pass beats a chain of ~8 ops. */
const CPU_BACKENDS = new Set(['cpu', 'wasm']);

/**
 * base + scale·∂Ω/∂w for the penalty with these terms (base omitted: scale·∂Ω/∂w). On the cpu
 * and wasm backends this is one SIMD pass over w; elsewhere (webgl, tfjs-node) tensor ops.
 */
export function addAttraction(base: tf.Tensor | undefined, w: tf.Tensor, terms: AttractionTerms, scale = 1): tf.Tensor {
  if (base !== undefined && base.shape.join(',') !== w.shape.join(',')) {
    throw new Error(
      `addAttraction: base has shape [${base.shape.join(', ')}] but the weight has shape [${w.shape.join(', ')}]`,
    );
  }
  const fused =
    w.dtype === 'float32' && (base === undefined || base.dtype === 'float32') && CPU_BACKENDS.has(tf.getBackend())
      ? loadKernel()
      : null;
  return fused ? attractFused(fused, base, w, terms, scale) : attractOps(base, w, terms, scale);
}

function attractFused(
  k: Kernel,
  base: tf.Tensor | undefined,
  w: tf.Tensor,
  terms: AttractionTerms,
  scale: number,
): tf.Tensor {
  const n = w.size;
  const groups = Math.ceil(n / 4);
  const bytes = groups * 16;
  const needed = 3 * bytes;
  if (k.memory.buffer.byteLength < needed) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
  const heap = k.memory.buffer;
  new Float32Array(heap, 0, n).set(w.dataSync() as Float32Array);
  if (base) new Float32Array(heap, bytes, n).set(base.dataSync() as Float32Array);
  else new Float32Array(heap, bytes, n).fill(0);
  k.attract(0, bytes, 2 * bytes, groups, terms.linear, terms.signed, -terms.beta * Math.LOG2E, scale);
  return tf.tensor(new Float32Array(heap, 2 * bytes, n).slice(), w.shape, 'float32');
}

export function attractOps(
  base: tf.Tensor | undefined,
  w: tf.Tensor,
  { linear, signed, beta }: AttractionTerms,
  scale: number,
): tf.Tensor {
  return tf.tidy(() => {
    let step = tf.mul(w, linear * scale);
    if (signed !== 0) {
      const pull = tf.mul(tf.sign(w), signed * scale);
      step = tf.add(step, beta === 0 ? pull : tf.mul(pull, tf.exp(tf.mul(tf.abs(w), -beta))));
    }
    return base ? tf.add(base, step) : step;
  });
}

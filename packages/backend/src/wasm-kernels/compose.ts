import * as tf from '@tensorflow/tfjs-core';

type Inputs = Record<string, tf.TensorInfo> | tf.TensorInfo[];

/**
 * Runs another kernel of the same backend on TensorInfos, as the backends' own composite
 * kernels do: no public ops (and so no tape or scope bookkeeping) inside a kernel.
 */
export class KernelComposer {
  private readonly temporaries: tf.TensorInfo[] = [];

  constructor(
    readonly backend: tf.KernelBackend,
    readonly backendName: string,
  ) {}

  run(kernelName: string, inputs: Inputs, attrs: Record<string, unknown> = {}): tf.TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (kernel === undefined) throw new Error(`@l0prune/backend: the ${this.backendName} backend has no ${kernelName} kernel`);
    const out = kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, attrs: attrs as tf.NamedAttrMap, backend: this.backend }) as tf.TensorInfo;
    this.temporaries.push(out);
    return out;
  }

  /** Hands `result` to the caller and frees every other intermediate. */
  finish(result: tf.TensorInfo): tf.TensorInfo {
    for (const t of this.temporaries) if (t !== result) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
    return result;
  }

  /** Frees every intermediate (on error). */
  abandon(): void {
    for (const t of this.temporaries) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }
}

/** Runs `body` with a composer, freeing intermediates whatever happens. */
export function compose(backend: tf.KernelBackend, backendName: string, body: (c: KernelComposer) => tf.TensorInfo): tf.TensorInfo {
  const c = new KernelComposer(backend, backendName);
  try {
    return c.finish(body(c));
  } catch (e) {
    c.abandon();
    throw e;
  }
}

export function checkChannelsLast(dataFormat: unknown, kernel: string): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`@l0prune/backend: ${kernel} supports NHWC data only, got ${String(dataFormat)}`);
  }
}

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerChainedOps } from './chained-ops.js';
import { registerTrainingKernels } from './training-kernels.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  /** The tfjs backend now in use. */
  name: BackendName;
  /** Why it was chosen, and why faster ones were not. */
  reason: string;
}

export interface UseFastestBackendOptions {
  /** Use this backend (no fallback). Default: the env var L0PRUNE_BACKEND, else the fastest available. */
  backend?: BackendName;
  /** Where to say what was chosen and why; default console.log. Pass `() => {}` for silence. */
  log?: (message: string) => void;
}

/** Loads tfjs-node-gpu or tfjs-node if installed (never required: their install needs a download). */
async function loadNative(): Promise<string | undefined> {
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      // A computed specifier: bundlers must not try to resolve an optional package.
      await import(/* @vite-ignore */ name);
      if (tf.findBackend('tensorflow') !== null || tf.engine().registryFactory.tensorflow) return name;
    } catch {
      // Not installed, or its native binding failed to load: try the next.
    }
  }
  return undefined;
}

async function trySet(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Picks the fastest tfjs backend this Node process can use: `tensorflow` (from
 * @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, when installed and loadable), else
 * `wasm` with the training kernels it lacks registered, else the pure-JS `cpu`. Also registers
 * tfjs' chained tensor methods, which tfjs-layers needs. Returns the backend's name and logs
 * which it picked and why.
 */
export async function useFastestBackend(options: UseFastestBackendOptions = {}): Promise<BackendName> {
  return (await chooseBackend(options)).name;
}

/** `useFastestBackend` with the reason returned instead of only logged. */
export async function chooseBackend(options: UseFastestBackendOptions = {}): Promise<BackendChoice> {
  registerChainedOps();
  const log = options.log ?? ((m: string) => console.log(m));
  const forced = options.backend ?? (process.env.L0PRUNE_BACKEND as BackendName | undefined);
  if (forced !== undefined && !['tensorflow', 'wasm', 'cpu'].includes(forced)) {
    throw new RangeError(`useFastestBackend: backend must be 'tensorflow', 'wasm' or 'cpu', got '${forced}'`);
  }
  const notes: string[] = [];
  const pick = async (name: BackendName, why: string): Promise<BackendChoice | undefined> => {
    if (name === 'wasm') registerTrainingKernels('wasm');
    if (!(await trySet(name))) {
      notes.push(`${name} failed to initialize`);
      return undefined;
    }
    await tf.ready();
    const choice = { name, reason: [why, ...notes].join('; ') };
    log(`l0prune backend: ${name} (${choice.reason})`);
    return choice;
  };

  if (forced === undefined || forced === 'tensorflow') {
    const native = await loadNative();
    if (native) {
      const choice = await pick('tensorflow', `${native} is installed: native TensorFlow`);
      if (choice) return choice;
    } else notes.push('@tensorflow/tfjs-node(-gpu) not installed');
    if (forced === 'tensorflow')
      throw new Error(`useFastestBackend: backend 'tensorflow' requested but unavailable (${notes.join('; ')})`);
  }
  if (forced === undefined || forced === 'wasm') {
    const choice = await pick('wasm', 'WebAssembly with SIMD, plus l0prune training kernels');
    if (choice) return choice;
    if (forced === 'wasm')
      throw new Error(`useFastestBackend: backend 'wasm' requested but unavailable (${notes.join('; ')})`);
  }
  const choice = await pick('cpu', forced === 'cpu' ? 'requested' : 'pure-JS fallback, slow for training');
  if (!choice) throw new Error(`useFastestBackend: no tfjs backend could start (${notes.join('; ')})`);
  return choice;
}

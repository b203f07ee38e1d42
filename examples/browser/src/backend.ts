// The page's tfjs backend: wasm by default (the one the sparse models were measured on), webgl or
// webgpu when the browser has them and the user picks them (`?backend=`), cpu as the fallback.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;
export type BrowserBackend = (typeof BACKENDS)[number];

export interface BackendStart {
  name: BrowserBackend;
  /** Backends this browser can start (webgpu needs navigator.gpu, webgl a WebGL context). */
  available: BrowserBackend[];
  /** Why the running backend is not the requested one, when it is not. */
  note?: string;
}

function hasWebGl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return canvas.getContext('webgl2') !== null || canvas.getContext('webgl') !== null;
  } catch {
    return false;
  }
}

async function register(name: BrowserBackend): Promise<void> {
  // Bundled as separate chunks: a page on wasm never downloads the GPU backends.
  if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'wasm') {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
    });
  }
}

/** Starts `requested` (an unknown name is an error that lists the valid ones); falls back to cpu. */
export async function startBackend(requested: string): Promise<BackendStart> {
  if (!(BACKENDS as readonly string[]).includes(requested)) {
    throw new RangeError(`backend must be one of ${BACKENDS.join(', ')}; got '${requested}'`);
  }
  const available: BrowserBackend[] = [
    'wasm',
    ...(hasWebGl() ? (['webgl'] as const) : []),
    ...('gpu' in navigator ? (['webgpu'] as const) : []),
    'cpu',
  ];
  const name = requested as BrowserBackend;
  try {
    await register(name);
    if (await tf.setBackend(name)) {
      await tf.ready();
      return { name, available };
    }
  } catch (e) {
    console.warn(`backend ${name} failed to start`, e);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: 'cpu', available, note: `${name} could not start in this browser; running on cpu` };
}

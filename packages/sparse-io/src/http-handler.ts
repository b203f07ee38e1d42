import type * as tf from '@tensorflow/tfjs-core';
import { artifactsInfo } from './artifacts-info.js';
import { decodeSparse } from './decode.js';
import { encodeSparse, type EncodeOptions } from './encode.js';

export interface SparseHttpOptions {
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
  /** Extra request options (headers, credentials…). */
  requestInit?: RequestInit;
  /** Value encoding when saving. */
  encode?: EncodeOptions;
}

/**
 * Loads a sparse model over HTTP in the browser or Node: `tf.loadLayersModel(sparseHttpHandler(url))`.
 * Saving POSTs the file's bytes (application/octet-stream) to the URL.
 */
export function sparseHttpHandler(url: string, options: SparseHttpOptions = {}): tf.io.IOHandler {
  if (typeof url !== 'string' || url.length === 0) throw new TypeError('sparseHttpHandler: url must be a non-empty string');
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new TypeError('sparseHttpHandler: no fetch available; pass { fetch }');
  return {
    async load() {
      const response = await doFetch(url, options.requestInit);
      if (!response.ok) throw new Error(`sparseHttpHandler: GET ${url} answered HTTP ${response.status}`);
      return decodeSparse(new Uint8Array(await response.arrayBuffer()));
    },
    async save(artifacts: tf.io.ModelArtifacts) {
      const bytes = encodeSparse(artifacts, options.encode);
      const init = options.requestInit ?? {};
      const response = await doFetch(url, {
        ...init,
        method: 'POST',
        headers: { ...(init.headers as Record<string, string> | undefined), 'content-type': 'application/octet-stream' },
        body: bytes as unknown as BodyInit,
      });
      if (!response.ok) throw new Error(`sparseHttpHandler: POST ${url} answered HTTP ${response.status}`);
      return { modelArtifactsInfo: artifactsInfo(artifacts, bytes.length), responses: [response] };
    },
  };
}

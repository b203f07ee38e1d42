import type * as tf from '@tensorflow/tfjs-core';
import { artifactsInfo } from './artifacts-info.js';
import { decodeSparse } from './decode.js';
import { encodeSparse, type EncodeOptions } from './encode.js';
import { resolveLimits, tooLarge, type DecodeLimits } from './limits.js';

/** The response body, refused as soon as it is known to pass `maxBytes` (Content-Length first, then while reading). */
async function readBody(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers?.get?.('content-length') ?? NaN);
  if (declared > maxBytes)
    throw tooLarge(`GET ${url} (Content-Length ${declared.toLocaleString('en-US')} bytes)`, 'maxFileBytes', maxBytes);
  const reader = response.body?.getReader?.();
  if (!reader) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > maxBytes)
      throw tooLarge(`GET ${url} (${bytes.length.toLocaleString('en-US')} bytes)`, 'maxFileBytes', maxBytes);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(`GET ${url} (more than ${maxBytes.toLocaleString('en-US')} bytes read)`, 'maxFileBytes', maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface SparseHttpOptions {
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
  /** Extra request options (headers, credentials…). */
  requestInit?: RequestInit;
  /** Value encoding when saving. */
  encode?: EncodeOptions;
  /** What to accept when loading (elements, manifest and file size); see DecodeLimits. */
  limits?: DecodeLimits;
}

/**
 * Loads a sparse model over HTTP in the browser or Node: `tf.loadLayersModel(sparseHttpHandler(url))`.
 * Saving POSTs the file's bytes (application/octet-stream) to the URL.
 */
export function sparseHttpHandler(url: string, options: SparseHttpOptions = {}): tf.io.IOHandler {
  if (typeof url !== 'string' || url.length === 0)
    throw new TypeError('sparseHttpHandler: url must be a non-empty string');
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new TypeError('sparseHttpHandler: no fetch available; pass { fetch }');
  const limits = resolveLimits(options.limits, 'sparseHttpHandler');
  return {
    async load() {
      const response = await doFetch(url, options.requestInit);
      if (!response.ok) throw new Error(`sparseHttpHandler: GET ${url} answered HTTP ${response.status}`);
      return decodeSparse(await readBody(response, limits.maxFileBytes, url), limits);
    },
    async save(artifacts: tf.io.ModelArtifacts) {
      const bytes = encodeSparse(artifacts, options.encode);
      const init = options.requestInit ?? {};
      const response = await doFetch(url, {
        ...init,
        method: 'POST',
        headers: {
          ...(init.headers as Record<string, string> | undefined),
          'content-type': 'application/octet-stream',
        },
        body: bytes as unknown as BodyInit,
      });
      if (!response.ok) throw new Error(`sparseHttpHandler: POST ${url} answered HTTP ${response.status}`);
      return { modelArtifactsInfo: artifactsInfo(artifacts, bytes.length), responses: [response] };
    },
  };
}

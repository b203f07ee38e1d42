import { Inflate, strFromU8 } from 'fflate';
import { SparseFormatError } from './errors.js';
import { MAX_JSON_DEPTH, tooLarge } from './limits.js';

/** Compressed input fed per step: DEFLATE expands at most ~1032:1, so one step yields ≤ ~1 MiB. */
const INPUT_STEP = 1024;

/** Raw DEFLATE → bytes, refused as soon as the output passes `maxBytes`. */
export function inflateCapped(compressed: Uint8Array, maxBytes: number): Uint8Array {
  // First pass counts and keeps nothing, so a manifest bomb costs ~1 MiB at a time however far
  // it gets; the second pass, for a manifest known to fit, keeps the bytes.
  const size = inflateChunks(compressed, maxBytes, () => {});
  const out = new Uint8Array(size);
  let at = 0;
  inflateChunks(compressed, maxBytes, (chunk) => {
    out.set(chunk, at);
    at += chunk.length;
  });
  return out;
}

function inflateChunks(compressed: Uint8Array, maxBytes: number, keep: (chunk: Uint8Array) => void): number {
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size <= maxBytes) keep(chunk);
  });
  try {
    for (let at = 0; at < compressed.length && size <= maxBytes; at += INPUT_STEP) {
      inflate.push(compressed.subarray(at, at + INPUT_STEP), at + INPUT_STEP >= compressed.length);
    }
  } catch (e) {
    throw new SparseFormatError('BAD_MANIFEST', `manifest is not valid DEFLATE data (${(e as Error).message})`);
  }
  if (size > maxBytes)
    throw tooLarge(
      `the manifest (inflating past ${maxBytes.toLocaleString('en-US')} bytes)`,
      'maxManifestBytes',
      maxBytes,
    );
  return size;
}

/** Keys that would reach Object.prototype (or a class) when the parsed manifest is spread or merged. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses the manifest's JSON: nesting bounded (before parsing, so a deeply nested document cannot
 * exhaust the stack), and no key that could pollute prototypes.
 */
export function parseManifestJson(bytes: Uint8Array): unknown {
  const text = strFromU8(bytes);
  checkDepth(text);
  try {
    return JSON.parse(text, (key, value) => {
      if (FORBIDDEN_KEYS.has(key))
        throw new SparseFormatError('BAD_MANIFEST', `manifest: the key '${key}' is not allowed`);
      return value;
    });
  } catch (e) {
    if (e instanceof SparseFormatError) throw e;
    throw new SparseFormatError('BAD_MANIFEST', `manifest is not valid JSON (${(e as Error).message})`);
  }
}

function checkDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH)
        throw new SparseFormatError('BAD_MANIFEST', `manifest: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

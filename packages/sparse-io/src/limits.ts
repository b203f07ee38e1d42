import { SparseFormatError } from './errors.js';

/**
 * What a reader accepts from an untrusted file, checked before anything is allocated: a small
 * file must not turn into gigabytes (a shape bomb declares huge all-zero tensors; a manifest
 * bomb inflates to hundreds of MB). Raise a limit for a model that really is that large.
 */
export interface DecodeLimits {
  /** Elements (scalars) all weights together may declare. Default 2^27 = 134,217,728 (512 MiB as float32). */
  maxElements?: number;
  /** Elements one weight may declare. Default: `maxElements`. */
  maxTensorElements?: number;
  /**
   * Bytes the compressed manifest may inflate to (inflation stops as soon as it is passed). Default 8 MiB
   * (a manifest is the topology plus ~150 bytes per weight: real ones are KBs to a few MB).
   */
  maxManifestBytes?: number;
  /** Bytes of the file itself (checked from its size on disk, Content-Length, and while reading). Default 1 GiB. */
  maxFileBytes?: number;
}

export const DEFAULT_LIMITS: Readonly<Required<DecodeLimits>> = {
  maxElements: 2 ** 27,
  maxTensorElements: 2 ** 27,
  maxManifestBytes: 8 * 2 ** 20,
  maxFileBytes: 2 ** 30,
};

/** How deep the manifest's JSON may nest (topologies of nested models are a few dozen levels at most). */
export const MAX_JSON_DEPTH = 128;

const KEYS = Object.keys(DEFAULT_LIMITS) as Array<keyof DecodeLimits>;

/** The limits with defaults filled in; unknown keys and values that are not positive safe integers are errors. */
export function resolveLimits(limits: DecodeLimits | undefined, who: string): Required<DecodeLimits> {
  const given = limits ?? {};
  const unknown = Object.keys(given).filter((k) => !KEYS.includes(k as keyof DecodeLimits));
  if (unknown.length > 0)
    throw new RangeError(`${who}: unknown limit(s) ${unknown.join(', ')}; valid: ${KEYS.join(', ')}`);
  for (const key of KEYS) {
    const v = given[key];
    if (v !== undefined && (!Number.isSafeInteger(v) || v <= 0)) {
      throw new RangeError(
        `${who}: ${key} must be a positive integer, got ${typeof v === 'string' ? `the string '${v}'` : String(v)}`,
      );
    }
  }
  const maxElements = given.maxElements ?? DEFAULT_LIMITS.maxElements;
  return {
    maxElements,
    maxTensorElements: given.maxTensorElements ?? maxElements,
    maxManifestBytes: given.maxManifestBytes ?? DEFAULT_LIMITS.maxManifestBytes,
    maxFileBytes: given.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
  };
}

/** The TOO_LARGE error: what was declared, the limit, and how to raise it. */
export function tooLarge(what: string, limit: keyof DecodeLimits, value: number): SparseFormatError {
  return new SparseFormatError(
    'TOO_LARGE',
    `${what} exceeds ${limit} = ${value.toLocaleString('en-US')}; if the model really is that large, raise it: ` +
      `decodeSparse(bytes, { ${limit} }), sparse://path?${limit}=…, or sparseHttpHandler(url, { limits: { ` +
      `${limit} } })`,
  );
}

import { SparseFormatError } from './errors.js';
import type { Manifest, WeightEntry } from './format.js';
import { tooLarge, type DecodeLimits } from './limits.js';
import { checkTopology } from './check-topology.js';
import { VALUE_ENCODINGS } from './values.js';

const DTYPES = ['float32', 'int32', 'bool'];
const POSITION_ENCODINGS = ['dense', 'bitmask', 'rice', 'varint'];
const GROUPS = ['model', 'optimizer'];

/**
 * Number of elements of a shape, or undefined when a dimension is not a non-negative safe integer or the product
 * overflows.
 */
export function elementCount(shape: unknown): number | undefined {
  if (!Array.isArray(shape) || shape.length > 32) return undefined;
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return undefined;
    n *= d;
    if (!Number.isSafeInteger(n)) return undefined;
  }
  return n;
}

/**
 * Everything a reader must check of a manifest before it allocates a byte for the weights:
 * field types and ranges, unique names, the declared sizes against the limits, and the weight
 * shapes against the topology's.
 */
export function checkManifest(m: Manifest, limits: Required<DecodeLimits>): void {
  const bad = (why: string): never => {
    throw new SparseFormatError('BAD_MANIFEST', `manifest: ${why}`);
  };
  if (m == null || typeof m !== 'object' || Array.isArray(m) || m.format !== 'l0prune-sparse')
    bad('not an l0prune-sparse manifest');
  if (!Array.isArray(m.weights)) bad('no weights list');
  const names = new Set<string>();
  let total = 0;
  for (const w of m.weights as unknown[]) {
    if (w == null || typeof w !== 'object' || Array.isArray(w)) bad('a weight entry is not an object');
    const e = w as WeightEntry;
    if (typeof e.name !== 'string' || e.name.length === 0 || e.name.length > 4096) bad('a weight has no valid name');
    const what = `weight '${e.name.slice(0, 200)}'`;
    if (names.has(e.name)) bad(`${what} appears twice`);
    names.add(e.name);
    const n = elementCount(e.shape);
    if (n === undefined)
      bad(
        `${what} has an invalid shape (non-negative integers whose product is a safe integer, at most 32 dimensions)`,
      );
    if (n! > limits.maxTensorElements)
      throw tooLarge(
        `${what} declares ${n!.toLocaleString('en-US')} elements, which`,
        'maxTensorElements',
        limits.maxTensorElements,
      );
    total += n!;
    if (total > limits.maxElements)
      throw tooLarge(
        `the weights declare ${total.toLocaleString('en-US')}+ elements, which`,
        'maxElements',
        limits.maxElements,
      );
    if (!DTYPES.includes(e.dtype)) bad(`${what} has dtype ${String(e.dtype)}; known: ${DTYPES.join(', ')}`);
    if (!(VALUE_ENCODINGS as readonly string[]).includes(e.values))
      bad(`${what} has value encoding ${String(e.values)}; known: ${VALUE_ENCODINGS.join(', ')}`);
    if (!POSITION_ENCODINGS.includes(e.positions))
      bad(`${what} has position encoding ${String(e.positions)}; known: ${POSITION_ENCODINGS.join(', ')}`);
    if (e.group !== undefined && !GROUPS.includes(e.group)) bad(`${what} has group ${String(e.group)}`);
    if (!Number.isSafeInteger(e.nnz) || e.nnz < 0 || e.nnz > n!)
      bad(`${what} stores ${String(e.nnz)} values but has ${n}`);
    if (e.positions === 'dense' && e.nnz !== n) bad(`${what} is dense but stores ${e.nnz} of ${n} values`);
    if (!Number.isSafeInteger(e.positionBytes) || e.positionBytes < 0) bad(`${what} has an invalid positionBytes`);
    if (e.riceK !== undefined && (!Number.isInteger(e.riceK) || e.riceK < 0 || e.riceK > 24))
      bad(`${what} has Rice parameter ${String(e.riceK)} outside [0, 24]`);
    for (const key of ['scale', 'zeroPoint'] as const) {
      if (e[key] !== undefined && (typeof e[key] !== 'number' || !Number.isFinite(e[key])))
        bad(`${what} has a non-numeric ${key}`);
    }
  }
  checkTopology(m);
}

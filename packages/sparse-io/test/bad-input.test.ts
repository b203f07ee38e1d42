import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import CRC32 from 'crc-32';
import { describe, expect, it } from 'vitest';
import { SparseFormatError, decodeSparse, encodeSparse, type SparseErrorCode } from '../src/index.js';
import { artifactsOf, mlp, sparsify, weightBytes } from './helpers.js';

const crc = (b: Uint8Array) => CRC32.buf(b) >>> 0;

function expectCode(f: () => unknown, code: SparseErrorCode, message?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SparseFormatError);
    expect((e as SparseFormatError).code).toBe(code);
    if (message) expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected SparseFormatError ${code}`);
}

/** Rewrites the manifest (with a valid checksum) to build files that lie consistently. */
// biome-ignore lint/suspicious/noExplicitAny: the tests write wrong-typed manifest fields on purpose
function withManifest(bytes: Uint8Array, edit: (m: Record<string, any>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const length = view.getUint32(12, true);
  const manifest = JSON.parse(strFromU8(inflateSync(bytes.subarray(20, 20 + length))));
  edit(manifest);
  const m = deflateSync(strToU8(JSON.stringify(manifest)));
  const out = new Uint8Array(20 + m.length + bytes.length - 20 - length);
  out.set(bytes.subarray(0, 20));
  const v = new DataView(out.buffer);
  v.setUint32(12, m.length, true);
  v.setUint32(16, crc(m), true);
  out.set(m, 20);
  out.set(bytes.subarray(20 + length), 20 + m.length);
  return out;
}

async function sample(): Promise<Uint8Array> {
  const model = mlp();
  sparsify(model, 0.05);
  return encodeSparse(await artifactsOf(model));
}

describe('bad input raises typed errors', () => {
  it('truncated files, wrong magic, unknown version', async () => {
    const bytes = await sample();
    expectCode(() => decodeSparse(bytes.subarray(0, 10)), 'TRUNCATED');
    expectCode(() => decodeSparse(bytes.subarray(0, 40)), 'TRUNCATED', /manifest of \d+ bytes runs past the end/);
    expectCode(() => decodeSparse(bytes.subarray(0, bytes.length - 3)), 'TRUNCATED', /runs past the end of the file/);
    const magic = bytes.slice();
    magic[0] = 0x4d;
    expectCode(() => decodeSparse(magic), 'BAD_MAGIC', /magic "L0SPARSE" missing/);
    const version = bytes.slice();
    version[8] = 9;
    expectCode(() => decodeSparse(version), 'UNSUPPORTED_VERSION', /version 9 is not supported/);
  });

  it('checksum mismatches in the manifest and in a section', async () => {
    const bytes = await sample();
    const m = bytes.slice();
    m[25] ^= 0x10;
    expectCode(() => decodeSparse(m), 'CHECKSUM_MISMATCH', /manifest checksum/);
    const s = bytes.slice();
    s[s.length - 5] ^= 0x01;
    expectCode(() => decodeSparse(s), 'CHECKSUM_MISMATCH', /section of '.*fc2.*'/);
  });

  it('a section whose count or shape disagrees with the manifest', async () => {
    const bytes = await sample();
    expectCode(
      () => decodeSparse(withManifest(bytes, (m) => (m.weights[0].nnz += 1))),
      'SECTION_MISMATCH',
      /weight '.*fc1.*'/,
    );
    expectCode(
      () => decodeSparse(withManifest(bytes, (m) => (m.weights[1].shape = [39]))),
      'BAD_MANIFEST',
      /stores 40 values but has 39/,
    );
    expectCode(
      () => decodeSparse(withManifest(bytes, (m) => m.weights.pop())),
      'SECTION_MISMATCH',
      /bytes after the last section/,
    );
    expectCode(
      () => decodeSparse(withManifest(bytes, (m) => (m.weights[0].dtype = 'string'))),
      'BAD_MANIFEST',
      /dtype string/,
    );
    expectCode(() => decodeSparse(withManifest(bytes, (m) => (m.weights[0].nnz = -1))), 'BAD_MANIFEST');
  });

  it('a position out of range', async () => {
    const bytes = await sample();
    // Shrinking the kernel's declared shape keeps the section intact but puts positions beyond n
    // (without a topology: with one, the shape no longer fits the Dense layer and is refused first).
    const fixed = withManifest(bytes, (m) => {
      const k = m.weights[0];
      k.shape = [1, 700];
      delete m.modelTopology;
    });
    expectCode(() => decodeSparse(fixed), 'POSITION_OUT_OF_RANGE', /position \d+ is outside \[0, 700\)/);
  });
});

describe('fuzz (fast subset; bench/ runs 10,000)', () => {
  it('random byte flips and truncations: a typed error or the exact original weights', async () => {
    const model = mlp();
    sparsify(model, 0.1);
    const artifacts = await artifactsOf(model);
    const original = weightBytes(artifacts);
    const bytes = encodeSparse(artifacts);
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    let typed = 0;
    for (let i = 0; i < 400; i++) {
      const m = i % 4 === 0 ? bytes.subarray(0, Math.floor(rand() * bytes.length)) : bytes.slice();
      if (i % 4 !== 0)
        for (let f = 0; f < 1 + Math.floor(rand() * 3); f++)
          m[Math.floor(rand() * m.length)] ^= 1 << Math.floor(rand() * 8);
      try {
        const decoded = decodeSparse(m);
        expect(weightBytes(decoded)).toEqual(original); // only header flag bits are unchecked
      } catch (e) {
        expect(e).toBeInstanceOf(SparseFormatError);
        typed++;
      }
    }
    expect(typed).toBeGreaterThan(350);
  });
});

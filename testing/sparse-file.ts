// Crafting .l0s files byte by byte for the reader's tests and the fuzz bench (not published):
// a valid header and checksums around whatever manifest and sections a test wants.
import CRC32 from 'crc-32';
import { deflateRawSync } from 'node:zlib';
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

const MAGIC = strToU8('L0SPARSE');
const crc = (b: Uint8Array) => CRC32.buf(b) >>> 0;

/** A file from already-deflated manifest bytes and raw section payloads, every checksum right. */
export function craftFromDeflated(manifest: Uint8Array, sections: Uint8Array[] = [], version = 1): Uint8Array {
  const size = 20 + manifest.length + sections.reduce((s, p) => s + 8 + p.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC);
  view.setUint16(8, version, true);
  view.setUint32(12, manifest.length, true);
  view.setUint32(16, crc(manifest), true);
  out.set(manifest, 20);
  let at = 20 + manifest.length;
  for (const p of sections) {
    view.setUint32(at, p.length, true);
    view.setUint32(at + 4, crc(p), true);
    out.set(p, at + 8);
    at += 8 + p.length;
  }
  return out;
}

/** A file whose manifest is `manifest` (any JSON text or value). */
export function craftSparse(manifest: unknown, sections: Uint8Array[] = []): Uint8Array {
  const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  return craftFromDeflated(deflateSync(strToU8(text)), sections);
}

/** The manifest of a file as an object, and its sections' payloads. */
// biome-ignore lint/suspicious/noExplicitAny: tests edit arbitrary manifest fields, nested and wrong-typed on purpose
export function splitSparse(bytes: Uint8Array): { manifest: Record<string, any>; sections: Uint8Array[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(12, true);
  const manifest = JSON.parse(strFromU8(inflateSync(bytes.subarray(20, 20 + length))));
  const sections: Uint8Array[] = [];
  for (let at = 20 + length; at + 8 <= bytes.length; ) {
    const n = view.getUint32(at, true);
    sections.push(bytes.slice(at + 8, at + 8 + n));
    at += 8 + n;
  }
  return { manifest, sections };
}

/** The same file with its manifest edited and checksums recomputed (gets past the CRC). */
export function editManifest(
  bytes: Uint8Array,
  // biome-ignore lint/suspicious/noExplicitAny: as above
  edit: (manifest: Record<string, any>, sections: Uint8Array[]) => void,
): Uint8Array {
  const { manifest, sections } = splitSparse(bytes);
  edit(manifest, sections);
  return craftSparse(manifest, sections);
}

/** A file whose manifest inflates to `megabytes` MB of JSON whitespace (zlib: C speed, even under load). */
export function manifestBomb(megabytes: number): Uint8Array {
  const json = Buffer.alloc(megabytes * 2 ** 20, 0x20);
  json.write('{"format":"l0prune-sparse","version":1,"weights":[]', 0);
  json.write('}', json.length - 1);
  return craftFromDeflated(new Uint8Array(deflateRawSync(json, { level: 9 })));
}

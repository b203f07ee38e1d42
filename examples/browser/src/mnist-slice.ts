// The MNIST slice the page ships (written by scripts/prepare-assets.ts): `count` test images of
// 28×28 uint8 pixels, then their `count` labels. Pixels become floats exactly as @l0prune/mnist
// makes them (byte / 255), so the page and Node feed the models the same numbers.
export const SLICE_PIXELS = 28 * 28;

export interface MnistSlice {
  /** count × 784 floats in [0, 1] */
  pixels: Float32Array;
  labels: Uint8Array;
  count: number;
}

export function encodeSlice(images: Uint8Array, labels: Uint8Array): Uint8Array {
  if (images.length !== labels.length * SLICE_PIXELS) {
    throw new RangeError(
      `encodeSlice: ${labels.length} labels need ${labels.length * SLICE_PIXELS} pixels, got ${images.length}`,
    );
  }
  const out = new Uint8Array(images.length + labels.length);
  out.set(images);
  out.set(labels, images.length);
  return out;
}

export function decodeSlice(bytes: Uint8Array): MnistSlice {
  const count = bytes.length / (SLICE_PIXELS + 1);
  if (!Number.isInteger(count) || count === 0) {
    throw new RangeError(
      `MNIST slice: ${bytes.length} bytes is not a whole number of 785-byte images (784 pixels + 1 label)`,
    );
  }
  const pixels = new Float32Array(count * SLICE_PIXELS);
  for (let i = 0; i < pixels.length; i++) pixels[i] = bytes[i] / 255;
  const labels = bytes.slice(count * SLICE_PIXELS);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw new RangeError(`MNIST slice: label ${labels[bad]} of image ${bad} is outside 0–9`);
  return { pixels, labels, count };
}

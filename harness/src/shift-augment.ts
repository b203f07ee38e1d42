import { mulberry32 } from '@l0prune/core';

/** The largest translation `augmentShift` accepts: a third of a 28-pixel MNIST image. */
export const MAX_AUGMENT_SHIFT = 9;

/** Refuses a shift that would be a no-op (0) or push most of a digit out of the image. */
export function checkAugmentShift(shift: number | undefined, where: string): void {
  if (shift === undefined) return;
  if (!Number.isInteger(shift) || shift < 1 || shift > MAX_AUGMENT_SHIFT)
    throw new RangeError(
      `${where}: augmentShift must be a whole number of pixels from 1 to ${MAX_AUGMENT_SHIFT}, got ` +
        `${JSON.stringify(shift)}; leave it out to train on the images as they are`,
    );
}

/**
 * One epoch's training images: `images[order[i]]` (each `height × width`, one channel) translated by its own
 * random whole-pixel (dx, dy), each in −maxShift…maxShift, the pixels moved in from outside set to 0 (MNIST's
 * background). The same seed gives the same shifts, so an augmented run repeats.
 */
export function shiftedImages(
  images: Float32Array,
  order: Int32Array,
  image: { height: number; width: number },
  maxShift: number,
  seed: number,
): Float32Array {
  const { height, width } = image;
  const size = height * width;
  const random = mulberry32(seed);
  const out = new Float32Array(order.length * size); // zeros: the background the shift moves in
  const draw = () => Math.floor(random() * (2 * maxShift + 1)) - maxShift;
  for (let i = 0; i < order.length; i++) {
    const [dx, dy] = [draw(), draw()];
    const from = order[i] * size;
    const to = i * size;
    // Output pixel (y, x) reads input pixel (y − dy, x − dx) when it lies inside the image.
    const [x0, x1] = [Math.max(0, dx), Math.min(width, width + dx)];
    for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
      const row = from + (y - dy) * width - dx;
      out.set(images.subarray(row + x0, row + x1), to + y * width + x0);
    }
  }
  return out;
}

// A canvas to draw a digit on, turned into an MNIST-like 28×28 input: the ink's bounding box
// scaled into 20×20 and centred by its centre of mass, as MNIST's digits were prepared.
import { SLICE_PIXELS } from './mnist-slice.js';

export const CANVAS_SIZE = 280;

/** Lets the user draw on `canvas` (mouse, pen or touch); `onStroke` after each stroke. */
export function drawingSurface(canvas: HTMLCanvasElement, onStroke: () => void): { clear(): void } {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser gives no 2D canvas context');
  const clear = () => {
    ctx.fillStyle = 'black';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  };
  clear();
  ctx.strokeStyle = 'white';
  ctx.lineWidth = 20;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  let drawing = false;
  const at = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
  };
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    ctx.beginPath();
    ctx.moveTo(...at(e));
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    ctx.lineTo(...at(e));
    ctx.stroke();
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    onStroke();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  return { clear };
}

/** The drawing as 784 floats in [0, 1], or undefined when nothing is drawn. */
export function digitPixels(canvas: HTMLCanvasElement): Float32Array | undefined {
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4] > 32)
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  if (x1 < 0) return undefined;
  const [w, h] = [x1 - x0 + 1, y1 - y0 + 1];
  const scale = 20 / Math.max(w, h);
  const small = document.createElement('canvas');
  small.width = small.height = 28;
  const sctx = small.getContext('2d', { willReadFrequently: true })!;
  sctx.fillStyle = 'black';
  sctx.fillRect(0, 0, 28, 28);
  sctx.drawImage(canvas, x0, y0, w, h, 14 - (w * scale) / 2, 14 - (h * scale) / 2, w * scale, h * scale);
  const pixels = new Float32Array(SLICE_PIXELS);
  const img = sctx.getImageData(0, 0, 28, 28).data;
  let [mass, cx, cy] = [0, 0, 0];
  for (let i = 0; i < SLICE_PIXELS; i++) {
    pixels[i] = img[i * 4] / 255;
    mass += pixels[i];
    cx += pixels[i] * (i % 28);
    cy += pixels[i] * Math.floor(i / 28);
  }
  // Shift so the centre of mass sits at the centre (13.5, 13.5), as in MNIST.
  const [dx, dy] = [Math.round(13.5 - cx / mass), Math.round(13.5 - cy / mass)];
  const shifted = new Float32Array(SLICE_PIXELS);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const [sx, sy] = [x - dx, y - dy];
      if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) shifted[y * 28 + x] = pixels[sy * 28 + sx];
    }
  }
  return shifted;
}

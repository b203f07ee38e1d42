import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  decodeSparse,
  encodeSparse,
  readDenseModel,
  sparseFileHandler,
  sparseHttpHandler,
  writeDenseModel,
} from '../src/index.js';
import { artifactsOf, mlp, sparsify, weightBytes } from './helpers.js';

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const fresh = () => mkdtempSync(join(tmpdir(), 'l0s-'));

describe('handlers', () => {
  it("model.save('sparse://dir') and tf.loadLayersModel('sparse://dir')", async () => {
    const model = mlp();
    sparsify(model, 0.1);
    const dir = join(fresh(), 'lenet');
    const result = await model.save(`sparse://${dir}`);
    expect(existsSync(join(dir, 'model.l0s'))).toBe(true);
    expect((result.modelArtifactsInfo as unknown as { sparseFileBytes: number }).sparseFileBytes).toBe(
      readFileSync(join(dir, 'model.l0s')).length,
    );
    const loaded = await tfl.loadLayersModel(`sparse://${dir}`);
    const x = tf.randomNormal([4, 30]);
    expect(maxDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
    await model.save(`sparse://${dir}/half.l0s?values=float16`);
    expect(readFileSync(join(dir, 'half.l0s')).length).toBeLessThan(readFileSync(join(dir, 'model.l0s')).length);
  });

  it('sparseFileHandler writes atomically: no temp files, and a failed save leaves the old file', async () => {
    const dir = fresh();
    const model = mlp();
    await model.save(sparseFileHandler(dir));
    const before = readFileSync(join(dir, 'model.l0s'));
    const bad: tf.io.ModelArtifacts = {
      modelTopology: {},
      weightSpecs: [{ name: 's', shape: [1], dtype: 'string' }],
      weightData: new ArrayBuffer(0),
    };
    await expect(sparseFileHandler(dir).save!(bad)).rejects.toThrow(/dtype string/);
    expect(readFileSync(join(dir, 'model.l0s'))).toEqual(before);
    expect(readdirSync(dir)).toEqual(['model.l0s']);
    await expect(sparseFileHandler(join(dir, 'missing')).load!()).rejects.toThrow(/cannot read .*missing\/model.l0s/);
  });

  it('loads over HTTP from a local server (and with a custom fetch)', async () => {
    const model = mlp();
    sparsify(model, 0.3);
    const bytes = encodeSparse(await artifactsOf(model));
    const server = createServer((req, res) => {
      if (req.url === '/model.l0s') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.from(bytes));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const loaded = await tfl.loadLayersModel(sparseHttpHandler(`http://127.0.0.1:${port}/model.l0s`));
      const x = tf.randomNormal([3, 30]);
      expect(maxDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
      await expect(tfl.loadLayersModel(sparseHttpHandler(`http://127.0.0.1:${port}/nope.l0s`))).rejects.toThrow(
        /HTTP 404/,
      );
      let asked = '';
      const viaCustom = sparseHttpHandler('https://models.example/m.l0s', {
        fetch: (async (url: string) => {
          asked = url;
          return new Response(bytes as unknown as BodyInit);
        }) as unknown as typeof fetch,
      });
      await tfl.loadLayersModel(viaCustom);
      expect(asked).toBe('https://models.example/m.l0s');
    } finally {
      server.close();
    }
  });

  it('converts to and from a tfjs dense model directory', async () => {
    const model = mlp();
    sparsify(model, 0.1);
    const dir = fresh();
    const artifacts = await artifactsOf(model);
    await writeDenseModel(dir, decodeSparse(encodeSparse(artifacts)));
    const dense = await readDenseModel(join(dir, 'model.json'));
    expect(weightBytes(dense)).toEqual(weightBytes(artifacts));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(dense));
    const x = tf.randomNormal([2, 30]);
    expect(maxDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });
});

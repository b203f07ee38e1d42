import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpoint } from '../src/checkpoint.js';
import type { RatioResult } from '../src/experiment.js';

function tinyModel(seed: number): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
    ],
  });
  model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'meanSquaredError' });
  return model;
}

describe('Checkpoint', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'l0prune-checkpoint-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('restores the weights, the epochs done and the training time so far, without leaking', async () => {
    const dir = freshDir();
    const trained = tinyModel(1);
    const [x, y] = [tf.ones([2, 4]), tf.zeros([2, 3])];
    await trained.fit(x, y, { epochs: 1, verbose: 0 }); // gives the optimizer state to restore
    await new Checkpoint(dir).saveTraining(trained, 3, 42.5);

    const resumed = tinyModel(2);
    expect(await new Checkpoint(dir).restoreTraining(resumed)).toEqual({ epochsDone: 3, seconds: 42.5 });
    const afterFirst = tf.memory().numTensors; // now holding the restored optimizer state
    await new Checkpoint(dir).restoreTraining(resumed);
    expect(tf.memory().numTensors).toBe(afterFirst);
    const [expected, actual] = [trained.getWeights()[0].dataSync(), resumed.getWeights()[0].dataSync()];
    expect(Array.from(actual)).toEqual(Array.from(expected));
    tf.dispose([x, y]);
    trained.dispose();
    resumed.dispose();
  });

  it('a warm start takes the weights only (fresh optimizer state), without leaking; nothing trained is an error', async () => {
    const dir = freshDir();
    const trained = tinyModel(1);
    const [x, y] = [tf.ones([2, 4]), tf.zeros([2, 3])];
    await trained.fit(x, y, { epochs: 1, verbose: 0 });
    await new Checkpoint(dir).saveTraining(trained, 5, 1);

    const started = tinyModel(2);
    const before = tf.memory().numTensors;
    expect(await new Checkpoint(dir).restoreWeights(started)).toBe(5);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(started.getWeights()[0].dataSync())).toEqual(Array.from(trained.getWeights()[0].dataSync()));
    const state = await started.optimizer.getWeights();
    expect(state.map((w) => w.name)).toEqual(['iter']); // no momentum accumulators carried over
    tf.dispose(state.map((w) => w.tensor));
    await expect(new Checkpoint(freshDir()).restoreWeights(started)).rejects.toThrow(/warm start: no trained network/);
    tf.dispose([x, y]);
    trained.dispose();
    started.dispose();
  });

  it('starts from nothing in an empty directory', async () => {
    const model = tinyModel(1);
    expect(await new Checkpoint(freshDir()).restoreTraining(model)).toEqual({ epochsDone: 0, seconds: 0 });
    model.dispose();
  });

  it('counts the time of checkpoints written before times were kept as 0', async () => {
    const dir = freshDir();
    const model = tinyModel(1);
    await new Checkpoint(dir).saveTraining(model, 2, 10);
    const state = join(dir, 'state.json');
    writeFileSync(state, JSON.stringify({ epochsDone: 2 }));
    expect(await new Checkpoint(dir).restoreTraining(model)).toEqual({ epochsDone: 2, seconds: 0 });
    model.dispose();
  });

  it('keeps the sweep rows and the training state side by side', async () => {
    const dir = freshDir();
    const model = tinyModel(1);
    const checkpoint = new Checkpoint(dir);
    const row: RatioResult = {
      targetRatio: 90,
      compressionRatio: 90.01,
      nonzero: 2962,
      errorNoFt: 2.07,
      validationError: 1.92,
      testError: 1.89,
      seconds: 300,
    };
    await checkpoint.saveTraining(model, 5, 100);
    await checkpoint.saveSweep([row]);
    expect(await checkpoint.restoreSweep()).toEqual([row]);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({
      epochsDone: 5,
      trainSeconds: 100,
    });
    model.dispose();
  });
});

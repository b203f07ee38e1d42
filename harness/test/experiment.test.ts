import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseBackend } from '@l0prune/backend';
import { loadMnist } from '@l0prune/mnist';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExperimentOptions, runExperiment } from '../src/experiment.js';

// wasm, as the main job trains: the cpu backend of the other tests takes 0.4 s a LeNet-300 batch, and these
// tests train whole experiments.
beforeAll(async () => {
  await chooseBackend({ backend: 'wasm', log: () => {} });
});

const data = loadMnist({ trainLimit: 512, testLimit: 300, validationSize: 300 });
const outDir = mkdtempSync(join(tmpdir(), 'l0prune-experiment-'));
afterAll(() => {
  data.dispose();
  rmSync(outDir, { recursive: true, force: true });
});

const options: ExperimentOptions = {
  model: 'lenet300',
  pruner: 'global-magnitude',
  epochs: 1,
  ftEpochs: 2,
  batchSize: 128,
  learningRate: 0.05,
  ftLearningRate: 0.01,
  momentum: 0.9,
  alphaL2: 5e-5,
  alphaL0: 1e-3,
  beta: 5,
  normalize: 'layer-size',
  ratios: [8],
  tolerance: 100,
  seed: 1,
  outDir,
};

describe('runExperiment with gradual FT', () => {
  it('ends each row at its target ratio, like the one-shot FT, with a different network on the way', async () => {
    // One trained network for both (the second run resumes it): paired, as the sweeps compare them, and half the work.
    const trainingCheckpointDir = join(outDir, 'trained');
    const oneShot = await runExperiment(data, { ...options, trainingCheckpointDir });
    const gradual = await runExperiment(data, {
      ...options,
      trainingCheckpointDir,
      gradualFt: { fromRatio: 2, epochs: 1 },
    });
    expect(gradual.baseline).toEqual(oneShot.baseline);
    for (const [i, row] of gradual.rows.entries()) {
      expect(row.targetRatio).toBe(options.ratios[i]);
      expect(row.nonzero).toBe(oneShot.rows[i]!.nonzero);
      expect(row.compressionRatio).toBeCloseTo(row.targetRatio, 2); // biases FT made nonzero count too
      expect(row.errorNoFt).toBe(oneShot.rows[i]!.errorNoFt); // the one-shot cut's error, for comparison
      expect(row.testError).not.toBe(oneShot.rows[i]!.testError);
    }
    expect(gradual.options.gradualFt).toEqual({ fromRatio: 2, epochs: 1 });
  });

  it('refuses a fromRatio at or above a target, naming it, before it trains', async () => {
    const logged = vi.spyOn(console, 'log');
    await expect(runExperiment(data, { ...options, gradualFt: { fromRatio: 8, epochs: 1 } })).rejects.toThrow(
      /gradualFt: fromRatio must be a finite number in \[1, 8\)/,
    );
    await expect(runExperiment(data, { ...options, gradualFt: { fromRatio: 2, epochs: 3 } })).rejects.toThrow(
      /gradualFt: epochs must be .*\[1, 2\]/,
    );
    expect(logged.mock.calls.filter(([line]) => /^train /.test(String(line)))).toEqual([]);
    logged.mockRestore();
  });
});

describe('runExperiment with foldDeadUnits', () => {
  it('spends the target budget on units that reach the output: more kernel weights, the same ratio', async () => {
    const trainingCheckpointDir = join(outDir, 'trained');
    const ratios = [20];
    const plain = await runExperiment(data, { ...options, ratios, trainingCheckpointDir });
    const folded = await runExperiment(data, { ...options, ratios, trainingCheckpointDir, foldDeadUnits: true });
    const [p, f] = [plain.rows[0]!, folded.rows[0]!];
    // Within the same budget (all / 20), after FT too (the folded units' biases held at zero).
    expect(f.compressionRatio).toBeGreaterThanOrEqual(20);
    expect(f.nonzero).toBeLessThanOrEqual(Math.floor(folded.parameters / 20));
    expect(f.nonzero).toBeGreaterThan(p.nonzero * 0.9);
    // Units GP left unread were folded, so the pruner could keep more weights than at the target itself.
    expect(f.prunedAt).toBeLessThan(20);
    expect(p.prunedAt).toBeUndefined();
  });

  it('refuses gradualFt with it, before training', async () => {
    await expect(
      runExperiment(data, { ...options, foldDeadUnits: true, gradualFt: { fromRatio: 2, epochs: 1 } }),
    ).rejects.toThrow(/foldDeadUnits needs one-shot pruning .* not gradualFt/);
  });
});

describe('runExperiment on all training images (validationSize 0)', () => {
  const all = loadMnist({ validationSize: 0, trainLimit: 256, testLimit: 200 });
  afterAll(() => all.dispose());

  it('reports no validation error (null, not NaN) and chooses no best model; every model is saved', async () => {
    const dir = join(outDir, 'all');
    const result = await runExperiment(all, { ...options, ftEpochs: 1, outDir: dir, saveAllModels: true });
    expect(result.baseline.validationError).toBeNull();
    expect(result.rows[0]!.validationError).toBeNull();
    expect(result.rows[0]!.testError).toBeGreaterThanOrEqual(0);
    expect(result.best).toBeUndefined();
    expect(JSON.parse(JSON.stringify(result)).rows[0].validationError).toBeNull();
    expect(existsSync(join(dir, 'models', 'lenet300-8x.l0s'))).toBe(true);
  });

  it('refuses to run without saveAllModels, before it trains: nothing would be kept', async () => {
    const logged = vi.spyOn(console, 'log');
    await expect(runExperiment(all, options)).rejects.toThrow(/no validation images .* pass saveAllModels: true/);
    expect(logged.mock.calls.filter(([line]) => /^train /.test(String(line)))).toEqual([]);
    logged.mockRestore();
  });
});

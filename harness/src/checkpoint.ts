import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { disposeOptimizer } from '@l0prune/core';
import { sparseFileHandler, writeFileAtomic } from '@l0prune/sparse-io';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RatioResult } from './experiment.js';
import { shownPath } from './relative-paths.js';

/**
 * Resumable runs: after each training epoch the model and its optimizer state go to a sparse
 * file (float32, exact) with the epoch count and the training time so far; after each sweep row
 * the rows so far (each with its own time). A run that stops (or is stopped) goes on from there
 * when started again with the same directory, and its reported time covers every invocation.
 */
export class Checkpoint {
  constructor(readonly dir: string) {}

  private get state() {
    return join(this.dir, 'state.json');
  }

  private read(): { epochsDone?: number; trainSeconds?: number; rows?: RatioResult[] } {
    return existsSync(this.state) ? JSON.parse(readFileSync(this.state, 'utf8')) : {};
  }

  /**
   * Loads the last training checkpoint into `model` (weights and optimizer state); returns the
   * epochs done and the seconds they took (0 for checkpoints written before times were kept).
   */
  async restoreTraining(model: tfl.LayersModel): Promise<{ epochsDone: number; seconds: number }> {
    const { epochsDone, trainSeconds } = this.read();
    if (!epochsDone) return { epochsDone: 0, seconds: 0 };
    const saved = await tfl.loadLayersModel(sparseFileHandler(join(this.dir, 'train.l0s')));
    model.setWeights(saved.getWeights());
    if (saved.optimizer) {
      const replaced = await model.optimizer.getWeights();
      const restored = await saved.optimizer.getWeights();
      await model.optimizer.setWeights(restored);
      // setWeights makes its own variables, and tfjs leaves the rest to the caller: the replaced
      // state, the 'iter' scalars getWeights made, and the loaded optimizer (a loaded model does
      // not own it, so saved.dispose() would not free it).
      tf.dispose(replaced.map((w) => w.tensor));
      tf.dispose(restored.filter((w) => w.name === 'iter').map((w) => w.tensor));
      disposeOptimizer(saved.optimizer);
    }
    saved.dispose();
    console.log(`resuming from checkpoint ${shownPath(this.dir)}: ${epochsDone} training epochs done`);
    return { epochsDone, seconds: trainSeconds ?? 0 };
  }

  /**
   * Loads the trained network's weights (not its optimizer state) into `model`, for another run to start from
   * (a warm start); returns the epochs it was trained. Throws when this directory holds no trained network.
   */
  async restoreWeights(model: tfl.LayersModel): Promise<number> {
    const { epochsDone } = this.read();
    if (!epochsDone || !existsSync(join(this.dir, 'train.l0s')))
      throw new Error(`warm start: no trained network in ${this.dir} (train.l0s and state.json with epochsDone)`);
    const saved = await tfl.loadLayersModel(sparseFileHandler(join(this.dir, 'train.l0s')));
    model.setWeights(saved.getWeights());
    if (saved.optimizer) disposeOptimizer(saved.optimizer);
    saved.dispose();
    return epochsDone;
  }

  async saveTraining(model: tfl.LayersModel, epochsDone: number, trainSeconds: number): Promise<void> {
    await model.save(sparseFileHandler(join(this.dir, 'train.l0s')), { includeOptimizer: true });
    await writeFileAtomic(this.state, JSON.stringify({ ...this.read(), epochsDone, trainSeconds }));
  }

  async restoreSweep(): Promise<RatioResult[] | undefined> {
    const { rows } = this.read();
    if (rows?.length) console.log(`resuming the sweep: ${rows.map((r) => `${r.targetRatio}×`).join(', ')} done`);
    return rows;
  }

  async saveSweep(rows: RatioResult[]): Promise<void> {
    await writeFileAtomic(this.state, JSON.stringify({ ...this.read(), rows }));
  }
}

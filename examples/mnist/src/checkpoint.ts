import * as tfl from '@tensorflow/tfjs-layers';
import { sparseFileHandler, writeFileAtomic } from '@l0prune/sparse-io';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RatioResult } from './experiment.js';

/**
 * Resumable runs: after each training epoch the model and its optimizer state go to a sparse
 * file (float32, exact) with the epoch count; after each sweep row the rows so far. A run that
 * stops (or is stopped) goes on from there when started again with the same directory.
 */
export class Checkpoint {
  constructor(readonly dir: string) {}

  private get state() {
    return join(this.dir, 'state.json');
  }

  private read(): { epochsDone?: number; rows?: RatioResult[] } {
    return existsSync(this.state) ? JSON.parse(readFileSync(this.state, 'utf8')) : {};
  }

  /** Loads the last training checkpoint into `model` (weights and optimizer state); returns the epochs done. */
  async restoreTraining(model: tfl.LayersModel): Promise<number> {
    const { epochsDone } = this.read();
    if (!epochsDone) return 0;
    const saved = await tfl.loadLayersModel(sparseFileHandler(join(this.dir, 'train.l0s')));
    model.setWeights(saved.getWeights());
    if (saved.optimizer) await model.optimizer.setWeights(await saved.optimizer.getWeights());
    saved.dispose();
    console.log(`resuming from checkpoint ${this.dir}: ${epochsDone} training epochs done`);
    return epochsDone;
  }

  async saveTraining(model: tfl.LayersModel, epochsDone: number): Promise<void> {
    await model.save(sparseFileHandler(join(this.dir, 'train.l0s')), { includeOptimizer: true });
    await writeFileAtomic(this.state, JSON.stringify({ ...this.read(), epochsDone }));
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

import { relative } from 'node:path';
import type { ExperimentResult } from './experiment.js';

/** A path as logs show it: relative to `from` (the working directory), so a committed log names no machine's folders. */
export function shownPath(path: string, from = process.cwd()): string {
  return relative(from, path) || '.';
}

/**
 * The result as it is written to disk: the best model's file relative to `outDir` (the folder holding the results
 * can move whole), the checkpoint and warm-start folders relative to `base`. Absolute paths name one machine.
 */
export function withRelativePaths(result: ExperimentResult, outDir: string, base: string): ExperimentResult {
  const options = { ...result.options };
  for (const key of ['checkpointDir', 'trainingCheckpointDir', 'warmStart'] as const) {
    if (options[key]) options[key] = relative(base, options[key]) || '.';
  }
  const best = result.best && { ...result.best, file: relative(outDir, result.best.file) };
  return { ...result, options, best };
}

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExperimentResult } from '../src/experiment.js';
import { shownPath, withRelativePaths } from '../src/relative-paths.js';

describe('withRelativePaths', () => {
  it('writes the model relative to outDir and the checkpoint folders relative to base, nothing absolute', () => {
    const repo = '/machine/repo';
    const outDir = join(repo, 'bench/results/sweeps/s/trials/t');
    const result = {
      options: {
        checkpointDir: join(repo, 'bench/checkpoints/sweeps/s/t'),
        trainingCheckpointDir: join(repo, 'bench/checkpoints/sweeps/other/t'),
        warmStart: join(repo, 'bench/checkpoints/sweeps/plain/t'),
        seed: 1,
      },
      best: { compressionRatio: 90, file: join(outDir, 'best.l0s') },
    } as unknown as ExperimentResult;
    const written = withRelativePaths(result, outDir, repo);
    expect(written.options).toMatchObject({
      checkpointDir: 'bench/checkpoints/sweeps/s/t',
      trainingCheckpointDir: 'bench/checkpoints/sweeps/other/t',
      warmStart: 'bench/checkpoints/sweeps/plain/t',
      seed: 1,
    });
    expect(written.best?.file).toBe('best.l0s');
    expect(JSON.stringify(written)).not.toContain('/machine');
    // The result the caller holds is left as it was.
    expect(result.best?.file).toBe(join(outDir, 'best.l0s'));
  });

  it('leaves out what was not set', () => {
    const written = withRelativePaths({ options: { seed: 1 } } as unknown as ExperimentResult, '/o', '/b');
    expect(written.options).toEqual({ seed: 1 });
    expect(written.best).toBeUndefined();
  });
});

describe('shownPath', () => {
  it('shows a path relative to the working directory (or the folder given)', () => {
    expect(shownPath(join(process.cwd(), 'a/b'))).toBe(join('a', 'b'));
    expect(shownPath('/x/y/z', '/x')).toBe(join('y', 'z'));
    expect(shownPath('/x', '/x')).toBe('.');
  });
});

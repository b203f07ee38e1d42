import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrialRecord } from '../src/journal.js';
import { sweepProgress } from '../src/progress.js';

const record = {} as TrialRecord;

describe('sweepProgress, one line per trial (not a terminal)', () => {
  afterEach(() => vi.restoreAllMocks());

  const lines = (estimated: boolean, trials: number) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const progress = sweepProgress('s', 2, 0, true, { estimated });
    for (let i = 0; i < trials; i++) progress.trialEnded(`trial ${i}`, record);
    progress.stop();
    return log.mock.calls.map((c) => String(c[0]));
  };

  it('counts against a fixed total', () => {
    expect(lines(false, 2).map((l) => l.replace(/ETA [^\]]+/, 'ETA x'))).toEqual([
      'sweep s: 2 trials, 0 already finished in the journal',
      '[1/2, ETA x] trial 0',
      '[2/2, ETA x] trial 1',
    ]);
  });

  it("marks ASHA's total as an estimate and grows it past what was planned, with no made-up ETA", () => {
    const out = lines(true, 3);
    expect(out[0]).toBe('sweep s: ~2 trials, 0 already finished in the journal');
    expect(out[1]).toMatch(/^\[1\/~2, ETA /);
    expect(out[3]).toBe('[3/~3, ETA ?] trial 2');
  });
});

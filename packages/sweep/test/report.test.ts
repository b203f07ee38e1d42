import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../src/journal.js';
import { resultsTable, summarizeRepeats } from '../src/report.js';

const trial = (id: string, seed: number, metrics: Record<string, number | null>): TrialRecord => ({
  id,
  params: { lr: 0.1, seed },
  rung: 0,
  // A NaN metric comes back from the journal (JSON) as null.
  metrics: metrics as Record<string, number>,
  files: [],
  seconds: 1,
  attempts: 1,
  worker: 'w',
  finishedAt: '2026-12-02T00:00:00.000Z',
});

describe('summarizeRepeats', () => {
  const trials = [
    trial('a', 1, { loss: 1, best: Number.NaN, some: 3 }),
    trial('b', 2, { loss: 2, best: null, some: null }),
    trial('c', 3, { loss: 3, best: null, some: 5 }),
  ];

  it('averages each metric over the repeats that have it as a number, and says how many', () => {
    const [c] = summarizeRepeats(trials, 'seed', { metric: 'loss', mode: 'min' });
    expect(c!.params).toEqual({ lr: 0.1 });
    expect(c!.metrics.loss).toEqual({ mean: 2, min: 1, max: 3, count: 3 });
    expect(c!.metrics.some).toEqual({ mean: 4, min: 3, max: 5, count: 2 });
    expect(c!.metrics.best).toBeUndefined(); // no mean of nothing
  });

  it('the table marks a mean over fewer repeats than the configuration ran, and prints no NaN or Infinity', () => {
    const configurations = summarizeRepeats(trials, 'seed', { metric: 'loss', mode: 'min' });
    const table = resultsTable({
      name: 's',
      objective: { metric: 'loss', mode: 'min' },
      trials,
      failed: [],
      repeats: 'seed',
      configurations,
    });
    expect(table).toContain('| 1 | a | 0.1 | 1 | 1 |  | 3 | 1.0 | 1 |');
    expect(table).toContain('| lr | seeds | loss | some |');
    expect(table).toContain('| 0.1 | 3 | 2 (1–3) | 4 (3–5; 2 of 3) |');
    expect(table).not.toMatch(/NaN|Infinity/);
  });
});

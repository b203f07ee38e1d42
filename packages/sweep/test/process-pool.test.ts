import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSweep, runSweep, SweepError } from '@l0prune/sweep';
import { CLI, FIXTURE, fixture, freshFixture, journalEvents } from './helpers.js';

const run = (dir: string, options: Partial<Parameters<typeof runSweep>[0]> = {}) =>
  runSweep({ sweepModule: freshFixture(), dir, workers: 2, progress: false, execArgv: [], ...options });

describe('runSweep on the embedded pool', () => {
  it('runs every grid point once, best first, with a table, a Pareto plot and the trial files', async () => {
    const f = fixture();
    const report = await run(f.dir);
    expect(report.trials).toHaveLength(8);
    expect(report.trials[0]!.params).toEqual({ x: 1, seed: 1 });
    expect(report.trials.map((t) => t.metrics.loss)).toEqual(
      [...report.trials.map((t) => t.metrics.loss)].sort((a, b) => a - b),
    );
    expect([...f.runs().values()]).toEqual(Array(8).fill(1));
    // size = |x| (min) against loss (min): x = 0 (size 0) and x = 1 (the lowest loss) with seed 1
    expect(new Set(report.pareto)).toEqual(
      new Set(
        report.trials.filter((t) => t.params.seed === 1 && [0, 1].includes(t.params.x as number)).map((t) => t.id),
      ),
    );
    expect(readFileSync(join(f.dir, 'results.md'), 'utf8')).toContain(`| 1 | ${report.trials[0]!.id} ◆ | 1 | 1 |`);
    expect(readFileSync(join(f.dir, 'pareto.svg'), 'utf8')).toMatch(/^<svg/);
    for (const t of report.trials) expect(existsSync(join(f.dir, 'trials', t.id, t.files[0]!))).toBe(true);
    // Repeats (seeds) summarized per configuration: x = 1 is best, loss 1.01 and 1.02 over seeds 1 and 2.
    expect(report.configurations).toHaveLength(4);
    const best = report.configurations![0]!;
    expect(best.params).toEqual({ x: 1 });
    expect(best.trials).toHaveLength(2);
    expect(best.metrics.loss!.mean).toBeCloseTo(1.015, 10);
    expect([best.metrics.loss!.min, best.metrics.loss!.max]).toEqual([1.01, 1.02]);
    expect(readFileSync(join(f.dir, 'results.md'), 'utf8')).toContain('| 1 | 2 | 1.015 (1.01–1.02) |');
  });

  it('a second run of a finished sweep runs nothing again', async () => {
    const f = fixture();
    const first = await run(f.dir);
    const again = await run(f.dir);
    expect(again.trials.map((t) => t.id)).toEqual(first.trials.map((t) => t.id));
    expect([...f.runs().values()]).toEqual(Array(8).fill(1));
  });

  it('runs the trial of a worker that died again, and records it once', async () => {
    const f = fixture({ killAt: 2 });
    const report = await run(f.dir);
    const killed = report.trials.filter((t) => t.params.x === 2);
    expect(killed.map((t) => t.attempts)).toEqual([2, 2]);
    for (const t of killed) expect(f.runs().get(t.id)).toBe(2);
    expect(report.trials).toHaveLength(8);
    expect(journalEvents(f.dir).filter((e) => e.event === 'finished')).toHaveLength(8);
  });

  it('gives up after maxAttempts deaths and reports the trial as failed', async () => {
    const f = fixture({ killAt: 2 });
    const report = await run(f.dir, { maxAttempts: 1 });
    expect(report.trials).toHaveLength(6);
    expect(report.failed.map((t) => t.error)).toEqual([
      expect.stringMatching(/died \(signal SIGKILL\), 1 times/),
      expect.stringMatching(/died \(signal SIGKILL\), 1 times/),
    ]);
  });

  it('records a trial that throws as failed, finishes the others, and tries it again on resume', async () => {
    const f = fixture({ throwAt: -1 });
    const report = await run(f.dir);
    expect(report.trials).toHaveLength(6);
    expect(report.failed).toHaveLength(2);
    expect(report.failed[0]!.error).toMatch(/diverged at x = -1/);
    const reported = await reportSweep({ sweepModule: freshFixture(), dir: f.dir });
    expect(reported.trials.map((t) => t.id)).toEqual(report.trials.map((t) => t.id));
    expect(reported.failed.map((t) => t.id).sort()).toEqual(report.failed.map((t) => t.id).sort());
    process.env.SWEEP_FIXTURE = JSON.stringify({ runsDir: f.root });
    const resumed = await run(f.dir);
    expect(resumed.trials).toHaveLength(8);
    expect(resumed.failed).toHaveLength(0);
    expect([...f.runs().values()].sort()).toEqual([1, 1, 1, 1, 1, 1, 2, 2]);
  });

  it('survives a journal line torn by a crash', async () => {
    const f = fixture();
    await run(f.dir, { workers: 1 });
    appendFileSync(join(f.dir, 'journal.jsonl'), '{"event":"finished","id":"torn');
    const again = await run(f.dir);
    expect(again.trials).toHaveLength(8);
    expect(readFileSync(join(f.dir, 'journal.jsonl'), 'utf8').endsWith('}\n')).toBe(true);
  });

  it('refuses to resume a journal written by a different sweep definition', async () => {
    const f = fixture();
    await run(f.dir);
    process.env.SWEEP_FIXTURE = JSON.stringify({ runsDir: f.root, parameters: { x: { values: [5] } } });
    await expect(run(f.dir)).rejects.toThrow(/belongs to another sweep.*give a new journal folder/);
  });

  it('says what is wrong with a module that is not a sweep', async () => {
    const f = fixture();
    await expect(run(f.dir, { sweepModule: join(f.root, 'missing.mjs') })).rejects.toThrow(
      /cannot import the sweep module/,
    );
    await expect(run(f.dir, { sweepModule: new URL('./helpers.ts', import.meta.url).pathname })).rejects.toThrow(
      SweepError,
    );
    await expect(run(f.dir, { workers: 0 })).rejects.toThrow(/workers must be an integer ≥ 1/);
    await expect(reportSweep({ sweepModule: freshFixture(), dir: join(f.root, 'none') })).rejects.toThrow(
      /no journal at/,
    );
  });

  it('ASHA promotes only configurations from the better part of a rung, up to the max budget', async () => {
    const f = fixture({
      parameters: { x: { min: -3, max: 3 } },
      search: { kind: 'asha', trials: 9, seed: 7, budget: { parameter: 'epochs', min: 1, max: 9 } },
    });
    const report = await run(f.dir, { workers: 1 });
    const rung = (k: number) => report.trials.filter((t) => t.rung === k);
    expect(rung(0)).toHaveLength(9);
    expect(rung(1).length).toBeGreaterThanOrEqual(3);
    expect(rung(2).length).toBeGreaterThanOrEqual(1);
    expect(rung(2).every((t) => t.params.epochs === 9)).toBe(true);
    // Replay the journal: each promotion was in the top third of its rung's results at that moment.
    const finished: { rung: number; x: number; loss: number }[] = [];
    const rungOf = new Map(report.trials.map((t) => [t.id, t]));
    for (const e of journalEvents(f.dir)) {
      const t = e.id ? rungOf.get(e.id) : undefined;
      if (!t) continue;
      if (e.event === 'finished') finished.push({ rung: t.rung, x: t.params.x as number, loss: t.metrics.loss! });
      if (e.event !== 'started' || t.rung === 0) continue;
      const below = finished.filter((r) => r.rung === t.rung - 1).sort((a, b) => a.loss - b.loss);
      const top = below.slice(0, Math.floor(below.length / 3)).map((r) => r.x);
      expect(top).toContain(t.params.x);
    }
    // resumed: the same decisions, nothing run again
    const again = await run(f.dir, { workers: 1 });
    expect(again.trials.length).toBe(report.trials.length);
    expect(Math.max(...f.runs().values())).toBe(1);
  });
});

describe('an interrupted sweep', () => {
  it('resumes where the killed coordinator stopped: finished trials are not run again', async () => {
    const f = fixture({ sleepMs: 300 });
    const coordinator = spawn(process.execPath, [CLI, 'run', FIXTURE, '--dir', f.dir, '--workers', '2'], {
      stdio: 'ignore',
    });
    const finishedIds = () =>
      existsSync(join(f.dir, 'journal.jsonl'))
        ? journalEvents(f.dir)
            .filter((e) => e.event === 'finished')
            .map((e) => e.id!)
        : [];
    while (finishedIds().length < 3) await new Promise((done) => setTimeout(done, 50));
    coordinator.kill('SIGKILL');
    await new Promise((done) => coordinator.once('exit', done));
    const before = finishedIds();
    expect(before.length).toBeLessThan(8);
    const report = await run(f.dir);
    expect(report.trials).toHaveLength(8);
    for (const id of before) expect(f.runs().get(id)).toBe(1);
    expect(journalEvents(f.dir).filter((e) => e.event === 'finished')).toHaveLength(8);
  });
});

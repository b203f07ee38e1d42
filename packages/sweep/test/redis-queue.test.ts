import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '@l0prune/sweep';
import { CLI, FIXTURE, fixture, freshFixture, journalEvents } from './helpers.js';

const REDIS = process.env.REDIS_SERVER ?? 'redis-server';
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A free port on loopback, from the OS. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Resolves once the child prints `text` on stdout. */
const printed = (child: ChildProcess, text: string) =>
  new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      if (out.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before printing '${text}': ${out}`)));
  });

let redis: ChildProcess;
let url: string;

beforeAll(async () => {
  if (spawnSync(REDIS, ['--version']).error)
    throw new Error(`${REDIS} not found: install Debian's redis-server (scripts/ensure-test-packages.sh does)`);
  const port = await freePort();
  redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await printed(redis, 'Ready to accept connections');
  url = `redis://127.0.0.1:${port}`;
});

afterAll(() => {
  redis?.kill();
});

const startWorker = async (sweepDir: string) => {
  const child = spawn(
    process.execPath,
    [CLI, 'worker', FIXTURE, '--queue', url, '--dir', sweepDir, '--lock-ms', '2000', '--stalled-check-ms', '500'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await printed(child, 'sweep worker ready');
  return child;
};

describe('runSweep on BullMQ over Redis', () => {
  it('finishes with every trial exactly once when a worker is killed mid-trial', async () => {
    const f = fixture({ sleepMs: 1500 });
    const dirs = [join(f.root, 'machine-a'), join(f.root, 'machine-b')];
    const workers = await Promise.all(dirs.map(startWorker));
    try {
      const sweep = runSweep({ sweepModule: freshFixture(), dir: f.dir, queue: url, progress: false });
      // Kill machine A's worker as soon as it has started a trial.
      const startedOnA = () => (existsSync(dirs[0]!) ? readdirSync(dirs[0]!) : []);
      while (startedOnA().length === 0) await sleep(50);
      const killedTrial = startedOnA()[0]!;
      workers[0]!.kill('SIGKILL');

      const report = await sweep;
      expect(report.failed).toEqual([]);
      expect(report.trials).toHaveLength(8);
      expect(new Set(report.trials.map((t) => t.id)).size).toBe(8);
      expect(journalEvents(f.dir).filter((e) => e.event === 'finished')).toHaveLength(8);
      const retried = report.trials.find((t) => t.id === killedTrial)!;
      expect(retried.attempts).toBe(2);
      expect(f.runs().get(killedTrial)).toBe(2);
      // What ran after the kill ran on machine B.
      expect(existsSync(join(dirs[1]!, killedTrial, 'model.txt'))).toBe(true);
      expect(existsSync(join(dirs[0]!, killedTrial, 'model.txt'))).toBe(false);
    } finally {
      for (const w of workers) w.kill();
    }
  });

  it('a restarted coordinator picks up the queued and finished trials without running any twice', async () => {
    const f = fixture({ sleepMs: 300, name: 'restart' });
    const worker = await startWorker(join(f.root, 'machine-a'));
    try {
      const coordinator = spawn(process.execPath, [CLI, 'run', FIXTURE, '--dir', f.dir, '--queue', url], {
        stdio: 'ignore',
      });
      const finished = () =>
        existsSync(join(f.dir, 'journal.jsonl')) ? journalEvents(f.dir).filter((e) => e.event === 'finished') : [];
      while (finished().length < 2) await sleep(50);
      coordinator.kill('SIGKILL');
      await new Promise((done) => coordinator.once('exit', done));
      const report = await runSweep({ sweepModule: freshFixture(), dir: f.dir, queue: url, progress: false });
      expect(report.trials).toHaveLength(8);
      expect(finished()).toHaveLength(8);
      // The worker went on while no coordinator ran; the new one took the results from Redis.
      expect([...f.runs().values()]).toEqual(Array(8).fill(1));
    } finally {
      worker.kill();
    }
  });

  it('says so at once when Redis cannot be reached, and refuses what is not a redis:// URL', async () => {
    const f = fixture();
    const port = await freePort();
    const started = Date.now();
    await expect(
      runSweep({ sweepModule: freshFixture(), dir: f.dir, queue: `redis://127.0.0.1:${port}`, progress: false }),
    ).rejects.toThrow(new RegExp(`cannot reach Redis at redis://127.0.0.1:${port} .*start redis-server there`));
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(
      runSweep({ sweepModule: freshFixture(), dir: f.dir, queue: 'http://127.0.0.1:6379', progress: false }),
    ).rejects.toThrow(/must be a redis:\/\/host:port URL, got 'http:/);
  });
});

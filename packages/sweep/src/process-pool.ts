import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SweepError } from './errors.js';
import type { Executor, Outcome } from './executor.js';
import type { PlannedTrial } from './planner.js';
import type { TrialRun } from './run-trial.js';
import type { RunMessage } from './worker-process.js';

export interface ProcessPoolOptions {
  sweepModule: string;
  workers: number;
  /** Each trial's folder is `<trialsDir>/<id>`, its output in `log.txt` there. */
  trialsDir: string;
  /** Node flags of the workers; default: this process's (a `tsx` parent gives `tsx` workers). */
  execArgv?: string[];
}

type WorkerMessage = { type: 'ready' } | ({ type: 'finished' } & TrialRun) | { type: 'failed'; error: string };

interface Worker {
  child: ChildProcess;
  name: string;
  log?: WriteStream;
  settle?: (outcome: Outcome) => void;
}

const WORKER_SCRIPT = fileURLToPath(new URL('./worker-process.js', import.meta.url));

/** The embedded default: one child process per worker, each running one trial at a time. */
export class ProcessPool implements Executor {
  private idle: Worker[] = [];
  private all = new Set<Worker>();

  constructor(private readonly options: ProcessPoolOptions) {}

  get capacity(): number {
    return this.options.workers;
  }

  async run(trial: PlannedTrial, attempt: number): Promise<Outcome> {
    const worker = this.idle.pop() ?? (await this.spawn());
    const dir = join(this.options.trialsDir, trial.id);
    mkdirSync(dir, { recursive: true });
    worker.log = createWriteStream(join(dir, 'log.txt'), { flags: 'a' });
    worker.log.write(`--- attempt ${attempt} on ${worker.name}, ${new Date().toISOString()}\n`);
    return new Promise<Outcome>((resolve) => {
      worker.settle = (outcome) => {
        worker.settle = undefined;
        worker.log?.end();
        if (outcome.kind !== 'lost') this.idle.push(worker);
        resolve(outcome);
      };
      worker.child.send({ type: 'run', trial, attempt, dir } satisfies RunMessage);
    });
  }

  async close(): Promise<void> {
    const exits = [...this.all].map((w) => new Promise((done) => w.child.once('exit', done)));
    for (const w of this.all) w.child.kill();
    await Promise.all(exits);
  }

  private spawn(): Promise<Worker> {
    const child = fork(WORKER_SCRIPT, [this.options.sweepModule], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: this.options.execArgv ?? process.execArgv,
    });
    const worker: Worker = { child, name: `pid ${child.pid}` };
    this.all.add(worker);
    let stderr = '';
    const toLog = (chunk: Buffer) => worker.log?.write(chunk);
    child.stdout!.on('data', toLog);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
      toLog(chunk);
    });
    return new Promise((resolve, reject) => {
      child.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') resolve(worker);
        if (m.type === 'finished') {
          const { type: _type, ...run } = m;
          worker.settle?.({ kind: 'finished', ...run, worker: worker.name });
        }
        if (m.type === 'failed') worker.settle?.({ kind: 'failed', error: m.error, worker: worker.name });
      });
      child.on('exit', (code, signal) => {
        this.all.delete(worker);
        this.idle = this.idle.filter((w) => w !== worker);
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        worker.settle?.({ kind: 'lost', reason: `worker ${worker.name} died (${how})`, worker: worker.name });
        reject(new SweepError(`a sweep worker could not start (${how}):\n${stderr.trim()}`));
      });
    });
  }
}

#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { SweepError } from './errors.js';
import { runQueueWorker } from './queue-worker.js';
import { reportSweep, runSweep } from './run-sweep.js';

const integer = (name: string, min: number) => (text: string) => {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min)
    throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}, got '${text}'`);
  return v;
};

const program = new Command()
  .name('l0prune-sweep')
  .description('Run a hyperparameter sweep (grid, random or ASHA) on this machine or on workers pulling from Redis.')
  .showHelpAfterError();

program
  .command('run')
  .description('run (or resume) a sweep and write results.md, results.json and pareto.svg into --dir')
  .argument('<sweep-module>', 'a module whose default export is defineSweep({ … })')
  .requiredOption('--dir <folder>', 'journal, trial folders and results (an existing journal is resumed)')
  .option('--workers <n>', 'worker processes on this machine (default: one per core)', integer('--workers', 1))
  .option('--queue <url>', 'redis://host:port: queue the trials for `l0prune-sweep worker`s instead')
  .option('--parallel <n>', 'with --queue: trials queued at once', integer('--parallel', 1), 64)
  .option('--max-attempts <n>', 'runs of a trial whose worker died', integer('--max-attempts', 1), 3)
  .option('--no-progress', 'no progress bar or lines')
  .action(async (sweepModule: string, o) => {
    const report = await runSweep({
      sweepModule,
      dir: o.dir,
      workers: o.workers,
      queue: o.queue,
      parallel: o.parallel,
      maxAttempts: o.maxAttempts,
      progress: o.progress,
    });
    console.log(
      `${report.trials.length} trials finished, ${report.failed.length} failed; results in ${o.dir}/results.md`,
    );
    if (report.failed.length > 0) process.exitCode = 1;
  });

program
  .command('report')
  .description('write results.md, results.json and pareto.svg from the journal now (the sweep may still be running)')
  .argument('<sweep-module>', 'the sweep module the journal belongs to')
  .requiredOption('--dir <folder>', 'the sweep folder')
  .action(async (sweepModule: string, o) => {
    const report = await reportSweep({ sweepModule, dir: o.dir });
    console.log(`${report.trials.length} trials finished, ${report.failed.length} failed → ${o.dir}/results.md`);
  });

program
  .command('worker')
  .description("pull a sweep's trials from Redis and run them until stopped (Ctrl-C finishes the running trial first)")
  .argument('<sweep-module>', 'the same sweep module as the coordinator')
  .requiredOption('--queue <url>', 'redis://host:port of the coordinator')
  .option('--dir <folder>', "this machine's trial folders", 'sweep-trials')
  .option('--concurrency <n>', 'trials at once on this machine', integer('--concurrency', 1), 1)
  .option(
    '--lock-ms <ms>',
    'a trial whose worker is silent this long runs again elsewhere',
    integer('--lock-ms', 1000),
    30_000,
  )
  .option('--stalled-check-ms <ms>', 'how often to look for such trials', integer('--stalled-check-ms', 100), 30_000)
  .action(async (sweepModule: string, o) => {
    const worker = await runQueueWorker({
      sweepModule,
      queue: o.queue,
      dir: o.dir,
      concurrency: o.concurrency,
      lockDurationMs: o.lockMs,
      stalledIntervalMs: o.stalledCheckMs,
    });
    console.log(`sweep worker ready on ${o.queue} (pid ${process.pid})`);
    const stop = () => void worker.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof SweepError ? `l0prune-sweep: ${error.message}` : error);
  process.exit(1);
});

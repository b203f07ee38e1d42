// One worker of the embedded pool: a child process that loads the sweep module once and runs the
// trials its parent sends, one at a time.
import { loadSweep } from './load-sweep.js';
import type { PlannedTrial } from './planner.js';
import { runTrial } from './run-trial.js';

export interface RunMessage {
  type: 'run';
  trial: PlannedTrial;
  attempt: number;
  dir: string;
}

const send = (message: unknown) => process.send?.(message);
// The parent is gone (killed): a trial nobody will record is wasted work.
process.on('disconnect', () => process.exit(0));

const sweep = await loadSweep(process.argv[2]!);
process.on('message', async (m: RunMessage) => {
  try {
    send({ type: 'finished', ...(await runTrial(sweep, m.trial, m.attempt, m.dir)) });
  } catch (error) {
    send({ type: 'failed', error: (error as Error)?.stack ?? String(error) });
  }
});
send({ type: 'ready' });

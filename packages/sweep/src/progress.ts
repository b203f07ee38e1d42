import cliProgress from 'cli-progress';
import type { TrialRecord } from './journal.js';

export interface SweepProgress {
  trialEnded(line: string, record?: TrialRecord): void;
  stop(): void;
}

const minutes = (s: number) => (s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(0)} min`);

/**
 * A bar with ETA (cli-progress) on a terminal; on a pipe or in CI one line per trial with the
 * same count and ETA, so logs stay readable.
 */
export function sweepProgress(
  name: string,
  planned: number,
  alreadyDone: number,
  enabled: boolean,
  { estimated = false }: { estimated?: boolean } = {},
): SweepProgress {
  const start = Date.now();
  let done = alreadyDone;
  // An estimated total (ASHA) grows with what ran, rather than showing 13 of 12.
  const total = () => Math.max(planned, done);
  const shownTotal = () => `${estimated ? '~' : ''}${total()}`;
  const eta = () => {
    const ranHere = done - alreadyDone;
    if (ranHere === 0 || (estimated && done >= planned)) return '?';
    return minutes((((Date.now() - start) / 1000) * Math.max(0, total() - done)) / ranHere);
  };
  if (!enabled) return { trialEnded: () => {}, stop: () => {} };
  if (!process.stdout.isTTY) {
    console.log(`sweep ${name}: ${shownTotal()} trials, ${alreadyDone} already finished in the journal`);
    return {
      trialEnded(line, record) {
        if (record) done += 1;
        console.log(`[${done}/${shownTotal()}, ETA ${eta()}] ${line}`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${name} [{bar}] {value}/{total} trials | ETA {eta_formatted} | {last}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total(), alreadyDone, { last: '' });
  return {
    trialEnded(line, record) {
      if (record) {
        done += 1;
        bar.setTotal(total());
        bar.increment(1, { last: line.slice(0, 60) });
      } else bar.update({ last: line.slice(0, 60) });
    },
    stop: () => bar.stop(),
  };
}

import cliProgress from 'cli-progress';

export interface Progress {
  /** Advance by `steps` and show `info` (e.g. the loss). */
  tick(steps: number, info?: string): void;
  stop(summary: string): void;
}

/**
 * A progress bar with ETA (cli-progress) on a terminal; on a pipe or in CI, only the summary
 * lines, so logs stay readable.
 */
export function progress(label: string, total: number): Progress {
  const start = Date.now();
  if (!process.stdout.isTTY) {
    return {
      tick: () => {},
      stop: (summary) => console.log(`${label}: ${summary} (${((Date.now() - start) / 1000).toFixed(1)} s)`),
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(18)} [{bar}] {percentage}% | ETA {eta_formatted} | {info}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { info: '' });
  return {
    tick: (steps, info = '') => bar.increment(steps, { info }),
    stop: (summary) => {
      bar.stop();
      console.log(`${label}: ${summary} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
    },
  };
}

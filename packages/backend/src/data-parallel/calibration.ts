export type Way = 'single' | 'parallel';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * `threads: 'auto'`: times steps on this thread alone and steps split across the threads, interleaved
 * (after untimed warm-up steps of each), and keeps the faster. Splitting pays when a step is mostly
 * arithmetic (convolutions); for small dense models the per-step overhead and the cores' shared
 * caches eat the gain (bench/results/train-throughput.md).
 */
export class Calibration {
  private readonly times: Record<Way, number[]> = { single: [], parallel: [] };
  private steps = 0;
  private chosen?: Way;

  constructor(
    private readonly warmUpSteps = 2,
    private readonly timedSteps = 5,
  ) {}

  get decision(): Way | 'calibrating' {
    return this.chosen ?? 'calibrating';
  }

  next(): Way {
    return this.chosen ?? (this.steps % 2 === 0 ? 'single' : 'parallel');
  }

  /** Returns the decision once made. */
  record(way: Way, milliseconds: number): Way | undefined {
    if (this.chosen) return this.chosen;
    if (this.steps++ >= 2 * this.warmUpSteps) this.times[way].push(milliseconds);
    if (this.times.parallel.length >= this.timedSteps) {
      // Parallel must be clearly faster (5%): a tie is not worth the workers' memory.
      this.chosen = median(this.times.parallel) < 0.95 * median(this.times.single) ? 'parallel' : 'single';
    }
    return this.chosen;
  }
}

import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { SweepDefinition } from './define-sweep.js';
import type { TrialRecord } from './journal.js';
import { paretoFront, paretoSvg } from './pareto.js';
import { rankBy } from './planner.js';

export interface FailedTrial {
  id: string;
  params: Record<string, unknown>;
  error: string;
}

export interface SweepReport {
  name: string;
  objective: SweepDefinition['objective'];
  /** Best first by the objective. */
  trials: TrialRecord[];
  failed: FailedTrial[];
  /** Ids of the Pareto front, when the sweep names its two metrics. */
  pareto?: string[];
}

const cell = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(5))) : String(v));

/** A markdown table of every finished trial, best first. */
export function resultsTable(report: SweepReport): string {
  const params = [...new Set(report.trials.flatMap((t) => Object.keys(t.params)))];
  const metrics = [...new Set(report.trials.flatMap((t) => Object.keys(t.metrics)))];
  const head = ['#', 'trial', ...params, ...metrics, 'seconds', 'attempts'];
  const rows = report.trials.map((t, i) => [
    String(i + 1),
    report.pareto?.includes(t.id) ? `${t.id} ◆` : t.id,
    ...params.map((p) => cell(t.params[p] ?? '')),
    ...metrics.map((m) => cell(t.metrics[m] ?? '')),
    t.seconds.toFixed(1),
    String(t.attempts),
  ]);
  const lines = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  const notes = [
    `Sweep \`${report.name}\`: ${report.trials.length} trials finished, sorted by ${report.objective.metric} ` +
      `(${report.objective.mode}).`,
    report.pareto ? '◆ = on the Pareto front.' : '',
    ...report.failed.map((f) => `Failed: ${f.id} ${JSON.stringify(f.params)}: ${f.error.split('\n')[0]}`),
  ].filter(Boolean);
  return `${notes.join('\n')}\n\n${lines.join('\n')}\n`;
}

/** results.json, results.md and (with `pareto`) pareto.svg in the journal folder, each written whole or not at all. */
export async function writeReport(
  sweep: SweepDefinition,
  finished: Iterable<TrialRecord>,
  failed: FailedTrial[],
  dir: string,
): Promise<SweepReport> {
  const rank = rankBy(sweep.objective);
  const trials = [...finished].sort((a, b) => rank(a.metrics, b.metrics));
  const report: SweepReport = { name: sweep.name, objective: sweep.objective, trials, failed };
  if (sweep.pareto) report.pareto = paretoFront(trials, sweep.pareto.x, sweep.pareto.y).map((t) => t.id);
  await writeFileAtomic(join(dir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'results.md'), resultsTable(report));
  if (sweep.pareto && trials.length > 0)
    await writeFileAtomic(
      join(dir, 'pareto.svg'),
      await paretoSvg(`Sweep ${sweep.name}`, trials, sweep.pareto.x, sweep.pareto.y),
    );
  return report;
}

import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Objective, SweepDefinition } from './define-sweep.js';
import type { TrialRecord } from './journal.js';
import { paretoFront, paretoSvg } from './pareto.js';
import { rankBy } from './planner.js';
import { canonicalJson } from './trial-id.js';

export interface FailedTrial {
  id: string;
  params: Record<string, unknown>;
  error: string;
}

/** One configuration over its repeats (the sweep's `repeats` parameter, e.g. seeds). */
export interface ConfigurationSummary {
  /** The swept values without the repeat parameter. */
  params: Record<string, unknown>;
  /** Trial ids, one per finished repeat. */
  trials: string[];
  /** Over the repeats that reported the metric as a number (`count`; NaN, which JSON stores as null, is not one). */
  metrics: Record<string, { mean: number; min: number; max: number; count: number }>;
}

export interface SweepReport {
  name: string;
  objective: SweepDefinition['objective'];
  /** Best first by the objective. */
  trials: TrialRecord[];
  failed: FailedTrial[];
  /** Ids of the Pareto front, when the sweep names its two metrics. */
  pareto?: string[];
  /** The sweep's `repeats` parameter, when it has one. */
  repeats?: string;
  /** With `repeats`: each configuration's metrics over its finished repeats, best mean first. */
  configurations?: ConfigurationSummary[];
}

/** Groups trials that differ only in the `repeats` parameter; mean, min and max of every metric. */
export function summarizeRepeats(trials: TrialRecord[], repeats: string, objective: Objective): ConfigurationSummary[] {
  const groups = new Map<string, TrialRecord[]>();
  for (const t of trials) {
    const { [repeats]: _repeat, ...rest } = t.params;
    const key = canonicalJson(rest);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const summaries = [...groups.values()].map((group): ConfigurationSummary => {
    const { [repeats]: _repeat, ...params } = group[0]!.params;
    const names = [...new Set(group.flatMap((t) => Object.keys(t.metrics)))];
    const metrics = Object.fromEntries(
      names.flatMap((name) => {
        const values = group
          .map((t) => t.metrics[name])
          .filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
        if (values.length === 0) return []; // no mean of nothing (it printed as NaN, Infinity–-Infinity)
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        return [[name, { mean, min: Math.min(...values), max: Math.max(...values), count: values.length }]];
      }),
    );
    return { params, trials: group.map((t) => t.id), metrics };
  });
  const rank = rankBy(objective);
  const means = (c: ConfigurationSummary) => Object.fromEntries(Object.entries(c.metrics).map(([k, v]) => [k, v.mean]));
  return summaries.sort((a, b) => rank(means(a), means(b)));
}

function repeatsTable(configurations: ConfigurationSummary[], repeats: string): string {
  const params = [...new Set(configurations.flatMap((c) => Object.keys(c.params)))];
  const metrics = [...new Set(configurations.flatMap((c) => Object.keys(c.metrics)))];
  const head = [...params, `${repeats}s`, ...metrics];
  const rows = configurations.map((c) => [
    ...params.map((p) => cell(c.params[p] ?? '')),
    String(c.trials.length),
    ...metrics.map((m) => {
      const v = c.metrics[m];
      if (!v) return '';
      const some = v.count < c.trials.length ? `; ${v.count} of ${c.trials.length}` : '';
      return `${cell(v.mean)} (${cell(v.min)}–${cell(v.max)}${some})`;
    }),
  ]);
  const lines = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  return `By configuration: mean over the ${repeats}s run (min–max).\n\n${lines.join('\n')}\n`;
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
    ...metrics.map((m) => (Number.isNaN(t.metrics[m]) ? '' : cell(t.metrics[m] ?? ''))), // NaN: as after the journal
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
  const byConfiguration =
    report.configurations && report.repeats ? `\n${repeatsTable(report.configurations, report.repeats)}` : '';
  return `${notes.join('\n')}\n\n${lines.join('\n')}\n${byConfiguration}`;
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
  if (sweep.repeats) {
    report.repeats = sweep.repeats;
    report.configurations = summarizeRepeats(trials, sweep.repeats, sweep.objective);
  }
  await writeFileAtomic(join(dir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'results.md'), resultsTable(report));
  if (sweep.pareto && trials.length > 0)
    await writeFileAtomic(
      join(dir, 'pareto.svg'),
      await paretoSvg(`Sweep ${sweep.name}`, trials, sweep.pareto.x, sweep.pareto.y),
    );
  return report;
}

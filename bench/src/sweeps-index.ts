// Every sweep under results/sweeps: its results files rewritten from the journal (the sweep may
// still be running) and a table of its finished trials into docs/results.md between the sweeps
// markers. Run: pnpm --filter @l0prune/bench sweeps-index
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportSweep, type SweepReport } from '@l0prune/sweep';
import { writeDocsSection } from './docs-section.js';
import { RESULTS_DIR, table } from './report.js';

const SWEEPS = join(RESULTS_DIR, 'sweeps');
const MODULES = new URL('./sweeps/', import.meta.url).pathname;
const pct = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : `${v.toFixed(2)}%`);

function section(name: string, report: SweepReport): string {
  const journal = readFileSync(join(SWEEPS, name, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const running = new Set(
    journal
      .map((l) => JSON.parse(l))
      .filter((e) => e.event === 'started')
      .map((e) => e.id),
  );
  for (const t of report.trials) running.delete(t.id);
  for (const f of report.failed) running.delete(f.id);
  const params = [...new Set(report.trials.flatMap((t) => Object.keys(t.params)))];
  const errors = [...new Set(report.trials.flatMap((t) => Object.keys(t.metrics)))].filter((m) =>
    /^(validation|test)Error\d+$/.test(m),
  );
  const rows = report.trials.map((t) => [
    t.id,
    ...params.map((p) => String(t.params[p])),
    pct(t.metrics.unprunedTestError),
    ...errors.map((m) => pct(t.metrics[m])),
    `${(t.seconds / 60).toFixed(0)} min`,
  ]);
  // With repeats (seeds): each configuration's mean and range over them, the figure its target is judged by.
  const spread = (report.configurations ?? []).map((c) => {
    const values = errors
      .filter((m) => c.metrics[m] !== undefined)
      .map((m) => {
        const { mean, min, max } = c.metrics[m] as { mean: number; min: number; max: number };
        return `${m.replace(/(\d+)$/, ' $1×')} ${pct(mean)} (${min.toFixed(2)}–${max.toFixed(2)})`;
      });
    const repeats = `${c.trials.length} ${report.repeats}${c.trials.length === 1 ? '' : 's'}`;
    // A grid of configurations over seeds names each one; a seeds-only sweep has a single, unnamed configuration.
    const which = Object.entries(c.params)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return `${which ? `${which}, over` : 'Over'} its ${repeats}: ${values.join(', ')}.`;
  });
  // Which images the trials trained on (result.json's counts; older trials did not record them: 55,000 / 5,000).
  const first = report.trials[0] && join(SWEEPS, name, 'trials', report.trials[0].id, 'result.json');
  const images = first && existsSync(first) ? JSON.parse(readFileSync(first, 'utf8')).images : undefined;
  const split =
    images?.validation === 0
      ? ` Trained on all ${images.train.toLocaleString('en-US')} training images: no validation error, and the ` +
        'test error only orders the table (the settings were chosen before).'
      : '';
  const status =
    `${report.trials.length} trial${report.trials.length === 1 ? '' : 's'} finished, ${report.failed.length} failed, ` +
    `${running.size} running or interrupted when this was written (the same command resumes them)`;
  return `### \`${name}\`

\`pnpm --filter @l0prune/bench sweep ${name}\` →
[\`bench/results/sweeps/${name}\`](../bench/results/sweeps/${name}) (results.md, journal, each trial's log,
result.json and models). Ranked by ${report.objective.metric} (${report.objective.mode}); ${status}.${split}
Times are each trial's wall time on the 2-core machine it ran on, often while another trial shared the cores
(machines differ between sessions: up to 1.8× per epoch); each trial's log has its epoch times.

${table(['trial', ...params, 'unpruned test', ...errors.map((m) => m.replace(/(\d+)$/, ' $1×')), 'time'], rows)}${
  spread.length > 0 ? `\n\n${spread.join('\n\n')}` : ''
}`;
}

const names = existsSync(SWEEPS) ? readdirSync(SWEEPS).filter((n) => existsSync(join(SWEEPS, n, 'journal.jsonl'))) : [];
const sections: string[] = [];
for (const name of names) {
  const report = await reportSweep({ sweepModule: join(MODULES, `${name}.ts`), dir: join(SWEEPS, name) });
  sections.push(section(name, report));
}
await writeDocsSection('sweeps', sections.join('\n\n'));
console.log(`${names.length} sweeps → docs/results.md`);

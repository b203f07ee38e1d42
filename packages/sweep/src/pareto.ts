import type * as vl from 'vega-lite';
import type { Objective } from './define-sweep.js';
import type { TrialRecord } from './journal.js';
import { PLOT_FRAME, renderSvg } from './render-svg.js';

type Axis = Objective & { log?: boolean };

const better = (a: number, b: number, mode: 'min' | 'max') => (mode === 'min' ? a < b : a > b);
const noWorse = (a: number, b: number, mode: 'min' | 'max') => a === b || better(a, b, mode);

/** The trials no other trial beats on both metrics at once, ordered along x. */
export function paretoFront(trials: TrialRecord[], x: Objective, y: Objective): TrialRecord[] {
  const value = (t: TrialRecord, o: Objective) => t.metrics[o.metric];
  const scored = trials.filter((t) => Number.isFinite(value(t, x)) && Number.isFinite(value(t, y)));
  const dominated = (t: TrialRecord) =>
    scored.some(
      (o) =>
        noWorse(value(o, x)!, value(t, x)!, x.mode) &&
        noWorse(value(o, y)!, value(t, y)!, y.mode) &&
        (better(value(o, x)!, value(t, x)!, x.mode) || better(value(o, y)!, value(t, y)!, y.mode)),
    );
  return scored.filter((t) => !dominated(t)).sort((a, b) => value(a, x)! - value(b, x)!);
}

/** Every trial as a point, the front as a line (vega-lite rendered headless to SVG). */
export async function paretoSvg(title: string, trials: TrialRecord[], x: Axis, y: Axis): Promise<string> {
  const front = new Set(paretoFront(trials, x, y).map((t) => t.id));
  const values = trials.map((t) => ({
    x: t.metrics[x.metric],
    y: t.metrics[y.metric],
    id: t.id,
    set: front.has(t.id) ? 'Pareto front' : 'other trials',
  }));
  const axis = (a: Axis) => ({ title: `${a.metric} (${a.mode === 'min' ? 'lower' : 'higher'} is better)` });
  const scale = (a: Axis) => (a.log ? { type: 'log' as const, zero: false } : { zero: false });
  const spec: vl.TopLevelSpec = {
    ...PLOT_FRAME,
    title,
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: scale(x), axis: axis(x) },
          y: { field: 'y', type: 'quantitative', scale: scale(y), axis: axis(y) },
          color: { field: 'set', type: 'nominal', title: null },
          tooltip: [{ field: 'id' }, { field: 'x' }, { field: 'y' }],
        },
      },
      {
        transform: [{ filter: "datum.set === 'Pareto front'" }],
        mark: { type: 'line' },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: scale(x) },
          y: { field: 'y', type: 'quantitative', scale: scale(y) },
        },
      },
    ],
  };
  return renderSvg(spec);
}

import { PLOT_FRAME, renderSvg } from '@l0prune/sweep';
import type * as vl from 'vega-lite';

export interface Series {
  name: string;
  points: Array<{ ratio: number; accuracy: number }>;
}

/**
 * Accuracy vs compression ratio on a log axis, like the paper's Figures 3–6, as an SVG
 * string (vega-lite compiled to vega, rendered headless: no canvas or browser needed).
 */
export async function accuracyPlot(
  title: string,
  series: Series[],
  axis: {
    x?: string;
    logX?: boolean /** Clip the y axis here so the region that matters is readable. */;
    minAccuracy?: number;
  } = {},
): Promise<string> {
  const values = series.flatMap((s) => s.points.map((p) => ({ series: s.name, ratio: p.ratio, accuracy: p.accuracy })));
  const spec: vl.TopLevelSpec = {
    ...PLOT_FRAME,
    title,
    data: { values },
    mark: { type: 'line', point: true, clip: axis.minAccuracy !== undefined },
    encoding: {
      x: {
        field: 'ratio',
        type: 'quantitative',
        scale: { type: axis.logX === false ? 'linear' : 'log' },
        title: axis.x ?? 'compression ratio (all params / nonzero params, biases included)',
      },
      y: {
        field: 'accuracy',
        type: 'quantitative',
        scale: axis.minAccuracy === undefined ? { zero: false } : { domain: [axis.minAccuracy, 100] },
        title: 'test accuracy (%)',
      },
      color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 400 } },
    },
  };
  return renderSvg(spec);
}

import type { TopLevelSpec } from 'vega-lite';

/** The house plot size and schema: every plot of a sweep (and of the MNIST harness) looks alike. */
export const PLOT_FRAME = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: 520,
  height: 320,
} as const;

/** A vega-lite spec as an SVG string, compiled to vega and rendered headless (no canvas, no browser). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Imported here, not at the top: vega's node build awaits at top level (its optional canvas), and a module graph
  // with a top-level await cannot be require()d — CommonJS users of this package could not load it at all.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

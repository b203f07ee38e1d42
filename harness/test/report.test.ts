import { describe, expect, it } from 'vitest';
import { accuracyPlot } from '../src/plot.js';
import { resultTable } from '../src/table.js';
import type { ExperimentResult } from '../src/experiment.js';

const result = {
  parameters: 266610,
  baseline: { validationError: 1.5, testError: 1.7 },
  rows: [
    { targetRatio: 10, compressionRatio: 10.0, nonzero: 26661, errorNoFt: 1.9, validationError: 1.6, testError: 1.8 },
    { targetRatio: 90, compressionRatio: 89.9, nonzero: 2965, errorNoFt: 9.5, validationError: 2.1, testError: 2.3 },
  ],
} as unknown as ExperimentResult;

describe('main job output', () => {
  it('prints the accuracy vs compression-ratio table, saying biases are counted', () => {
    const text = resultTable(result);
    expect(text).toMatch(/unpruned\s+1\.0×\s+266610\s+1\.70%\s+1\.70%\s+98\.30%/);
    expect(text).toMatch(/90×\s+89\.9×\s+2965\s+9\.50%\s+2\.30%\s+97\.70%/);
    expect(text).toMatch(/biases included in both counts/);
  });

  it('draws an SVG line plot with a log ratio axis and one line per series', async () => {
    const svg = await accuracyPlot('test', [
      {
        name: 'after FT',
        points: [
          { ratio: 10, accuracy: 98.2 },
          { ratio: 90, accuracy: 97.7 },
        ],
      },
      {
        name: 'before FT',
        points: [
          { ratio: 10, accuracy: 98.1 },
          { ratio: 90, accuracy: 90.5 },
        ],
      },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('compression ratio');
    expect(svg).toContain('after FT');
    expect((svg.match(/role-mark/g) ?? []).length).toBeGreaterThan(0);
  });
  it('clips the accuracy axis at minAccuracy so the region near the unpruned network is readable', async () => {
    const series = [
      {
        name: 'a',
        points: [
          { ratio: 10, accuracy: 98.2 },
          { ratio: 90, accuracy: 90.5 },
        ],
      },
    ];
    // y tick labels: 90…99 when the axis fits the data, 96.0…100.0 when clipped at 96.
    const unclipped = await accuracyPlot('t', series);
    expect(unclipped).toContain('>91</text>');
    const clipped = await accuracyPlot('t', series, { minAccuracy: 96 });
    expect(clipped).toContain('>96.0</text>');
    expect(clipped).not.toContain('>91</text>');
    expect(clipped).toContain('clip-path');
  });
});

// One Experiment 6 row (NP, optionally + GP, fine-tuned, shrunk) and its table cells, shared by
// the LeNet-5 and the ResNet runs.

export interface NpRow {
  method: string;
  flopReduction: number;
  compressionRatio: number;
  errorNoFt: number;
  testError: number;
  errorIncrease: number;
  shrunkParameters: number;
  latencyMs: { dense: number; shrunk: number };
}

export const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** FLOP reduction, ratio, errors before/after FT, increase, shrunk params, latency. */
export function npCells(r: NpRow): Array<string | number> {
  return [
    pct(r.flopReduction),
    `${r.compressionRatio.toFixed(2)}×`,
    `${r.errorNoFt.toFixed(2)}%`,
    `${r.testError.toFixed(2)}%`,
    `${r.errorIncrease >= 0 ? '+' : ''}${r.errorIncrease.toFixed(2)}`,
    r.shrunkParameters,
    `${r.latencyMs.dense.toFixed(1)} → ${r.latencyMs.shrunk.toFixed(1)} ms`,
  ];
}

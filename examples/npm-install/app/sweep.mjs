// A user's sweep module for the installed `l0prune-sweep` CLI: a grid of 4 quick trials, each a pure function of
// its values, run by the pool's worker processes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineSweep } from '@l0prune/sweep';

export default defineSweep({
  name: 'npm-install-check',
  base: { alpha: 1, seed: 1 },
  parameters: { alpha: { values: [1, 2] }, seed: { values: [1, 2] } },
  search: { kind: 'grid' },
  objective: { metric: 'loss', mode: 'min' },
  async trial(config, { dir }) {
    writeFileSync(join(dir, 'model.txt'), `${config.alpha} ${config.seed}\n`);
    return { metrics: { loss: config.alpha * 10 + config.seed }, files: ['model.txt'] };
  },
});

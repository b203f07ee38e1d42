import { registerPruner } from '@l0prune/pruning';
import { NMPruner, type NMOptions } from './n-m-pruner.js';

export { NMPruner } from './n-m-pruner.js';
export type { NMOptions } from './n-m-pruner.js';

/** Makes the pruner available as createPruner('n-m', { n, m }) (and so to `--pruner n-m`). */
export function registerNMPruner(): void {
  registerPruner('n-m', (options) => new NMPruner(options as NMOptions), { override: true });
}

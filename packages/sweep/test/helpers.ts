import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURE_URL = new URL('./fixtures/quadratic-sweep.mjs', import.meta.url);
export const FIXTURE = FIXTURE_URL.pathname;
let imports = 0;
/** The fixture under a new URL: this process imports it afresh, with the behaviour now in the environment. */
export const freshFixture = () => `${FIXTURE_URL.href}?import=${++imports}`;
export const CLI = new URL('../bin/l0prune-sweep.js', import.meta.url).pathname;

/** A fresh folder and the fixture's behaviour in the environment the workers inherit. */
export function fixture(behaviour: Record<string, unknown> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'l0prune-sweep-'));
  process.env.SWEEP_FIXTURE = JSON.stringify({ runsDir: root, ...behaviour });
  return {
    root,
    dir: join(root, 'sweep'),
    /** trial id → how many times a worker started it */
    runs(): Map<string, number> {
      const counts = new Map<string, number>();
      let text = '';
      try {
        text = readFileSync(join(root, 'runs.log'), 'utf8');
      } catch {}
      for (const line of text.split('\n').filter(Boolean)) {
        const id = line.split(' ')[0]!;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
  };
}

export const journalEvents = (dir: string) =>
  readFileSync(join(dir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string; id?: string; attempts?: number });

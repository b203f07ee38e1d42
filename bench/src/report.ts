import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@l0prune/sparse-io';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
/** Training checkpoints of the long runs (not committed). */
export const CHECKPOINTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'checkpoints');

/** Where and on what a result was measured. */
export function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString(),
  };
}

/** The repository's root: committed results name files relative to it, never by this machine's absolute path. */
export const REPOSITORY_ROOT = join(RESULTS_DIR, '..', '..');

/** JSON.stringify replacer: an absolute path inside the repository becomes repository-relative. */
function repositoryRelative(_key: string, value: unknown): unknown {
  return typeof value === 'string' && isAbsolute(value) && value.startsWith(REPOSITORY_ROOT + sep)
    ? relative(REPOSITORY_ROOT, value)
    : value;
}

/** Writes results/<name>.json and results/<name>.md (atomically). */
export async function writeResult(name: string, json: unknown, markdown: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await writeFileAtomic(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(json, repositoryRelative, 2)}\n`);
  await writeFileAtomic(join(RESULTS_DIR, `${name}.md`), `${markdown.trimEnd()}\n`);
  console.log(markdown);
}

/** A markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Median of repeated timings, in ms. */
export function medianMs(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@l0prune/sparse-io';
import { REPOSITORY_ROOT } from './report.js';

export const RESULTS_DOC = join(REPOSITORY_ROOT, 'docs', 'results.md');

/** Replaces what stands between `<!-- name:start -->` and `<!-- name:end -->` in docs/results.md. */
export async function writeDocsSection(name: string, body: string): Promise<void> {
  const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
  const docs = readFileSync(RESULTS_DOC, 'utf8');
  const [from, to] = [docs.indexOf(start), docs.indexOf(end)];
  if (from < 0 || to < from)
    throw new Error(`${RESULTS_DOC}: the markers ${start} … ${end} are missing; add them where the section goes`);
  await writeFileAtomic(RESULTS_DOC, `${docs.slice(0, from)}${start}\n${body}\n${end}${docs.slice(to + end.length)}`);
}

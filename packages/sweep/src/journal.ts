import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Metrics } from './define-sweep.js';
import { SweepError } from './errors.js';
import type { ParameterValue } from './parameters.js';

export interface TrialRecord {
  id: string;
  params: Record<string, ParameterValue>;
  rung: number;
  metrics: Metrics;
  /** Relative to the trial's folder. */
  files: string[];
  /** Seconds of the attempt that finished. */
  seconds: number;
  attempts: number;
  worker: string;
  finishedAt: string;
}

export type JournalEvent =
  | { event: 'sweep'; name: string; fingerprint: string; at: string }
  | { event: 'started'; id: string; params: Record<string, ParameterValue>; attempt: number; at: string }
  | ({ event: 'finished' } & TrialRecord)
  | {
      event: 'failed';
      id: string;
      params: Record<string, ParameterValue>;
      error: string;
      attempts: number;
      at: string;
    };

/**
 * An append-only JSON-lines log of the sweep, fsync'ed line by line: what it says finished is
 * never run again. A line torn by a crash mid-write is cut off when the journal is reopened.
 */
export class Journal {
  readonly file: string;
  readonly started = new Set<string>();
  readonly finished = new Map<string, TrialRecord>();
  private fd: number;

  constructor(
    readonly dir: string,
    name: string,
    fingerprint: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'journal.jsonl');
    const events = existsSync(this.file) ? readEvents(this.file, true) : [];
    const header = events[0];
    checkHeader(this.file, header, name, fingerprint);
    for (const e of events) {
      if (e.event === 'started') this.started.add(e.id);
      if (e.event === 'finished' && !this.finished.has(e.id)) this.finished.set(e.id, withoutEvent(e));
    }
    this.fd = openSync(this.file, 'a');
    if (!header) this.append({ event: 'sweep', name, fingerprint, at: new Date().toISOString() });
  }

  append(event: JournalEvent): void {
    if (event.event === 'started') this.started.add(event.id);
    if (event.event === 'finished') {
      if (this.finished.has(event.id)) return; // exactly once, whatever a queue delivers twice
      this.finished.set(event.id, withoutEvent(event));
    }
    writeSync(this.fd, `${JSON.stringify(event)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function checkHeader(file: string, header: JournalEvent | undefined, name: string, fingerprint: string): void {
  if (header && (header.event !== 'sweep' || header.name !== name || header.fingerprint !== fingerprint))
    throw new SweepError(
      `${file} belongs to another sweep (or this one's base, parameters, search or objective changed): ` +
        'resume only the same sweep; give a new journal folder to start another',
    );
}

/** The finished and failed trials of a journal, read without writing (a running sweep may be appending). */
export function readJournal(
  dir: string,
  name: string,
  fingerprint: string,
): { finished: TrialRecord[]; failed: { id: string; params: Record<string, ParameterValue>; error: string }[] } {
  const file = join(dir, 'journal.jsonl');
  if (!existsSync(file)) throw new SweepError(`no journal at ${file}: run the sweep first (l0prune-sweep run)`);
  const events = readEvents(file, false);
  checkHeader(file, events[0], name, fingerprint);
  const finished = new Map<string, TrialRecord>();
  const failed = new Map<string, { id: string; params: Record<string, ParameterValue>; error: string }>();
  for (const e of events) {
    if (e.event === 'finished' && !finished.has(e.id)) finished.set(e.id, withoutEvent(e));
    if (e.event === 'failed') failed.set(e.id, { id: e.id, params: e.params, error: e.error });
  }
  return { finished: [...finished.values()], failed: [...failed.values()].filter((f) => !finished.has(f.id)) };
}

function withoutEvent(e: { event: 'finished' } & TrialRecord): TrialRecord {
  const { event: _event, ...record } = e;
  return record;
}

/** The journal's complete lines; with `repair`, a torn last line is also cut off the file. */
function readEvents(file: string, repair: boolean): JournalEvent[] {
  const text = readFileSync(file, 'utf8');
  const complete = text.lastIndexOf('\n') + 1;
  if (repair && complete < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, complete)));
  return text
    .slice(0, complete)
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line, i) => {
      try {
        return JSON.parse(line) as JournalEvent;
      } catch {
        throw new SweepError(`${file} line ${i + 1} is not JSON: the journal was edited or damaged`);
      }
    });
}

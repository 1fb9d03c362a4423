/**
 * The journal of a rollout (`ROLLOUT/journal.jsonl`): one JSON record a line, appended and
 * fsynced before the step it announces is taken, each with its own checksum, so a record is
 * whole or absent. A line torn by a kill (no line end, or a checksum that does not match) is
 * the last one by construction: it is ignored on reading and cut off before the next append.
 * The rollout directory also keeps the exports a revert needs (`pre/NAME.xml`), under the
 * rollout's lock (one run of a rollout at a time; a dead run's lock is taken over).
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StepRecord } from '../../appliance/push-types.js';
import { fsyncDir } from '../fs/durable.js';
import { acquireLock, type Release } from '../fs/index.js';
import { Refused, refused } from '../../findings.js';

/** Format of a journal line. */
export const ROLLOUT_JOURNAL_FORMAT = 'esa-patch-rollout/1';

/** A record as the journal holds it. */
export interface JournalLine extends StepRecord {
  seq: number;
  at: string;
}

const sum = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 16);

/** Reads every whole record of a journal's text; `validBytes`: where the whole records end. */
export function parseJournal(text: string): { records: JournalLine[]; validBytes: number; torn: boolean } {
  const records: JournalLine[] = [];
  let at = 0;
  let torn = false;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) {
      torn = true;
      break;
    }
    const line = text.slice(at, nl);
    const m = /^([0-9a-f]{16}) (\{.*\})$/.exec(line);
    if (!m || sum(m[2]!) !== m[1]) {
      // A bad line that is not the last is not a torn append: the journal was changed by hand.
      if (nl + 1 < text.length) throw refused('journal-damaged', { at, reason: 'changed', format: ROLLOUT_JOURNAL_FORMAT });
      torn = true;
      break;
    }
    const r = JSON.parse(m[2]!) as JournalLine & { format?: string };
    if (r.format !== ROLLOUT_JOURNAL_FORMAT) throw refused('journal-damaged', { at, reason: 'format', format: ROLLOUT_JOURNAL_FORMAT });
    delete r.format;
    records.push(r);
    at = nl + 1;
  }
  return { records, validBytes: Buffer.byteLength(text.slice(0, at), 'utf8'), torn };
}

/** An open rollout journal. */
export class RolloutJournal {
  readonly records: JournalLine[];
  private fd: number;
  private release: Release;

  private constructor(
    readonly dir: string,
    records: JournalLine[],
    fd: number,
    release: Release,
  ) {
    this.records = records;
    this.fd = fd;
    this.release = release;
  }

  /** Opens (creating) the journal of the rollout directory `dir`, under its lock. */
  static open(dir: string, lockWaitMs?: number): RolloutJournal {
    mkdirSync(join(dir, 'pre'), { recursive: true });
    mkdirSync(join(dir, 'verify'), { recursive: true });
    const path = join(dir, 'journal.jsonl');
    const release = acquireLock(path, lockWaitMs);
    try {
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        // a new rollout
      }
      const { records, validBytes, torn } = parseJournal(text);
      const fd = openSync(path, 'a', 0o644);
      if (torn) {
        truncateSync(path, validBytes);
        fsyncSync(fd);
      }
      fsyncDir(dir);
      return new RolloutJournal(dir, records, fd, release);
    } catch (e) {
      release();
      throw e;
    }
  }

  /** Reads a journal without its lock (for `--status`); empty when there is none. */
  static read(dir: string): JournalLine[] {
    try {
      return parseJournal(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).records;
    } catch (e) {
      if (e instanceof Refused) throw e;
      return [];
    }
  }

  /** Appends a record and fsyncs it before returning. */
  append(r: StepRecord): void {
    const line: JournalLine = { ...r, seq: this.records.length + 1, at: r.at ?? new Date().toISOString() };
    const body = JSON.stringify({ format: ROLLOUT_JOURNAL_FORMAT, ...line });
    const bytes = Buffer.from(`${sum(body)} ${body}\n`, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
    fsyncSync(this.fd);
    this.records.push(line);
  }

  /** The records of one appliance. */
  of(name: string): JournalLine[] {
    return this.records.filter((r) => r.appliance === name);
  }

  /** Keeps an export in the rollout directory (atomically, durably, its bytes as they are); returns its path relative to the directory. */
  keep(name: string, kind: 'pre' | 'verify' | 'revert', text: string): string {
    const rel = kind === 'pre' ? join('pre', `${name}.xml`) : join('verify', `${name}.${kind}.xml`);
    // An export holds the appliance's (encrypted) passphrases: readable by this user only.
    writeBytesDurably(join(this.dir, rel), Buffer.from(text, 'latin1'), 0o600);
    return rel;
  }

  /** A kept export, or null when it is gone. */
  kept(rel: string): string | null {
    try {
      return readFileSync(join(this.dir, rel), 'latin1');
    } catch {
      return null;
    }
  }

  close(): void {
    try {
      closeSync(this.fd);
    } finally {
      this.release();
    }
  }
}

/** Writes `bytes` to `path` atomically and durably (temporary file, fsync, rename, fsync of the directory). */
export function writeBytesDurably(path: string, bytes: Uint8Array, mode = 0o644): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

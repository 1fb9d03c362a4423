/** What commands report about each file; shared by the text, JSON and HTML renderers. */
import type { Finding } from '../findings.js';
import type { ArtefactOperation } from '../patch/artefact.js';
import type { ListenerReport, Outcome } from '../patch/patch.js';
import type { PublishedHostRow } from '../patch/trace.js';

/** A file's checksum and size: what a reviewer ties a report to. */
export interface FileDigest {
  /** sha256 of the file's bytes, lower-case hex. */
  sha256: string;
  bytes: number;
}

/** A file a command wrote, with its checksum. */
export interface WrittenFile extends FileDigest {
  path: string;
  /** `export`, `diff`, `artefact`, `report`, `html`, `restored`. */
  kind: string;
}

/** Where the recipe's published hosts land in one listener's HAT, before and after the change. */
export interface PublishedHosts {
  listener: string;
  listenerPath: string;
  rows: PublishedHostRow[];
}

/** The report of one input file. */
export interface FileReport {
  file: string;
  outcome: Outcome;
  hostname: string | null;
  asyncos: string | null;
  serial: string | null;
  /** The export's encoding as its XML declaration says (`ISO-8859-1`, `UTF-8`); null when unknown. */
  encoding?: string | null;
  /** Checksum and size of the input as read. */
  input?: FileDigest;
  listeners: ListenerReport[];
  /** Operations (those of `rollback` may name their listener by name only: 0.1.0 artefacts). */
  operations: ArtefactOperation[];
  /** The operations in words, one line each. */
  changes?: string[];
  /** Findings as data; `--json` adds each one's message (`withMessage`). */
  findings: Finding[];
  /** The unified diff (one character per byte), empty when nothing changes. */
  diff: string;
  /** `apply`: the outputs already held exactly what this run writes (a re-run); nothing was written. */
  upToDate?: boolean;
  /** Files written, when the command wrote any. */
  written?: { xml: string; diff: string; artefact: string };
  /** Per selected listener, where the recipe's published hosts land before and after (recipes that publish hosts). */
  published?: PublishedHosts[];
  /** Every file written for this input, with its checksum. */
  outputs?: WrittenFile[];
}

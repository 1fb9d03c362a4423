/**
 * Two exports compared by meaning: the appliance header (version, serial), and each listener
 * (matched by element path, else by name, else through a name map): its settings outside the
 * HAT as key/value, and its HAT as policies, entries and unknown lines. Formatting (indentation,
 * line endings, blank lines, parameter order, `{}` versus a bare behaviour, a parameter spelled
 * out with the value it inherits from `$DEFAULT`) is not a difference unless `strict` is set.
 * `Current Time:` and the rest of the header comment are ignored.
 *
 * Pure: text in, data out. The one place that reads an export for diff and trace is
 * {@link viewExport}.
 */
import { readExport, type EsaExport, type HatSource as ExportHatSource, type Listener } from '../esa/export.js';
import { finding, type Finding, type FindingOf } from '../findings.js';
import { blockingProblems, semanticDiff, type HatChange, type HatModel, type HatSyntax } from '../hat/index.js';
import { clusterLevelName, clusterLevelOf } from '../esa/cluster.js';

// ---------------------------------------------------------------------------------------------
// What diff and trace read of an export
// ---------------------------------------------------------------------------------------------

/** The appliance as the header comment and `<hostname>` name it. */
export interface ExportIdentity {
  hostname: string | null;
  product: string | null;
  model: string | null;
  version: string | null;
  serial: string | null;
}

/** One listener as diff and trace read it. */
export interface ListenerView {
  name: string;
  type: string;
  /** Element path, e.g. `config/listeners/listener[1]`: what identifies a listener. */
  path: string;
  /**
   * Where the listener lives in a cluster: `cluster`, `group NAME`, `machine NAME` (the lower
   * level wins on the appliance), or `standalone` outside any cluster section. Part of its meaning.
   */
  level: string;
  /** Every setting of the listener outside `<hat>`, flattened to `key` / `parent/child[2]` paths. */
  settings: Record<string, string>;
  /** The `$DEFAULT` policy's parameters, from the `hat_default_*` elements (`tls`, `max_concurrency`, …). */
  defaults: Record<string, string>;
  /** The HAT, read by the HAT language, or null when the listener has no `<hat>`. */
  hat: HatSource | null;
}

/** A listener's HAT as the HAT language reads it: lossless syntax and semantic model. */
export type HatSource = Pick<ExportHatSource, 'syntax' | 'model'>;

/** An export as diff and trace read it. */
export interface ExportView {
  identity: ExportIdentity;
  listeners: ListenerView[];
  /** The XML declaration's encoding (null: none, which means UTF-8): how to decode the export's text for display. */
  encoding: string | null;
}

function flatten(value: unknown, prefix: string, out: Record<string, string>): void {
  if (Array.isArray(value)) {
    value.forEach((v, k) => flatten(v, `${prefix}[${k + 1}]`, out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) out[prefix] = '';
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}/${k}` : k, out);
  } else {
    out[prefix] = value === null || value === undefined ? '' : String(value);
  }
}

/** The `$DEFAULT` parameters a listener's `hat_default_*` settings give. */
export function defaultsOf(settings: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(settings)) if (k.startsWith('hat_default_')) out[k.slice('hat_default_'.length)] = v;
  return out;
}

/** {@link ListenerView.level} of a listener. */
function levelOf(exp: EsaExport, l: Listener): string {
  const level = clusterLevelOf(l.path);
  if (!level) return 'standalone';
  const name = clusterLevelName(exp, l, level);
  return level === 'cluster' || name === null ? level : `${level} ${name}`;
}

function listenerView(exp: EsaExport, l: Listener): ListenerView {
  const settings: Record<string, string> = {};
  flatten(l.settings, '', settings);
  return {
    name: l.name,
    type: l.type,
    path: l.path,
    level: levelOf(exp, l),
    settings,
    defaults: defaultsOf(settings),
    hat: l.hat ? { syntax: l.hat.syntax, model: l.hat.model } : null,
  };
}

/** The view of an export already read (what {@link viewExport} makes of the text). */
export function viewOfExport(exp: EsaExport): ExportView {
  return {
    identity: {
      hostname: exp.hostname,
      product: exp.header.product,
      model: exp.header.model,
      version: exp.header.version,
      serial: exp.header.serial,
    },
    listeners: exp.listeners.map((l) => listenerView(exp, l)),
    encoding: exp.doc.prolog.encoding,
  };
}

/**
 * Reads the parts of an export that diff and trace compare. Throws on malformed XML or a file
 * that is not an export (use {@link loadView} for a finding instead). The only call of
 * `readExport` in diff and trace.
 */
export function viewExport(text: string): ExportView {
  const read = readExport(text);
  if (!read.export) throw new Error(`not a readable export: ${read.finding.code}`);
  return viewOfExport(read.export);
}

/** {@link viewExport}, with malformed XML and files that are not exports as a located finding. */
export function loadView(text: string): { view: ExportView } | { finding: Finding } {
  const read = readExport(text);
  return read.export ? { view: viewOfExport(read.export) } : { finding: read.finding };
}

// ---------------------------------------------------------------------------------------------
// The HAT by meaning: the HAT language's semanticDiff, with each side's $DEFAULT
// ---------------------------------------------------------------------------------------------

/** One difference between two HATs by meaning: the HAT language's own change type (`src/hat/diff.ts`). Indices are 0-based. */
export type { HatChange };

function multiset(values: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return JSON.stringify([...counts].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/** `--strict`: the spelling of the whole text (line endings, indentation, blank lines), which the model does not keep. */
function textFormatChanges(a: HatSyntax, b: HatSyntax): HatChange[] {
  const out: HatChange[] = [];
  const f = (detail: string) => out.push({ kind: 'format', item: 'HAT', detail });
  if (multiset(a.lines.map((l) => l.eol).filter(Boolean)) !== multiset(b.lines.map((l) => l.eol).filter(Boolean))) f('line endings');
  const content = (h: HatSyntax) => h.lines.filter((l) => l.kind !== 'blank');
  if (multiset(content(a).map((l) => l.indent)) !== multiset(content(b).map((l) => l.indent))) f('indentation');
  if (a.lines.filter((l) => l.kind === 'blank').length !== b.lines.filter((l) => l.kind === 'blank').length) f('blank lines');
  return out;
}

/** Indices (into `seq`) of a longest increasing subsequence that keeps the earliest elements on a tie. */
function longestIncreasingKeepingEarly(seq: readonly number[]): Set<number> {
  // Patience sorting over the sequence reversed and negated: on a tie, the element kept is the
  // earlier one of the original sequence.
  const r = seq.map((v, k) => ({ v: -v, k })).reverse();
  const tails: number[] = [];
  const prev: number[] = new Array(r.length).fill(-1);
  for (let i = 0; i < r.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r[tails[mid]!]!.v < r[i]!.v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.add(r[k]!.k);
  return out;
}

/**
 * `semanticDiff` reports, of two swapped entries, the one that went down as moved; a change
 * moves the other up (`CRES: order 2 -> 1`), and the diff of apply's output must name what the
 * artefact did. Recomputes the moves with the tie going to the entry that went up.
 * TODO(hat): move this tie-break into semanticDiff and drop it here.
 */
function movesUpFirst(before: HatModel, after: HatModel, changes: HatChange[]): HatChange[] {
  const at = changes.findIndex((c) => c.kind === 'entry-moved');
  if (at < 0) return changes;
  const key = (kind: string, name: string) => `${kind}:${kind === 'inline' ? name.toLowerCase() : name}`;
  const renamed = new Map(changes.flatMap((c) => (c.kind === 'entry-renamed' ? [[c.to, c.from] as const] : [])));
  const slots = new Map<string, number[]>();
  before.entries.forEach((e, i) => slots.set(key(e.kind, e.name), [...(slots.get(key(e.kind, e.name)) ?? []), i]));
  const pairs: [number, number][] = [];
  after.entries.forEach((e, j) => {
    const i = slots.get(key(e.kind, renamed.get(e.name) ?? e.name))?.shift();
    if (i !== undefined) pairs.push([i, j]);
  });
  pairs.sort((x, y) => x[0] - y[0]);
  const keep = longestIncreasingKeepingEarly(pairs.map(([, j]) => j));
  const moved: HatChange[] = pairs.flatMap(([i, j], k) =>
    keep.has(k) ? [] : [{ kind: 'entry-moved' as const, entry: after.entries[j]!.name, from: i, to: j }],
  );
  const rest = changes.filter((c) => c.kind !== 'entry-moved');
  return [...rest.slice(0, at), ...moved, ...rest.slice(at)];
}

/**
 * The differences between two HATs by meaning (`semanticDiff`). A parameter means the same on
 * both sides when written alike, or when the values in force are equal: the one written, else
 * that listener's `$DEFAULT` (`defaultsA`, `defaultsB`); not written on both sides is the same
 * even when the defaults differ (that is a setting change, reported there). `strict` adds
 * formatting differences.
 */
export function diffHats(
  a: HatSource,
  b: HatSource,
  defaultsA: Readonly<Record<string, string>> = {},
  defaultsB: Readonly<Record<string, string>> = {},
  options: { strict?: boolean } = {},
): HatChange[] {
  // The same text means the same (a parameter written alike is the same whatever the defaults).
  if (a.syntax.text === b.syntax.text) return [];
  const shared: Record<string, string> = {};
  for (const [k, v] of Object.entries(defaultsA)) if (defaultsB[k] === v) shared[k] = v;
  const changes = movesUpFirst(a.model, b.model, semanticDiff(a.model, b.model, { strict: options.strict, defaults: shared })).filter(
    (c) => c.kind !== 'policy-param-changed' || (c.from ?? defaultsA[c.param]) !== (c.to ?? defaultsB[c.param]),
  );
  return options.strict ? [...changes, ...textFormatChanges(a.syntax, b.syntax)] : changes;
}

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

/** The {@link SettingChange} key of a listener's cluster level (no XML element can have this name). */
export const CLUSTER_LEVEL_KEY = '(cluster level)';

/** A key/value difference; `null`: absent on that side. */
export interface SettingChange {
  key: string;
  from: string | null;
  to: string | null;
}

/** How a listener of `a` was paired with one of `b`. */
export type ListenerMatch = 'path' | 'name' | 'map' | 'only-a' | 'only-b';

/** One listener compared. */
export interface ListenerDiff {
  /** The listener's name in `a` (in `b` when it is only there). */
  listener: string;
  a: { name: string; path: string } | null;
  b: { name: string; path: string } | null;
  match: ListenerMatch;
  settings: SettingChange[];
  hat: HatChange[];
}

/** Diff and trace findings. */
export type DiffFinding = FindingOf<'diff-hat-unreadable'> | FindingOf<'diff-unknown-listener'> | FindingOf<'diff-listener-by-name'>;

/** The result of {@link diffExports}. */
export interface ExportDiff {
  a: ExportIdentity;
  b: ExportIdentity;
  /**
   * Differences of `<hostname>` and the header comment's Version and Serial Number: shown, not
   * counted as differences (a replacement appliance has another serial).
   */
  header: SettingChange[];
  listeners: ListenerDiff[];
  findings: DiffFinding[];
  /** No difference (and no error finding). */
  identical: boolean;
}

/** Options of {@link diffExports}. */
export interface ExportDiffOptions {
  /** Report formatting differences too. */
  strict?: boolean;
  /** Listener names of `a` mapped to names of `b` (`--map-listener A=B`). */
  mapListeners?: Readonly<Record<string, string>>;
  /** Compare only these listeners (names in `a`). */
  listeners?: readonly string[];
}

function settingChanges(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): SettingChange[] {
  const out: SettingChange[] = [];
  for (const [k, v] of Object.entries(a)) if (b[k] !== v) out.push({ key: k, from: v, to: b[k] ?? null });
  for (const [k, v] of Object.entries(b)) if (!(k in a)) out.push({ key: k, from: null, to: v });
  return out;
}

/** An element path with every step indexed (`listener` is `listener[1]`): the appliance writes no index for an only child. */
function fullPath(path: string): string {
  return path
    .split('/')
    .map((s) => (/\[\d+\]$/.test(s) ? s : `${s}[1]`))
    .join('/');
}

function pairListeners(
  a: readonly ListenerView[],
  b: readonly ListenerView[],
  map: Readonly<Record<string, string>>,
): [ListenerView | null, ListenerView | null, ListenerMatch][] {
  const out: [ListenerView | null, ListenerView | null, ListenerMatch][] = [];
  const freeB = new Set(b);
  const mapped = new Map<ListenerView, ListenerView>();
  for (const la of a) {
    const target = map[la.name];
    if (target === undefined) continue;
    const lb = b.find((x) => x.name === target && freeB.has(x));
    if (lb) {
      mapped.set(la, lb);
      freeB.delete(lb);
    }
  }
  const pending: ListenerView[] = [];
  for (const la of a) {
    const m = mapped.get(la);
    if (m) {
      out.push([la, m, 'map']);
      continue;
    }
    const lb = b.find((x) => fullPath(x.path) === fullPath(la.path) && freeB.has(x) && !(la.name in map));
    if (lb && (lb.name === la.name || !b.some((x) => x.name === la.name && freeB.has(x) && x !== lb))) {
      freeB.delete(lb);
      out.push([la, lb, 'path']);
    } else pending.push(la);
  }
  for (const la of pending) {
    const lb = b.find((x) => x.name === la.name && freeB.has(x));
    if (lb) {
      freeB.delete(lb);
      out.push([la, lb, 'name']);
    } else out.push([la, null, 'only-a']);
  }
  for (const lb of b) if (freeB.has(lb)) out.push([null, lb, 'only-b']);
  return out;
}

/**
 * Compares two exports by meaning (see the module comment). `a` and `b` are parsed views
 * ({@link viewExport}); the result lists header, listener-setting and HAT differences, and
 * findings: a HAT that cannot be read exactly is an error (that listener is not compared).
 */
export function diffExports(a: ExportView, b: ExportView, options: ExportDiffOptions = {}): ExportDiff {
  const findings: DiffFinding[] = [];
  const header: SettingChange[] = [];
  for (const key of ['hostname', 'version', 'serial'] as const) {
    if (a.identity[key] !== b.identity[key]) header.push({ key, from: a.identity[key], to: b.identity[key] });
  }
  const map = options.mapListeners ?? {};
  for (const name of Object.keys(map)) {
    if (!a.listeners.some((l) => l.name === name))
      findings.push(finding('diff-unknown-listener', 'error', { listener: name, side: 'a', available: a.listeners.map((l) => l.name) }));
    if (!b.listeners.some((l) => l.name === map[name]))
      findings.push(
        finding('diff-unknown-listener', 'error', { listener: map[name]!, side: 'b', available: b.listeners.map((l) => l.name) }),
      );
  }
  const only = options.listeners;
  if (only) {
    for (const name of only)
      if (!a.listeners.some((l) => l.name === name))
        findings.push(finding('diff-unknown-listener', 'error', { listener: name, side: 'a', available: a.listeners.map((l) => l.name) }));
  }
  const listeners: ListenerDiff[] = [];
  for (const [la, lb, match] of pairListeners(a.listeners, b.listeners, map)) {
    const name = (la ?? lb)!.name;
    if (only && !only.includes(la?.name ?? '') && !only.includes(map[la?.name ?? ''] ?? '') && !(la === null && only.includes(lb!.name)))
      continue;
    const d: ListenerDiff = {
      listener: name,
      a: la && { name: la.name, path: la.path },
      b: lb && { name: lb.name, path: lb.path },
      match,
      settings: [],
      hat: [],
    };
    listeners.push(d);
    if (match === 'name')
      findings.push(finding('diff-listener-by-name', 'info', { listener: name, pathA: la!.path, pathB: lb!.path }, { listener: name }));
    if (!la || !lb) continue;
    const sa = { ...la.settings };
    const sb = { ...lb.settings };
    // A mapped listener differs in name by design.
    if (match === 'map') {
      delete sa['listener_name'];
      delete sb['listener_name'];
    }
    d.settings = settingChanges(sa, sb);
    // A listener moved to another cluster level (or group, or machine) is another override: the
    // same settings mean something else there.
    if (la.level !== lb.level) d.settings.unshift({ key: CLUSTER_LEVEL_KEY, from: la.level, to: lb.level });
    if (!la.hat || !lb.hat) {
      if (la.hat || lb.hat) d.settings.push({ key: 'hat', from: la.hat ? '(present)' : null, to: lb.hat ? '(present)' : null });
      continue;
    }
    // A line not understood is compared as text (unknown-added/removed); what else blocks a
    // decision leaves the HAT's meaning uncertain, so it is not compared.
    // A backslash in a value (`hat-value-escape`) is compared as written, exactly.
    const unreadable = (m: HatModel) => blockingProblems(m).filter((p) => p.code !== 'hat-unknown-line' && p.code !== 'hat-value-escape');
    const blocked = (
      [
        ['a', la],
        ['b', lb],
      ] as const
    ).flatMap(([side, l]) =>
      unreadable(l.hat!.model)
        .slice(0, 1)
        .map((p) => [side, l, p] as const),
    )[0];
    if (blocked) {
      const [side, l, p] = blocked;
      findings.push(
        finding(
          'diff-hat-unreadable',
          'error',
          { listener: l.name, side, problem: p.code, line: p.line },
          { listener: l.name, listenerPath: l.path },
        ),
      );
      continue;
    }
    d.hat = diffHats(la.hat, lb.hat, la.defaults, lb.defaults, { strict: options.strict });
  }
  const identical =
    !findings.some((f) => f.severity === 'error') &&
    listeners.every((l) => l.match !== 'only-a' && l.match !== 'only-b' && !l.settings.length && !l.hat.length);
  return { a: a.identity, b: b.identity, header, listeners, findings, identical };
}

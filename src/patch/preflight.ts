/**
 * Pre-flight checks (issue 3): what an administrator should know before loading a CRES-patched
 * export back, beyond the HAT change itself. The appliance's version, the listener's TLS
 * certificate, the cluster level being patched, entries that handled CRES connections before
 * the patch, the note's published hosts the senders do not cover, and names that would confuse
 * the appliance. Pure: findings only, located in the file; nothing here refuses or edits.
 */
import type { EsaExport, Listener } from '../esa/export.js';
import { childNamed, elementName, elementText } from '../xml/document.js';
import { paramValue, resolveBehaviour, type Hat, type HatEntry } from '../esa/hat.js';
import { coveredBy, covers, formatIpv4, overlaps, parseSender, type Sender } from '../net/sender.js';
import { lineIndex } from '../xml/position.js';
import type { Finding } from './findings.js';
import { describeRef, entryCompliant } from './plan.js';
import { CRES_PUBLISHED_HOSTS, type CresRecipe } from './recipe.js';

/** Options of {@link preflightFindings}. */
export interface PreflightOptions {
  /**
   * The run patches an export saved with masked passphrases (for review only). The masked
   * passphrases themselves are reported by planExport (`masked-secrets`), not here.
   */
  allowMasked?: boolean;
}

/** Cluster levels, from the highest to the lowest (the lowest wins on the appliance). */
const LEVELS = ['cluster', 'group', 'machine'] as const;
type Level = (typeof LEVELS)[number];

const NOTE = 'Cisco tech note 118539';

/** Does a certificate name look like the appliance's demo certificate? */
export function isDemoCertificate(name: string): boolean {
  return /(?:^|[^a-z])demo(?:[^a-z]|$)/i.test(name) || /^(?:cisco|ironport)(?: (?:esa|appliance|email security appliance|secure email gateway))? certificate$/i.test(name.trim());
}

/** The cluster level an element path names (`…/groups/group/…` is group level), or null. */
export function clusterLevelOf(path: string): Level | null {
  let level: Level | null = null;
  for (const raw of path.split('/')) {
    const seg = raw.replace(/\[\d+\]$/, '').toLowerCase();
    const found: Level | null = /^machines?$/.test(seg) ? 'machine' : /^groups?$/.test(seg) ? 'group' : /^cluster(?:s|_settings|_level)?$/.test(seg) ? 'cluster' : null;
    if (found && (!level || LEVELS.indexOf(found) > LEVELS.indexOf(level))) level = found;
  }
  return level;
}

/**
 * Pre-flight findings for the CRES change of one export: `appliance-version` /
 * `version-unknown` (once), per selected listener `certificate-missing`, `certificate-demo`,
 * `certificate-absent`, `cluster-level`, `cluster-override`, `cres-sender-before`,
 * `name-collision`, `duplicate-group`, `duplicate-policy`, then `cres-published-uncovered`
 * (once). Every finding carries a 1-based line and column in the file where one applies.
 * Does not repeat what planExport reports (`masked-secrets`, `cluster-path`,
 * `cres-sender-overlap`, the planner's refusals).
 */
export function preflightFindings(exp: EsaExport, selected: readonly Listener[], recipe: CresRecipe, options: PreflightOptions = {}): Finding[] {
  const text = exp.doc.text;
  const index = lineIndex(text);
  const out: Finding[] = [];
  const push: Push = (f, offset) => {
    out.push(offset === null ? { ...f } : { ...f, ...index(offset) });
  };

  versionFindings(exp, options, push);
  for (const l of selected) {
    certificateFindings(exp, l, push);
    clusterFindings(exp, l, selected, push);
    if (!l.hat || !l.hatText) continue;
    const hatText = l.hatText;
    const hat = l.hat;
    const hatOffset = (line0: number, token?: string): number => {
      const line = hat.lines[Math.min(Math.max(line0, 0), hat.lines.length - 1)]!;
      const at = token ? line.body.indexOf(token) : -1;
      return hatText.offsets[line.offset + (at >= 0 ? line.indent.length + at : 0)]!;
    };
    const hatPath = `${l.path}/hat`;
    duplicateFindings(l, hat, hatOffset, hatPath, push);
    collisionFindings(l, hat, recipe, hatOffset, hatPath, push);
    beforeFindings(l, hat, recipe, hatOffset, hatPath, push);
  }
  const uncovered = publishedUncovered(recipe);
  if (uncovered) push({ code: 'cres-published-uncovered', severity: 'info', message: uncovered }, null);
  return out;
}

/** File offset of a HAT line (0-based), or of `token` on it. */
type HatOffset = (line0: number, token?: string) => number;

type Push = (f: Omit<Finding, 'line' | 'col'>, offset: number | null) => void;

function versionFindings(exp: EsaExport, options: PreflightOptions, push: Push): void {
  const comment = exp.doc.prolog.comments[0];
  const { version, serial, model, product } = exp.header;
  let at: number | null = comment ? comment.start : null;
  if (comment) {
    const m = /^[ \t]*(Version[ \t]*:)/m.exec(exp.doc.text.slice(comment.start, comment.end));
    if (m) at = comment.start + m.index + m[0].length - m[1]!.length;
  }
  const serialText = serial ? `serial number ${serial}` : 'serial number unknown (no "Serial Number:" line)';
  const box = model ?? product;
  if (version && /\d+\.\d+/.test(version)) {
    const review = exp.masked.length && options.allowMasked ? ' This copy has masked passphrases: it is for review only and cannot be loaded.' : '';
    push(
      {
        code: 'appliance-version',
        severity: 'info',
        message: `saved by AsyncOS ${version} (${box ? `${box}, ` : ''}${serialText}). loadconfig accepts only a file saved by the same AsyncOS version: load the patched file on this appliance before any upgrade; after an upgrade, export again and patch the new file.${review}`,
      },
      at,
    );
    return;
  }
  push(
    {
      code: 'version-unknown',
      severity: 'warning',
      message: `the AsyncOS version cannot be read (${version ? `"Version: ${version}"` : 'no "Version:" line'} in the header comment; ${serialText}). loadconfig needs a file saved by the same AsyncOS version: check by hand (System Administration > System Upgrade, or the CLI command version) that the appliance runs the version this file was saved by`,
    },
    at,
  );
}

function certificateFindings(exp: EsaExport, l: Listener, push: Push): void {
  const certEl = childNamed(exp.doc, l.element, 'certificate');
  const step1 = `${NOTE} step 1: install a signed certificate with its intermediate certificate (Network > Certificates, or certconfig) and select it for this listener (Network > Listeners > ${l.name} > Certificate, or listenerconfig > edit > certificate)`;
  if (!l.certificate) {
    push(
      {
        code: 'certificate-missing',
        severity: 'warning',
        listener: l.name,
        path: l.path,
        message: `listener ${l.name} names no TLS certificate (${certEl >= 0 ? 'its <certificate> element is empty' : 'no <certificate> element; that element name is a guess, so check the listener on the appliance'}): with TLS Required, CRES's TLS connections will fail. ${step1}`,
      },
      exp.doc.elements.start[certEl >= 0 ? certEl : l.element]!,
    );
    return;
  }
  const at = exp.doc.elements.start[certEl]!;
  if (isDemoCertificate(l.certificate)) {
    push(
      {
        code: 'certificate-demo',
        severity: 'warning',
        listener: l.name,
        path: `${l.path}/certificate`,
        message: `listener ${l.name} uses the demo certificate "${l.certificate}": CRES's TLS verification fails with it, so CRES replies will not arrive over TLS. ${step1}`,
      },
      at,
    );
    return; // the built-in demo certificate need not be listed among the export's certificates
  }
  if (!exp.certificates.includes(l.certificate)) {
    const near = exp.certificates.find((c) => c.toLowerCase() === l.certificate!.toLowerCase());
    const known = exp.certificates.length ? `the export holds ${exp.certificates.map((c) => `"${c}"`).join(', ')}` : 'the export holds no certificate (no <certificate_name>)';
    push(
      {
        code: 'certificate-absent',
        severity: 'warning',
        listener: l.name,
        path: `${l.path}/certificate`,
        message: `listener ${l.name} uses certificate "${l.certificate}", which is not among the export's certificates (${known}${near ? `; "${near}" differs only by case` : ''}): loadconfig may reject the file, or TLS may not use the certificate you expect. Check Network > Certificates on the appliance; ${step1}`,
      },
      at,
    );
  }
}

/** The element of the cluster level a listener sits in, and its name when the export gives one. */
function levelName(exp: EsaExport, l: Listener, level: Level): string | null {
  const { parent } = exp.doc.elements;
  for (let j = parent[l.element]!; j >= 0; j = parent[j]!) {
    const name = elementName(exp.doc, j).toLowerCase();
    if (clusterLevelOf(name) !== level || (level !== 'cluster' && name.endsWith('s'))) continue;
    for (const child of [`${level}_name`, 'name', 'hostname']) {
      const c = childNamed(exp.doc, j, child);
      const value = c >= 0 ? (elementText(exp.doc, c) ?? '').trim() : '';
      if (value) return value;
    }
  }
  return null;
}

function clusterFindings(exp: EsaExport, l: Listener, selected: readonly Listener[], push: Push): void {
  const level = clusterLevelOf(l.path);
  if (!level) return;
  const at = exp.doc.elements.start[l.element]!;
  const named = levelName(exp, l, level);
  const where = `${level} level${named ? ` (${level} ${named})` : ''}`;
  const lower = LEVELS.slice(LEVELS.indexOf(level) + 1);
  const then =
    lower.length > 0
      ? `a setting at ${lower.join(' or ')} level overrides it: after loading, check each lower level (Centralized Management mode selector in the GUI, clustermode on the CLI) for its own ${l.name} listener or Host Access Table`
      : 'machine level wins over group and cluster level, but the change applies to that machine only: patch the other machines of the cluster as well';
  push(
    {
      code: 'cluster-level',
      severity: 'info',
      listener: l.name,
      path: l.path,
      message: `listener ${l.name} is configured at ${where} (${l.path}): the patch changes it there; ${then}`,
    },
    at,
  );
  for (const other of exp.listeners) {
    if (other === l || other.name !== l.name || selected.includes(other)) continue;
    const otherLevel = clusterLevelOf(other.path);
    if (!otherLevel || LEVELS.indexOf(otherLevel) <= LEVELS.indexOf(level)) continue;
    push(
      {
        code: 'cluster-override',
        severity: 'warning',
        listener: l.name,
        path: other.path,
        message: `listener ${l.name} is also defined at ${otherLevel} level (${other.path}), which wins over the ${level}-level copy patched at ${l.path} and is not patched by this run: on the machines it covers, the change has no effect. Select it as well (--listener ${l.name} selects every listener of that name) or remove the override on the appliance`,
      },
      exp.doc.elements.start[other.element]!,
    );
  }
}

function duplicateFindings(l: Listener, hat: Hat, hatOffset: HatOffset, path: string, push: Push): void {
  for (const p of hat.problems) {
    if (p.code !== 'hat-duplicate-group' && p.code !== 'hat-duplicate-policy') continue;
    const isGroup = p.code === 'hat-duplicate-group';
    const line0 = p.line - 1;
    const name = isGroup
      ? hat.entries.find((e) => e.kind === 'group' && e.firstLine === line0)?.name
      : hat.policies.find((x) => x.firstLine === line0)?.name;
    if (name === undefined) continue;
    const first = isGroup
      ? hat.entries.find((e) => e.kind === 'group' && e.name === name)!.firstLine
      : hat.policies.find((x) => x.name === name)!.firstLine;
    push(
      {
        code: isGroup ? 'duplicate-group' : 'duplicate-policy',
        severity: 'error',
        listener: l.name,
        path,
        message: isGroup
          ? `listener ${l.name}: sender group ${name} is defined twice in the Host Access Table (HAT lines ${first + 1} and ${p.line}); sender group names must be unique within a listener, so loadconfig may reject the file and the patch cannot tell which group is meant. Rename or merge one of them (Mail Policies > HAT Overview) and export again`
          : `listener ${l.name}: mail flow policy $${name} is defined twice in the Host Access Table (HAT lines ${first + 1} and ${p.line}); policy names are unique within a listener. Rename or remove one of them (Mail Policies > Mail Flow Policies) and export again`,
      },
      hatOffset(line0),
    );
  }
}

function collisionFindings(l: Listener, hat: Hat, recipe: CresRecipe, hatOffset: HatOffset, path: string, push: Push): void {
  const group = recipe.group.toLowerCase();
  for (const e of hat.entries) {
    if (e.kind !== 'inline') continue;
    const hit = e.members.find((m) => m.line === e.firstLine && m.text.toLowerCase() === group);
    if (!hit) continue;
    push(
      {
        code: 'name-collision',
        severity: 'error',
        listener: l.name,
        path,
        message: `listener ${l.name}: the Host Access Table has an inline entry for the sender ${hit.text} (HAT line ${e.firstLine + 1}), the same word as the sender group ${recipe.group} the patch would add; a HAT that uses one name for a sender and a sender group is ambiguous. Choose another name with --group-name`,
      },
      hatOffset(e.firstLine, hit.text),
    );
  }
  const policy = recipe.policy.toLowerCase();
  for (const p of hat.policies) {
    if (p.name === recipe.policy || p.name.toLowerCase() !== policy) continue;
    push(
      {
        code: 'name-collision',
        severity: 'error',
        listener: l.name,
        path,
        message: `listener ${l.name}: mail flow policy $${p.name} (HAT line ${p.firstLine + 1}) differs from --policy-name ${recipe.policy} only by case; the patch would add $${recipe.policy} beside it, and the appliance may treat the two as one. Choose another name with --policy-name, or use --policy-name ${p.name}`,
      },
      hatOffset(p.firstLine),
    );
  }
}

function tlsWords(tls: string | undefined, recipe: CresRecipe, l: Listener): string {
  if (tls === undefined) {
    const inherited = l.settings['hat_default_tls'];
    return typeof inherited === 'string' && inherited.trim()
      ? `${tlsWords(inherited.trim(), recipe, l)} (inherited from $DEFAULT)`
      : 'with the TLS setting of $DEFAULT';
  }
  const t = tls.toLowerCase();
  if (t === recipe.tls.toLowerCase()) return 'with TLS Required';
  if (t === 'off' || t === 'no') return 'without TLS';
  if (t === 'on' || t === 'preferred') return 'with TLS Preferred (TLS optional)';
  return `with tls = "${tls}"`;
}

function whatHappened(hat: Hat, e: HatEntry, recipe: CresRecipe, l: Listener): string {
  const what = e.kind === 'group' ? `sender group ${e.name}` : `inline entry ${e.name}`;
  const b = resolveBehaviour(hat, e);
  const ref = e.policy?.kind === 'named' ? `$${e.policy.name}, ` : '';
  if (!b) return `handled by ${what} (policy ${describeRef(hat, e.policy).split('\n')[0]}, which this HAT does not define)`;
  const by = `by ${what} (${ref}${b.keyword})`;
  switch (b.keyword) {
    case 'REJECT':
      return `rejected ${by}`;
    case 'TCPREFUSE':
      return `refused at connection time ${by}`;
    case 'CONTINUE':
      return `passed on to the next matching entry ${by}`;
    case 'RELAY':
      return `accepted and allowed to relay ${by} ${tlsWords(paramValue(b, 'tls'), recipe, l)}`;
    default:
      return `accepted ${by} ${tlsWords(paramValue(b, 'tls'), recipe, l)}`;
  }
}

function beforeFindings(l: Listener, hat: Hat, recipe: CresRecipe, hatOffset: HatOffset, path: string, push: Push): void {
  const first = hat.entries[0];
  if (first && entryCompliant(hat, first, recipe)) return;
  const ours = hat.entries.findIndex((e) => e.kind === 'group' && e.name === recipe.group);
  const position = ours >= 0 ? ours : hat.entries.length;
  const wanted = recipe.senders.map(parseSender);
  const takenBy = new Map<Sender, string>();
  for (const e of hat.entries.slice(0, position)) {
    if (e.kind === 'all') continue;
    const pairs = e.members.flatMap((m) => wanted.filter((w) => overlaps(m.sender, w)).map((w) => ({ m, w })));
    if (!pairs.length) continue;
    const cres = [...new Set(pairs.map((p) => p.w))];
    const members = [...new Set(pairs.map((p) => p.m.text))];
    const shadow = cres.every((w) => takenBy.has(w));
    const happened = whatHappened(hat, e, recipe, l);
    const after =
      ours >= 0
        ? `the patch moves sender group ${recipe.group} to order 1, so these connections now get $${recipe.policy} (ACCEPT, TLS Required)`
        : `the patch adds sender group ${recipe.group} at order 1, so these connections now get $${recipe.policy} (ACCEPT, TLS Required)`;
    push(
      {
        code: 'cres-sender-before',
        severity: shadow ? 'info' : 'warning',
        listener: l.name,
        path,
        message: shadow
          ? `listener ${l.name}: ${e.kind === 'group' ? 'sender group' : 'inline entry'} ${e.name} (HAT line ${e.firstLine + 1}) also matches CRES sender(s) ${cres.map((w) => w.text).join(', ')} (member ${members.join(', ')}), but an earlier entry (${cres.map((w) => takenBy.get(w)).join(', ')}) matched those hosts first; ${after}`
          : `listener ${l.name}: before the patch, connections from CRES hosts (${cres.map((w) => w.text).join(', ')}) matching member ${members.join(', ')} were ${happened} (HAT line ${e.firstLine + 1}); ${after}. If that earlier treatment was intended, review it before loading the file`,
      },
      hatOffset(pairs[0]!.m.line, pairs[0]!.m.text),
    );
    if (resolveBehaviour(hat, e)?.keyword === 'CONTINUE') continue;
    for (const w of cres) if (!takenBy.has(w) && e.members.some((m) => covers(m.sender, w))) takenBy.set(w, e.name);
  }
}

/** Dotted ranges of consecutive IPv4 addresses, `a.b.c.d-e` within one /24. */
function compactIps(ips: bigint[]): string[] {
  const sorted = [...new Set(ips)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [];
  for (let k = 0; k < sorted.length; ) {
    let j = k;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1n && sorted[j + 1]! >> 8n === sorted[k]! >> 8n) j++;
    out.push(j === k ? formatIpv4(sorted[k]!) : `${formatIpv4(sorted[k]!)}-${sorted[j]! & 0xffn}`);
    k = j + 1;
  }
  return out;
}

/** The message about the note's published hosts the recipe's senders do not cover, or null. */
function publishedUncovered(recipe: CresRecipe): string | null {
  const senders = recipe.senders.map(parseSender);
  type Row = { host: string; ip: string; value: bigint | null };
  const byNameOnly: Row[] = [];
  const neither: Row[] = [];
  const byAddressOnly: Row[] = [];
  for (const h of CRES_PUBLISHED_HOSTS) {
    const ip = parseSender(h.ip);
    const row: Row = { ...h, value: ip.kind === 'ip' ? ip.lo : null };
    const ipOk = coveredBy(ip, senders);
    const hostOk = coveredBy(parseSender(h.host), senders);
    if (!ipOk && hostOk) byNameOnly.push(row);
    else if (!ipOk && !hostOk) neither.push(row);
    else if (ipOk && !hostOk) byAddressOnly.push(row);
  }
  if (!byNameOnly.length && !neither.length && !byAddressOnly.length) return null;
  const list = (rows: Row[]) => rows.map((r) => `${r.ip} ${r.host}`).join(', ');
  const parts: string[] = [];
  if (byNameOnly.length) {
    parts.push(`not covered by address: ${list(byNameOnly)}; they match the sender group by hostname only, when their reverse DNS (PTR) lookup verifies`);
  }
  if (neither.length) {
    const apex = neither.find((r) => senders.some((x) => x.kind === 'host' && x.partial && x.name === r.host.toLowerCase()));
    parts.push(`covered neither by address nor by hostname: ${list(neither)}${apex ? ` (the partial hostname .${apex.host} matches the hosts below ${apex.host}, not ${apex.host} itself)` : ''}`);
  }
  if (byAddressOnly.length) parts.push(`covered by address but not by hostname: ${list(byAddressOnly)}`);
  const missing = [...byNameOnly, ...neither].map((r) => r.value).filter((v): v is bigint => v !== null);
  const hint = missing.length
    ? ` To match them by address as well, give the whole sender list with --sender, adding ${compactIps(missing).join(', ')} (--sender replaces the default list)`
    : '';
  return `${NOTE} publishes a CRES host table, marked "subject to change". Compared with the senders ${recipe.senders.join(', ')}: ${parts.join('; ')}. This is information only: nothing is added to the sender group.${hint}`;
}

/**
 * What one listener's HAT does wrong, by meaning: entries and members that can never be reached
 * (after `ALL`, fully shadowed by earlier entries: by address range, host name or partial
 * domain, or the same opaque member), partly shadowed members whose overlap gets another
 * treatment, repeated members, members that can never match, empty groups, undefined and unused
 * policies, allow entries below an SBRS or DNS-list based REJECT that may catch their senders,
 * RELAY on a public listener, and `ALL` that relays.
 *
 * Every claim about where a host lands is checked with the first-match walk (`evaluate`, what
 * `trace` shows) on a host that demonstrates it; a claim the walk does not confirm is dropped.
 * What depends on what is unknown offline (PTR names, SBRS scores, DNS lists) is a "may".
 */
import { finding, type Finding } from '../findings.js';
import { effectiveParams, evaluate, type Connection } from '../hat/evaluate.js';
import { resolvePolicy, type HatEntry, type HatMember, type HatModel } from '../hat/model.js';
import { addressIndex, buildCoverIndex, NO_ENTRY, opaqueKey, type CoverIndex } from './cover.js';
import { addressText, neverMatches } from './members.js';

/** A finding of the HAT, located at a 1-based HAT line and column. */
export interface HatFinding {
  finding: Finding;
  line: number;
  col: number;
}

/** What the analysis needs to know of the listener. */
export interface HatCheckContext {
  listener: string;
  /** `public`, `private`, … as the export says. */
  type: string;
  /** `$DEFAULT`'s parameters (from `hat_default_*`). */
  defaults: Readonly<Record<string, string>>;
  /** Demonstrations checked with the walk per listener (default 200; each costs a walk of the HAT); beyond it, findings carry no host. */
  maxDemonstrations?: number;
}

const ALLOW = new Set(['ACCEPT', 'RELAY']);
const DENY = new Set(['REJECT', 'TCPREFUSE']);
const OPAQUE_RISK = /^(sbrs\s*\[|sbo\s*:|dnslist\s*\[)/i;

/** Addresses tried first for a host whose PTR alone should decide: the documentation ranges. */
const FREE_FROM: readonly [bigint, bigint][] = [
  [0xc0000201n, 0xc00002ffn], // 192.0.2.1-255
  [0xc6336401n, 0xc63364ffn], // 198.51.100.1-255
  [0xcb007101n, 0xcb0071ffn], // 203.0.113.1-255
  [0x01000001n, 0xdfffffffn], // then anything unicast
];

/** A demonstration host, and the walk's answer for it. */
interface Demo {
  conn: Connection;
  landed: number;
  certain: boolean;
  may: number[];
}

/** Analyses one HAT; the model must have no blocking problem. */
export function checkHat(model: HatModel, ctx: HatCheckContext): HatFinding[] {
  const out: HatFinding[] = [];
  const L = ctx.listener;
  const entries = model.entries;
  const cover = buildCoverIndex(model);
  let budget = ctx.maxDemonstrations ?? 200;
  const resolved = entries.map((e) => resolvePolicy(model, e));
  const behaviour = resolved.map((r) => (r ? r.behaviour.toUpperCase() : null));
  const treatment = resolved.map((r, i) =>
    r
      ? JSON.stringify([
          behaviour[i],
          effectiveParams(r.params, ctx.defaults)
            .map((p) => [p.key, p.value])
            .sort(),
        ])
      : null,
  );
  const push = (f: Finding, line: number, col = 1) => out.push({ finding: f, line: line + 1, col });
  const walk = (conn: Connection): Demo | null => {
    if (budget <= 0) return null;
    budget--;
    const e = evaluate(model, conn, ctx.defaults);
    return { conn, landed: e.match?.index ?? NO_ENTRY, certain: !!e.match, may: e.mayMatch.map((m) => m.index) };
  };
  const freeV4 = () => {
    for (const [from, to] of FREE_FROM) {
      const a = cover.v4.freeAddress(from, to);
      if (a !== null) return addressText(4, a);
    }
    return null;
  };
  let free: string | null | undefined;
  const freeAddress = () => (free === undefined ? (free = freeV4()) : free);
  const hostOf = (d: Demo | null) => ({
    host: d ? d.conn.ip : null,
    ptr: d?.conn.ptr ?? null,
    landed: d ? (entries[d.landed]?.name ?? null) : null,
  });

  // Policies: undefined, unused (names compared by case: the appliance may not tell them apart).
  const defined = new Set(model.policies.map((p) => p.name.toLowerCase()));
  const used = new Set<string>();
  entries.forEach((e) => {
    if (e.policy?.kind !== 'named') return;
    used.add(e.policy.name.toLowerCase());
    if (!defined.has(e.policy.name.toLowerCase()) && e.policy.name.toUpperCase() !== 'DEFAULT')
      push(finding('check-policy-undefined', 'error', { listener: L, entry: e.name, policy: e.policy.name }), e.policy.line);
  });
  for (const p of model.policies)
    if (!used.has(p.name.toLowerCase()) && p.name.toUpperCase() !== 'DEFAULT')
      push(finding('check-policy-unused', 'info', { listener: L, policy: p.name }), p.headLine);

  const all = cover.all;
  const firstSame = new Map<string, { entry: number; line: number }>();
  // The first deny entry holding an SBRS, SBO or DNS-list member: it may catch any host below it.
  let risk = -1;
  let riskMember = '';
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (all >= 0 && i > all) {
      const m = e.members.find((x) => x.sender.kind === 'ip' || x.sender.kind === 'host');
      const d = m ? demoFor(m, all, i) : null;
      push(
        finding('check-after-all', 'warning', {
          listener: L,
          entry: e.name,
          allLine: entries[all]!.line + 1,
          ...hostOf(d === 'refuted' ? null : d),
        }),
        e.line,
      );
      continue;
    }
    if (e.kind === 'all') {
      if (behaviour[i] === 'RELAY')
        push(finding('check-all-relays', ctx.type === 'public' ? 'error' : 'warning', { listener: L, listenerType: ctx.type }), e.line);
      continue;
    }
    if (e.kind === 'group' && e.members.length === 0) push(finding('check-group-empty', 'info', { listener: L, entry: e.name }), e.line);
    const memberFindings: HatFinding[] = [];
    let covered = 0;
    const by = new Set<string>();
    // Shadowed by entries that treat the hosts the same: redundant (a note); otherwise the group's intent is lost (a warning).
    let differs = false;
    let entryDemo: Demo | null = null;
    let open: HatMember | null = null; // a specific member some of whose hosts reach this entry
    for (const m of e.members) {
      const s = m.sender;
      const col = 1;
      const never = neverMatches(m.text, s);
      if (never) {
        memberFindings.push({
          finding: finding('check-member-never-matches', 'warning', { listener: L, entry: e.name, member: m.text, reason: never }),
          line: m.line + 1,
          col,
        });
        covered++;
        continue;
      }
      const key =
        s.kind === 'ip'
          ? s.version === 4
            ? `ip4:${Number(s.lo)}-${Number(s.hi)}`
            : `ip6:${s.lo}-${s.hi}`
          : s.kind === 'host'
            ? `host:${s.partial ? '.' : ''}${s.name}`
            : `x:${opaqueKey(s.text)}`;
      const same = firstSame.get(key);
      if (!same) firstSame.set(key, { entry: i, line: m.line });
      const full = fullCover(cover, m, i);
      if (same && (same.entry === i || (full !== null && cover.final[same.entry]))) {
        const sameTreatment = same.entry === i || treatment[same.entry] === treatment[i];
        memberFindings.push({
          finding: finding('check-member-repeated', sameTreatment ? 'info' : 'warning', {
            listener: L,
            entry: e.name,
            member: m.text,
            other: entries[same.entry]!.name,
            otherLine: same.line + 1,
            sameTreatment,
          }),
          line: m.line + 1,
          col,
        });
        if (same.entry !== i) {
          if (!entryDemo) {
            const d = demoFor(m, same.entry, i);
            if (d !== 'refuted') entryDemo = d;
          }
          covered++;
          if (!sameTreatment) differs = true;
          by.add(entries[same.entry]!.name);
        }
        continue;
      }
      if (full !== null) {
        const d = demoFor(m, full.owner, i);
        if (d === 'refuted') continue;
        covered++;
        for (const o of full.by) by.add(entries[o]!.name);
        const other = full.by.some((o) => treatment[o] !== treatment[i]);
        if (other) differs = true;
        entryDemo ??= d;
        memberFindings.push({
          finding: finding('check-member-shadowed', other ? 'warning' : 'info', {
            listener: L,
            entry: e.name,
            member: m.text,
            by: full.by.map((o) => entries[o]!.name),
            ...hostOf(d),
          }),
          line: m.line + 1,
          col,
        });
        continue;
      }
      if (s.kind === 'ip' || s.kind === 'host') open ??= m;
      const part = partCover(m, i);
      if (part) memberFindings.push(part);
    }
    if (e.members.length && covered === e.members.length && by.size) {
      push(
        finding('check-entry-shadowed', differs ? 'warning' : 'info', {
          listener: L,
          entry: e.name,
          by: [...by].slice(0, 5),
          ...hostOf(entryDemo),
        }),
        e.line,
      );
      out.push(...memberFindings.filter((f) => f.finding.code === 'check-member-never-matches'));
      continue;
    }
    out.push(...memberFindings);
    const b = behaviour[i];
    if (b && ALLOW.has(b) && open) {
      if (risk >= 0) {
        const conn = connFor(open, i);
        const d = conn ? walk(conn) : null;
        // Shown only when the walk confirms the deny entry may match before this one.
        if (!d || d.may.includes(risk))
          push(
            finding('check-risky-order', 'warning', {
              listener: L,
              entry: e.name,
              behaviour: b,
              by: entries[risk]!.name,
              byMember: riskMember,
              byBehaviour: behaviour[risk]!,
              host: d ? d.conn.ip : null,
              ptr: d?.conn.ptr ?? null,
            }),
            e.line,
          );
      }
      if (b === 'RELAY' && ctx.type === 'public')
        push(finding('check-relay-public', 'warning', { listener: L, entry: e.name, member: open.text }), e.line);
    }
    if (risk < 0 && b && DENY.has(b) && cover.final[i]) {
      const m = e.members.find((x) => x.sender.kind === 'other' && OPAQUE_RISK.test(x.text.trim()));
      if (m) {
        risk = i;
        riskMember = m.text;
      }
    }
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);

  /** A host of `m` that no earlier entry catches (for `open` members), or null. */
  function connFor(m: HatMember, i: number): Connection | null {
    const s = m.sender;
    if (s.kind === 'ip') {
      const hit = addressIndex(cover, s).addressWhere(s.lo, s.hi, (o) => o >= i);
      return hit === null ? null : { ip: addressText(s.version, hit) };
    }
    if (s.kind === 'host') {
      const ip = freeAddress();
      return ip ? { ip, ptr: s.partial ? `mail.${s.name}` : s.name } : null;
    }
    return null;
  }

  /** The demonstration of a full shadowing: a host of `m` landing on an entry before `i` ('refuted' when the walk disagrees). */
  function demoFor(m: HatMember, owner: number, i: number): Demo | null | 'refuted' {
    const s = m.sender;
    let conn: Connection | null = null;
    if (s.kind === 'ip') conn = { ip: addressText(s.version, s.lo) };
    else if (s.kind === 'host') {
      const ip = freeAddress();
      if (ip) conn = { ip, ptr: s.partial ? `mail.${s.name}` : s.name };
    }
    if (!conn) return null;
    const d = walk(conn);
    if (!d) return null;
    void owner;
    return d.certain && d.landed < i ? d : 'refuted';
  }

  /** A partly shadowed member, when the overlap lands on an entry with another treatment. */
  function partCover(m: HatMember, i: number): HatFinding | null {
    const s = m.sender;
    const differs = (o: number) => o < i && treatment[o] !== treatment[i];
    let conn: Connection | null = null;
    let owner = NO_ENTRY;
    if (s.kind === 'ip') {
      const idx = addressIndex(cover, s);
      if (idx.owners(s.lo, s.hi).min >= i) return null;
      const hit = idx.addressOwnedBefore(s.lo, s.hi, i, differs);
      if (!hit) return null;
      owner = hit.owner;
      conn = { ip: addressText(s.version, hit.at) };
    } else if (s.kind === 'host' && s.partial) {
      const o = cover.names.overlapsBelow(s.name);
      if (!differs(o)) return null;
      const below = entries[o]!.members.find(
        (x) => x.sender.kind === 'host' && x.sender.name.endsWith('.' + s.name) && x.sender.name !== s.name,
      );
      const ip = freeAddress();
      if (!below || below.sender.kind !== 'host' || !ip) return null;
      owner = o;
      conn = { ip, ptr: below.sender.partial ? `mail.${below.sender.name}` : below.sender.name };
    } else return null;
    const d = walk(conn);
    if (d && !(d.certain && d.landed < i)) return null;
    return {
      finding: finding('check-member-partly-shadowed', 'warning', {
        listener: L,
        entry: entries[i]!.name,
        member: m.text,
        by: entries[owner]!.name,
        ...hostOf(d),
      }),
      line: m.line + 1,
      col: 1,
    };
  }
}

/** The earlier final entries that together catch every host `m` can match, or null when some host of it gets past them. */
function fullCover(c: CoverIndex, m: HatMember, i: number): { owner: number; by: number[] } | null {
  const s = m.sender;
  if (s.kind === 'ip') {
    const idx = addressIndex(c, s);
    const { min, max } = idx.owners(s.lo, s.hi);
    if (max >= i) return null;
    return { owner: min, by: idx.ownersOf(s.lo, s.hi, 5) };
  }
  if (s.kind === 'host') {
    const o = c.names.coveredBy(s.name, s.partial);
    return o < i ? { owner: o, by: [o] } : null;
  }
  const o = c.opaque.get(opaqueKey(s.text));
  return o !== undefined && o < i ? { owner: o, by: [o] } : null;
}

export type { HatEntry };

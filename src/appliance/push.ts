/**
 * One appliance's push, step by step, journalled: the gates (identity, build, pending changes,
 * stale base, cluster level, witnessed token, route), the load, the commit, the verify by
 * meaning, and on a failed verify the revert to the export taken just before the load. A run
 * that finds in the journal that an earlier run may have loaded re-checks the appliance by
 * pulling and comparing before anything else: nothing is ever loaded twice.
 */
import { finding } from '../findings.js';
import { traceHat } from '../patch/trace.js';
import { compareExports, maskedCount, nonHatChanges, viewOrNull } from './compare.js';
import {
  lastLine,
  NOT_PENDING_RULE,
  PENDING_RULE,
  pushDialogueFor,
  savedFileName,
  versionOf,
  type DialogueCommand,
  type PushDialogue,
} from './push-dialogue.js';
import { commandText, type DialogueTable } from './dialogue.js';
import type { ApplianceResult, PushItem, Route, StepRecord } from './push-types.js';
import { stateOf } from './journal-state.js';
import { commandWord, hatFilesFor, keptAfterLoad, loadKept, staleFinding, stop, stopOf, transportOutcome } from './push-parts.js';

export { stateOf, type JournalState } from './journal-state.js';
import type { ApplianceSession } from './session.js';
import { policyTokens } from './tokens.js';

/** What a push needs besides the session: the journal, the kept exports, the dialogue. */
export interface PushEnv {
  /** The dialogue tables (built-in, or with the user's overrides); the push takes the one of the artefact's build. */
  tables?: Readonly<Record<string, DialogueTable>>;
  route: Route;
  /** Appends a record to the journal, durably, before returning. */
  record(r: StepRecord): void;
  /** Keeps an export on disk; returns where. */
  keep(appliance: string, kind: 'pre' | 'verify' | 'revert', text: string): string;
  /** Reads a kept export back (null when it is gone). */
  kept(where: string): string | null;
  /** The `loadconfig` passphrase, when one is asked. */
  secret?: string;
  timeoutMs?: number;
  /** Cap on a downloaded export. */
  maxExportBytes: number;
  /** Refuse an item whose token is not witnessed for its version (beyond the canary wave). */
  requireWitnessed: boolean;
  witnessed(version: string | null, token: string): boolean;
}

/** Runs the push of one appliance from wherever the journal says it stands. */
export async function pushOne(item: PushItem, s: ApplianceSession, env: PushEnv, prior: readonly StepRecord[]): Promise<ApplianceResult> {
  const name = item.name;
  const rec = (r: Omit<StepRecord, 'appliance'>) => env.record({ appliance: name, ...r });
  const state = stateOf(prior);
  if (state === 'verified') return { name, outcome: 'verified', loaded: true, resumed: true };
  if (state === 'reverted') return { name, outcome: 'reverted', loaded: true, resumed: true };
  let loaded = state !== 'fresh' && state !== 'failed';
  try {
    const ctx = new Context(item, s, env);
    if (state === 'needs-revert' || state === 'reverting') {
      const pre = loadKept(env, prior, item);
      // Re-checked before anything is sent, as every resumed step whose load may have happened.
      return await ctx.revert(pre, true, keptAfterLoad(env, prior));
    }
    if (state === 'may-be-loaded') {
      const pre = loadKept(env, prior, item);
      await ctx.clusterLevel();
      if (!(await ctx.nothingPending()))
        throw stop(
          finding('push-interrupted-load', 'error', { appliance: name, reason: 'uncommitted changes are pending' }),
          // A conflict the tool will not settle on its own (exit 3): whoever checks the appliance does.
          'refused',
        );
      const now = await ctx.pull();
      if (compareExports(item.planned, now).identical) {
        rec({ step: 'load-confirmed' });
        return await ctx.verify(now, pre);
      }
      if (!compareExports(pre, now).identical)
        throw stop(
          finding('push-interrupted-load', 'error', {
            appliance: name,
            reason: 'the appliance shows neither the patched nor the earlier export',
          }),
          'refused',
        );
      rec({ step: 'load-absent' });
      loaded = false;
    }
    if (item.clusterRole === 'member') return await ctx.member();
    const { pre, already } = await ctx.gates();
    // Already patched, or a plan that changes nothing (apply wrote the export as it was):
    // nothing is loaded; the export just pulled is the verify.
    if (already || compareExports(item.base, item.planned).identical) return await ctx.verify(pre, pre);
    loaded = true;
    await ctx.load(env.route, item.planned, item.hatFiles, 'load', pre);
    await ctx.commit(`esa-patch push ${item.artefactSha256}${item.changeId ? ` change ${item.changeId}` : ''}`);
    return await ctx.verify(await ctx.pull(), pre);
  } catch (e) {
    const halt = stopOf(e);
    if (!halt) throw e;
    rec({ step: halt.kind === 'refused' ? 'refused' : 'failed', finding: halt.finding, ...(halt.diff ? { diff: halt.diff } : {}) });
    return { name, outcome: halt.kind === 'refused' ? 'refused' : loaded ? 'interrupted' : 'failed', finding: halt.finding, loaded };
  }
}

const shortName = (sha: string) => sha.slice(0, 12);

/** The steps of one appliance, over its session. */
class Context {
  readonly d: PushDialogue;
  constructor(
    readonly item: PushItem,
    readonly s: ApplianceSession,
    readonly env: PushEnv,
  ) {
    // The gate makes sure the appliance runs the artefact's build: its family's table is the one.
    this.d = pushDialogueFor(item.expect.asyncos, env.tables);
  }

  private rec(r: Omit<StepRecord, 'appliance'>): void {
    this.env.record({ appliance: this.item.name, ...r });
  }

  /** Runs a command; a prompt not known, a time-out, a cut or an overflow stops (as `kind`). */
  async run(c: DialogueCommand, values: Record<string, string>, kind: 'refused' | 'failed' | 'interrupted' = 'refused') {
    // Values are checked as command-line words (a hostile listener name never adds a command).
    // Each SSH exec is a new CLI session: in a cluster, every command runs after clustermode.
    const level = this.item.target.cluster?.level;
    const command = `${level ? `${this.d.clustermode(level).command}; ` : ''}${commandText(c, values)}`;
    const r = await this.s.run(command, c.rules, {
      values,
      secret: this.env.secret,
      timeoutMs: this.env.timeoutMs,
      endPrompt: this.d.cliPrompt,
    });
    if (r.outcome === 'unknown-prompt')
      throw stop(
        finding('push-unknown-prompt', 'error', { appliance: this.item.name, command: c.command, prompt: lastLine(r.transcript) ?? '' }),
        kind,
      );
    // A lost or stuck connection is a failure (exit 1), not a refusal, even before a load.
    if (r.outcome === 'timeout' || r.outcome === 'cut' || r.outcome === 'too-long')
      throw stop(
        finding('push-connection', 'error', { appliance: this.item.name, command: c.command, outcome: r.outcome }),
        kind === 'refused' ? 'failed' : kind,
      );
    return r;
  }

  /** An scp copy; a transport error stops the appliance (`push-connection`). */
  async copy<T>(what: string, kind: 'refused' | 'failed' | 'interrupted', f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw stop(
        finding('push-connection', 'error', { appliance: this.item.name, command: `scp (${what})`, outcome: transportOutcome(e) }),
        kind,
      );
    }
  }

  async clusterLevel(): Promise<void> {
    const level = this.item.target.cluster?.level;
    if (!level) return;
    // `clustermode LEVEL; version`: the prompt before `version` shows the level reached.
    const r = await this.run(this.d.version, {});
    if (r.outcome !== 'done' || !this.d.atLevel(r.transcript, level))
      throw stop(
        finding('push-cluster-level', 'error', { appliance: this.item.name, level, answer: lastLine(r.transcript) ?? '' }),
        'refused',
      );
  }

  /** Whether no uncommitted changes are pending (loadconfig abandoned at its first question). */
  async nothingPending(): Promise<boolean> {
    const r = await this.run(this.d.pendingProbe, {});
    if (r.outcome === 'refused' && r.refusedBy === NOT_PENDING_RULE) return true;
    if (r.outcome === 'refused' && r.refusedBy === PENDING_RULE) return false;
    throw stop(
      finding('push-unknown-prompt', 'error', { appliance: this.item.name, command: 'loadconfig', prompt: lastLine(r.transcript) ?? '' }),
      'refused',
    );
  }

  /** saveconfig (passphrases encrypted) and the download of the file it names. */
  async pull(kind: 'refused' | 'failed' | 'interrupted' = 'refused'): Promise<string> {
    const r = await this.run(this.d.saveconfig, {}, kind);
    const file = r.outcome === 'done' ? savedFileName(r.transcript) : null;
    if (!file)
      throw stop(
        finding('push-unknown-prompt', 'error', { appliance: this.item.name, command: 'saveconfig', prompt: lastLine(r.transcript) ?? '' }),
        kind,
      );
    const bytes = await this.copy('download', kind, () => this.s.download(file, this.env.maxExportBytes));
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const masked = maskedCount(text);
    if (masked) throw stop(finding('push-masked-export', 'error', { appliance: this.item.name, count: masked }), kind);
    return text;
  }

  /** Every gate, in order; returns the export taken just before the load (kept on disk), or `already` when it holds the planned export. */
  async gates(): Promise<{ pre: string; already: boolean }> {
    const { item, env } = this;
    const a = item.name;
    await this.clusterLevel();
    const v = versionOf((await this.run(this.d.version, {})).transcript);
    if (v.serial !== item.expect.serial)
      throw stop(finding('push-other-serial', 'error', { appliance: a, expected: item.expect.serial, found: v.serial }), 'refused');
    if (v.version !== item.expect.asyncos)
      throw stop(finding('push-other-build', 'error', { appliance: a, expected: item.expect.asyncos, found: v.version }), 'refused');
    if (!(await this.nothingPending())) throw stop(finding('push-uncommitted-changes', 'error', { appliance: a }), 'refused');
    const now = await this.pull();
    const host = viewOrNull(now)?.identity.hostname ?? null;
    if (host !== item.expect.hostname)
      throw stop(finding('push-other-hostname', 'error', { appliance: a, expected: item.expect.hostname, found: host }), 'refused');
    const c = compareExports(item.base, now);
    if (!c.identical && compareExports(item.planned, now).identical) {
      // Already as the plan promised (an earlier rollout, or by hand): nothing to load, verify only.
      this.rec({ step: 'load-confirmed' });
      return { pre: now, already: true };
    }
    if (!c.identical) throw stop(staleFinding('push-stale-base', a, c), 'refused', c.listeners);
    if (env.requireWitnessed && item.token && !env.witnessed(v.version, item.token))
      throw stop(
        finding('tls-token-unwitnessed', 'error', { token: item.token, version: v.version, policy: item.policy ?? '' }),
        'refused',
      );
    if (env.route === 'hat') {
      const unsafe = item.hatFiles
        .filter((h) => !commandWord(h.listener))
        .map((h) => `listener name ${JSON.stringify(h.listener)} cannot go on a command line`);
      const missing = item.hatFiles.length === item.changed.length ? [] : [item.hatProblem ?? 'a changed listener has no HAT file'];
      const extra = [...missing, ...unsafe, ...nonHatChanges(item.base, item.planned)];
      if (extra.length) throw stop(finding('push-route-incomplete', 'error', { appliance: a, settings: extra.slice(0, 10) }), 'refused');
    }
    const kept = env.keep(a, 'pre', now);
    this.rec({ step: 'gates-passed', version: v.version, serial: v.serial, kept });
    return { pre: now, already: false };
  }

  /** Loads `text` (route config) or the HAT files (route hat); the result text must say it loaded. */
  async load(route: Route, text: string, hats: PushItem['hatFiles'], purpose: 'load' | 'revert', before: string): Promise<void> {
    const { item } = this;
    const tag = `${purpose === 'load' ? 'esa-patch' : 'esa-patch-revert'}-${shortName(item.artefactSha256)}`;
    // Nothing to send is never a load (the gates refuse such a plan before this).
    if (route === 'hat' && !hats.length)
      throw stop(finding('push-route-incomplete', 'error', { appliance: item.name, settings: ['no HAT file to import'] }), 'refused');
    this.rec({ step: purpose === 'load' ? 'load-started' : 'revert-started', route });
    const steps: { c: DialogueCommand; values: Record<string, string>; bytes: string; file: string }[] =
      route === 'config'
        ? [{ c: this.d.loadconfig, values: { file: `${tag}.xml` }, bytes: text, file: `${tag}.xml` }]
        : hats.map((h, k) => ({
            c: this.d.hostaccessImport,
            values: { file: `${tag}-${k + 1}.hat`, listener: h.listener },
            bytes: h.bytes,
            file: `${tag}-${k + 1}.hat`,
          }));
    let sent = 0;
    for (const st of steps) {
      await this.copy('upload', 'interrupted', () => this.s.upload(Buffer.from(st.bytes, 'latin1'), st.file));
      let r: Awaited<ReturnType<Context['run']>>;
      try {
        r = await this.run(st.c, st.values, 'interrupted');
      } catch (e) {
        const halt = stopOf(e);
        if (halt?.finding.code === 'push-unknown-prompt' && purpose === 'load' && !sent && (await this.unchanged(before))) {
          // The question was never answered and the appliance shows nothing loaded: a refusal.
          this.rec({ step: 'load-absent' });
          throw stop(halt.finding, 'refused');
        }
        throw e;
      }
      if (r.outcome === 'refused' && /uncommitted/.test(r.refusedBy ?? '')) {
        // The appliance asked to clear uncommitted changes: before the first step, someone
        // else's, and nothing was loaded; after it, this load's own first steps are pending.
        if (!sent) this.rec({ step: 'load-absent' });
        throw stop(finding('push-uncommitted-changes', 'error', { appliance: item.name }), sent ? 'interrupted' : 'refused');
      }
      if (r.outcome === 'refused' && !sent && purpose === 'load' && (await this.unchanged(before))) {
        // A question the tool does not answer (a passphrase nobody gave): nothing was loaded.
        this.rec({ step: 'load-absent' });
        throw stop(
          finding('push-load-failed', 'error', {
            appliance: item.name,
            command: st.c.command,
            result: `refused at ${r.refusedBy ?? '?'}`,
            line: lastLine(r.transcript),
          }),
          'refused',
        );
      }
      const res = this.d.loadResult(r.transcript, route);
      if (res.result !== 'loaded')
        throw stop(
          finding('push-load-failed', 'error', { appliance: item.name, command: st.c.command, result: res.result, line: res.line }),
          'failed',
        );
      this.rec({ step: purpose === 'load' ? 'loaded' : 'reverted', route, line: res.line });
      sent++;
    }
  }

  /** Nothing pending and the configuration as `before`: what an abandoned load must leave. */
  async unchanged(before: string): Promise<boolean> {
    try {
      return (await this.nothingPending()) && compareExports(before, await this.pull('interrupted')).identical;
    } catch (e) {
      if (stopOf(e)) return false;
      throw e;
    }
  }

  async commit(comment: string): Promise<void> {
    const r = await this.run(this.d.commit, { comment }, 'interrupted');
    const res = this.d.commitResult(r.transcript);
    if (res !== 'committed')
      throw stop(finding('push-commit-failed', 'error', { appliance: this.item.name, line: lastLine(r.transcript) }), 'interrupted');
    this.rec({ step: 'committed', line: lastLine(r.transcript) });
  }

  /** Compares the re-export `now` with the planned export, traces the hosts, witnesses the token; reverts on a difference. */
  async verify(now: string, pre: string): Promise<ApplianceResult> {
    const { item, env } = this;
    const after = env.keep(item.name, 'verify', now);
    const c = compareExports(item.planned, now);
    if (!c.identical) {
      const f = staleFinding('push-verify-failed', item.name, c);
      this.rec({ step: 'verify-failed', finding: f, diff: c.listeners, kept: after });
      const r = await this.revert(pre, false);
      return { ...r, finding: r.outcome === 'reverted' ? f : r.finding };
    }
    const view = viewOrNull(now)!;
    let landed = 0;
    let traced = 0;
    for (const l of item.changed) {
      const lv = view.listeners.find((x) => x.path === l.path);
      if (!lv?.hat) continue;
      for (const h of item.hosts) {
        traced++;
        if (traceHat(lv.hat.model, { ip: h.ip, ptr: h.host }, lv.defaults).match?.policy === item.policy) landed++;
      }
    }
    const tokens = item.policy
      ? [
          ...new Set(
            policyTokens(
              view,
              item.policy,
              item.changed.map((l) => l.path),
            ),
          ),
        ]
      : [];
    const token = tokens.length === 1 && tokens[0] === item.token ? item.token : null;
    this.rec({ step: 'verified', token, hostsLanded: landed, hostsTraced: traced });
    return { name: item.name, outcome: 'verified', loaded: true, token };
  }

  /** Loads back the export taken before the load, commits, and verifies it by meaning. */
  /** `after`: what the appliance showed after the load (the failed verify's export), when known. */
  async revert(pre: string, resumed: boolean, after: string | null = null): Promise<ApplianceResult> {
    const { item, env } = this;
    const name = item.name;
    const fail = (reason: string): ApplianceResult => {
      const f = finding('push-revert-failed', 'error', { appliance: name, reason });
      this.rec({ step: 'revert-failed', finding: f });
      return { name, outcome: 'revert-failed', finding: f, loaded: true };
    };
    try {
      if (resumed) {
        // An interrupted revert: re-check before sending anything.
        if (!(await this.nothingPending())) return fail('uncommitted changes are pending after an interrupted revert');
        const now = await this.pull('failed');
        if (compareExports(pre, now).identical) {
          this.rec({ step: 'revert-verified' });
          return { name, outcome: 'reverted', loaded: true, finding: finding('push-reverted', 'info', { appliance: name }) };
        }
        const asLoaded = compareExports(item.planned, now).identical || (after !== null && compareExports(after, now).identical);
        if (!asLoaded) return fail('the appliance shows neither the patched nor the earlier export');
      }
      const hats = env.route === 'hat' ? hatFilesFor(pre, item) : [];
      await this.load(env.route, pre, hats, 'revert', item.planned);
      await this.commit(`esa-patch revert ${item.artefactSha256}${item.changeId ? ` change ${item.changeId}` : ''}`);
      const now = await this.pull('failed');
      env.keep(name, 'revert', now);
      if (!compareExports(pre, now).identical)
        return fail('the export read back after the revert differs from the one taken before the load');
      this.rec({ step: 'revert-verified' });
      return { name, outcome: 'reverted', loaded: true, finding: finding('push-reverted', 'info', { appliance: name }) };
    } catch (e) {
      const halt = stopOf(e);
      if (!halt) throw e;
      return fail(halt.finding.code);
    }
  }

  /** A cluster machine after the cluster's load: identity and build, then verify only. */
  async member(): Promise<ApplianceResult> {
    const { item } = this;
    const a = item.name;
    await this.clusterLevel();
    const v = versionOf((await this.run(this.d.version, {})).transcript);
    if (v.serial !== item.expect.serial)
      throw stop(finding('push-other-serial', 'error', { appliance: a, expected: item.expect.serial, found: v.serial }), 'refused');
    const now = await this.pull();
    if (compareExports(item.planned, now).identical) {
      this.rec({ step: 'load-confirmed' });
      return this.verify(now, item.base);
    }
    throw stop(finding('push-cluster-not-loaded', 'error', { appliance: a, cluster: item.target.cluster?.name ?? '' }), 'failed');
  }
}

/**
 * `esa-patch revert` of one appliance: whatever an earlier push did (verified, interrupted
 * mid-load, verify failed), puts back the export taken just before its load, after checking
 * by pulling: already as before, nothing is sent; patched as planned, the earlier export is
 * loaded, committed and verified; anything else is refused.
 */
export async function revertOne(item: PushItem, s: ApplianceSession, env: PushEnv, prior: readonly StepRecord[]): Promise<ApplianceResult> {
  const name = item.name;
  const state = stateOf(prior);
  if (state === 'fresh' || state === 'failed') return { name, outcome: 'untouched', loaded: false };
  if (state === 'reverted') return { name, outcome: 'reverted', loaded: true, resumed: true };
  // Verified without a load of this rollout (already patched, or nothing to change): not its to undo.
  if (item.clusterRole !== 'member' && !prior.some((r) => r.step === 'load-started')) return { name, outcome: 'untouched', loaded: false };
  try {
    const pre = item.clusterRole === 'member' ? item.base : loadKept(env, prior, item);
    const ctx = new Context(item, s, env);
    await ctx.clusterLevel();
    return await ctx.revert(pre, true, keptAfterLoad(env, prior));
  } catch (e) {
    const halt = stopOf(e);
    if (!halt) throw e;
    env.record({ appliance: name, step: 'revert-failed', finding: halt.finding });
    return { name, outcome: 'revert-failed', finding: halt.finding, loaded: true };
  }
}

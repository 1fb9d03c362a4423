/**
 * `push` and `revert`: the artefacts and their targets, the rollout directory and its journal,
 * the sessions, the tokens file, and the rollout report (text on stdout, and report.txt,
 * report.json, report.html in the rollout directory after every run).
 */
import { resolve, join } from 'node:path';
import { Refused } from '../../findings.js';
import { pushDialogueFor } from '../../appliance/push-dialogue.js';
import type { PushItem, Route } from '../../appliance/push-types.js';
import { dryRunLines } from '../../appliance/dry-run.js';
import { assignClusterRoles, runRevert, runRollout, wavesOf, type RolloutDeps } from '../../appliance/rollout.js';
import { statusOf } from '../../appliance/status.js';
import { emptyTokens, formatTokens, recordTokens, tokensOf, type TokensFile } from '../../appliance/tokens.js';
import { readTokensFile } from '../appliance/tokens-file.js';
import { viewExport } from '../../patch/diff-exports.js';
import { formatRolloutText, renderRolloutHtml, type RolloutReport } from '../../report/rollout.js';
import { usageError, type Args } from '../args.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { outputOf } from '../output.js';
import { defaultRolloutDir, expandArtefacts, loadItem, readTargets, rolloutId } from '../appliance/push-items.js';
import { RolloutJournal, writeBytesDurably, type JournalLine } from '../appliance/rollout-journal.js';
import { openSsh } from '../appliance/open.js';
import { processTerminal, readPassphrase } from '../appliance/passphrase.js';
import { readDialogueTables } from './pull-run.js';

/** Largest export a push downloads. */
const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

/** Runs push (also `--dry-run`, `--status`) or revert. */
export async function runPush(verb: 'push' | 'revert', a: Args, io: CliIo): Promise<number> {
  const out = outputOf(io);
  const given = a.positionals('artefacts');
  if (!given.length) throw usageError(`name the artefacts: esa-patch ${verb} NAME.patch.json|DIR... --inventory FILE`, verb);
  const route = (a.string('via') ?? 'config') as Route;
  const canary = verb === 'push' ? (a.positiveInt('canary') ?? 1) : 1;
  const wave = verb === 'push' ? (a.positiveInt('wave') ?? 10) : 1;
  const timeoutMs = (a.positiveInt('timeout') ?? 120) * 1000;
  const dryRun = verb === 'push' && a.flag('dry-run');
  const status = verb === 'push' && a.flag('status');
  const inventory = a.string('inventory');
  if (!inventory && !dryRun && !status) a.fail(`name the targets: esa-patch ${verb} ... --inventory FILE`);
  const targets = inventory ? readTargets(resolve(io.cwd, inventory)) : null;
  const files = expandArtefacts(given, io.cwd);
  if (!files.length) throw usageError(`no *.patch.json artefact found in ${given.join(', ')}`, verb);
  const items = files.map((f) => loadItem(f, targets));
  // The rollout's order is the inventory's (the order its author reviewed), else the artefacts'.
  if (targets) {
    const at = new Map(targets.map((t, k) => [t.name, k]));
    items.sort((x, y) => (at.get(x.name) ?? 0) - (at.get(y.name) ?? 0));
  }
  const names = new Map<string, string>();
  for (const it of items) {
    const other = names.get(it.name);
    if (other) a.fail(`${other} and ${it.artefactFile} are both for appliance ${it.name}: push one artefact per appliance`);
    names.set(it.name, it.artefactFile);
  }
  assignClusterRoles(items);
  const id = rolloutId(items, route);
  const dirGiven = a.string('rollout-dir');
  const dir = dirGiven ? resolve(io.cwd, dirGiven) : defaultRolloutDir(items, id);
  const waves = wavesOf(items.length, { canary, wave });
  const waveOf = (k: number) => waves.findIndex((w) => w.includes(k));

  // The dialogue file is read (and refused, at FILE:line:col) before anything is sent.
  const tables = readDialogueTables(a.string('dialogue'), io.cwd);

  if (dryRun) {
    const lines = [`esa-patch push --dry-run: rollout ${id}, ${items.length} appliance(s), via ${route}; nothing is sent`];
    items.forEach((it, k) => {
      lines.push(`wave ${waveOf(k) + 1}: ${dryRunLines(it, route, pushDialogueFor(it.expect.asyncos, tables)).join('\n')}`);
    });
    out.out(`${lines.join('\n')}\n`);
    return EXIT.ok;
  }

  const reportOf = (
    records: readonly JournalLine[],
    command: RolloutReport['command'],
    stoppedAt: string | null,
    exitCode: number,
  ): RolloutReport => ({
    format: 'esa-patch/rollout@1',
    command,
    rollout: id,
    directory: dir,
    route,
    canary,
    wave,
    generatedAt: (io.now ?? (() => new Date()))().toISOString(),
    stoppedAt,
    exitCode,
    appliances: items.map((it, k) =>
      statusOf(
        it,
        waveOf(k),
        records.filter((r) => r.appliance === it.name),
      ),
    ),
  });

  if (status) {
    const records = RolloutJournal.read(dir);
    const report = reportOf(records, 'status', null, EXIT.ok);
    out.out(a.flag('json') ? `${JSON.stringify(report, null, 2)}\n` : formatRolloutText(report));
    return EXIT.ok;
  }

  const tokensPath = a.string('tokens') ? resolve(io.cwd, a.string('tokens')!) : null;
  let tokens: TokensFile = tokensPath ? readTokensFile(tokensPath) : emptyTokens();
  const sshConfig = a.string('ssh-config') ? resolve(io.cwd, a.string('ssh-config')!) : undefined;
  // The loadconfig passphrase: ESA_PATCH_PASSPHRASE, or typed on a terminal (never an argument).
  let secret: string | undefined;
  try {
    secret = await readPassphrase(io.env ?? {}, io.openSession ? null : processTerminal());
  } catch (e) {
    if (!(e instanceof Refused && e.finding.code === 'passphrase-unavailable')) throw e;
    // An appliance that asks for one refuses the load (nothing loaded) and says so.
  }
  const journal = RolloutJournal.open(dir);
  let report: RolloutReport;
  try {
    const deps: RolloutDeps = {
      open: (it: PushItem) => (io.openSession ? io.openSession(it.target) : openSsh(it.target, timeoutMs, sshConfig)),
      env: {
        tables,
        route,
        record: (r) => journal.append(r),
        keep: (name, kind, text) => journal.keep(name, kind, text),
        kept: (where) => journal.kept(where),
        ...(secret ? { secret } : {}),
        timeoutMs,
        maxExportBytes: MAX_EXPORT_BYTES,
      },
      prior: (name) => journal.of(name),
      tokens,
      onResult: (r) =>
        out.err(`esa-patch: ${r.name}: ${r.outcome}${r.finding && r.outcome !== 'verified' ? ` [${r.finding.code}]` : ''}\n`),
    };
    let code: number;
    let stoppedAt: string | null = null;
    if (verb === 'push') {
      const res = await runRollout(items, { canary, wave }, deps);
      stoppedAt = res.stoppedAt;
      tokens = res.tokens;
      const stop = res.results.find((r) => r.name === stoppedAt);
      code = !stop ? EXIT.ok : stop.outcome === 'refused' ? EXIT.refused : EXIT.error;
    } else {
      const res = await runRevert(items, deps);
      code = res.some((r) => r.outcome === 'revert-failed')
        ? EXIT.error
        : res.some((r) => r.outcome === 'refused')
          ? EXIT.refused
          : EXIT.ok;
    }
    report = reportOf(journal.records, verb, stoppedAt, code);
  } finally {
    journal.close();
  }
  if (tokensPath) {
    for (const it of items) {
      if (!it.expect.asyncos) continue;
      tokens = recordTokens(tokens, it.expect.asyncos, 'seen', [...tokensOf(viewExport(it.base)), ...tokensOf(viewExport(it.planned))]);
    }
    writeBytesDurably(tokensPath, Buffer.from(formatTokens(tokens), 'utf8'));
  }
  const text = formatRolloutText(report);
  writeBytesDurably(join(dir, 'report.txt'), Buffer.from(text, 'utf8'));
  writeBytesDurably(join(dir, 'report.json'), Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8'));
  writeBytesDurably(join(dir, 'report.html'), Buffer.from(renderRolloutHtml(report), 'utf8'));
  out.out(a.flag('json') ? `${JSON.stringify(report, null, 2)}\n` : text);
  return report.exitCode;
}

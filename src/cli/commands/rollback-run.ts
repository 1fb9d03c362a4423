/**
 * `esa-patch rollback`: undo a patch with its artefact, on the file apply wrote or a later
 * export of the same appliance (refused, exit 3, for another appliance's export).
 */
import type { CliIo } from '../io.js';
import type { Args } from '../args.js';
import { basename, resolve } from 'node:path';
import { sha256, type PatchArtefact } from '../../patch/artefact.js';
import { rollbackExport } from '../../patch/rollback.js';
import { readExport } from '../../patch/patch.js';
import { describeOperation } from '../../patch/operations.js';
import { unifiedDiff } from '../../patch/unified-diff.js';
import type { FileReport } from '../../report/model.js';
import { exitCodeOf } from '../exit-codes.js';
import { checkOutputPlan, commitOutputSet, readLatin1, refuseDirectory } from '../fs/index.js';
import { digestOf, encodingOf, recoveryFinding, withFile } from '../job.js';
import { listenerSections } from '../../patch/patch-export.js';
import { artefactRecipe, readArtefactFile } from '../artefact-file.js';
import { applyFailOn, cliFinding, printRun, readOutputSettings } from './common.js';
import { shownPath } from '../sums.js';
import { Refused, refused } from '../../findings.js';

const same = (a: string | null | undefined, b: string | null | undefined) => !a || !b || a.toLowerCase() === b.toLowerCase();

/** Runs `rollback` (declared in `./rollback.ts`). */
export async function runRollback(a: Args, io: CliIo): Promise<number> {
  const settings = readOutputSettings(a);
  const patched = a.positional('patched')!;
  const patchPath = a.string('patch')!;
  const planOnly = a.flag('plan');
  const output = a.outputFile('output', io.cwd);
  if (planOnly && output) a.fail('--plan writes nothing: drop -o, or drop --plan to write the restored export');
  if (!planOnly && !output) a.fail('say where to write the restored export: -o RESTORED.xml (or --plan to only show the reverse diff)');
  if (output && resolve(io.cwd, output) === resolve(io.cwd, patched)) {
    throw refused('output-is-input', { output, input: patched });
  }
  if (output) {
    // By identity (links, other names), before anything is read or written.
    refuseDirectory(output, '-o', io.cwd);
    checkOutputPlan({
      inputs: [patched, patchPath],
      outputs: [{ name: output, path: resolve(io.cwd, output), option: '-o' }],
      cwd: io.cwd,
    });
  }
  const text = readLatin1(resolve(io.cwd, patched));
  const artefact = readArtefactFile(patchPath, io.cwd);
  const report = rollbackReport(text, artefact, patched, a.flag('other-appliance'));
  if (report.outcome !== 'refused' && report.outcome !== 'error') {
    const result = rollbackExport(text, artefact);
    report.outcome = result.outcome;
    report.operations = result.operations;
    report.changes = result.operations.map(describeOperation);
    report.findings.push(...result.findings.map((f) => withFile(f, patched)));
    if (result.mode !== 'none') report.findings.unshift(cliFindingOfMode(result.mode, patched));
    report.diff = result.outcome === 'patched' ? unifiedDiff(text, result.edits, basename(patched), 3, report.sections) : '';
    if (!planOnly && (result.outcome === 'patched' || result.outcome === 'unchanged')) {
      try {
        const { recovered, kept } = commitOutputSet([{ path: resolve(io.cwd, output!), content: result.output }], {
          force: a.flag('force'),
        });
        if (kept.length) report.upToDate = true;
        for (const r of recovered) report.findings.push(withFile(recoveryFinding(r), patched));
        report.outputs = [{ kind: 'restored', path: resolve(io.cwd, output!), ...digestOf(result.output) }];
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
        report.outcome = 'error';
        report.findings.push(withFile(e.finding, patched));
      }
    }
  }
  delete report.sections;
  const code = exitCodeOf(report.outcome, planOnly);
  const failed = applyFailOn(code, [report], settings.failOn);
  const extra = report.outputs
    ? [
        `${report.upToDate ? 'already up to date:' : 'wrote'} ${shownPath(io.cwd, report.outputs[0]!.path)} (${report.outputs[0]!.bytes} bytes, sha256 ${report.outputs[0]!.sha256})`,
      ]
    : [];
  printRun(
    io,
    [report],
    planOnly ? 'rollback-plan' : 'rollback',
    settings,
    { command: 'rollback', exitCode: failed.code, recipe: artefactRecipe(artefact), generatedAt: (io.now ?? (() => new Date()))() },
    extra,
  );
  return failed.code;
}

function cliFindingOfMode(mode: 'exact' | 'meaning', file: string) {
  return cliFinding(mode === 'exact' ? 'rollback-exact' : 'rollback-meaning', 'info', {}, { file });
}

/**
 * The report of the file as its own appliance: the file apply wrote is the artefact's
 * appliance by its checksum; any other export is read, and refused when its hostname or
 * serial is another appliance's.
 */
function rollbackReport(
  text: string,
  artefact: PatchArtefact,
  file: string,
  otherAllowed: boolean,
): FileReport & { sections?: ReturnType<typeof listenerSections> } {
  const digest = { sha256: sha256(text), bytes: text.length };
  const report: FileReport & { sections?: ReturnType<typeof listenerSections> } = {
    file,
    outcome: 'unchanged',
    hostname: artefact.input.hostname,
    asyncos: artefact.input.asyncos,
    serial: artefact.input.serial ?? null,
    input: digest,
    listeners: [],
    operations: [],
    findings: [],
    diff: '',
  };
  if (digest.sha256 === artefact.output.sha256 || digest.sha256 === artefact.input.sha256) return report;
  const loaded = readExport(text);
  if (!loaded.export) return report; // rollbackExport reports it
  const exp = loaded.export;
  Object.assign(report, {
    hostname: exp.hostname,
    asyncos: exp.header.version,
    serial: exp.header.serial,
    encoding: encodingOf(exp),
    sections: listenerSections(exp),
  });
  const artefactSerial = artefact.input.serial ?? null;
  if (same(exp.hostname, artefact.input.hostname) && same(exp.header.serial, artefactSerial)) return report;
  const args = {
    hostname: exp.hostname,
    serial: exp.header.serial,
    artefactHostname: artefact.input.hostname,
    artefactSerial,
    allowed: otherAllowed,
  };
  report.findings.push(cliFinding('other-appliance', otherAllowed ? 'warning' : 'error', args, { file }));
  if (!otherAllowed) report.outcome = 'refused';
  return report;
}

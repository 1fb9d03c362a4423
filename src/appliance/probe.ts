/**
 * Whether someone else's uncommitted changes are pending on an appliance, asked without changing
 * anything. The only documented signal is `loadconfig`'s offer to clear them (docs: esa-live-loop.md
 * §3), so the probe starts `loadconfig` and abandons it at its first question: the offer means
 * changes are pending; any other known first question (the passphrase, the source) means none.
 * Nothing is answered, so nothing is loaded or cleared.
 */
import { finding, type Finding } from '../findings.js';
import { commandText, type DialogueTable } from './dialogue.js';
import { commandFinding, lastLine } from './pull.js';
import type { ApplianceSession, PromptRule } from './session.js';

/** The id under which the probe's rules stop at a question that means "nothing pending". */
const NOT_PENDING = 'probe.first-question';

/** The probe's answer: pending or not, or the finding that says why it could not tell. */
export type ProbeOutcome = { ok: true; pending: boolean; transcript: string } | { ok: false; finding: Finding };

/**
 * Runs the probe. `table.commands.loadconfig` supplies the questions: its
 * `loadconfig.clear-uncommitted` rule marks pending changes; every other rule of it, with its
 * answer taken away, marks a first question that is not that offer.
 */
export async function probeUncommitted(session: ApplianceSession, table: DialogueTable, timeoutMs?: number): Promise<ProbeOutcome> {
  const lc = table.commands.loadconfig;
  const clear = lc.rules.find((r) => r.id === 'loadconfig.clear-uncommitted');
  if (!clear)
    return {
      ok: false,
      finding: finding('appliance-unreadable', 'error', {
        target: session.target.name,
        command: 'loadconfig',
        what: 'uncommitted-changes question',
        last: '',
      }),
    };
  const rules: PromptRule[] = [
    { ...clear, answer: null },
    ...lc.rules.filter((r) => r !== clear).map((r) => ({ id: NOT_PENDING, prompt: r.prompt, answer: null })),
  ];
  const r = await session.run(commandText(lc), rules, { timeoutMs, endPrompt: table.cliPrompt });
  if (r.outcome === 'refused' && r.refusedBy === clear.id) return { ok: true, pending: true, transcript: r.transcript };
  if (r.outcome === 'refused' && r.refusedBy === NOT_PENDING) return { ok: true, pending: false, transcript: r.transcript };
  return {
    ok: false,
    finding:
      commandFinding(session.target.name, 'loadconfig', r) ??
      finding('appliance-unreadable', 'error', {
        target: session.target.name,
        command: 'loadconfig',
        what: 'first question',
        last: lastLine(r.transcript),
      }),
  };
}

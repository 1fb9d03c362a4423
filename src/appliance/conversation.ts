/**
 * One CLI command's conversation with an appliance, as a pure state machine: the transport feeds
 * it what the appliance printed and writes what it answers; it says when to stop. Every
 * `ApplianceSession` (the system `ssh` in src/cli/appliance, the emulator's in-process session in
 * the tests) runs its commands through it, so prompts are matched, bounded and transcribed one
 * way.
 */
import type { CommandResult, PromptRule } from './session.js';

/** What the transport must do after a chunk of output. */
export type Step =
  | { kind: 'answer'; ruleId: string; text: string }
  | { kind: 'stop'; outcome: 'done' | 'refused' | 'too-long' | 'unknown-prompt'; ruleId?: string };

/** Settings of one conversation. */
export interface ConversationOptions {
  values?: Record<string, string>;
  /** The passphrase for `{secret}`; never transcribed (every occurrence is shown as `*****`). */
  secret?: string;
  /** Output cap in bytes (default 4 MiB): beyond it the command stops with `too-long`. */
  maxBytes?: number;
  /** The appliance echoes what is typed (a terminal was requested): answers are not added to the transcript. */
  echoes?: boolean;
  /**
   * The CLI's own prompt (a regular expression over the last unfinished line): output that stops
   * at it means the command is over and the CLI waits for the next one (`done`).
   */
  endPrompt?: string;
}

/** How many times one prompt may be answered in one command before the tool gives up (the appliance did not take the answer). */
const MAX_SAME_ANSWER = 3;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** How much of the unanswered output prompt rules are matched against (its end). */
const PENDING_KEEP = 64 * 1024;
/** What the transcript shows instead of the passphrase. */
export const REDACTED = '*****';

const CONTROL = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text from an appliance made visible: `\r\n` becomes `\n`, every other control character (C0
 * but tab and line feed, DEL, C1, bidi controls, line and paragraph separators) a visible escape
 * (`\x1b`, `\u202e`). What a transcript or a terminal may show.
 */
export function visible(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, (ch) => {
    const c = ch.charCodeAt(0);
    return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

/** A value that would end an answer early and send a second one (a line end), or a control character. */
const NOT_ONE_LINE = /[\x00-\x1F\x7F]/;

/**
 * `{name}` placeholders of an answer, filled; throws on a placeholder with no value or a value that
 * is not one line of text (a caller's bug: a comment or file name must never type a second answer).
 */
function fill(answer: string, values: Record<string, string>, secret: string | undefined): string | null {
  let missingSecret = false;
  const text = answer.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    if (name === 'secret') {
      if (secret === undefined) missingSecret = true;
      else if (NOT_ONE_LINE.test(secret)) throw new Error('the passphrase holds a control character');
      return secret ?? '';
    }
    const v = values[name];
    if (v === undefined) throw new Error(`prompt answer needs {${name}} and no value was given`);
    if (NOT_ONE_LINE.test(v)) throw new Error(`{${name}} holds a line end or a control character`);
    return v;
  });
  return missingSecret ? null : text;
}

/** The output of one command, matched against its prompt rules as it arrives. */
export class Conversation {
  private readonly rules: readonly { rule: PromptRule; re: RegExp }[];
  private readonly opts: ConversationOptions;
  private readonly maxBytes: number;
  private readonly endRe: RegExp | null;
  /** Output not yet answered (line feeds kept, carriage returns dropped). */
  private pending = '';
  /** Everything, raw, with the tool's answers where it gave them; capped. */
  private raw = '';
  private bytes = 0;
  private readonly answered: string[] = [];
  private halt: Step | null = null;

  constructor(rules: readonly PromptRule[], opts: ConversationOptions = {}) {
    this.rules = rules.map((rule) => ({ rule, re: new RegExp(rule.prompt) }));
    this.opts = opts;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.endRe = opts.endPrompt ? new RegExp(opts.endPrompt) : null;
  }

  /** Takes a chunk of output (a latin1 string: one character per byte) and says what to do. */
  feed(chunk: string): Step[] {
    if (this.halt) return [];
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.raw += chunk.slice(0, Math.max(0, this.maxBytes - (this.bytes - chunk.length)));
      return [this.stop({ kind: 'stop', outcome: 'too-long' })];
    }
    this.raw += chunk;
    // Prompts are short: only the end of the unanswered output is matched, so that megabytes of it
    // never make every chunk rescan everything (or a user's pattern backtrack over all of it).
    this.pending = (this.pending + chunk.replace(/\r/g, '')).slice(-PENDING_KEEP);
    const steps: Step[] = [];
    for (;;) {
      const hit = this.match();
      if (!hit) break;
      const { rule, end } = hit;
      this.pending = this.pending.slice(end);
      if (rule.answer === null) return [...steps, this.stop({ kind: 'stop', outcome: 'refused', ruleId: rule.id })];
      if (this.answered.filter((id) => id === rule.id).length >= MAX_SAME_ANSWER)
        return [...steps, this.stop({ kind: 'stop', outcome: 'unknown-prompt', ruleId: rule.id })];
      const text = fill(rule.answer, this.opts.values ?? {}, this.opts.secret);
      if (text === null) return [...steps, this.stop({ kind: 'stop', outcome: 'refused', ruleId: rule.id })];
      this.answered.push(rule.id);
      if (!this.opts.echoes) this.raw += `${text}\n`;
      steps.push({ kind: 'answer', ruleId: rule.id, text: `${text}\n` });
    }
    if (this.endRe && !this.pending.endsWith('\n') && this.endRe.test(this.pending.slice(this.pending.lastIndexOf('\n') + 1)))
      return [...steps, this.stop({ kind: 'stop', outcome: 'done' })];
    return steps;
  }

  /** The first rule whose prompt matches the unanswered output, and where the match ends. */
  private match(): { rule: PromptRule; end: number } | null {
    let best: { rule: PromptRule; end: number; at: number } | null = null;
    for (const { rule, re } of this.rules) {
      const m = re.exec(this.pending);
      if (m && (best === null || m.index < best.at)) best = { rule, end: m.index + m[0].length, at: m.index };
    }
    return best;
  }

  /**
   * The output has been quiet for a while. When it stopped at an unfinished line that no rule
   * matched, the appliance is waiting for an answer the tool does not have: stop (`unknown-prompt`).
   * A quiet output after a complete line is a command still working: keep waiting.
   */
  idle(): Step | null {
    if (this.halt) return null;
    if (this.pending.length > 0 && !this.pending.endsWith('\n')) return this.stop({ kind: 'stop', outcome: 'unknown-prompt' });
    return null;
  }

  private stop(step: Step): Step {
    this.halt = step;
    return step;
  }

  /** Whether the tool has stopped the conversation (the transport ends the command). */
  get stopped(): boolean {
    return this.halt !== null;
  }

  /**
   * The command's result. `ended`: how the transport saw it end (`done`: the command finished,
   * `cut`: the connection ended first, `timeout`); a stop decided here wins.
   */
  result(ended: 'done' | 'cut' | 'timeout'): CommandResult {
    let transcript = this.raw;
    const secret = this.opts.secret;
    if (secret) transcript = transcript.split(secret).join(REDACTED);
    const stop = this.halt && this.halt.kind === 'stop' ? this.halt : null;
    return {
      // Appliances print UTF-8 (or ASCII): decoded, so that a bidi override shows as `\u202e`.
      transcript: visible(Buffer.from(transcript, 'latin1').toString('utf8')),
      answered: [...this.answered],
      outcome: stop ? stop.outcome : ended,
      ...(stop?.ruleId !== undefined ? { refusedBy: stop.ruleId } : {}),
    };
  }
}

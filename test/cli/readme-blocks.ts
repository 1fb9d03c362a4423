/**
 * The README's code blocks, read as a reader would run them (issue 18.9): every `sh` block line
 * is a command that runs as written (`esa-patch …` as after `npm install -g .`, `npx esa-patch …`
 * as after `npm install`), and every transcript block (lines starting `$ `) prints exactly what it
 * shows. Shared by test/cli/readme.test.ts and `npm run readme` (scripts/readme.ts), which
 * rewrites the transcripts from real runs.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../../src/cli/io.js';

/** One fenced block of the README. */
export interface Block {
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  body: string;
  /** Offsets of the body in the README text. */
  start: number;
  end: number;
  /** Set by `<!-- readme: not run (REASON) -->` on the line before the fence. */
  notRun: string | null;
}

/** The fenced blocks of `readme`, in order. */
export function blocksOf(readme: string): Block[] {
  const out: Block[] = [];
  for (const m of readme.matchAll(/^```([a-z]*)\n([\s\S]*?)^```$/gm)) {
    const before = readme.slice(0, m.index).replace(/\n+$/, '');
    const prev = before.slice(before.lastIndexOf('\n') + 1);
    const not = /^<!-- readme: not run \((.+)\) -->$/.exec(prev);
    const start = m.index! + m[0].indexOf('\n') + 1;
    out.push({
      lang: m[1]!,
      line: readme.slice(0, m.index).split('\n').length,
      body: m[2]!,
      start,
      end: start + m[2]!.length,
      notRun: not ? not[1]! : null,
    });
  }
  return out;
}

/** Splits a shell line into words (single and double quotes, no expansion); a `#` word ends it. */
export function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    if (m[3]?.startsWith('#')) break;
    out.push(m[1] ?? m[2] ?? m[3]!);
  }
  return out;
}

/** Commands of `sh` blocks that are not esa-patch's: documented set-up steps, not run by the test. */
export const SETUP = /^(npm (install|ci|link|pack)\b|cd |eval "\$\(esa-patch completion|sha256sum -c |export [A-Z_]+=|man \.\/man\/)/;

/** The esa-patch arguments of a command line (`esa-patch ARGS` or `npx esa-patch ARGS`), or null. */
export function esaPatchArgs(line: string): string[] | null {
  const w = words(line);
  if (w[0] === 'esa-patch') return w.slice(1);
  if (w[0] === 'npx' && w[1] === 'esa-patch') return w.slice(2);
  return null;
}

/** A scratch copy of what the README's commands read: samples/ (and recipes/ for `--recipe recipes/…`). */
export function scratch(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'esa-patch-readme-'));
  for (const d of ['samples', 'recipes']) cpSync(join(root, d), join(dir, d), { recursive: true });
  return dir;
}

/** Columns of the terminal the transcripts are shown on. */
export const TRANSCRIPT_COLUMNS = 100;

/** Runs `esa-patch ARGS` as a transcript shows it: stdout then stderr, at {@link TRANSCRIPT_COLUMNS} columns. */
export async function run(args: readonly string[], cwd: string): Promise<{ code: number; text: string }> {
  const io = recordingIo(cwd, {
    now: () => new Date('2026-12-01T04:00:00Z'),
    columns: TRANSCRIPT_COLUMNS,
    env: {},
  });
  const code = await main(args, io);
  const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
  return { code, text: utf8(io.stdout) + utf8(io.stderr) };
}

/** One command of a transcript block and what the block shows it printing. */
export interface TranscriptStep {
  command: string;
  shown: string;
}

/** The `$ ` commands of a transcript block, each with the lines shown after it. */
export function transcriptSteps(body: string): TranscriptStep[] {
  const steps: TranscriptStep[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), shown: '' });
    else if (steps.length) steps[steps.length - 1]!.shown += `${line}\n`;
  }
  for (const s of steps) s.shown = s.shown.replace(/\n+$/, '\n').replace(/^\n$/, '');
  return steps;
}

/**
 * Runs a transcript block's commands in `cwd` and returns the block as it should read: each
 * `$ esa-patch …` followed by what it prints, `$ echo $?` by the exit code before it.
 */
export async function rerunTranscript(body: string, cwd: string): Promise<string> {
  let text = '';
  let last = 0;
  for (const step of transcriptSteps(body)) {
    text += `$ ${step.command}\n`;
    if (step.command === 'echo $?') {
      text += `${last}\n`;
      continue;
    }
    const args = esaPatchArgs(step.command);
    if (!args) throw new Error(`a transcript runs esa-patch or "echo $?" only: ${step.command}`);
    const r = await run(args, cwd);
    last = r.code;
    text += r.text.replace(/[ \t]+$/gm, '');
  }
  return text;
}

/** Is `block` a transcript (its first non-blank line is a `$ ` command)? */
export function isTranscript(block: Block): boolean {
  return block.lang === '' && /^\$ /.test(block.body.trimStart());
}

/** The README text with every transcript block rerun (what `npm run readme` writes). */
export async function refreshedReadme(root: string): Promise<string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  let out = '';
  let at = 0;
  const dir = scratch(root);
  try {
    for (const b of blocksOf(readme)) {
      if (!isTranscript(b) || b.notRun) continue;
      out += readme.slice(at, b.start) + (await rerunTranscript(b.body, dir));
      at = b.end;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out + readme.slice(at);
}

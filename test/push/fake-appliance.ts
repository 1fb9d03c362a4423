/**
 * A small emulated appliance for the push tests, its state on disk (one JSON file, replaced
 * atomically per command) so that it outlives a tool killed mid-rollout, as a real appliance
 * would. It imitates the documented dialogue (version, saveconfig, loadconfig, commit,
 * clustermode, hostaccess import) and misbehaves on demand. The full emulator, over real SSH,
 * is test/appliance/ (h6); this one exists so that push is tested against an appliance whose
 * state survives SIGKILL of the tool.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExport } from '../../src/esa/export.js';
import type { ApplianceSession, ApplianceTarget, CommandResult, PromptRule } from '../../src/appliance/session.js';

/** What the fake can be asked to do wrong. */
export interface Misbehaviour {
  /** The re-export spells `tls = required` as this token (a failed verify). */
  respellTls?: string;
  /** loadconfig answers `Parsing failed`. */
  parsingFailed?: boolean;
  /** loadconfig asks an unknown question. */
  unknownPrompt?: boolean;
  /** saveconfig writes masked passphrases whatever the answer. */
  masked?: boolean;
  /** The connection drops during loadconfig, after the values are loaded. */
  cutAfterLoad?: boolean;
}

/** The appliance's state. */
export interface FakeState {
  version: string;
  serial: string;
  model: string;
  committed: string;
  pending: string | null;
  files: Record<string, string>;
  loads: number;
  commits: number;
  saves: number;
  log: string[];
  misbehave: Misbehaviour;
}

export function stateFile(dir: string): string {
  return join(dir, 'state.json');
}

export function readState(dir: string): FakeState {
  return JSON.parse(readFileSync(stateFile(dir), 'latin1')) as FakeState;
}

export function writeState(dir: string, s: FakeState): void {
  mkdirSync(dir, { recursive: true });
  const tmp = `${stateFile(dir)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(s), 'latin1');
  renameSync(tmp, stateFile(dir));
}

/** A new fake appliance holding `exportText` (its version and serial from the export's header). */
export function createFake(dir: string, exportText: string, misbehave: Misbehaviour = {}): FakeState {
  const h = readExport(exportText).export!.header;
  const s: FakeState = {
    version: h.version!,
    serial: h.serial!,
    model: h.model ?? 'C395',
    committed: exportText,
    pending: null,
    files: {},
    loads: 0,
    commits: 0,
    saves: 0,
    log: [],
    misbehave,
  };
  writeState(dir, s);
  return s;
}

/** Replaces the HAT of listener `listener` in `text` with `hat` (escaped). */
function replaceHat(text: string, listener: string, hat: string): string {
  const exp = readExport(text).export!;
  const l = exp.listeners.find((x) => x.name === listener);
  if (!l?.hat) throw new Error(`no listener ${listener}`);
  const from = l.hat.offsets[0]!;
  const to = l.hat.offsets[l.hat.text.length]!;
  const esc = hat.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text.slice(0, from) + esc + text.slice(to);
}

type Ask = (prompt: string) => string | null;

class Refused extends Error {
  constructor(readonly by: string) {
    super(by);
  }
}
class Unknown extends Error {}
class Cut extends Error {}

/** A session with the fake in `dir`; every command reads the state and writes it back whole. */
export function fakeSession(target: ApplianceTarget, dir: string): ApplianceSession {
  return {
    target,
    async run(command: string, rules: readonly PromptRule[], options = {}): Promise<CommandResult> {
      const s = readState(dir);
      s.log.push(command);
      let out = '';
      const answered: string[] = [];
      const ask: Ask = (prompt) => {
        out += prompt;
        const rule = rules.find((r) => new RegExp(r.prompt).test(prompt));
        if (!rule) throw new Unknown();
        if (rule.answer === null) throw new Refused(rule.id);
        answered.push(rule.id);
        const values = { ...(options.values ?? {}), secret: options.secret ?? '' };
        const a = rule.answer.replace(/\{(\w+)\}/g, (m, k: string) => (values as Record<string, string>)[k] ?? m);
        out += `${rule.id.includes('passphrase') ? '****' : a}\n`;
        return a;
      };
      const print = (t: string) => {
        out += t;
      };
      try {
        runCommand(s, command, ask, print);
        writeState(dir, s);
        return { transcript: out, answered, outcome: 'done' };
      } catch (e) {
        if (e instanceof Refused) return { transcript: out, answered, outcome: 'refused', refusedBy: e.by };
        if (e instanceof Unknown) return { transcript: out, answered, outcome: 'unknown-prompt' };
        if (e instanceof Cut) {
          writeState(dir, s);
          return { transcript: out, answered, outcome: 'cut' };
        }
        throw e;
      }
    },
    async upload(bytes: Uint8Array, name: string) {
      const s = readState(dir);
      s.files[name] = Buffer.from(bytes).toString('latin1');
      s.log.push(`upload ${name}`);
      writeState(dir, s);
    },
    async download(name: string, max: number) {
      const s = readState(dir);
      const t = s.files[name];
      if (t === undefined) throw new Error(`no such file ${name}`);
      if (t.length > max) throw new Error('too large');
      return Buffer.from(t, 'latin1');
    },
    async close() {},
  };
}

function runCommand(s: FakeState, command: string, ask: Ask, print: (t: string) => void): void {
  const words = command.split(/\s+/);
  switch (words[0]) {
    case 'version':
      print(
        `Current Version\n===============\nProduct: Cisco ${s.model} Email Security Appliance\nModel: ${s.model}\nVersion: ${s.version}\nSerial #: ${s.serial}\n`,
      );
      return;
    case 'clustermode':
      print(`\n(${words[1] === 'cluster' ? 'Cluster c1' : `Machine ${words[2] ?? ''}`})> `);
      return;
    case 'commit': {
      if (s.pending === null) {
        print('There are no changes to commit.\n');
        return;
      }
      const comment = ask('Please enter some comments describing your changes:\n[]> ');
      s.log.push(`commit-comment ${comment}`);
      s.committed = s.pending;
      s.pending = null;
      s.commits++;
      print('Changes committed: Tue Dec 08 03:00:00 2026\n');
      return;
    }
    case 'saveconfig': {
      const a = ask(
        'Choose the passphrase option:\n1. Mask passphrases (Files with masked passphrases cannot be loaded using loadconfig command)\n2. Encrypt passphrases\n[1]> ',
      );
      s.saves++;
      const name = `${s.model}-${s.serial}-${s.saves}.xml`;
      let text = s.committed.replace(/Current Time: [^\n]*/, `Current Time: save ${s.saves}`);
      if (s.misbehave.respellTls) text = text.replace(/tls\s*=\s*"?required"?/gi, `tls = ${s.misbehave.respellTls}`);
      if (a === '1' || s.misbehave.masked) text = text.replace('</config>', '  <admin_password>*****</admin_password>\n</config>');
      s.files[name] = text;
      print(`The file ${name} has been saved in the configuration directory.\n`);
      return;
    }
    case 'loadconfig': {
      if (s.pending !== null) ask('There are uncommitted changes. Do you want to clear all uncommitted changes? [N]> ');
      if (s.misbehave.unknownPrompt) ask('Are you sure you want to proceed with the frobnication? [Y]> ');
      ask('Load from:\n1. Paste via CLI\n2. Load from file in configuration directory\n[1]> ');
      const file = ask('Enter the name of the file to import:\n[]> ') ?? '';
      const text = s.files[file];
      if (text === undefined || s.misbehave.parsingFailed) {
        print('Parsing failed: line 3: junk\n');
        return;
      }
      s.pending = text;
      s.loads++;
      if (s.misbehave.cutAfterLoad) throw new Cut();
      print('Values have been loaded.\nBe sure to run "commit" to make these changes active.\n');
      return;
    }
    case 'listenerconfig': {
      // listenerconfig edit NAME hostaccess import FILE (adds to the changes pending)
      const [, , listener, , , file] = words;
      const hat = s.files[file ?? ''];
      if (hat === undefined) {
        print('Import failed: no such file\n');
        return;
      }
      s.pending = replaceHat(s.pending ?? s.committed, listener!, hat);
      s.loads++;
      print('Host Access Table imported.\n');
      return;
    }
    default:
      print(`Unknown command: ${words[0]}\n`);
  }
}

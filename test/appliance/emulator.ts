/**
 * An emulated AsyncOS appliance (tests, not product): its state (a real export held in memory,
 * /configuration, uncommitted changes, the cluster level, commits) and its CLI commands, which
 * print the dialogue Cisco's CLI guide documents (esa-live-loop.md) and change the export the way
 * the appliance would. Nobody has checked it against a real appliance: it imitates the docs.
 *
 * The CLI talks through `CliStream` (lines in, text out), so the same commands run behind the SSH
 * server (server.ts) and the in-process session (local-session.ts). Misbehaviour on demand:
 * `Misbehaviour`.
 */
import { readExport } from '../../src/esa/export.js';

/** What the CLI reads and writes. `readLine` resolves null when the input has ended. */
export interface CliStream {
  /** Writes output; false when the other side has gone (nothing written). */
  write(text: string): boolean;
  /** Resolves when the output may take more (back-pressure); absent: always. */
  ready?(): Promise<void>;
  readLine(): Promise<string | null>;
  /** The connection drops (an SSH server closes the TCP connection). */
  drop(): void;
  /** A terminal was requested: typed answers are echoed. */
  tty: boolean;
}

/** Faults the emulated appliance commits when asked. */
export interface Misbehaviour {
  /** `loadconfig` answers `Parsing failed` with this reason. */
  parsingFailed?: string;
  /** The connection drops in the middle of a `loadconfig` (after the file name was given). */
  dropMidLoad?: boolean;
  /** Milliseconds before every prompt and result. */
  slowMs?: number;
  /** `loadconfig` asks a question no documented dialogue has. */
  unknownPrompt?: boolean;
  /** Prompts carry terminal control sequences (clear screen, window title, OSC 52, bidi override). */
  controlChars?: boolean;
  /** `version` prints this many bytes of output first. */
  hugeOutput?: number;
  /** Commands (first word) that never answer: no output, never end. */
  neverAnswer?: string[];
  /** Re-exports spell this TLS token of the HAT differently (`required` → `REQUIRED`). */
  respellTls?: { from: string; to: string };
  /** `loadconfig` says it was given no data. */
  noData?: boolean;
  /** After the commands, the CLI prints its prompt and waits for more (the exec session stays open). */
  trailingPrompt?: boolean;
}

/** One commit the appliance recorded. */
export interface Commit {
  comment: string;
  config: string;
}

const SECRET_NAME = /pass|secret|phrase|psk|key|community|credential|token/i;
/** As bytes (one character each): the bidi override is its UTF-8 encoding. */
const CONTROL = '\x1b[2J\x1b]0;owned\x07\x1b]52;c;ZWNobyBvd25lZA==\x07\xe2\x80\xae';
/** What `loadconfig` prints when the file was saved by another build (the docs give no exact text). */
export const OTHER_VERSION_TEXT = 'Error: The configuration file was saved by a different version of AsyncOS';

function header(text: string, field: string): string | null {
  const m = new RegExp(`^\\s*${field}:\\s*(.*?)\\s*$`, 'm').exec(text.slice(0, text.indexOf('-->') + 1 || 4000));
  return m ? m[1]! : null;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, '&');

const withoutTime = (s: string) => s.replace(/^\s*Current Time:.*$/m, '');

/** Where a listener's `<hat>` text is in an export: [start, end) of the text between the tags. */
function hatRange(config: string, listener: string): [number, number] | null {
  const re = /<listener>([\s\S]*?)<\/listener>/g;
  for (let m = re.exec(config); m; m = re.exec(config)) {
    const body = m[1]!;
    const name = /<listener_name>([^<]*)<\/listener_name>/.exec(body);
    if (!name || unescapeXml(name[1]!) !== listener) continue;
    const open = body.indexOf('<hat>');
    const close = body.indexOf('</hat>');
    if (open < 0 || close < open) return null;
    const base = m.index + '<listener>'.length;
    return [base + open + '<hat>'.length, base + close];
  }
  return null;
}

/** The emulated appliance. Tests change its fields between calls to stage what they need. */
export class EmulatedAppliance {
  build: string;
  model: string;
  serial: string;
  hostname: string;
  /** The running configuration (what a commit made effective), as the export writes it. */
  committed: string;
  /** The configuration being edited (loadconfig, hostaccess import, `pendingChange()`), until commit or clear. */
  candidate: string;
  /** /configuration: file name → bytes (latin1 string). */
  readonly files = new Map<string, string>();
  readonly commits: Commit[] = [];
  /** Every command line the appliance was sent, in order. */
  readonly log: string[] = [];
  cluster: { name: string; groups: string[]; machines: string[] } | null = null;
  /** The level every new CLI session starts at (`machine HOSTNAME` on a cluster member). */
  loginMode = '';
  misbehave: Misbehaviour = {};
  private clock = Date.UTC(2026, 0, 2, 3, 4, 5);

  /** An appliance running `config` (an export: its header gives build, model, serial; `<hostname>` the hostname). */
  constructor(config: string, opts: { build?: string; serial?: string; model?: string; hostname?: string } = {}) {
    this.build = opts.build ?? header(config, 'Version') ?? '14.2.0-620';
    this.model = opts.model ?? header(config, 'Model Number') ?? 'C300V';
    this.serial = opts.serial ?? header(config, 'Serial Number') ?? '0000000000-TEST';
    this.hostname = opts.hostname ?? /<hostname>([^<]*)<\/hostname>/.exec(config)?.[1] ?? 'esa.example.com';
    this.committed = config;
    this.candidate = config;
  }

  /** Uncommitted changes are pending. */
  get pending(): boolean {
    return this.candidate !== this.committed;
  }

  /** Someone else edits without committing (a uncommitted change pending). */
  pendingChange(): void {
    this.candidate = this.candidate.replace('</config>', '<!-- edited by a colleague -->\n</config>');
  }

  /** Someone else changes the configuration and commits (the appliance moved on since a pull). */
  colleagueCommit(): void {
    const r = hatRange(this.committed, this.listeners()[0] ?? '');
    const changed = r
      ? `${this.committed.slice(0, r[1])}\n# added by a colleague\nCOLLEAGUE:\n    192.0.2.99\n    $BLOCKED\n${this.committed.slice(r[1])}`
      : this.committed.replace(/<hostname>[^<]*<\/hostname>/, '<hostname>changed.example.com</hostname>');
    this.committed = changed;
    this.candidate = changed;
    this.commits.push({ comment: 'colleague', config: changed });
  }

  /** The names of the export's listeners. */
  listeners(): string[] {
    return [...this.committed.matchAll(/<listener_name>([^<]*)<\/listener_name>/g)].map((m) => unescapeXml(m[1]!));
  }

  /** The decoded `<hat>` text of a listener of the running configuration, or null. */
  hatOf(listener: string, config = this.committed): string | null {
    const r = hatRange(config, listener);
    return r ? unescapeXml(config.slice(r[0], r[1])) : null;
  }

  /** The export `saveconfig` writes now: the configuration being edited, with this appliance's header. */
  exportText(mask: boolean): string {
    const time = new Date(this.clock).toUTCString();
    let text = this.candidate
      .replace(/^(\s*Version:\s*).*$/m, `$1${this.build}`)
      .replace(/^(\s*Serial Number:\s*).*$/m, `$1${this.serial}`)
      .replace(/^(\s*Model Number:\s*).*$/m, `$1${this.model}`)
      .replace(/^(\s*Current Time:\s*).*$/m, `$1${time}`);
    const tls = this.misbehave.respellTls;
    if (tls) {
      text = text.replace(/<hat>([\s\S]*?)<\/hat>/g, (whole, hat: string) =>
        whole.replace(hat, hat.split(`tls = "${tls.from}"`).join(`tls = "${tls.to}"`)),
      );
    }
    if (mask)
      text = text.replace(/<([A-Za-z_][\w.-]*)>([^<]+)<\/\1>/g, (whole, name: string, value: string) =>
        SECRET_NAME.test(name) && !/^\*+$/.test(value) ? `<${name}>*****</${name}>` : whole,
      );
    return text;
  }

  private stamp(): string {
    this.clock += 1000;
    return new Date(this.clock)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, '');
  }

  private prompt(mode: string): string {
    return mode ? `(${mode})> ` : `${this.hostname}> `;
  }

  /**
   * Runs one exec request: `;`-separated commands, as AsyncOS takes them on an SSH command line.
   * On a cluster member each command is preceded by the CLI prompt that shows the level.
   */
  async exec(line: string, io: CliStream): Promise<void> {
    let mode = this.cluster ? this.loginMode || `Machine ${this.hostname}` : '';
    const commands = line
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean);
    for (const command of commands) {
      this.log.push(command);
      if (this.cluster) io.write(`${this.prompt(mode)}${command}\n`);
      const next = await this.command(command, io, mode);
      if (next === null) return;
      mode = next;
    }
    if (this.misbehave.trailingPrompt) {
      io.write(this.prompt(mode));
      while ((await io.readLine()) !== null);
    }
  }

  private async say(io: CliStream, text: string): Promise<void> {
    if (this.misbehave.slowMs) await new Promise((r) => setTimeout(r, this.misbehave.slowMs));
    io.write(this.misbehave.controlChars ? text.replace(/\]> $/, `]>${CONTROL} `) : text);
  }

  /** Reads one typed answer (echoed on a terminal). Null: the input ended. */
  private async ask(io: CliStream, text: string): Promise<string | null> {
    await this.say(io, text);
    const answer = await io.readLine();
    if (answer !== null && io.tty) io.write(`${answer}\r\n`);
    return answer === null ? null : answer.trim();
  }

  /** One command; returns the level after it, or null when the session must end (input ended, dropped). */
  private async command(command: string, io: CliStream, mode: string): Promise<string | null> {
    const [verb = '', ...args] = command.split(/\s+/);
    if (this.misbehave.neverAnswer?.includes(verb)) return new Promise<null>(() => {});
    switch (verb) {
      case 'version':
        return this.version(io).then(() => mode);
      case 'saveconfig':
        return this.saveconfig(io, args).then((ok) => (ok ? mode : null));
      case 'loadconfig':
        return this.loadconfig(io).then((ok) => (ok ? mode : null));
      case 'commit':
        return this.commit(io).then((ok) => (ok ? mode : null));
      case 'clear':
        this.candidate = this.committed;
        await this.say(io, 'Changes cleared.\n');
        return mode;
      case 'clustermode':
        return this.clustermode(io, args, mode);
      case 'listenerconfig':
        return this.listenerconfig(io, args).then(() => mode);
      case 'rmconfig':
        // Invented: no documented command removes a file from /configuration. It lets the tests
        // see a removeFile command of a dialogue file succeed.
        await this.say(io, this.files.delete(args[0] ?? '') ? 'File removed.\n' : 'Error: no such file.\n');
        return mode;
      default:
        await this.say(io, `Unknown command or missing feature key: ${verb}\n`);
        return mode;
    }
  }

  private async version(io: CliStream): Promise<void> {
    const huge = this.misbehave.hugeOutput;
    if (huge) {
      const block = `${'x'.repeat(1023)}\n`.repeat(64);
      for (let n = 0; n < huge; n += block.length) {
        if (!io.write(block)) return;
        await io.ready?.();
      }
    }
    await this.say(
      io,
      [
        'Current Version',
        '===============',
        `Product: Cisco ${this.model} Email Security Appliance`,
        `Model: ${this.model}`,
        `Version: ${this.build}`,
        'Build Date: 2025-09-01',
        'Install Date: 2025-10-01 10:00:00',
        `Serial #: ${this.serial}`,
        `Hostname: ${this.hostname}`,
        'BIOS: C300V',
        'RAID: NA',
        '',
      ].join('\n'),
    );
  }

  private async saveconfig(io: CliStream, args: string[]): Promise<boolean> {
    let choice = args[0];
    if (choice === undefined) {
      const a = await this.ask(
        io,
        'Choose the passphrase option:\n1. Mask passphrases (Files with masked passphrases cannot be loaded using loadconfig command)\n2. Encrypt passphrases\n[1]> ',
      );
      if (a === null) return false;
      choice = a === '' ? '1' : a;
    }
    if (choice !== '1' && choice !== '2') {
      await this.say(io, 'Error: Invalid option.\n');
      return true;
    }
    const name = `${this.model}-${this.serial}-${this.stamp()}.xml`;
    this.files.set(name, this.exportText(choice === '1'));
    await this.say(io, `File written on machine "${this.hostname}" to the location\n"/configuration/${name}".\nConfiguration saved.\n`);
    return true;
  }

  private async loadconfig(io: CliStream): Promise<boolean> {
    if (this.pending) {
      const a = await this.ask(io, 'There are currently uncommitted changes. Do you want to clear them first? [N]> ');
      if (a === null) return false;
      if (/^y(es)?$/i.test(a)) this.candidate = this.committed;
    }
    if (this.misbehave.unknownPrompt) {
      const a = await this.ask(io, 'Warning: this will reset the network settings. Are you sure you want to continue? [N]> ');
      if (a === null) return false;
    }
    const pass = await this.ask(io, 'Enter your Passphrase to make changes:\n');
    if (pass === null) return false;
    if (pass !== PASSPHRASE) {
      await this.say(io, 'Error: Incorrect passphrase.\n');
      return true;
    }
    const src = await this.ask(io, 'Choose the method to load the configuration:\n1. Paste via CLI\n2. Load from file\n[1]> ');
    if (src === null) return false;
    if (src !== '2') {
      await this.say(io, 'Paste the configuration file now.\nPress CTRL-D on a blank line when done.\n');
      await this.say(io, 'No data to load.\n');
      return true;
    }
    const file = await this.ask(io, 'Enter the name of the file to import:\n[]> ');
    if (file === null) return false;
    if (this.misbehave.dropMidLoad) {
      io.write('Loading configuration...\n');
      io.drop();
      return false;
    }
    const text = this.files.get(file);
    if (text === undefined) {
      await this.say(io, `Error: File "${file}" does not exist.\n`);
      return true;
    }
    if (this.misbehave.noData || text.trim() === '') {
      await this.say(io, 'No data to load.\n');
      return true;
    }
    if (this.misbehave.parsingFailed) {
      await this.say(io, `Parsing failed: ${this.misbehave.parsingFailed}\n`);
      return true;
    }
    const read = readExport(text);
    if (!read.export) {
      await this.say(io, `Parsing failed: line ${read.finding.line ?? 0}: ${read.finding.code}\n`);
      return true;
    }
    if (read.export.header.version !== this.build) {
      await this.say(io, `${OTHER_VERSION_TEXT} (${read.export.header.version ?? 'unknown'}); this appliance runs ${this.build}.\n`);
      return true;
    }
    if (read.export.masked.length > 0) {
      await this.say(io, 'Parsing failed: the file holds masked passphrases.\n');
      return true;
    }
    if (withoutTime(text) === withoutTime(this.candidate)) {
      await this.say(io, 'No changes detected.\n');
      return true;
    }
    this.candidate = text;
    await this.say(io, 'Values have been loaded.\nBe sure to run "commit" to make these changes active.\n');
    return true;
  }

  private async commit(io: CliStream): Promise<boolean> {
    if (!this.pending) {
      await this.say(io, 'There are no changes to commit.\n');
      return true;
    }
    const comment = await this.ask(io, 'Please enter some comments describing your changes:\n[]> ');
    if (comment === null) return false;
    const save = await this.ask(io, 'Do you want to save the current configuration for rollback? [Y]> ');
    if (save === null) return false;
    this.committed = this.candidate;
    this.commits.push({ comment, config: this.committed });
    await this.say(io, `Changes committed: ${new Date(this.clock).toUTCString()}\n`);
    return true;
  }

  private async clustermode(io: CliStream, args: string[], mode: string): Promise<string> {
    const c = this.cluster;
    if (!c) {
      await this.say(io, 'Error: This command is restricted to a machine in a cluster.\n');
      return mode;
    }
    const [level = '', name = ''] = args;
    if (level === 'cluster') return `Cluster ${c.name}`;
    if (level === 'group' && c.groups.includes(name)) return `Group ${name}`;
    if (level === 'machine' && c.machines.includes(name)) return `Machine ${name}`;
    await this.say(io, `Error: unknown ${level || 'level'} ${name}\n`);
    return mode;
  }

  /** The batch form: `listenerconfig edit LISTENER hostaccess import|export FILE`. */
  private async listenerconfig(io: CliStream, args: string[]): Promise<void> {
    const [edit, listener = '', sub, op, file] = args;
    if (edit !== 'edit' || sub !== 'hostaccess' || (op !== 'import' && op !== 'export')) {
      await this.say(io, 'Error: usage: listenerconfig edit <listener> hostaccess import|export <filename>\n');
      return;
    }
    if (!file) {
      await this.say(io, `The hostaccess "${op}" command requires a filename\n`);
      return;
    }
    const range = hatRange(this.candidate, listener);
    if (!range) {
      await this.say(io, `Error: no listener named "${listener}"\n`);
      return;
    }
    if (op === 'export') {
      this.files.set(file, unescapeXml(this.candidate.slice(range[0], range[1])));
      await this.say(io, `File written on machine "${this.hostname}" to the location\n"/configuration/${file}".\n`);
      return;
    }
    const text = this.files.get(file);
    if (text === undefined) {
      await this.say(io, `Error: File "${file}" does not exist.\n`);
      return;
    }
    if (this.misbehave.parsingFailed) {
      await this.say(io, `Error: ${this.misbehave.parsingFailed}\n`);
      return;
    }
    this.candidate = this.candidate.slice(0, range[0]) + escapeXml(text) + this.candidate.slice(range[1]);
    await this.say(io, 'The Host Access Table has been imported.\n');
  }
}

/** The passphrase the emulated appliance asks for before a change. */
export const PASSPHRASE = 'emulated-passphrase';

/** The start-up parser (src/cli/fast-args.ts) against yargs: the same arguments where it parses, a refusal where it is not sure. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import yargs from 'yargs';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { commandName, type CommandModule } from '../../src/cli/commands/command.js';
import { fastParse } from '../../src/cli/fast-args.js';
import { parser } from '../../src/cli/main.js';
import { cli } from './run.js';

const byName = new Map(COMMANDS.map((m) => [commandName(m), m]));
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** What yargs makes of `argv`: the arguments, or its error. */
function viaYargs(argv: string[]): { args?: Record<string, unknown>; error?: string } {
  let out: { args?: Record<string, unknown>; error?: string } = {};
  parser(80, yargs).parse(argv, {}, (err: Error | undefined, args: Record<string, unknown>) => {
    out = err ? { error: err.message } : { args };
  });
  return out;
}

/** The values a handler reads (Args): every declared option by its key, the positionals, `--`. */
function readValues(m: CommandModule, args: Record<string, unknown>): Record<string, unknown> {
  const names: string[] = [];
  m.builder({
    option(name: string) {
      names.push(camel(name));
      return this;
    },
    positional(name: string) {
      names.push(name);
      return this;
    },
  } as never);
  const values: Record<string, unknown> = {};
  for (const k of [...names, '--']) {
    const v = args[k];
    // An absent option and an empty list of positionals read the same (Args.positionals).
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) values[k] = v;
  }
  return values;
}

const PARSED: string[][] = [
  ['plan', 'a.xml'],
  ['plan', 'a.xml', 'b.xml', 'dir/'],
  ['plan', '--listener', 'InboundMail', 'a.xml'],
  ['plan', '--listener=PartnerMX', 'a.xml', '--listener', 'X'],
  ['plan', '--sender', '1.2.3.4', '--sender', '10.0.0.0/8', 'a.xml', '--json'],
  ['plan', 'a.xml', '-q', '--fail-on', 'warning'],
  ['plan', '--', '-odd-name.xml'],
  ['plan', 'a.xml', '--', '--x.xml'],
  ['plan', '007.xml', '1e5'],
  ['apply', 'a.xml', '-o', 'out.xml', '--force', '--change-id', 'CHG001'],
  ['apply', 'in/', '--out-dir', 'out', '--jobs', '2', '--jobs-max', '2', '--quiet'],
  ['rollback', 'p.xml', '--patch', 'p.patch.json', '-o', 'r.xml'],
  ['diff', 'a.xml', 'b.xml', '--quiet'],
  ['diff', '--baseline', 'g.xml', 'fleet/', '--map-listener', 'A=B'],
  ['trace', 'a.xml', '--host', '192.0.2.1', '--host', '2001:db8::1', '--ptr', 'x.example'],
  ['trace', 'a.xml', '--cres', '--quiet'],
  ['check', 'a.xml', '--rules', 'cres', '--quiet'],
  ['explain', 'cres-sender-overlap'],
  ['explain'],
  ['recipe', 'show', 'cres'],
  ['recipes'],
  ['show', 'a.patch.json'],
  ['verify', 'a.patch.json'],
  ['inspect', 'a.xml'],
  ['completion', 'bash'],
];

test('where the fast path parses, it reads what yargs reads (and it parses the plain command lines)', () => {
  for (const argv of PARSED) {
    const m = byName.get(argv[0]!);
    assert.ok(m, argv[0]);
    const fast = fastParse(m!, argv);
    const slow = viaYargs(argv);
    assert.ok(slow.args, `${argv.join(' ')}: yargs: ${slow.error}`);
    assert.ok(fast, `${argv.join(' ')}: the fast path declined a plain command line`);
    assert.equal(readValues(m!, fast!), readValues(m!, slow.args!), argv.join(' '));
  }
});

const DECLINED: string[][] = [
  ['plan', '--help'],
  ['plan', '-h'],
  ['apply', '--version'],
  ['plan', '--listner', 'X', 'a.xml'], // unknown: yargs says "did you mean"
  ['plan', '--listener'], // a value missing
  ['plan', '--listener', '--json', 'a.xml'],
  ['plan', '--json=yes', 'a.xml'],
  ['plan', '--no-json', 'a.xml'],
  ['plan', '-qv', 'a.xml'],
  ['plan', '--recipe', 'a', '--recipe', 'b', 'x.xml'], // twice a single option
  ['rollback', 'p.xml'], // --patch required
  ['rollback'], // <patched> missing
  ['explain', 'a', 'b'], // a second positional
  ['push', 'a.patch.json', '--via', 'nonsense'], // not one of its choices
  ['plan', 'a.xml', '--listener='], // an empty value: yargs-parser reads an empty list, which would select every listener
  ['plan', 'a.xml', '--recipe='], // an empty value of a single option
];

test('where it is not sure, the fast path declines (yargs then says what is wrong)', () => {
  for (const argv of DECLINED) {
    const m = byName.get(argv[0]!);
    assert.ok(m, argv[0]);
    assert.is(fastParse(m!, argv), null, argv.join(' '));
  }
});

test('every command but none is read by the fast path: the builders use only what it knows', () => {
  for (const m of COMMANDS) {
    const argv = [
      commandName(m),
      ...(m.command.includes('<')
        ? m.command
            .split(' ')
            .filter((w) => w.startsWith('<'))
            .map(() => 'x')
        : []),
    ];
    // A command with a required option (rollback --patch) is given it.
    if (commandName(m) === 'rollback') argv.push('--patch', 'p.json');
    assert.ok(fastParse(m, argv), `${argv.join(' ')}: declined`);
  }
});

test('an empty option value is refused as 0.3.0 refused it, never read as "not given"', async () => {
  for (const opt of ['--listener=', '--sender=', '--recipe=']) {
    const r = await cli(['plan', 'samples/multi-listener.xml', opt]);
    assert.is(r.code, 1, opt);
    assert.match(r.err, `${opt.slice(0, -1)} needs a value`, opt);
    assert.is(r.out, '', opt);
  }
});

/** Every option word of `m`: `--name` and its one-letter aliases. */
function optionWords(m: CommandModule): string[] {
  const words: string[] = [];
  m.builder({
    option(name: string, o: { alias?: string | string[] }) {
      words.push(`--${name}`);
      for (const a of [o.alias ?? []].flat()) words.push(a.length === 1 ? `-${a}` : `--${a}`);
      return this;
    },
    positional() {
      return this;
    },
  } as never);
  return words;
}

const VALUES = ['a.xml', 'b.xml', '', '-', '-x', '--', 'x=y', ' ', '1e5', '007', 'true', 'no', 'warning', 'cres', '2', 'InboundMail'];

test('property: whatever words a hurried operator types, the fast path reads what yargs reads, or declines', () => {
  const commands = COMMANDS.filter((m) => optionWords(m).length);
  const word = (m: CommandModule) =>
    fc.oneof(
      fc.constantFrom(...optionWords(m)),
      fc.constantFrom(...optionWords(m)).chain((w) => fc.constantFrom(...VALUES).map((v) => (w.startsWith('--') ? `${w}=${v}` : w + v))),
      fc.constantFrom(...VALUES),
      fc.constantFrom('--nope', '-Z', '--no-quiet', '--json=yes'),
    );
  fc.assert(
    fc.property(
      fc.constantFrom(...commands).chain((m) => fc.tuple(fc.constant(m), fc.array(word(m), { maxLength: 7 }))),
      ([m, rest]) => {
        const argv = [...commandName(m).split(' '), ...rest];
        const fast = fastParse(m, argv);
        if (!fast) return;
        const slow = viaYargs(argv);
        assert.ok(slow.args, `${JSON.stringify(argv)}: the fast path parsed what yargs refuses (${slow.error})`);
        // After `--` the words are file names, as typed (yargs makes numbers of them: `007` -> 7).
        const end = argv.indexOf('--');
        const { '--': fastRest, ...fastValues } = readValues(m, fast);
        const { '--': _slowRest, ...slowValues } = readValues(m, slow.args!);
        assert.equal(fastValues, slowValues, JSON.stringify(argv));
        assert.equal(fastRest ?? [], end < 0 ? [] : argv.slice(end + 1), JSON.stringify(argv));
      },
    ),
    { numRuns: 600, seed: 118539 },
  );
});

test.run();

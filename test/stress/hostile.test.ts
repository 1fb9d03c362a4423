/**
 * Hostile XML: entity expansion (billion laughs), external entities and DTDs, deep nesting,
 * a 1 GB file, devices and FIFOs, pathological tags and text. Each is refused with a finding
 * a person can act on, or handled, without following anything and without exhausting memory
 * (the child-process cases run under a small heap limit).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { MAX_INPUT_BYTES } from '../../src/cli/fs/index.js';
import { MAX_DEPTH } from '../../src/xml/scan.js';
import { BIN, CORPUS, crashed, errorCodes, esa, notWellFormed, put, tempScope } from './helpers.js';
import { libxml2, libxml2Error } from '../oracles/libxml2.js';
import { oracleTest } from '../oracles/oracle.js';

const { tmp, cleanup } = tempScope();

const standalone = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');
const DECL = '<?xml version="1.0" encoding="ISO-8859-1"?>\n';

/** The standalone export with its DOCTYPE line replaced. */
const withDoctype = (doctype: string, hostname = 'esa1.example.com') =>
  standalone
    .replace('<!DOCTYPE config SYSTEM "config.dtd">', doctype)
    .replace(/<hostname>[^<]*<\/hostname>/, `<hostname>${hostname}</hostname>`);

/**
 * The run failed as documented: exit `code`, an error line `FILE[:LINE:COL]: error: ... [want]`
 * naming the file (and the place, when `at`), which says what to do; nothing written.
 */
function refused(
  r: { code: number; err: string },
  file: string,
  want: string,
  opts: { exit?: number; at?: boolean; outDir?: string } = {},
): void {
  assert.is(r.code, opts.exit ?? 1, r.err);
  assert.not.ok(crashed(r.err), r.err);
  assert.ok(errorCodes(r.err).includes(want), `expected [${want}] in:\n${r.err}`);
  const line = r.err.split('\n').find((l) => l.endsWith(`[${want}]`))!;
  assert.ok(line.startsWith(`${file}${opts.at ? ':' : ''}`), `the message names the file: ${line}`);
  if (opts.at)
    assert.match(line, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `), 'and the line and column');
  assert.match(
    line,
    /\b(remove|re-?export|fix|check|give|save|choose|pass|write|wait|delete|correct|keep)\b/i,
    `the message says what to do: ${line}`,
  );
  if (opts.outDir) assert.not.ok(existsSync(opts.outDir) && readdirSync(opts.outDir).length, 'nothing was written');
}

/** Runs the built CLI in a child process under a small heap: an expansion would kill it. */
function smallHeap(args: string[], timeout = 20_000) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=48', BIN, ...args], { encoding: 'latin1', timeout });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, signal: r.signal };
}

test('billion laughs: an internal subset declaring entities is refused, not expanded', () => {
  const dir = tmp();
  const levels = Array.from({ length: 10 }, (_, k) => `<!ENTITY l${k + 1} "${`&l${k};`.repeat(10)}">`).join('\n');
  const bomb = withDoctype(`<!DOCTYPE config [\n<!ENTITY l0 "lol">\n${levels}\n]>`, '&l10;');
  const input = put(dir, 'bomb.xml', bomb);
  const started = Date.now();
  const r = smallHeap(['apply', input, '-o', join(dir, 'out', 'x.xml')]);
  assert.ok(Date.now() - started < 10_000, 'refused at once');
  assert.is(r.signal, null, 'not killed (no expansion ran out of memory)');
  refused(r, input, 'xml-dtd-entities', { at: true, outDir: join(dir, 'out') });
  // Parameter entities and a quadratic blow-up are the same refusal.
  const pe = put(dir, 'pe.xml', withDoctype('<!DOCTYPE config [<!ENTITY % pe "<!ENTITY x \'y\'>"> %pe;]>'));
  refused(smallHeap(['plan', pe]), pe, 'xml-dtd-entities', { at: true });
  const quad = put(dir, 'quad.xml', withDoctype(`<!DOCTYPE config [<!ENTITY a "${'a'.repeat(50_000)}">]>`, '&a;'.repeat(50_000)));
  refused(smallHeap(['plan', quad]), quad, 'xml-dtd-entities', { at: true });
});

test('external entities are refused and never read: file:///etc/passwd, a local secret', async () => {
  const dir = tmp();
  const secret = put(dir, 'secret.txt', 'TOP-SECRET-MARKER-8d1f\n');
  for (const target of ['file:///etc/passwd', `file://${secret}`, secret]) {
    const input = put(dir, 'xxe.xml', withDoctype(`<!DOCTYPE config [<!ENTITY xxe SYSTEM "${target}">]>`, '&xxe;'));
    const r = await esa(['apply', input, '-o', join(dir, 'out', 'x.xml')]);
    refused(r, input, 'xml-dtd-entities', { at: true, outDir: join(dir, 'out') });
    assert.not.match(r.out + r.err, /TOP-SECRET-MARKER|root:x:0:0/);
  }
  // Without a declaration, the reference is an undefined entity, not a fetch.
  const undeclared = put(dir, 'undeclared.xml', withDoctype('<!DOCTYPE config SYSTEM "config.dtd">', '&xxe;'));
  refused(await esa(['plan', undeclared]), undeclared, 'xml-undefined-entity', { at: true });
});

test('an external DTD is never fetched: a URL in the DOCTYPE gets no request', async () => {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end('<!ENTITY x "fetched">');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  try {
    const dir = tmp();
    const input = put(dir, 'net.xml', withDoctype(`<!DOCTYPE config SYSTEM "http://127.0.0.1:${port}/config.dtd">`));
    const child = spawn(process.execPath, [BIN, 'apply', input, '-o', join(dir, 'out', 'x.xml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    assert.is(code, 0, err);
    assert.is(requests, 0, 'no request reached the server');
    // The DOCTYPE is kept byte for byte, as any other byte outside the HATs.
    assert.match(readFileSync(join(dir, 'out', 'x.xml'), 'latin1'), `<!DOCTYPE config SYSTEM "http://127.0.0.1:${port}/config.dtd">`);
  } finally {
    server.close();
  }
});

test('an internal subset without entities is refused too (it could add attributes the tool cannot see)', async () => {
  const dir = tmp();
  const input = put(dir, 'subset.xml', withDoctype('<!DOCTYPE config SYSTEM "config.dtd" [<!ATTLIST listener enabled CDATA "0">]>'));
  refused(await esa(['plan', input]), input, 'xml-dtd-subset', { at: true });
  const comments = put(dir, 'comments.xml', withDoctype('<!DOCTYPE config SYSTEM "config.dtd" [ <!-- nothing here --> ]>'));
  assert.is((await esa(['plan', comments])).code, 2, 'a subset of comments only is harmless');
});

test(`deep nesting: up to ${MAX_DEPTH} levels works, deeper is refused at once (even a million levels)`, async () => {
  const dir = tmp();
  const nest = (n: number) => `${'<n>'.repeat(n)}${'</n>'.repeat(n)}`;
  // config/listeners/listener/x... : the listener's depth counts.
  const ok = put(
    dir,
    'ok.xml',
    standalone.replace(
      '<listener_name>IncomingMail</listener_name>',
      `<listener_name>IncomingMail</listener_name><deep>${nest(MAX_DEPTH - 5)}</deep>`,
    ),
  );
  const out = join(dir, 'out', 'ok.xml');
  const r = await esa(['apply', ok, '-o', out]);
  assert.is(r.code, 0, r.err);
  assert.equal(await notWellFormed([out]), []);
  for (const n of [MAX_DEPTH, 1_000_000]) {
    const deep = put(dir, 'deep.xml', standalone.replace('<hostname>', `${nest(n)}<hostname>`));
    const started = process.cpuUsage(); // CPU time: machine load does not count
    refused(await esa(['plan', deep]), deep, 'xml-too-deep', { at: true });
    const used = process.cpuUsage(started);
    assert.ok(used.user + used.system < 5_000_000, `${n}: ${used.user + used.system} µs CPU`);
  }
});

test(`a 1 GB file is refused from its size (limit ${MAX_INPUT_BYTES} bytes), before any byte is read`, () => {
  const dir = tmp();
  const big = join(dir, 'huge.xml');
  writeFileSync(big, '');
  truncateSync(big, 2 ** 30); // sparse: no disk used
  const started = Date.now();
  const r = smallHeap(['apply', big, '-o', join(dir, 'out', 'huge.xml')]);
  assert.ok(Date.now() - started < 10_000);
  refused(r, big, 'input-too-large', { outDir: join(dir, 'out') });
  assert.match(r.err, /1024 MiB/);
  // One byte over the limit is enough; at the limit, the file is read (and here found malformed).
  truncateSync(big, MAX_INPUT_BYTES + 1);
  refused(smallHeap(['plan', big]), big, 'input-too-large');
});

test('devices, missing files and links to them are refused without reading or hanging; a pipe is read to its end', async () => {
  const dir = tmp();
  const cases: [string, string][] = [
    ['/dev/zero', 'not-a-file'],
    ['/dev/urandom', 'not-a-file'],
    [join(dir, 'missing.xml'), 'unreadable'],
  ];
  symlinkSync('/dev/zero', join(dir, 'zero-link.xml'));
  cases.push([join(dir, 'zero-link.xml'), 'not-a-file']);
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.xml'));
  cases.push([join(dir, 'dangling.xml'), 'unreadable']);
  for (const [path, code] of cases) {
    const r = spawnSync(process.execPath, [BIN, 'plan', path], { encoding: 'latin1', timeout: 10_000 });
    assert.is(r.signal, null, `${path}: did not hang`);
    refused({ code: r.status ?? -1, err: r.stderr }, path, code);
  }
  // A FIFO with a writer (as `<(command)` gives): read to its end like a file.
  const fifo = join(dir, 'pipe.xml');
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', join(CORPUS, 'esa-standalone.xml'), fifo]);
    const r = spawnSync(process.execPath, [BIN, 'plan', fifo], { encoding: 'latin1', timeout: 10_000 });
    await new Promise((ok) => writer.on('exit', ok));
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stdout, 'add sender group CRES at order 1');
  }
});

test('pathological markup stays linear: 100,000 attributes, 200,000 references, a 5 MB comment, a 200,000-line HAT', async () => {
  const dir = tmp();
  const attrs = Array.from({ length: 100_000 }, (_, k) => ` a${k}="${k}"`).join('');
  const timed = async (name: string, text: string, want: number | string) => {
    const input = put(dir, name, text);
    // CPU time of this process, not wall time: other programs on a loaded machine do not count.
    // A quadratic step on these sizes takes minutes; linear work takes a few seconds.
    const started = process.cpuUsage();
    const r = await esa(['plan', input]);
    const used = process.cpuUsage(started);
    const ms = Math.round((used.user + used.system) / 1000);
    if (typeof want === 'number') assert.is(r.code, want, `${name}: ${r.err.slice(0, 500)}`);
    else refused(r, input, want, { at: true });
    assert.ok(ms < 8000, `${name}: ${ms} ms CPU`);
  };
  await timed('attrs.xml', standalone.replace('<config>', `<config${attrs}>`), 2);
  await timed('dup-attr.xml', standalone.replace('<config>', `<config${attrs} a7="again">`), 'xml-malformed');
  await timed('refs.xml', standalone.replace('<hostname>', `<hostname>${'&amp;&#65;&#x42;&lt;'.repeat(50_000)}`), 2);
  await timed('comment.xml', standalone.replace('<config>', `<!--${' x'.repeat(2_500_000)}--x--><config>`), 'xml-malformed');
  await timed('comment-ok.xml', standalone.replace('<config>', `<!--${' x'.repeat(2_500_000)}--><config>`), 2);
  const members = Array.from({ length: 200_000 }, (_, k) => `    10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`).join('\n');
  await timed('hat.xml', standalone.replace('WHITELIST:\n', `WHITELIST:\n${members}\n`), 2);
  await timed('cdata-ends.xml', standalone.replace('<hostname>', `<hostname>${'<![CDATA[x]]>'.repeat(100_000)}&amp;`), 2);
});

oracleTest('an XML declaration, a DOCTYPE or an encoding that libxml2 refuses is refused here too', libxml2, async (lib) => {
  const dir = tmp();
  const cases: [string, string, string][] = [
    ['decl.xml', standalone.replace('encoding="ISO-8859-1"?>', 'encoding="ISO-8859-1" junk="1"?>'), 'xml-malformed'],
    ['doctype.xml', withDoctype('<!DOCTYPE config SYSTEM "config.dtd" junk>'), 'xml-malformed'],
    [
      'utf8.xml',
      standalone.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"').replace('<hostname>', '<hostname>\xC3\x28'),
      'xml-bad-encoding',
    ],
    ['nodecl.xml', standalone.replace(DECL, '').replace('<hostname>', '<hostname>\xE9'), 'xml-bad-encoding'],
    ['pi.xml', standalone.replace('<config>', '<?pi$x?><config>'), 'xml-malformed'],
  ];
  for (const [name, text, code] of cases) {
    const input = put(dir, name, text);
    refused(await esa(['plan', input]), input, code, { at: true });
    assert.ok(libxml2Error(lib, readFileSync(input)) !== null, `${name}: libxml2 refuses it too`);
  }
});

test('a HAT line that is a lone "$" is kept as is, not a crash', async () => {
  const dir = tmp();
  for (const [name, line] of [
    ['top.xml', '$\n'],
    ['indented.xml', '    $\n'],
    ['paren.xml', '    $(x)\n'],
  ] as const) {
    const input = put(dir, name, standalone.replace('WHITELIST:\n', name === 'top.xml' ? `${line}WHITELIST:\n` : `WHITELIST:\n${line}`));
    const r = await esa(['apply', input, '-o', join(dir, 'out', name)]);
    assert.not.ok(crashed(r.err), r.err);
    assert.ok([0, 1, 3].includes(r.code), r.err);
  }
});

test.after(cleanup);
test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHat, printHat, paramValue, resolveBehaviour } from '../src/esa/hat.js';
import { readExport } from '../src/esa/export.js';
import { allExports } from './helpers.js';

for (const f of allExports()) {
  test(`HAT parse then print is the identity: ${f.name}`, () => {
    const exp = readExport(f.text);
    let hats = 0;
    for (const l of exp.listeners) {
      if (!l.hat || !l.hatText) continue;
      hats++;
      assert.is(printHat(l.hat), l.hatText.text, `${f.name} ${l.name}`);
      assert.is(printHat(parseHat(l.hatText.text)), l.hatText.text);
      assert.ok(l.hat.entries.length > 0, `${l.name} has entries`);
      assert.is(l.hat.entries[l.hat.entries.length - 1]!.kind, 'all', `${l.name}: ALL is last`);
      assert.equal(l.hat.problems.filter((p) => p.severity === 'error'), [], `${l.name}: no parse error`);
    }
    assert.ok(hats > 0);
  });
}

test('identity on odd texts: no final newline, CRLF, tabs, blank-only lines, empty', () => {
  for (const t of ['', '\n', 'ALL\n    $ACCEPTED', 'ALL\r\n\t$ACCEPTED\r\n', '\n\n  \n\t\nX:\n  a\n', '$A\n  ACCEPT {\n\n  }\n']) {
    assert.is(printHat(parseHat(t)), t, JSON.stringify(t));
  }
});

test('parses policies, behaviours, parameters, groups, inline entries and ALL', () => {
  const hat = parseHat(
    [
      '$TRUSTED',
      '    ACCEPT {',
      '        spam_check = "off"',
      '        max_rcpts_per_hour = -1',
      '        tls = "off"',
      '    }',
      '$BLOCKED',
      '    REJECT {}',
      '$DROP REJECT',
      '',
      '# partners',
      'WHITELIST:',
      '    mail.partner.example',
      '    192.0.2.0/24, 198.51.100.1',
      '    $TRUSTED (My trusted senders)',
      'spamdomain.com',
      '    REJECT (reject the domain)',
      'ALL',
      '    $ACCEPTED',
      '',
    ].join('\n'),
  );
  assert.equal(hat.policies.map((p) => [p.name, p.behaviour?.keyword, p.behaviour?.block]), [
    ['TRUSTED', 'ACCEPT', 'multiline'],
    ['BLOCKED', 'REJECT', 'inline'],
    ['DROP', 'REJECT', 'none'],
  ]);
  assert.is(paramValue(hat.policies[0]!.behaviour, 'tls'), 'off');
  assert.is(paramValue(hat.policies[0]!.behaviour, 'max_rcpts_per_hour'), '-1');
  assert.equal(hat.entries.map((e) => [e.kind, e.name]), [
    ['group', 'WHITELIST'],
    ['inline', 'spamdomain.com'],
    ['all', 'ALL'],
  ]);
  const wl = hat.entries[0]!;
  assert.equal(wl.members.map((m) => m.text), ['mail.partner.example', '192.0.2.0/24', '198.51.100.1']);
  assert.ok(wl.policy?.kind === 'named' && wl.policy.name === 'TRUSTED' && wl.policy.comment === 'My trusted senders');
  assert.is(resolveBehaviour(hat, hat.entries[1]!)?.keyword, 'REJECT');
  assert.is(hat.style.indent, '    ');
  assert.is(hat.style.paramIndent, '        ');
});

test('an unclosed block is an error problem, and lines are still kept', () => {
  const t = '$X\n    ACCEPT {\n        tls = "on"\nALL\n    $X\n';
  const hat = parseHat(t);
  assert.ok(hat.problems.some((p) => p.code === 'hat-unclosed-block' && p.severity === 'error'));
  assert.is(printHat(hat), t);
});

test('duplicate group names are reported', () => {
  const hat = parseHat('A:\n  1.2.3.4\n  $X\nA:\n  5.6.7.8\n  $X\nALL\n  $X\n');
  assert.ok(hat.problems.some((p) => p.code === 'hat-duplicate-group'));
});

test('style follows the HAT: CRLF and tabs', () => {
  const hat = parseHat('$A\r\n\tACCEPT {\r\n\t\ttls = "off"\r\n\t}\r\n\r\nALL\r\n\t$A\r\n');
  assert.is(hat.style.eol, '\r\n');
  assert.is(hat.style.indent, '\t');
  assert.is(hat.style.paramIndent, '\t\t');
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { proveOperations, semanticDiff, describeChange } from '../../src/hat/diff.js';
import { readHat } from '../../src/hat/model.js';
import { dedent } from '../dedent.js';

const model = (t: string) => readHat(t).model;
const kinds = (a: string, b: string, strict = false) => semanticDiff(model(a), model(b), { strict }).map((c) => c.kind);

const A = dedent`
  $TRUSTED
      ACCEPT {
          spam_check = "off"
          max_rcpts_per_hour = -1
      }
  $BLOCKED
      REJECT
  WHITELIST:
      mail.partner.example
      1.2.3.4
      $TRUSTED (trusted)
  BLACKLIST:
      5.6.7.8
      $BLOCKED
  spamdomain.com
      REJECT (spam)
  ALL
      $TRUSTED
`;

test('formatting only is no difference: reindent, CRLF, blank lines, {} vs bare, parameter order, comment spacing', () => {
  const reformatted = dedent`
    $TRUSTED ACCEPT { max_rcpts_per_hour = -1 spam_check = "off" }

    $BLOCKED
    \tREJECT {}

    WHITELIST:
      1.2.3.4, mail.partner.example
            $TRUSTED (trusted  )
    BLACKLIST:
      5.6.7.8
      $BLOCKED
    spamdomain.com REJECT (spam)
    ALL
      $TRUSTED
  `.replace(/\\t/g, '\t');
  const crlf = reformatted.replace(/\n/g, '\r\n');
  assert.equal(semanticDiff(model(A), model(crlf)), []);
  assert.ok(kinds(A, crlf, true).length > 0, 'strict reports formatting');
  assert.ok(kinds(A, crlf, true).every((k) => k === 'format'));
});

test('every kind of difference, in words', () => {
  const B = dedent`
    $TRUSTED
        ACCEPT {
            spam_check = "off"
            max_rcpts_per_hour = 5000
        }
    $CRES_TLS
        ACCEPT {
            tls = "required"
        }
    CRES:
        .res.cisco.com
        $CRES_TLS
    BLACKLIST:
        5.6.7.8
        9.9.9.9
        $TRUSTED
    PARTNERS:
        mail.partner.example
        1.2.3.4
        $TRUSTED (trusted)
    ALL
        $TRUSTED
  `;
  const changes = semanticDiff(model(A), model(B));
  assert.equal(
    changes.map(describeChange).sort(),
    [
      '$TRUSTED: max_rcpts_per_hour -1 -> 5000',
      'BLACKLIST: $BLOCKED -> $TRUSTED',
      'BLACKLIST: added 9.9.9.9',
      'CRES added at order 1 (.res.cisco.com) $CRES_TLS',
      'WHITELIST renamed PARTNERS',
      'PARTNERS: order 1 -> 3',
      'policy $BLOCKED removed',
      'policy $CRES_TLS added (ACCEPT { tls = "required" })',
      'spamdomain.com removed (was order 3)',
    ].sort(),
  );
});

test('spelled-out defaults equal to $DEFAULT are no difference when defaults are given', () => {
  const a = '$P\n    ACCEPT\nALL\n    $P\n';
  const b = '$P\n    ACCEPT {\n        tls = "off"\n    }\nALL\n    $P\n';
  assert.equal(
    semanticDiff(model(a), model(b)).map((c) => c.kind),
    ['policy-param-changed'],
  );
  assert.equal(semanticDiff(model(a), model(b), { defaults: { tls: 'off' } }), []);
});

test('unknown lines added and removed are differences', () => {
  const a = '$P\n    ACCEPT\n    frobnicate 1\nALL\n    $P\n';
  const b = '$P\n    ACCEPT\n    frobnicate 2\nALL\n    $P\n';
  assert.equal(kinds(a, b).sort(), ['unknown-added', 'unknown-removed']);
});

test('proveOperations: empty when the after-model is exactly the operations, the extra otherwise', () => {
  const before = model(A);
  const after = model(A.replace('max_rcpts_per_hour = -1', 'max_rcpts_per_hour = 5000'));
  assert.equal(
    proveOperations(before, after, [{ op: 'set-policy-param', policy: 'TRUSTED', param: 'max_rcpts_per_hour', from: '-1', to: '5000' }]),
    [],
  );
  assert.equal(
    proveOperations(before, after, []).map((c) => c.kind),
    ['policy-param-changed'],
  );
  assert.equal(
    proveOperations(before, after, [{ op: 'add-senders', group: 'NOPE', senders: ['1.1.1.1'] }]).map((c) => c.kind),
    ['operation-failed'],
  );
});

test.run();

/** TLS values (issue 18.7): the goal's verified form meets it, other known values are set, unknown ones are refused. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TLS_VALUES, tlsSatisfies, tlsStanding } from '../../src/hat/tls.js';

test("every pair of known values: only the same value or the goal's verified form satisfies it", () => {
  for (const value of TLS_VALUES)
    for (const goal of TLS_VALUES) {
      const expected = value === goal || value === `${goal}_verify`;
      const drops = !expected && value.endsWith('_verify') && !goal.endsWith('_verify');
      assert.is(tlsSatisfies(value, goal), expected, `${value} for ${goal}`);
      assert.is(
        tlsStanding(value, goal),
        value === goal ? 'same' : expected ? 'stricter' : drops ? 'unknown' : 'other',
        `${value} for ${goal}`,
      );
    }
});

test('the cases the note rests on', () => {
  assert.is(tlsStanding('required_verify', 'required'), 'stricter');
  // Raising it to required would drop its certificate verification: refused, never silent.
  assert.is(tlsStanding('preferred_verify', 'required'), 'unknown');
  assert.is(tlsStanding('preferred', 'required'), 'other');
  assert.is(tlsStanding('required', 'required_verify'), 'other');
  // A recipe asking preferred gets preferred, even on a policy that requires TLS (a reported downgrade).
  assert.is(tlsStanding('required', 'preferred'), 'other');
});

test('unknown values, other spellings and no value never satisfy and are never called weaker', () => {
  for (const v of ['mandatory', 'Required', 'REQUIRED', 'required ', 'requi\\red', '']) {
    assert.is(tlsStanding(v, 'required'), 'unknown', JSON.stringify(v));
    assert.not.ok(tlsSatisfies(v, 'required'));
  }
  assert.not.ok(tlsSatisfies(null, 'required'));
  assert.not.ok(tlsSatisfies(undefined, 'required'));
  assert.is(tlsStanding('required', 'mandatory'), 'unknown');
});

test.run();

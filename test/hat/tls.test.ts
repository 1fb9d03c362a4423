/** TLS values by strength (issue 18.7): stricter values meet a goal, weaker ones do not, unknown ones are neither. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TLS_VALUES, tlsSatisfies, tlsStanding } from '../../src/hat/tls.js';

test('every pair of known values: satisfies exactly when at least as mandatory and verified whenever the goal verifies', () => {
  const mandatory = (v: string) => (v === 'off' ? 0 : v.startsWith('required') ? 2 : 1);
  for (const value of TLS_VALUES)
    for (const goal of TLS_VALUES) {
      const expected = mandatory(value) >= mandatory(goal) && (!goal.endsWith('_verify') || value.endsWith('_verify'));
      assert.is(tlsSatisfies(value, goal), expected, `${value} for ${goal}`);
      assert.is(tlsStanding(value, goal), value === goal ? 'same' : expected ? 'stricter' : 'weaker', `${value} for ${goal}`);
    }
});

test('the cases the note rests on', () => {
  assert.is(tlsStanding('required_verify', 'required'), 'stricter');
  assert.is(tlsStanding('preferred_verify', 'required'), 'weaker');
  assert.is(tlsStanding('preferred', 'required'), 'weaker');
  assert.is(tlsStanding('required', 'required_verify'), 'weaker');
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

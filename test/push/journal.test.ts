/** The rollout journal: records whole or absent; a torn last record is dropped and cut off; a damaged earlier one refuses. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJournal, RolloutJournal } from '../../src/cli/appliance/rollout-journal.js';
import { Refused } from '../../src/findings.js';

function journalWith(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'esa-journal-'));
  const j = RolloutJournal.open(dir);
  for (let k = 0; k < n; k++) j.append({ appliance: `esa${k}`, step: 'gates-passed', version: '14.0.2-020' });
  j.close();
  return dir;
}

test('records read back in order, numbered', () => {
  const dir = journalWith(3);
  const recs = RolloutJournal.read(dir);
  assert.equal(
    recs.map((r) => [r.seq, r.appliance, r.step]),
    [
      [1, 'esa0', 'gates-passed'],
      [2, 'esa1', 'gates-passed'],
      [3, 'esa2', 'gates-passed'],
    ],
  );
});

test('every cut of the last record (a kill mid-append) reads as the records before it, and the next append follows them', () => {
  const dir = journalWith(2);
  const path = join(dir, 'journal.jsonl');
  const whole = readFileSync(path, 'utf8');
  const lastStart = whole.lastIndexOf('\n', whole.length - 2) + 1;
  for (let cut = lastStart; cut < whole.length; cut++) {
    writeFileSync(path, whole.slice(0, cut));
    const p = parseJournal(whole.slice(0, cut));
    assert.is(p.records.length, 1, `cut at ${cut}`);
    assert.is(p.torn, cut > lastStart);
    const j = RolloutJournal.open(dir);
    j.append({ appliance: 'esaX', step: 'verified' });
    j.close();
    const after = RolloutJournal.read(dir);
    assert.equal(
      after.map((r) => r.appliance),
      ['esa0', 'esaX'],
      `cut at ${cut}`,
    );
  }
});

test('a changed byte in a record that is not the last refuses the journal (journal-damaged)', () => {
  const dir = journalWith(3);
  const path = join(dir, 'journal.jsonl');
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace('esa1', 'esa9'));
  assert.throws(
    () => RolloutJournal.read(dir),
    (e: unknown) => e instanceof Refused && e.finding.code === 'journal-damaged',
  );
  // An appended line of garbage after whole records is a torn record: dropped.
  writeFileSync(path, text);
  appendFileSync(path, '{"half');
  assert.is(RolloutJournal.read(dir).length, 3);
});

test('one run of a rollout at a time: the lock is held while the journal is open', () => {
  const dir = journalWith(0);
  const j = RolloutJournal.open(dir);
  assert.throws(() => RolloutJournal.open(dir, 50));
  j.close();
  RolloutJournal.open(dir, 50).close();
});

test('kept exports are readable by their owner only (they hold encrypted passphrases)', async () => {
  const { statSync } = await import('node:fs');
  const dir = journalWith(0);
  const j = RolloutJournal.open(dir);
  const rel = j.keep('esa1', 'pre', '<config/>');
  j.close();
  assert.is(statSync(join(dir, rel)).mode & 0o777, 0o600);
  const again = RolloutJournal.open(dir, 50);
  assert.is(again.kept(rel), '<config/>');
  again.close();
});

test.run();

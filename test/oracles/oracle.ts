/**
 * Independent oracles (libxml2, a real browser, SPF checkers) and visible skips.
 *
 * An oracle is something a test checks our output against that we did not write. It starts once
 * per test process; when it cannot start (a browser that cannot launch on an unusual OS), the
 * tests that need it are skipped and say why: the skip is written to the file named by
 * ESA_PATCH_SKIP_LOG (scripts/run-tests.mjs sets it and counts the records) and printed.
 * With ESA_PATCH_REQUIRE_ORACLES=1 (set by .ci/run) an oracle that cannot start is a failure.
 *
 * An optional oracle (Mail::SPF: only where Perl has it) adds a cross-check when it starts and
 * is noted, not skipped, when it does not; under ESA_PATCH_REQUIRE_ORACLES=1 it is required too.
 */
import { appendFileSync } from 'node:fs';
import { test as uvuTest, type Test } from 'uvu';

/** An independent checker the tests start lazily, once. */
export interface Oracle<T> {
  /** Shown in skip lines and failures, e.g. "libxml2 (libxml2-wasm)". */
  readonly name: string;
  /** True when the suite passes without it (it only adds a cross-check). */
  readonly optional?: boolean;
  /** Starts the oracle; throws (with the reason) when it cannot start on this machine. */
  start(): Promise<T>;
}

/** Whether every oracle must start (CI). */
export const REQUIRE_ORACLES = process.env['ESA_PATCH_REQUIRE_ORACLES'] === '1';

/** The outcome of starting an oracle: its handle, or why it cannot start. */
export type Started<T> = { ok: true; value: T } | { ok: false; reason: string };

const started = new Map<Oracle<unknown>, Promise<Started<unknown>>>();

/** Starts `oracle` once per process and remembers the outcome. */
export function startOracle<T>(oracle: Oracle<T>): Promise<Started<T>> {
  let p = started.get(oracle as Oracle<unknown>);
  if (p === undefined) {
    p = oracle.start().then(
      (value): Started<unknown> => ({ ok: true, value }),
      (e: unknown): Started<unknown> => ({ ok: false, reason: oneLine(e instanceof Error ? e.message : String(e)) }),
    );
    started.set(oracle as Oracle<unknown>, p);
  }
  return p as Promise<Started<T>>;
}

/** The record of one skip, one JSON line in ESA_PATCH_SKIP_LOG. */
export interface SkipRecord {
  kind: 'skip' | 'note';
  test: string;
  oracle: string;
  reason: string;
}

function record(r: SkipRecord): void {
  const log = process.env['ESA_PATCH_SKIP_LOG'];
  if (log) appendFileSync(log, `${JSON.stringify(r)}\n`);
  // Always visible, also when a test file is run on its own with uvu.
  console.log(`  ${r.kind === 'skip' ? 'SKIPPED' : 'note'}: ${r.test}: ${r.oracle} cannot start: ${r.reason}`);
}

function unavailable(oracle: Oracle<unknown>, reason: string): Error {
  return new Error(`${oracle.name} cannot start and ESA_PATCH_REQUIRE_ORACLES=1 requires it: ${reason}`);
}

/**
 * Declares a uvu test that needs `oracle`: `fn` gets the started oracle. When the oracle cannot
 * start, the test is skipped with the reason (a failure under ESA_PATCH_REQUIRE_ORACLES=1).
 * `suite` is the uvu suite to register on (default: the global `test`).
 */
export function oracleTest<T>(name: string, oracle: Oracle<T>, fn: (value: T) => unknown, suite: Test = uvuTest): void {
  suite(name, async () => {
    const s = await startOracle(oracle);
    if (!s.ok) {
      if (REQUIRE_ORACLES) throw unavailable(oracle, s.reason);
      record({ kind: 'skip', test: name, oracle: oracle.name, reason: s.reason });
      return;
    }
    await fn(s.value);
  });
}

/**
 * Starts an optional oracle inside a test: its handle, or undefined after noting why it cannot
 * start (a failure under ESA_PATCH_REQUIRE_ORACLES=1). The test goes on with its other oracles.
 */
export async function optionalOracle<T>(testName: string, oracle: Oracle<T>): Promise<T | undefined> {
  const s = await startOracle(oracle);
  if (s.ok) return s.value;
  if (REQUIRE_ORACLES) throw unavailable(oracle, s.reason);
  record({ kind: 'note', test: testName, oracle: oracle.name, reason: s.reason });
  return undefined;
}

function oneLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim().slice(0, 300);
}

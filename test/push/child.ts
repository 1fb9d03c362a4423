/**
 * A rollout in a child process, for the SIGKILL tests: `node --import tsx child.ts DIR ARGS...`
 * runs `esa-patch ARGS` in DIR against the emulated appliances of DIR/appliances (state on disk),
 * each call slowed a little so that a kill can land anywhere in it.
 */
import { join } from 'node:path';
// The built CLI (npm run build), as the user runs it; the emulator is test code (tsx).
import { main } from '../../dist/cli/main.js';
import { fakeSession, PASSPHRASE } from './fake-appliance.js';
import type { ApplianceSession, ApplianceTarget } from '../../src/appliance/session.js';

const [dir, ...args] = process.argv.slice(2);
const delay = () => new Promise((r) => setTimeout(r, Number(process.env['CHILD_DELAY_MS'] ?? 2)));

function slow(s: ApplianceSession): ApplianceSession {
  return {
    target: s.target,
    run: async (c, r, o) => (await delay(), s.run(c, r, o)),
    upload: async (b, n) => (await delay(), s.upload(b, n)),
    download: async (n, m) => (await delay(), s.download(n, m)),
    close: () => s.close(),
  };
}

// Only as a script of its own (a test runner that imports it by a broad pattern runs nothing).
if (process.argv[1]?.endsWith('child.ts'))
  process.exitCode = await main(args, {
    out: (t) => process.stdout.write(Buffer.from(t, 'latin1')),
    err: (t) => process.stderr.write(Buffer.from(t, 'latin1')),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: dir!,
    env: { ESA_PATCH_PASSPHRASE: PASSPHRASE },
    openSession: async (t: ApplianceTarget) => slow(fakeSession(t, join(dir!, 'appliances', t.name))),
  });

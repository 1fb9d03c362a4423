// Runs a command and measures it as a whole process: wall time, CPU time and peak resident memory.
// Peak memory comes from GNU time (`/usr/bin/time -f %M`, exact: the kernel's maxrss) when it
// is installed, else from polling /proc/PID/status (VmHWM, which may miss a peak in the last
// few milliseconds; the result says which).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p) && spawnSync(p, ['-f', '%M', 'true']).status === 0);

/** How peak memory is measured on this machine. */
export const RSS_METHOD = GNU_TIME ? 'GNU time maxrss' : '/proc VmHWM polling';

/**
 * Runs `cmd args` to completion. Returns { wall (s), cpu (s, user + system; NaN without GNU
 * time), rss (bytes), status, stdout, stderr }. Output is captured, not shown.
 */
export async function measure(cmd, args, { cwd } = {}) {
  if (GNU_TIME) {
    const dir = mkdtempSync(join(tmpdir(), 'esa-bench-'));
    const out = join(dir, 'rss');
    try {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', out, cmd, ...args], { cwd, encoding: 'latin1', maxBuffer: 256 << 20 });
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const [kb, user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      return { wall, cpu: user + sys, rss: kb * 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('latin1').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('latin1').on('data', (d) => (stderr += d));
    let peak = 0;
    const poll = () => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {
        // exited
      }
    };
    const timer = setInterval(poll, 2);
    child.on('error', reject);
    child.on('exit', (status) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      resolve({ wall, cpu: Number.NaN, rss: peak, status, stdout, stderr });
    });
  });
}

/** Median of numbers. */
export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

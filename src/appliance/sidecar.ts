/**
 * The sidecar `NAME.pull.json` that `pull` writes beside `NAME.xml`: where the export came from,
 * when, and its sha256, so that a later step (plan, push) can tell which appliance, build and
 * cluster a file belongs to and whether it is still the file that was pulled.
 */
import type { ApplianceTarget } from './session.js';

/** The sidecar, format version 1. */
export interface PullSidecar {
  format: 'esa-patch-pull';
  version: 1;
  /** The inventory's name of the appliance. */
  name: string;
  host: string;
  port: number | null;
  user: string | null;
  /** What `version` printed. */
  build: string;
  model: string | null;
  serial: string | null;
  /** The export's `<hostname>` (else what `version` printed). */
  hostname: string | null;
  cluster: { name: string; level: string } | null;
  /** The file's name in /configuration, and whether it was removed there. */
  remoteFile: string;
  remoteRemoved: boolean;
  /** When the pull ended (ISO 8601, UTC). */
  time: string;
  sha256: string;
  bytes: number;
  /** The esa-patch version that pulled it. */
  tool: string;
}

/** Builds the sidecar of one pull. */
export function sidecarOf(
  t: ApplianceTarget,
  p: {
    build: string;
    model: string | null;
    serial: string | null;
    hostname: string | null;
    remoteFile: string;
    removed: boolean;
    sha256: string;
    bytes: number;
  },
  time: Date,
  tool: string,
): PullSidecar {
  return {
    format: 'esa-patch-pull',
    version: 1,
    name: t.name,
    host: t.host,
    port: t.port ?? null,
    user: t.user ?? null,
    build: p.build,
    model: p.model,
    serial: p.serial,
    hostname: p.hostname,
    cluster: t.cluster ? { ...t.cluster } : null,
    remoteFile: p.remoteFile,
    remoteRemoved: p.removed,
    time: time.toISOString(),
    sha256: p.sha256,
    bytes: p.bytes,
    tool,
  };
}

const STR = (v: unknown) => typeof v === 'string';
const OPT = (v: unknown) => v === null || typeof v === 'string';

/** Reads a sidecar's JSON text; the problem (`$.field: what`) when it is not one. */
export function readSidecar(text: string): { sidecar: PullSidecar } | { problem: string } {
  let d: unknown;
  try {
    d = JSON.parse(text);
  } catch (e) {
    return { problem: `$: not JSON: ${(e as Error).message}` };
  }
  if (!d || typeof d !== 'object' || Array.isArray(d)) return { problem: '$: not an object' };
  const o = d as Record<string, unknown>;
  if (o['format'] !== 'esa-patch-pull') return { problem: '$.format: not "esa-patch-pull"' };
  if (o['version'] !== 1) return { problem: '$.version: this esa-patch reads version 1' };
  const checks: [string, (v: unknown) => boolean][] = [
    ['name', STR],
    ['host', STR],
    ['port', (v) => v === null || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535)],
    ['user', OPT],
    ['build', STR],
    ['model', OPT],
    ['serial', OPT],
    ['hostname', OPT],
    [
      'cluster',
      (v) => v === null || (!!v && typeof v === 'object' && STR((v as { name?: unknown }).name) && STR((v as { level?: unknown }).level)),
    ],
    ['remoteFile', STR],
    ['remoteRemoved', (v) => typeof v === 'boolean'],
    ['time', (v) => STR(v) && !Number.isNaN(Date.parse(v as string))],
    ['sha256', (v) => STR(v) && /^[0-9a-f]{64}$/.test(v as string)],
    ['bytes', (v) => Number.isInteger(v) && (v as number) >= 0],
    ['tool', STR],
  ];
  for (const [k, ok] of checks) if (!ok(o[k])) return { problem: `$.${k}: missing or of the wrong type` };
  return { sidecar: o as unknown as PullSidecar };
}

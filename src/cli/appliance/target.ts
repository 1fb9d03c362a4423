/**
 * Checking how to reach an appliance before any of it reaches an `ssh` command line: a host, user,
 * port, jump host, identity file or option that could be read as an option, break a line, or
 * weaken host-key checking is refused here.
 */
import type { ApplianceTarget } from '../../appliance/session.js';

/** A host name (RFC 1123 labels), an IPv4 address or a bracket-less IPv6 address. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const OPTION_KEY = /^[A-Za-z][A-Za-z0-9]{1,63}$/;

/**
 * Options the inventory may not set (lower-case): they weaken host-key checking, let ssh ask for a
 * password, run local commands, or are the tool's own (connection sharing and time-outs).
 */
export const REFUSED_OPTIONS: Readonly<Record<string, string>> = {
  stricthostkeychecking: 'host-key checking is always strict',
  userknownhostsfile: 'only a real known_hosts file (not /dev/null)',
  globalknownhostsfile: 'only a real known_hosts file (not /dev/null)',
  checkhostip: 'host-key checking is not weakened',
  verifyhostkeydns: 'host keys come from known_hosts only',
  updatehostkeys: 'known_hosts is yours to change',
  knownhostscommand: 'runs a local command',
  hostkeyalias: 'host-key checking is for the host named',
  batchmode: 'the tool never lets ssh ask for a password',
  passwordauthentication: 'no password, ever',
  kbdinteractiveauthentication: 'no password, ever',
  challengeresponseauthentication: 'no password, ever',
  numberofpasswordprompts: 'no password, ever',
  proxycommand: 'runs a local command (use ssh.jump)',
  localcommand: 'runs a local command',
  permitlocalcommand: 'runs a local command',
  remotecommand: 'the tool sends its own commands',
  controlmaster: 'the tool shares the connection itself',
  controlpath: 'the tool shares the connection itself',
  controlpersist: 'the tool shares the connection itself',
  connecttimeout: 'set by --connect-timeout',
  requesttty: 'the tool decides',
  sessiontype: 'the tool decides',
  forkafterauthentication: 'the tool decides',
  stdinnull: 'the tool decides',
  escapechar: 'the tool decides',
  include: 'not an option',
  match: 'not an option',
  host: 'not an option',
};

/** Paths of known_hosts files that make any host key acceptable. */
const NULL_FILES = /^(\/dev\/null|nul|none)$/i;

/** Whether `host` is a host name or address esa-patch passes to ssh (never starts with `-`). */
export function validHost(host: string): boolean {
  if (HOSTNAME.test(host)) return true;
  return host.includes(':') && IPV6.test(host) && !host.startsWith('-');
}

/** A jump host `[user@]host[:port]` (IPv6 in brackets), split; null when it is not one. */
export function parseJump(jump: string): { user?: string; host: string; port?: number } | null {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:@[\],]+)(?::(\d{1,5}))?$/.exec(jump);
  if (!m) return null;
  if (m[1] !== undefined && !USER.test(m[1])) return null;
  const host = m[2]!.replace(/^\[|\]$/g, '');
  if (!validHost(host)) return null;
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && !(port >= 1 && port <= 65535)) return null;
  return { ...(m[1] !== undefined ? { user: m[1] } : {}), host, ...(port !== undefined ? { port } : {}) };
}

/**
 * A jump host: one hop, `[user@]host[:port]`. One: the tool connects through it with the same
 * strict options as to the appliance (OpenSSH's own -J would not pass them on to the hop).
 */
export function validJump(jump: string): boolean {
  return parseJump(jump) !== null;
}

/** A file path safe on an ssh command line: no control character, never an option. */
export function validPath(path: string): boolean {
  return path.length > 0 && path.length <= 4096 && !path.startsWith('-') && !/[\x00-\x1F\x7F]/.test(path);
}

/**
 * The problems of a target, as `(field, what)` pairs; empty when it can be used. Everything is
 * checked: a target comes from an inventory file or the command line.
 */
export function targetProblems(t: ApplianceTarget): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  const bad = (field: string, problem: string) => out.push({ field, problem });
  if (!NAME.test(t.name)) bad('name', 'letters, digits, _, . and - (the file stem of what is pulled)');
  if (!validHost(t.host)) bad('host', 'a host name or an IP address (never starting with "-")');
  if (t.user !== undefined && !USER.test(t.user)) bad('user', 'letters, digits, _, . and -, not starting with "-"');
  if (t.port !== undefined && !(Number.isInteger(t.port) && t.port >= 1 && t.port <= 65535)) bad('port', 'an integer from 1 to 65535');
  const ssh = t.ssh;
  if (ssh?.identityFile !== undefined && !validPath(ssh.identityFile))
    bad('ssh.identityFile', 'a file path (no control characters, not starting with "-")');
  if (ssh?.jump !== undefined && !validJump(ssh.jump)) bad('ssh.jump', 'one jump host, [user@]host[:port]');
  for (const [key, value] of Object.entries(ssh?.options ?? {})) {
    if (!OPTION_KEY.test(key)) {
      bad(`ssh.options.${key}`, 'an ssh_config keyword (letters and digits)');
      continue;
    }
    const refused = REFUSED_OPTIONS[key.toLowerCase()];
    const file = /^(user|global)knownhostsfile$/i.test(key);
    if (refused && !(file && typeof value === 'string' && !NULL_FILES.test(value.trim()) && validPath(value)))
      bad(`ssh.options.${key}`, `refused: ${refused}`);
    else if (typeof value !== 'string' || value.length === 0 || value.length > 1024 || /[\x00-\x1F\x7F]/.test(value))
      bad(`ssh.options.${key}`, 'a value on one line');
  }
  if (t.cluster !== undefined) {
    if (!NAME.test(t.cluster.name)) bad('cluster.name', 'letters, digits, _, . and -');
    if (!/^(cluster|group [A-Za-z0-9_.-]{1,128}|machine [A-Za-z0-9_.-]{1,253})$/.test(t.cluster.level))
      bad('cluster.level', '"cluster", "group NAME" or "machine NAME"');
  }
  return out;
}

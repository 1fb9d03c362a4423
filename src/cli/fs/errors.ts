/**
 * The error the file layer throws: a user-facing failure with a stable code and an exit code,
 * and (for the codes of the `FS` area) the finding it was made from.
 */
import { finding, type Finding, type FindingArgs, type FsFindingArgs } from '../../findings.js';
import { messageOf } from '../../report/messages.js';

/** A user-facing failure (exit 1 unless said otherwise). */
export class CliError extends Error {
  /** The arguments of its finding, when it was made from one (see {@link fsError}). */
  args?: Readonly<Record<string, unknown>>;

  constructor(
    message: string,
    readonly code: string = 'io-error',
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A CliError of an `FS` finding code: its message comes from `report/messages.ts`. */
export function fsError<C extends keyof FsFindingArgs>(code: C, args: FsFindingArgs[C], exitCode = 1): CliError {
  const e = new CliError(messageOf(finding(code, 'error', args as FindingArgs[C]) as Finding), code, exitCode);
  e.args = args as Readonly<Record<string, unknown>>;
  return e;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EXDEV: 'not on the same file system',
};

/** `CODE (what it means)` of a system error, for messages. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code) return REASONS[code] ? `${code}: ${REASONS[code]}` : code;
  return (e as Error).message;
}

/** The errno code of a system error, or undefined. */
export function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Does this error say the file system has no hard links (FAT, some network shares)? */
export function noHardLinks(e: unknown): boolean {
  const code = errno(e);
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK';
}

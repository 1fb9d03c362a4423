/**
 * What the file layer says of system errors. Its own errors are `Refused` findings
 * (`refused(code, args)` of src/findings.ts): the words are in `report/messages.ts`.
 */

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

/**
 * The artefact records text as characters; esa-patch reads an export's HAT as its bytes, one
 * character per byte. In an ISO-8859-1 export the two are the same; in a UTF-8 export a name,
 * sender, comment, value or recorded text beyond ASCII is its UTF-8 bytes in the HAT and its
 * characters in the artefact (`GRÜN_LISTE`, not `GRÃ\x9cN_LISTE`, whose byte 0x9C the artefact
 * would rightly refuse as a C1 control). Apply turns the operations into characters when it
 * records them; rollback turns them back into the bytes of the export it undoes them on.
 */
import type { Param } from '../hat/model.js';
import type { PolicyTarget } from '../hat/operations.js';
import { utf8Bytes, utf8Text } from '../esa/export.js';

type Loose = Record<string, unknown>;

/** The keys of an operation whose strings are HAT text (names, senders, values, comments, recorded text). */
const TEXT_KEYS = ['group', 'before', 'fromBefore', 'toBefore', 'comment', 'text'] as const;

function mapOperation<T extends object>(op: T, f: (s: string) => string): T {
  const o: Loose = { ...(op as Loose) };
  const str = (v: unknown) => (typeof v === 'string' ? f(v) : v);
  const params = (v: unknown) =>
    Array.isArray(v)
      ? (v as Param[]).map(([k, x]) => [k, f(x)] as Param)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v as Loose).map(([k, x]) => [k, str(x)]))
        : v;
  const target = (v: unknown) => {
    if (v === null || typeof v !== 'object') return str(v);
    const t = v as PolicyTarget;
    return t.kind === 'named' ? { ...t, name: f(t.name) } : { ...t, params: params(t.params) };
  };
  for (const k of TEXT_KEYS) if (typeof o[k] === 'string') o[k] = f(o[k] as string);
  if (Array.isArray(o['senders'])) o['senders'] = (o['senders'] as unknown[]).map(str);
  if ('params' in o) o['params'] = params(o['params']);
  if ('policy' in o) o['policy'] = target(o['policy']);
  if (o['op'] === 'set-policy-param') {
    o['from'] = str(o['from']);
    o['to'] = str(o['to']);
  } else if (o['op'] === 'set-group-policy') {
    o['from'] = target(o['from']);
    o['to'] = target(o['to']);
  }
  return o as T;
}

/** Operations of a UTF-8 export's HAT (bytes) as the artefact records them (characters). */
export function operationsAsText<T extends object>(ops: readonly T[]): T[] {
  return ops.map((op) => mapOperation(op, (s) => utf8Text(s) ?? s));
}

/** Operations as the artefact records them (characters) as a UTF-8 export's HAT holds them (bytes). */
export function operationsAsUtf8Bytes<T extends object>(ops: readonly T[]): T[] {
  return ops.map((op) => mapOperation(op, (s) => utf8Bytes(s) ?? s));
}

/**
 * The per-listener HAT files of a patched export: for each listener the plan changed, exactly
 * its new `<hat>` text as the appliance reads it (references and CDATA decoded), in the
 * export's own encoding. They are what `hostaccess import` loads (`push --via hat`), and what
 * `apply --hat-files DIR` writes for an administrator to import by hand.
 */
import { readExport, type Listener } from '../esa/export.js';
import { finding, Refused } from '../findings.js';
import { declaredEncoding } from '../xml/text.js';

/** One listener's new HAT text. */
export interface HatFile {
  listener: string;
  listenerPath: string;
  /** File name: the export's stem, the listener's position and a safe form of its name. */
  name: string;
  /** The bytes (one character per byte). */
  bytes: string;
}

/** A file-name-safe form of a listener name (the appliance's names are already tame; this is for hostile ones). */
export function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '');
  return (s || 'listener').slice(0, 64);
}

function utf8(cp: number): string {
  return Buffer.from(String.fromCodePoint(cp), 'utf8').toString('latin1');
}

/**
 * The HAT text of `l` as bytes of `raw`'s encoding: characters read from the file stay its bytes;
 * a character written as a reference is encoded (UTF-8, or ISO-8859-1 up to U+00FF; another
 * encoding only for ASCII).
 */
export function hatBytes(raw: string, l: Listener): string {
  const hat = l.hat!;
  const enc = (declaredEncoding(raw) ?? 'UTF-8').toLowerCase();
  const isUtf8 = /^utf-?8$/.test(enc) || raw.startsWith('\xEF\xBB\xBF');
  const isLatin1 = /^(iso[-_]?8859-1|latin-?1|l1|cp819|ibm819)$/.test(enc);
  let out = '';
  const text = hat.text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const fromReference = !hat.inCdata[i] && raw.charCodeAt(hat.offsets[i]!) === 38; /* & */
    // A UTF-8 document's reader already gives a reference as its UTF-8 bytes (one character per byte).
    if (!fromReference || c < 0x80 || (isUtf8 && c <= 0xff)) {
      out += text[i];
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (isUtf8) out += utf8(cp);
    else if (isLatin1 && cp <= 0xff) out += String.fromCharCode(cp);
    else throw new Refused(finding('hat-file-encoding', 'error', { listener: l.name, encoding: declaredEncoding(raw) ?? 'UTF-8' }));
  }
  return out;
}

/**
 * The HAT files of the listeners `changed` (element paths) in the patched export `patched`
 * (latin1), named `STEM.N-LISTENER.hat` (N: the listener's 1-based position in the export).
 * Throws when the export cannot be read or a changed listener has no HAT.
 */
export function hatFilesOf(patched: string, changed: readonly { name: string; path: string }[], stem: string): HatFile[] {
  const read = readExport(patched);
  if (!read.export) throw new Error(`the patched export is not readable: ${read.finding.code}`);
  const exp = read.export;
  return changed.map((c) => {
    const k = exp.listeners.findIndex((l) => l.path === c.path);
    const l = exp.listeners[k];
    if (!l || !l.hat) throw new Error(`listener ${c.name} (${c.path}) has no HAT in the patched export`);
    return { listener: l.name, listenerPath: l.path, name: `${stem}.${k + 1}-${safeName(l.name)}.hat`, bytes: hatBytes(patched, l) };
  });
}

/**
 * The appliance model, read through element spans: header comment, hostname, listeners and
 * their `<hat>` elements, masked secrets. Offsets stay here and in ../xml; the planner sees
 * names and parsed HATs.
 */
import {
  childElements,
  childNamed,
  elementName,
  elementPath,
  elementText,
  elementsNamed,
  parseDocument,
  type XmlDocument,
} from '../xml/document.js';
import { decodeContent, toRawEdits } from '../xml/text.js';
import { isUtf8 } from '../xml/scan.js';
import type { TextEdit } from './edits.js';
import { lineIndex } from './position.js';
import { finding, Refused, type Finding } from '../findings.js';
import { readHat, type HatModel } from '../hat/model.js';
import type { HatSyntax } from '../hat/syntax.js';

/** What the header comment says about the appliance. */
export interface ApplianceHeader {
  product: string | null;
  model: string | null;
  version: string | null;
  serial: string | null;
  /** Every `Key: value` line of the first comment, in order. */
  fields: Record<string, string>;
}

/**
 * A listener's Host Access Table as the export holds it: the decoded text, where each of its
 * characters is in the file, and the way back from edits of the text to edits of the file.
 */
export interface HatSource {
  /** Index of the `<hat>` element. */
  element: number;
  /** The HAT text as the appliance reads it (references and CDATA decoded). */
  text: string;
  /** `offsets[i]`: file offset of character i of `text`; `offsets[text.length]`: the end. */
  offsets: Int32Array;
  /** `inCdata[i]` is 1 when character i of `text` comes from a CDATA section. */
  inCdata: Uint8Array;
  /** Written `<hat/>`: no inside to write into. */
  selfClosing: boolean;
  /** The HAT's lines and tokens (lossless). */
  syntax: HatSyntax;
  /** What the HAT means. */
  model: HatModel;
  /** Edits of `text` as edits of the file (offsets mapped, inserted text escaped where it lands). */
  toFileEdits(edits: readonly TextEdit[]): TextEdit[];
  /** File offset of character `i` of `text` (clamped to the text). */
  fileOffset(i: number): number;
  /** File offset of a 1-based HAT line and column (clamped to the HAT). */
  lineOffset(line: number, col?: number): number;
}

/** A listener and, when it has one, its HAT. */
export interface Listener {
  name: string;
  /** `public`, `private`, or whatever the export says (lower-cased). */
  type: string;
  /** Path of the listener element, e.g. `config/listeners/listener[1]`: what identifies it. */
  path: string;
  /** Index of the listener element. */
  element: number;
  /** Its (first) `<hat>`, null when there is none. */
  hat: HatSource | null;
  /** Number of `<hat>` children (more than one is refused by the planner). */
  hatCount: number;
  /** Name of the certificate the listener uses (guessed element `certificate`). */
  certificate: string | null;
  /** Every setting of the listener element outside the HAT (see readSettings): text, objects for elements with children, arrays for repeated names. */
  settings: Record<string, unknown>;
}

/** An element whose value is a masked secret (only `*`). */
export interface MaskedSecret {
  element: string;
  path: string;
  offset: number;
}

/** A parsed export. */
export interface EsaExport {
  doc: XmlDocument;
  header: ApplianceHeader;
  hostname: string | null;
  listeners: Listener[];
  masked: MaskedSecret[];
  /** Names of the certificates the export holds (`certificate_name`). */
  certificates: string[];
}

const SECRET_NAME = /pass|secret|phrase|psk|key|community|credential|token/i;

function readHeader(doc: XmlDocument): ApplianceHeader {
  const fields: Record<string, string> = {};
  const first = doc.prolog.comments[0];
  if (first) {
    for (const line of doc.text.slice(first.start, first.end).split(/\r?\n/)) {
      const m = /^\s*([A-Za-z][A-Za-z ()]*[A-Za-z)]|Feature "[^"]*")\s*:\s*(.*?)\s*$/.exec(line);
      if (m && !(m[1]! in fields)) fields[m[1]!] = m[2]!;
    }
  }
  return {
    product: fields['Product'] ?? null,
    model: fields['Model Number'] ?? null,
    version: fields['Version'] ?? null,
    serial: fields['Serial Number'] ?? null,
    fields,
  };
}

function findMasked(doc: XmlDocument): MaskedSecret[] {
  const out: MaskedSecret[] = [];
  const { openEnd, closeStart, count } = doc.elements;
  const text = doc.text;
  for (let i = 0; i < count; i++) {
    const from = openEnd[i]!;
    const to = closeStart[i]!;
    if (to <= from || text.charCodeAt(from) !== 42 /* * */) continue;
    const value = text.slice(from, to);
    if (!/^\*+$/.test(value)) continue;
    const name = elementName(doc, i);
    if (value.length >= 3 || SECRET_NAME.test(name)) out.push({ element: name, path: elementPath(doc, i), offset: from });
  }
  return out;
}

/**
 * A listener's settings outside the HAT, read by the same scanner and decoder as everything else
 * (character references and CDATA decoded, in the document's encoding: `&#252;` and a raw `ü` of
 * a UTF-8 export are one value): leaf elements as trimmed text, elements with children as
 * objects, repeated names as arrays.
 */
function readSettings(doc: XmlDocument, i: number, hat: number): Record<string, unknown> {
  // No prototype: an element named __proto__ is a setting like any other.
  const out: Record<string, unknown> = Object.create(null);
  for (const j of childElements(doc, i)) {
    if (j === hat || elementName(doc, j) === 'hat') continue;
    add(out, elementName(doc, j), settingValue(doc, j));
  }
  return out;
}

function settingValue(doc: XmlDocument, j: number): unknown {
  const kids = childElements(doc, j);
  if (kids.length) {
    const out: Record<string, unknown> = Object.create(null);
    for (const k of kids) add(out, elementName(doc, k), settingValue(doc, k));
    return out;
  }
  const text = elementText(doc, j);
  if (text !== null) return text.trim();
  // Comments or processing instructions beside the text: the text without them.
  const { openEnd, closeStart } = doc.elements;
  const bare = doc.text.slice(openEnd[j]!, closeStart[j]!).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '');
  try {
    return decodeContent(bare, 0, bare.length, isUtf8(doc.prolog)).text.trim();
  } catch {
    return '';
  }
}

function add(out: Record<string, unknown>, key: string, value: unknown): void {
  if (!Object.hasOwn(out, key)) out[key] = value;
  else if (Array.isArray(out[key])) (out[key] as unknown[]).push(value);
  else out[key] = [out[key], value];
}

/** `$DEFAULT`'s parameters: the listener's `hat_default_*` settings. */
export function hatDefaults(l: Listener): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(l.settings)) {
    if (k.startsWith('hat_default_') && (typeof v === 'string' || typeof v === 'number'))
      out[k.slice('hat_default_'.length)] = String(v).trim();
  }
  return out;
}

/** A finding at a file offset, with its 1-based line and column. */
export function findingAt<F extends Finding>(
  text: string,
  offset: number,
  f: F,
  at: (offset: number) => { line: number; col: number } = lineIndex(text),
): F {
  return { ...f, ...at(offset) };
}

function childrenNamed(doc: XmlDocument, i: number, name: string): number[] {
  return childElements(doc, i).filter((j) => elementName(doc, j) === name);
}

function hatSource(doc: XmlDocument, el: number): HatSource {
  const text = doc.text;
  const decoded = decodeContent(text, doc.elements.openEnd[el]!, doc.elements.closeStart[el]!, isUtf8(doc.prolog));
  const n = decoded.text.length;
  const { syntax, model } = readHat(decoded.text);
  const fileOffset = (i: number) => decoded.offsets[Math.max(0, Math.min(i, n))]!;
  return {
    element: el,
    text: decoded.text,
    offsets: decoded.offsets,
    inCdata: decoded.inCdata,
    selfClosing: doc.elements.end[el] === doc.elements.closeStart[el],
    syntax,
    model,
    toFileEdits: (edits) => toRawEdits(text, decoded, edits),
    fileOffset,
    lineOffset: (line, col = 1) => {
      const l = syntax.lines[Math.max(0, Math.min(line, syntax.lines.length) - 1)];
      return fileOffset(l ? l.offset + Math.min(Math.max(col - 1, 0), l.text.length) : 0);
    },
  };
}

/** What {@link readExport} returns: the export, or the finding that says why there is none. */
export type ReadExport = { export: EsaExport; finding?: undefined } | { export?: undefined; finding: Finding };

/**
 * Reads an ESA configuration export from its latin1 text. Never throws on bad input: malformed
 * XML (`xml-*`), a document that is not an export (`esa-not-export`, `esa-no-listeners`) and a
 * `<hat>` holding markup (`esa-hat-markup`) come back as a located finding.
 */
export function readExport(text: string): ReadExport {
  try {
    return { export: readExportOrThrow(text) };
  } catch (e) {
    // A refusal of the scanner or of this reader, at the byte offset of what it refused.
    if (e instanceof Refused && e.at !== undefined) return { finding: findingAt(text, e.at, e.finding) };
    throw e;
  }
}

function readExportOrThrow(text: string): EsaExport {
  const doc = parseDocument(text);
  const rootName = elementName(doc, 0);
  if (rootName !== 'config') throw new Refused(finding('esa-not-export', 'error', { root: rootName }), doc.elements.start[0]!);
  const listenerIdx = elementsNamed(doc, 'listener').filter((i) => childNamed(doc, i, 'listener_name') >= 0);
  if (listenerIdx.length === 0) throw new Refused(finding('esa-no-listeners', 'error', {}), doc.elements.start[0]!);
  const listeners = listenerIdx.map((i): Listener => {
    const nameEl = childNamed(doc, i, 'listener_name');
    const typeEl = childNamed(doc, i, 'type');
    const hats = childrenNamed(doc, i, 'hat');
    const hatEl = hats[0] ?? -1;
    const certEl = childNamed(doc, i, 'certificate');
    const name = (elementText(doc, nameEl) ?? '').trim();
    let hat: HatSource | null = null;
    if (hatEl >= 0) {
      try {
        hat = hatSource(doc, hatEl);
      } catch (e) {
        if (e instanceof Refused && e.at !== undefined) throw new Refused(finding('esa-hat-markup', 'error', { listener: name }), e.at);
        throw e;
      }
    }
    return {
      name,
      type: typeEl >= 0 ? (elementText(doc, typeEl) ?? '').trim().toLowerCase() : '',
      path: elementPath(doc, i),
      element: i,
      hat,
      hatCount: hats.length,
      certificate: certEl >= 0 ? (elementText(doc, certEl) ?? '').trim() || null : null,
      settings: readSettings(doc, i, hatEl),
    };
  });
  const hostEl = childNamed(doc, 0, 'hostname');
  const certificates = elementsNamed(doc, 'certificate_name').map((i) => (elementText(doc, i) ?? '').trim());
  return {
    doc,
    header: readHeader(doc),
    hostname: hostEl >= 0 ? (elementText(doc, hostEl) ?? '').trim() : null,
    listeners,
    masked: findMasked(doc),
    certificates,
  };
}

/** The listener's `<certificate>` element, or -1 when it has none. */
export function certificateElement(exp: EsaExport, l: Listener): number {
  return childNamed(exp.doc, l.element, 'certificate');
}

/** Is the export's text UTF-8 (its HAT texts then hold UTF-8 bytes, one character per byte)? */
export function isUtf8Export(exp: EsaExport): boolean {
  return isUtf8(exp.doc.prolog);
}

// The export's encodings, as the model's users (patch, check) need them: text to the bytes of a
// UTF-8 export and back, and the refusal of an encoding esa-patch cannot write.
export { utf8Bytes, utf8Text } from '../xml/encoding.js';
export { declaredEncoding, unsupportedEncodingOf } from '../xml/text.js';

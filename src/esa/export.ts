/**
 * The appliance model, read through element spans: header comment, hostname, listeners and
 * their `<hat>` elements, masked secrets. Offsets stay here and in ../xml; the planner sees
 * names and parsed HATs.
 */
import { XMLParser } from 'fast-xml-parser';
import {
  childNamed,
  elementName,
  elementPath,
  elementText,
  elementsNamed,
  parseDocument,
  type XmlDocument,
} from '../xml/document.js';
import { decodeContent, type DecodedText } from '../xml/text.js';
import { XmlSyntaxError } from '../xml/scan.js';
import { parseHat, type Hat } from './hat.js';

/** What the header comment says about the appliance. */
export interface ApplianceHeader {
  product: string | null;
  model: string | null;
  version: string | null;
  serial: string | null;
  /** Every `Key: value` line of the first comment, in order. */
  fields: Record<string, string>;
}

/** A listener and, when it has one, its HAT. */
export interface Listener {
  name: string;
  /** `public`, `private`, or whatever the export says (lower-cased). */
  type: string;
  /** Path of the listener element, e.g. `config/listeners/listener[1]`. */
  path: string;
  /** Index of the listener element. */
  element: number;
  /** Index of its `<hat>` element, -1 when there is none. */
  hatElement: number;
  /** The HAT's decoded text with its offset map, when there is a `<hat>`. */
  hatText: DecodedText | null;
  hat: Hat | null;
  /** Name of the certificate the listener uses (guessed element `certificate`). */
  certificate: string | null;
  /** Every simple setting of the listener element, as fast-xml-parser reads it. */
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

/** The file is well-formed XML but not an ESA configuration export. */
export class NotAnExportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'NotAnExportError';
  }
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

const fragmentParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

function readSettings(doc: XmlDocument, i: number, hat: number): Record<string, unknown> {
  const { start, end, openEnd, closeStart } = doc.elements;
  try {
    // Without the HAT's text (dropped below anyway), which can be most of the listener.
    const xml = hat >= 0 ? doc.text.slice(start[i]!, openEnd[hat]!) + doc.text.slice(closeStart[hat]!, end[i]!) : doc.text.slice(start[i]!, end[i]!);
    const parsed = fragmentParser.parse(xml) as Record<string, unknown>;
    const value = parsed[elementName(doc, i)];
    if (value && typeof value === 'object') {
      const settings = { ...(value as Record<string, unknown>) };
      delete settings['hat'];
      return settings;
    }
  } catch {
    // The scan already vouched for well-formedness; settings are informative only.
  }
  return {};
}

/**
 * Reads an ESA configuration export from its latin1 text. Throws XmlSyntaxError when the XML
 * is malformed, NotAnExportError when it is not an ESA export.
 */
export function readExport(text: string): EsaExport {
  const doc = parseDocument(text);
  const rootName = elementName(doc, 0);
  if (rootName !== 'config') {
    throw new NotAnExportError(`not an ESA configuration export: the root element is <${rootName}>, not <config>`, 'esa-not-export', doc.elements.start[0]!);
  }
  const listenerIdx = elementsNamed(doc, 'listener').filter((i) => childNamed(doc, i, 'listener_name') >= 0);
  if (listenerIdx.length === 0) {
    throw new NotAnExportError('not an ESA configuration export with listeners: no <listener> element with a <listener_name>', 'esa-no-listeners', doc.elements.start[0]!);
  }
  const listeners = listenerIdx.map((i): Listener => {
    const nameEl = childNamed(doc, i, 'listener_name');
    const typeEl = childNamed(doc, i, 'type');
    const hatEl = childNamed(doc, i, 'hat');
    const certEl = childNamed(doc, i, 'certificate');
    let hatText: DecodedText | null = null;
    if (hatEl >= 0) {
      try {
        hatText = decodeContent(text, doc.elements.openEnd[hatEl]!, doc.elements.closeStart[hatEl]!);
      } catch (e) {
        if (e instanceof XmlSyntaxError) {
          throw new NotAnExportError(`the <hat> of listener ${elementText(doc, nameEl)} holds markup, not HAT text`, 'esa-hat-markup', e.offset);
        }
        throw e;
      }
    }
    return {
      name: (elementText(doc, nameEl) ?? '').trim(),
      type: typeEl >= 0 ? (elementText(doc, typeEl) ?? '').trim().toLowerCase() : '',
      path: elementPath(doc, i),
      element: i,
      hatElement: hatEl,
      hatText,
      hat: hatText ? parseHat(hatText.text) : null,
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

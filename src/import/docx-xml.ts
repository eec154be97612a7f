/**
 * The small part of a DOM that the .docx reader needs, over @xmldom/xmldom (the XML parser
 * mammoth already uses). Elements are matched by local name in the WordprocessingML namespaces
 * (transitional and strict), so the usual "w:" prefix is not assumed.
 * The package is loaded through require so that its type file, which pulls the browser DOM
 * library into the whole compilation, stays out of the bot's types.
 */
import { createRequire } from 'node:module';

export interface XmlAttr {
  localName: string | null;
  name: string;
  value: string;
}

export interface XmlElement {
  nodeType: number;
  localName: string | null;
  namespaceURI: string | null;
  data?: string;
  childNodes: ArrayLike<XmlElement>;
  attributes?: ArrayLike<XmlAttr>;
  documentElement?: XmlElement | null;
}

interface XmlDomModule {
  DOMParser: new (options: { errorHandler: Record<string, (msg: unknown) => void> }) => {
    parseFromString(xml: string, mime: string): XmlElement;
  };
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as XmlDomModule;

/** The document element of `xml`, or throws on a document that is not XML at all. */
export function parseXml(xml: string): XmlElement {
  const errors: unknown[] = [];
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: (m) => errors.push(m), fatalError: (m) => errors.push(m) },
  }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (!root || errors.length > 0) throw new Error(`malformed XML: ${String(errors[0] ?? 'no root element')}`);
  return root;
}

const WORD_NS = /(?:wordprocessingml\/2006\/main|ooxml\/wordprocessingml\/main)$/;

export const isElement = (n: XmlElement): boolean => n.nodeType === ELEMENT;
export const isText = (n: XmlElement): boolean => n.nodeType === TEXT || n.nodeType === CDATA;

/** Is `n` the WordprocessingML element `name` (any prefix)? */
export function isW(n: XmlElement, name: string): boolean {
  return n.nodeType === ELEMENT && n.localName === name && WORD_NS.test(n.namespaceURI ?? '');
}

export function childrenOf(el: XmlElement | null, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (!el) return out;
  for (let i = 0; i < el.childNodes.length; i++) if (isW(el.childNodes[i], name)) out.push(el.childNodes[i]);
  return out;
}

export function firstChild(el: XmlElement | null, name: string): XmlElement | null {
  if (!el) return null;
  for (let i = 0; i < el.childNodes.length; i++) if (isW(el.childNodes[i], name)) return el.childNodes[i];
  return null;
}

/** An attribute by local name ("w:val" → "val"), or null. */
export function attr(el: XmlElement | null, name: string): string | null {
  const attrs = el?.attributes;
  if (!attrs) return null;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if ((a.localName ?? a.name) === name) return a.value;
  }
  return null;
}

export function intAttr(el: XmlElement | null, name: string): number | null {
  const v = attr(el, name);
  if (v === null || !/^-?\d{1,9}$/.test(v)) return null;
  return +v;
}

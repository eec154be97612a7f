/**
 * The small part of a DOM that the .docx reader needs, from a linear XML reader of its own:
 * a Word part needs only elements, attributes and text, and xmldom (under mammoth) spent about
 * four times the CPU on it (2.4 s against 0.6 s for 100,000 paragraphs). One pass with indexOf
 * over the text; comments, processing instructions and CDATA are handled; a DOCTYPE is refused
 * (OOXML has none, and it is where entity-expansion attacks live); a mismatched end tag closes up
 * to its start tag or is ignored, so a damaged file gives the text it has rather than nothing.
 * Elements are matched by local name in the WordprocessingML namespaces (transitional and strict),
 * so the usual "w:" prefix is not assumed.
 */

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
}

const ELEMENT = 1;
const TEXT = 3;

interface MutableElement extends XmlElement {
  childNodes: XmlElement[];
  attributes: XmlAttr[];
  /** The tag as written ("w:p"), to match its end tag. */
  qname: string;
  prefix: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Entity references decoded in one pass; an unknown one is kept as written. */
function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : m;
  });
}

const isSpaceCode = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Name and attributes of a start tag's inside ("w:p w:rsidR=\"00\""), scanned once. */
function readTag(inner: string): { qname: string; attributes: XmlAttr[] } {
  let i = 0;
  while (i < inner.length && !isSpaceCode(inner.charCodeAt(i))) i++;
  const qname = inner.slice(0, i);
  const attributes: XmlAttr[] = [];
  while (i < inner.length) {
    while (i < inner.length && isSpaceCode(inner.charCodeAt(i))) i++;
    const eq = inner.indexOf('=', i);
    if (eq < 0) break;
    const name = inner.slice(i, eq).trim();
    let q = eq + 1;
    while (q < inner.length && isSpaceCode(inner.charCodeAt(q))) q++;
    const quote = inner[q];
    if (quote !== '"' && quote !== "'") break;
    const end = inner.indexOf(quote, q + 1);
    if (end < 0) break;
    const colon = name.indexOf(':');
    attributes.push({ name, localName: colon < 0 ? name : name.slice(colon + 1), value: decode(inner.slice(q + 1, end)) });
    i = end + 1;
  }
  return { qname, attributes };
}

/** Index of the ">" that ends the tag starting at `lt`, outside quoted attribute values; -1 if none. */
function tagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
  }
  return -1;
}

/** The document element of `xml`; throws when the text has none or declares a DOCTYPE. */
export function parseXml(xml: string): XmlElement {
  const namespaces = new Map<string, string>();
  const root: MutableElement = {
    nodeType: ELEMENT,
    localName: null,
    namespaceURI: null,
    childNodes: [],
    attributes: [],
    qname: '',
    prefix: '',
  };
  const stack: MutableElement[] = [root];
  const open = new Map<string, number>();
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i && stack.length > 1)
      stack[stack.length - 1].childNodes.push({
        nodeType: TEXT,
        localName: null,
        namespaceURI: null,
        childNodes: [],
        data: decode(xml.slice(i, textEnd)),
      });
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      i = end < 0 ? xml.length : end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      const stop = end < 0 ? xml.length : end;
      if (stack.length > 1)
        stack[stack.length - 1].childNodes.push({
          nodeType: TEXT,
          localName: null,
          namespaceURI: null,
          childNodes: [],
          data: xml.slice(lt + 9, stop),
        });
      i = end < 0 ? xml.length : end + 3;
    } else if (xml.startsWith('<!', lt)) {
      throw new Error('DOCTYPE or declaration in a Word part');
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      i = end < 0 ? xml.length : end + 2;
    } else {
      const gt = tagEnd(xml, lt);
      if (gt < 0) break;
      i = gt + 1;
      if (xml[lt + 1] === '/') {
        const qname = xml.slice(lt + 2, gt).trim();
        // Close up to the matching start tag; an end tag without one is ignored. The count of open
        // elements per name decides that at once, and every element is popped once: linear.
        if (!open.get(qname)) continue;
        for (;;) {
          const el = stack.pop()!;
          open.set(el.qname, open.get(el.qname)! - 1);
          if (el.qname === qname) break;
        }
        continue;
      }
      const selfClosing = xml[gt - 1] === '/';
      const { qname, attributes } = readTag(xml.slice(lt + 1, selfClosing ? gt - 1 : gt));
      for (const a of attributes) {
        if (a.name === 'xmlns') namespaces.set('', a.value);
        else if (a.name.startsWith('xmlns:')) namespaces.set(a.name.slice(6), a.value);
      }
      const colon = qname.indexOf(':');
      const prefix = colon < 0 ? '' : qname.slice(0, colon);
      const el: MutableElement = {
        nodeType: ELEMENT,
        localName: colon < 0 ? qname : qname.slice(colon + 1),
        namespaceURI: null,
        childNodes: [],
        attributes,
        qname,
        prefix,
      };
      stack[stack.length - 1].childNodes.push(el);
      if (!selfClosing) {
        stack.push(el);
        open.set(qname, (open.get(qname) ?? 0) + 1);
      }
    }
  }
  const top = root.childNodes.find((n) => n.nodeType === ELEMENT) as MutableElement | undefined;
  if (!top) throw new Error('malformed XML: no root element');
  // Namespaces are declared on the root in every Word part; resolved once the map is complete.
  const resolve = [top as MutableElement];
  while (resolve.length > 0) {
    const el = resolve.pop()!;
    el.namespaceURI = namespaces.get(el.prefix) ?? null;
    for (const c of el.childNodes) if (c.nodeType === ELEMENT) resolve.push(c as MutableElement);
  }
  return top;
}

const WORD_NS = /(?:wordprocessingml\/2006\/main|ooxml\/wordprocessingml\/main)$/;

export const isElement = (n: XmlElement): boolean => n.nodeType === ELEMENT;
export const isText = (n: XmlElement): boolean => n.nodeType === TEXT;

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

/**
 * A small XML walker, without regular expressions, strict where a browser is
 * lenient: one root, every tag closed in order, attributes quoted and unique,
 * `&` only in a known entity, no raw `<` in text or attribute values. The
 * tests of `vmspec show` read its SVG with it: well-formed, and what it says.
 */

/** An element, with its attributes and its own text (entities decoded, children's text not included). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  text: string;
  readonly children: XmlElement[];
}

export type XmlWalk = { readonly ok: true; readonly root: XmlElement; readonly elements: readonly XmlElement[] } | { readonly ok: false; readonly error: string };

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r';

class XmlError extends Error {}

/** `text` with its entities decoded; a bare `&`, an unknown entity or a `<` is an error. */
function decode(text: string, at: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '<') throw new XmlError(`raw '<' at ${at + i}`);
    if (c !== '&') {
      out += c;
      continue;
    }
    const end = text.indexOf(';', i);
    if (end < 0) throw new XmlError(`bare '&' at ${at + i}`);
    const name = text.slice(i + 1, end);
    const code = name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : name.startsWith('#') ? Number.parseInt(name.slice(1), 10) : undefined;
    const value = code === undefined ? NAMED[name] : Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
    if (value === undefined) throw new XmlError(`unknown entity '&${name};' at ${at + i}`);
    out += value;
    i = end;
  }
  return out;
}

/** Walks `doc`: its elements in document order, or the first thing wrong with it. */
export function walkXml(doc: string): XmlWalk {
  const elements: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = doc.startsWith('<?xml') ? doc.indexOf('?>') + 2 : 0;
  try {
    while (i < doc.length) {
      if (doc[i] !== '<') {
        const end = doc.indexOf('<', i) < 0 ? doc.length : doc.indexOf('<', i);
        const text = decode(doc.slice(i, end), i);
        const top = stack.at(-1);
        if (top) top.text += text;
        else if ([...text].some((c) => !isSpace(c))) throw new XmlError(`text outside the root at ${i}`);
        i = end;
      } else if (doc.startsWith('<!--', i)) {
        const end = doc.indexOf('-->', i);
        if (end < 0) throw new XmlError(`unclosed comment at ${i}`);
        i = end + 3;
      } else if (doc.startsWith('</', i)) {
        const end = doc.indexOf('>', i);
        const name = doc.slice(i + 2, end < 0 ? doc.length : end).trim();
        const open = stack.pop();
        if (open?.name !== name) throw new XmlError(`</${name}> at ${i} closes ${open ? `<${open.name}>` : 'nothing'}`);
        i = end + 1;
      } else i = openTag(doc, i + 1);
    }
    if (stack.length > 0) throw new XmlError(`<${stack.at(-1)!.name}> is never closed`);
    if (root === undefined) throw new XmlError('no root element');
    return { ok: true, root, elements };
  } catch (error) {
    if (error instanceof XmlError) return { ok: false, error: error.message };
    throw error;
  }

  /** Reads the tag that starts at `start` (after `<`); returns where the document goes on. */
  function openTag(text: string, start: number): number {
    let j = start;
    while (j < text.length && !isSpace(text[j]) && text[j] !== '>' && text[j] !== '/') j++;
    const name = text.slice(start, j);
    if (name === '') throw new XmlError(`a tag without a name at ${start}`);
    const attributes: Record<string, string> = {};
    for (;;) {
      while (isSpace(text[j])) j++;
      if (j >= text.length) throw new XmlError(`<${name}> runs off the end`);
      if (text[j] === '>' || text.startsWith('/>', j)) break;
      const eq = text.indexOf('=', j);
      const attribute = text.slice(j, eq).trim();
      const quote = text[eq + 1];
      if (eq < 0 || attribute === '' || (quote !== '"' && quote !== "'")) throw new XmlError(`an unquoted attribute in <${name}> at ${j}`);
      const close = text.indexOf(quote, eq + 2);
      if (close < 0) throw new XmlError(`an unclosed attribute in <${name}> at ${j}`);
      if (attribute in attributes) throw new XmlError(`attribute '${attribute}' twice in <${name}>`);
      attributes[attribute] = decode(text.slice(eq + 2, close), eq + 2);
      j = close + 1;
    }
    const element: XmlElement = { name, attributes, text: '', children: [] };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root === undefined) root = element;
    else throw new XmlError(`a second root <${name}> at ${start}`);
    elements.push(element);
    if (text[j] === '>') {
      stack.push(element);
      return j + 1;
    }
    return j + 2;
  }
}

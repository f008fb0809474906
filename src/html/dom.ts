/** The parts of the parsed tree (cheerio's parse5 output) the HTML features read, and walks over it. */

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** A node of the parsed document: an element, text, a comment or the document itself. */
export interface DomNode {
  type: string;
  parent: DomNode | null;
  children?: DomNode[];
  data?: string;
}

/** An element of the parsed document; names are lower-case, as the HTML parser leaves them. */
export interface DomElement extends DomNode {
  name: string;
  attribs: Record<string, string>;
  children: DomNode[];
  namespace?: string;
}

/** True for element nodes (`script` and `style` elements have their own node types). */
export function isElement(node: DomNode | null | undefined): node is DomElement {
  return node !== null && node !== undefined && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** True for an element in the HTML namespace with the given local name. */
export function isHtml(node: DomNode | null | undefined, name: string): node is DomElement {
  return isElement(node) && node.name === name && (node.namespace === undefined || node.namespace === HTML_NS);
}

/** An attribute's value, or undefined when it is absent. */
export function attr(element: DomElement, name: string): string | undefined {
  return Object.hasOwn(element.attribs, name) ? element.attribs[name] : undefined;
}

/**
 * Every element under `root` in tree order. A `template`'s contents are another document
 * fragment in the DOM, so they are not walked.
 */
export function* elementsIn(root: DomNode): Generator<DomElement> {
  const stack = [...(root.children ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    yield node;
    if (node.name !== 'template') for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}

/** The nearest ancestor (not the element itself) that is an HTML element with this name. */
export function ancestorNamed(element: DomNode, name: string): DomElement | undefined {
  for (let node = element.parent; node; node = node.parent) if (isHtml(node, name)) return node;
  return undefined;
}

/** The document or fragment a node belongs to. */
export function rootOf(node: DomNode): DomNode {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

/** True when `node` is `ancestor` or inside it. */
export function isInclusiveDescendant(node: DomNode, ancestor: DomNode): boolean {
  for (let current: DomNode | null = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** The concatenated data of the element's text children (the spec's "child text content"). */
export function childTextContent(element: DomElement): string {
  return element.children.map((child) => (child.type === 'text' ? (child.data ?? '') : '')).join('');
}

/** All text under `node`, leaving out the elements `skip` names (and template contents). */
export function textContent(node: DomNode, skip: ReadonlySet<string> = new Set()): string {
  let out = '';
  const walk = (current: DomNode) => {
    for (const child of current.children ?? []) {
      if (child.type === 'text') out += child.data ?? '';
      else if (isElement(child) && !skip.has(child.name) && child.name !== 'template') walk(child);
    }
  };
  walk(node);
  return out;
}

/** Strips leading and trailing ASCII whitespace and collapses inner runs to one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\t\n\f\r ]+/g, ' ').replace(/^ | $/g, '');
}

/** How an element is shown in a message: its tag with the attributes that identify it. */
export function describeElement(element: DomElement, names: readonly string[] = ['id', 'name', 'type', 'value', 'href', 'action', 'method']): string {
  const shown = names.filter((n) => attr(element, n) !== undefined).map((n) => ` ${n}=${JSON.stringify(attr(element, n))}`);
  return `<${element.name}${shown.join('')}>`;
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'option', 'p', 'pre', 'section',
  'summary', 'table', 'td', 'th', 'title', 'tr', 'ul',
]);
const INVISIBLE = new Set(['script', 'style', 'template', 'noscript']);

/** The text a reader sees: text content without scripts and styles, block elements separated by a space. */
export function visibleText(node: DomNode): string {
  const parts: string[] = [];
  const walk = (current: DomNode) => {
    for (const child of current.children ?? []) {
      if (child.type === 'text') parts.push(child.data ?? '');
      else if (isElement(child) && !INVISIBLE.has(child.name)) {
        const block = BLOCK.has(child.name);
        if (block) parts.push(' ');
        walk(child);
        if (block) parts.push(' ');
      }
    }
  };
  walk(node);
  return collapseWhitespace(parts.join(''));
}

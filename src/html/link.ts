/** The links of a page and following one. */
import { ExpectationError } from '../errors/expectation-error.js';
import type { TestRequest } from '../request/test-request.js';
import { attr, collapseWhitespace, describeElement, elementsIn, isHtml, textContent, type DomElement, type DomNode } from './dom.js';
import { navigate, type PageContext } from './navigate.js';

/**
 * Which link to follow: every given criterion must hold.
 *
 * @example
 * page.click({ text: /next/i, selector: 'nav a', index: 0 });
 */
export interface LinkQuery {
  /** The link's text (whitespace collapsed): a string must equal it, a RegExp match it. */
  text?: string | RegExp;
  /** A CSS selector the `<a>` element itself must match, e.g. `'nav a.next'`. */
  selector?: string;
  /** The `href`: a string must equal the resolved URL or the attribute as written; a RegExp match either. */
  href?: string | RegExp;
  /** Which of several matching links, from 0. */
  index?: number;
}

/**
 * A link of a page (`<a href>`).
 *
 * @example
 * const page = await api.get('/');
 * page.links.map((l) => `${l.text} → ${l.href}`); // ['Notes → http://localhost/notes', …]
 * await page.links[0]!.click().expect(200);
 */
export interface Link {
  /** The text of the link, whitespace collapsed. */
  readonly text: string;
  /** The `href` resolved against the page's base URL (as written if it is not a valid URL). */
  readonly href: string;
  /** The `href` attribute as written. */
  readonly rawHref: string;
  /** The `id` attribute, if any. */
  readonly id: string | undefined;
  /** Follows the link: `GET href` through the same test app, with the page as `Referer`. */
  click(): TestRequest;
}

/** The element behind each link, for selector matching. */
export const linkElements = new WeakMap<Link, DomElement>();

/** The page's `<a href>` links in document order. */
export function readLinks(root: DomNode, page: PageContext): Link[] {
  const links: Link[] = [];
  for (const element of elementsIn(root)) {
    if (!isHtml(element, 'a')) continue;
    const rawHref = attr(element, 'href');
    if (rawHref === undefined) continue;
    let href = rawHref;
    try {
      href = new URL(rawHref, page.baseUrl).href;
    } catch {
      // kept as written; following it fails with the reason
    }
    const link: Link = { text: collapseWhitespace(textContent(element)), href, rawHref, id: attr(element, 'id'), click: () => navigate(page, 'GET', stripHash(href)) };
    linkElements.set(link, element);
    links.push(link);
  }
  return links;
}

function stripHash(href: string): string {
  const hash = href.indexOf('#');
  return hash < 0 ? href : href.slice(0, hash);
}

const test = (pattern: string | RegExp, ...texts: string[]) =>
  texts.some((text) => (typeof pattern === 'string' ? text === pattern : new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text)));

/**
 * The one link matching `query` (`selected` are the elements the selector matched); fails
 * listing the candidates when none or several match.
 */
export function findLink(links: readonly Link[], query: LinkQuery, selected: ReadonlySet<DomNode> | undefined, page: PageContext): Link {
  const matches = links.filter(
    (link) =>
      (query.text === undefined || test(query.text, link.text)) &&
      (query.href === undefined || test(query.href, link.href, link.rawHref)) &&
      (selected === undefined || selected.has(linkElements.get(link)!)),
  );
  const chosen = query.index === undefined ? (matches.length === 1 ? matches[0] : undefined) : matches[query.index];
  if (chosen) return chosen;
  const wanted = Object.entries(query).map(([key, value]) => `${key}: ${value instanceof RegExp ? String(value) : JSON.stringify(value)}`).join(', ');
  const list = (shown: readonly Link[]) => shown.map((l) => `  ${JSON.stringify(l.text)} → ${l.href}  ${describeElement(linkElements.get(l)!, ['id', 'class'])}`).join('\n');
  const headline =
    matches.length === 0 || query.index !== undefined
      ? `no link matches { ${wanted} }${query.index !== undefined ? ` (${matches.length} matched before the index)` : ''}; ${links.length === 0 ? 'the page has no links' : `the page's links:\n${list(links)}`}`
      : `${matches.length} links match { ${wanted} }; narrow it down or pass index:\n${list(matches)}`;
  throw new ExpectationError(headline, { ...page.failure, expected: query, actual: matches.map((l) => ({ text: l.text, href: l.href })) });
}

/** A response's HTML, parsed once, and what is read from it: links, forms, text. */
import { createRequire } from 'node:module';
import type { CheerioAPI } from 'cheerio';
import { ExpectationError } from '../errors/expectation-error.js';
import type { FailureContext } from '../errors/tandem-error.js';
import type { TestRequest } from '../request/test-request.js';
import type { ResponseSummary } from '../format/exchange.js';
import { attr, elementsIn, isHtml, visibleText, type DomElement, type DomNode } from './dom.js';
import { Form } from './form.js';
import { FormControl, isSubmittable } from './form-control.js';
import { FormList } from './form-list.js';
import { findLink, readLinks, type Link, type LinkQuery } from './link.js';
import { checkContains, type MustContainArgument } from './must-contain.js';
import type { PageContext } from './navigate.js';
import type { Navigator } from '../response/navigator.js';

const require = createRequire(import.meta.url);
let cheerio: typeof import('cheerio') | undefined;

const HTML_TYPE = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

/** The response fields a page is built from. */
export interface PageSource extends ResponseSummary {
  readonly url: string;
  readonly text: string;
  readonly request: NonNullable<FailureContext['request']>;
  readonly target: FailureContext['target'];
}

/** The forms of a document and their controls (each control goes to its form owner). */
function readForms(root: DomNode, page: PageContext): Form[] {
  const elements = [...elementsIn(root)];
  const firstWithId = new Map<string, DomElement>();
  for (const element of elements) {
    const id = attr(element, 'id');
    if (id !== undefined && !firstWithId.has(id)) firstWithId.set(id, element);
  }
  const formElements = elements.filter((e) => isHtml(e, 'form'));
  const controls = new Map<DomElement, FormControl[]>(formElements.map((f) => [f, []]));
  for (const element of elements) {
    if (!isSubmittable(element)) continue;
    const formAttr = attr(element, 'form');
    let owner: DomElement | undefined;
    if (formAttr !== undefined) {
      const target = firstWithId.get(formAttr);
      owner = target && isHtml(target, 'form') ? target : undefined;
    } else {
      for (let node = element.parent; node && !owner; node = node.parent) if (isHtml(node, 'form')) owner = node;
    }
    if (owner) controls.get(owner)?.push(new FormControl(element));
  }
  for (const list of controls.values()) {
    // In a radio group, a later checked button unchecks the ones before it, as the parser inserts them.
    const lastChecked = new Map<string, FormControl>();
    for (const control of list) if (control.type === 'radio' && control.name && control.checked) lastChecked.set(control.name, control);
    for (const control of list) if (control.type === 'radio' && control.name && control.checked) control.checked = lastChecked.get(control.name) === control;
  }
  return formElements.map((element, index) => new Form(element, index, controls.get(element)!, page));
}

/**
 * A response body as an HTML page: parsed once (with parse5, as browsers parse), then links,
 * forms and text read from it on first use.
 *
 * @example
 * const page = new HtmlPage(res);
 * page.$('h1').text();
 */
export class HtmlPage {
  readonly #source: PageSource;
  #$: CheerioAPI | undefined;
  #context: PageContext | undefined;
  #forms: FormList | undefined;
  #links: Link[] | undefined;

  readonly #navigator: Navigator | undefined;

  /** `navigator` sends the page's links and forms onward; without one they cannot be followed. */
  constructor(source: PageSource, navigator?: Navigator) {
    this.#source = source;
    this.#navigator = navigator;
  }

  get #failure(): FailureContext {
    return { request: this.#source.request, response: this.#source, target: this.#source.target };
  }

  /** True when the response says it is HTML, or says nothing about its type. */
  get isHtml(): boolean {
    const type = this.#source.headers.get('content-type');
    return type === null || HTML_TYPE.test(type);
  }

  /** The parsed document; fails when the response is not HTML. */
  get $(): CheerioAPI {
    if (!this.#$) {
      if (!this.isHtml) {
        throw new ExpectationError(`expected an HTML response (Content-Type text/html), got ${this.#source.headers.get('content-type')}`, {
          ...this.#failure,
          expected: 'text/html',
          actual: this.#source.headers.get('content-type'),
        });
      }
      // cheerio loads on the first HTML page, not with tandem: API-only suites never pay for it.
      cheerio ??= require('cheerio') as typeof import('cheerio');
      this.#$ = cheerio.load(this.#source.text);
    }
    return this.#$;
  }

  get #root(): DomNode {
    return this.$.root()[0] as unknown as DomNode;
  }

  get #page(): PageContext {
    if (!this.#context) {
      const base = [...elementsIn(this.#root)].find((e) => isHtml(e, 'base') && attr(e, 'href') !== undefined);
      let baseUrl = this.#source.url;
      try {
        if (base) baseUrl = new URL(attr(base, 'href')!, this.#source.url).href;
      } catch {
        // an invalid <base href> is ignored, as browsers do
      }
      this.#context = { url: this.#source.url, baseUrl, client: this.#navigator, failure: this.#failure };
    }
    return this.#context;
  }

  /** The page's forms. */
  get forms(): FormList {
    this.#forms ??= FormList.fromPage(readForms(this.#root, this.#page), this.#failure);
    return this.#forms;
  }

  /** The page's `<a href>` links. */
  get links(): Link[] {
    this.#links ??= readLinks(this.#root, this.#page);
    return this.#links;
  }

  /** Follows the one link matching `query`. */
  click(query: string | RegExp | LinkQuery): TestRequest {
    const q = typeof query === 'string' || query instanceof RegExp ? { text: query } : query;
    const selected = q.selector === undefined ? undefined : new Set<DomNode>(this.$(q.selector).toArray());
    return findLink(this.links, q, selected, this.#page).click();
  }

  /** Checks the page's text (an HTML page's visible text, whitespace collapsed; other bodies as they are). */
  mustContain(args: readonly MustContainArgument[]): void {
    if (this.isHtml) checkContains(visibleText(this.#root), args, true, this.#failure, 'page text');
    else checkContains(this.#source.text, args, false, this.#failure, 'body');
  }
}

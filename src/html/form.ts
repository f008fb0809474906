/** A form of a page: its fields with their current values, and its submission. */
import { FormError } from '../errors/form-error.js';
import type { TestRequest } from '../request/test-request.js';
import { attr, describeElement, type DomElement } from './dom.js';
import { constructEntryList, type FormEntry } from './entry-list.js';
import { planSubmission, type FormEnctype } from './form-encoding.js';
import type { FormControl } from './form-control.js';
import { navigate, type PageContext } from './navigate.js';

/**
 * Which button submits the form: by name, value, visible text and/or position among the matches; `x`/`y` for an image button.
 *
 * @example
 * form.submit({ name: 'action', value: 'delete' });
 * form.submit({ text: /save/i, index: 0 });
 */
export interface SubmitterQuery {
  /** The button's `name`. */
  name?: string;
  /** The button's `value`. */
  value?: string;
  /** The button's text (a `button`'s content, an `input`'s value, an image's `alt`): a string matches it exactly, a RegExp anywhere. */
  text?: string | RegExp;
  /** Which of several matching buttons, from 0. */
  index?: number;
  /** Where an image button was clicked. @default 0 */
  x?: number;
  /** Where an image button was clicked. @default 0 */
  y?: number;
}

/** A field of a form as the test sees it: its name, type and current value(s). */
export interface FormField {
  readonly name: string;
  /** The input type (`text`, `checkbox`, …), `select-one`, `select-multiple`, `textarea`, or the button type. */
  readonly type: string;
  /** For checkboxes and radios: the value sent when checked. For others: the current value. */
  readonly value: string;
  readonly disabled: boolean;
  /** For checkboxes and radios. */
  readonly checked?: boolean;
  /** For selects: the options' values. */
  readonly options?: readonly string[];
}

const ENCTYPES: readonly FormEnctype[] = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

const matchText = (pattern: string | RegExp, text: string) => (typeof pattern === 'string' ? text === pattern : new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text));
const bytesOf = (data: Uint8Array | ArrayBuffer | string | Blob): Blob | Uint8Array<ArrayBuffer> | string => (data instanceof Blob || typeof data === 'string' ? data : new Uint8Array(data));

/**
 * A form on a page. Its fields start with the markup's defaults; `set`, `check`, `uncheck`,
 * `select` and `upload` change them as a user would, refusing fields, options and values that
 * do not exist (the error lists the valid ones). `submit()` sends it through the same test app.
 *
 * @example
 * const page = await api.get('/login');
 * const form = page.forms.byId('login');
 * form.set('user', 'ann').set('password', 's3cret').check('remember');
 * await form.submit().expect(303);
 */
export class Form {
  /** The form's position among the page's forms, from 0. */
  readonly index: number;
  /** The `id` attribute, if any. */
  readonly id: string | undefined;
  /** The `name` attribute, if any. */
  readonly name: string | undefined;
  readonly #element: DomElement;
  readonly #controls: readonly FormControl[];
  readonly #page: PageContext;

  constructor(element: DomElement, index: number, controls: readonly FormControl[], page: PageContext) {
    this.#element = element;
    this.index = index;
    this.id = attr(element, 'id');
    this.name = attr(element, 'name');
    this.#controls = controls;
    this.#page = page;
  }

  /** `GET`, `POST` or `DIALOG`, from the `method` attribute (anything else means GET). */
  get method(): 'GET' | 'POST' | 'DIALOG' {
    return methodOf(attr(this.#element, 'method')) ?? 'GET';
  }

  /** The action URL, resolved against the page's base URL; the page URL when `action` is absent or empty. */
  get action(): string {
    return this.#resolveAction(attr(this.#element, 'action'));
  }

  /** The encoding of a POST body, from `enctype` (anything else means URL-encoded). */
  get enctype(): FormEnctype {
    return enctypeOf(attr(this.#element, 'enctype')) ?? 'application/x-www-form-urlencoded';
  }

  /** The form's fields (every named control, buttons included) in document order. */
  get fields(): FormField[] {
    return this.#controls.filter((c) => c.name && c.tag !== 'object').map((c) => describeField(c));
  }

  /**
   * The current value of the named field: a string, or for a multiple select, checkboxes and
   * repeated fields the list of values that would be sent. Unknown names fail with the valid ones.
   */
  get(name: string): string | string[] {
    const controls = this.#named(name);
    const values = constructEntryList(controls).filter(([n]) => n === name).map(([, v]) => (typeof v === 'string' ? v : v.name));
    const single = controls.length === 1 && !controls[0]!.isMultiple && controls[0]!.type !== 'checkbox';
    return single ? (values[0] ?? '') : values;
  }

  /**
   * The entry list the form would send when submitted by `submitter` (or by no button): the
   * spec's form data set, in document order.
   *
   * @example
   * form.entries(); // [['user', 'ann'], ['remember', 'on']]
   */
  entries(submitter?: string | SubmitterQuery): FormEntry[] {
    const chosen = submitter === undefined ? undefined : this.#submitter(submitter);
    return constructEntryList(this.#controls, chosen && { control: chosen, ...coordinates(submitter) });
  }

  /**
   * Types `value` into a text-like field (input, textarea, hidden), chooses it in a single
   * select, or checks the radio button with that value. With several fields of that name, `index`
   * picks one (from 0). A value the input type would refuse (e.g. `abc` for a number) fails.
   */
  set(name: string, value: string | number, index?: number): this {
    const text = String(value);
    const controls = this.#named(name);
    const kinds = new Set(controls.map((c) => (c.tag === 'select' ? 'select' : c.type === 'radio' ? 'radio' : c.isTyped ? 'typed' : c.type)));
    if (kinds.size === 1 && kinds.has('radio')) return this.check(name, text);
    if (kinds.size === 1 && kinds.has('select')) return this.#selectIn(this.#pick(name, controls, index), [text]);
    const typed = controls.filter((c) => c.isTyped);
    if (typed.length === 0) {
      const hint = kinds.has('checkbox') ? 'use .check() or .uncheck()' : kinds.has('file') ? 'use .upload()' : 'only text-like fields, selects and radios take a value';
      throw this.#fail(`cannot set field "${name}": it is ${controls.map((c) => c.describe()).join(', ')}; ${hint}`);
    }
    const control = this.#pick(name, typed, index);
    this.#usable(control);
    const sanitized = control.sanitized(text);
    if (sanitized !== text) {
      throw this.#fail(`cannot set field "${name}" to ${JSON.stringify(text)}: an input of type ${control.type} would hold ${JSON.stringify(sanitized)} instead`);
    }
    control.value = text;
    return this;
  }

  /**
   * Checks a checkbox, or chooses a radio button (unchecking the rest of its group). `value`
   * picks one among several of that name; it may be left out when there is only one.
   */
  check(name: string, value?: string): this {
    const control = this.#checkable(name, value, 'check');
    this.#usable(control);
    if (control.type === 'radio') for (const other of this.#controls) if (other.type === 'radio' && other.name === name) other.checked = false;
    control.checked = true;
    return this;
  }

  /** Unchecks a checkbox (a radio button cannot be unchecked: check another one). */
  uncheck(name: string, value?: string): this {
    const control = this.#checkable(name, value, 'uncheck');
    if (control.type === 'radio') throw this.#fail(`cannot uncheck radio button "${name}": check another value of the group instead`);
    this.#usable(control);
    control.checked = false;
    return this;
  }

  /**
   * Chooses options of a select by value: one value for a single select, a list (the whole new
   * selection) for a multiple select. Options that do not exist or are disabled fail, listing the valid ones.
   */
  select(name: string, values: string | readonly string[], index?: number): this {
    const selects = this.#named(name).filter((c) => c.tag === 'select');
    if (selects.length === 0) throw this.#fail(`field "${name}" is not a select; it is ${this.#named(name).map((c) => c.describe()).join(', ')}`);
    return this.#selectIn(this.#pick(name, selects, index), typeof values === 'string' ? [values] : values);
  }

  /**
   * Attaches a file to a file input: replaces the file of a single input, adds one to an input
   * with `multiple`.
   *
   * @example
   * form.upload('avatar', await readFile('ann.png'), 'ann.png', 'image/png');
   */
  upload(name: string, data: Uint8Array | ArrayBuffer | string | Blob, filename: string, type = 'application/octet-stream'): this {
    const inputs = this.#named(name).filter((c) => c.type === 'file');
    if (inputs.length === 0) throw this.#fail(`field "${name}" is not a file input; it is ${this.#named(name).map((c) => c.describe()).join(', ')}`);
    const input = this.#pick(name, inputs, undefined);
    this.#usable(input);
    const file = new File([bytesOf(data)], filename, { type });
    input.files = attr(input.element, 'multiple') === undefined ? [file] : [...input.files, file];
    return this;
  }

  /**
   * Submits the form through the test app the page came from, as a browser does: the method,
   * action and encoding of the form (or the submitter's `formmethod`, `formaction`,
   * `formenctype`), `Referer` set to the page (and `Origin` on POST). GET replaces the action's
   * query with the fields. Returns the request, so expectations can be chained.
   *
   * @example
   * await page.form.set('q', 'tea').submit().expect(200);
   * await page.form.submit({ name: 'action', value: 'delete' }).expect(303);
   */
  submit(submitter?: string | SubmitterQuery): TestRequest {
    const button = submitter === undefined ? undefined : this.#submitter(submitter);
    const method = (button && methodOf(attr(button.element, 'formmethod'), 'GET')) ?? this.method;
    if (method === 'DIALOG') throw this.#fail('this form has method="dialog": submitting it closes a dialog in the browser and sends no request');
    const action = button && attr(button.element, 'formaction') !== undefined ? this.#resolveAction(attr(button.element, 'formaction')) : this.action;
    const enctype = (button && enctypeOf(attr(button.element, 'formenctype'), 'application/x-www-form-urlencoded')) ?? this.enctype;
    const entries = constructEntryList(this.#controls, button && { control: button, ...coordinates(submitter) });
    const planned = planSubmission(method, action, enctype, entries);
    const request = navigate(this.#page, planned.method, planned.url);
    if (planned.method === 'GET') return request;
    const withOrigin = request.set('Origin', new URL(this.#page.url).origin);
    return withOrigin.send(planned.body ?? '', planned.contentType);
  }

  /** How the form is named in messages: its position and identifying attributes. */
  describe(): string {
    return `form #${this.index} ${describeElement(this.#element, ['id', 'name', 'method', 'action'])}`;
  }

  #resolveAction(action: string | undefined): string {
    if (action === undefined || action === '') return this.#page.url;
    try {
      return new URL(action, this.#page.baseUrl).href;
    } catch (error) {
      throw this.#fail(`the form's action ${JSON.stringify(action)} is not a valid URL`, error);
    }
  }

  #fail(headline: string, cause?: unknown): FormError {
    return new FormError(`${this.describe()}: ${headline}`, { ...this.#page.failure, cause });
  }

  #fieldList(): string {
    const lines = this.#controls.filter((c) => c.name && c.tag !== 'object' && !c.isButton).map((c) => describeField(c));
    if (lines.length === 0) return 'the form has no named fields';
    return `its fields:\n${lines.map((f) => `  ${f.name} (${f.type}${f.options ? `: ${f.options.map((o) => JSON.stringify(o)).join(', ')}` : f.checked !== undefined ? `: ${JSON.stringify(f.value)}` : ''})${f.disabled ? ' disabled' : ''}`).join('\n')}`;
  }

  #named(name: string): FormControl[] {
    const controls = this.#controls.filter((c) => c.name === name && c.tag !== 'object' && !c.isButton);
    if (controls.length === 0) throw this.#fail(`no field named ${JSON.stringify(name)}; ${this.#fieldList()}`);
    return controls;
  }

  #pick(name: string, controls: readonly FormControl[], index: number | undefined): FormControl {
    if (index === undefined) {
      if (controls.length === 1) return controls[0]!;
      throw this.#fail(`${controls.length} fields are named ${JSON.stringify(name)}; pass an index (0 to ${controls.length - 1}):\n${controls.map((c, i) => `  ${i}: ${c.describe()}`).join('\n')}`);
    }
    const control = controls[index];
    if (!control) throw this.#fail(`no field ${JSON.stringify(name)} at index ${index}; there ${controls.length === 1 ? 'is 1' : `are ${controls.length}`}`);
    return control;
  }

  #usable(control: FormControl): void {
    if (control.disabled) throw this.#fail(`field ${JSON.stringify(control.name)} is disabled (${control.describe()}): a user cannot change it and it is not submitted`);
  }

  #checkable(name: string, value: string | undefined, verb: string): FormControl {
    const boxes = this.#named(name).filter((c) => c.type === 'checkbox' || c.type === 'radio');
    if (boxes.length === 0) throw this.#fail(`cannot ${verb} field "${name}": it is ${this.#named(name).map((c) => c.describe()).join(', ')}, not a checkbox or radio button`);
    const matching = value === undefined ? boxes : boxes.filter((c) => c.value === value);
    const choices = boxes.map((c) => JSON.stringify(c.value)).join(', ');
    if (matching.length === 0) throw this.#fail(`no ${boxes[0]!.type} "${name}" with value ${JSON.stringify(value)}; its values: ${choices}`);
    if (matching.length > 1) throw this.#fail(`${matching.length} ${boxes[0]!.type}es are named "${name}"; pass the value to ${verb}: ${choices}`);
    return matching[0]!;
  }

  #selectIn(control: FormControl, values: readonly string[]): this {
    this.#usable(control);
    const choices = control.options.map((o) => `  ${JSON.stringify(o.value)}${o.label !== o.value ? ` (${o.label})` : ''}${o.disabled ? ' disabled' : ''}`).join('\n');
    if (!control.isMultiple && values.length !== 1) throw this.#fail(`select "${control.name}" takes exactly one value (it is not multiple), got ${values.length}; its options:\n${choices}`);
    const chosen = new Set<number>();
    for (const value of values) {
      const index = control.options.findIndex((o) => o.value === value && !o.disabled);
      if (index < 0) {
        const disabled = control.options.some((o) => o.value === value);
        throw this.#fail(`select "${control.name}" has no ${disabled ? 'enabled ' : ''}option with value ${JSON.stringify(value)}; its options:\n${choices}`);
      }
      chosen.add(index);
    }
    control.options.forEach((option, i) => (option.selected = chosen.has(i)));
    return this;
  }

  #submitter(query: string | SubmitterQuery): FormControl {
    const q = typeof query === 'string' ? { name: query } : query;
    const buttons = this.#controls.filter((c) => c.isSubmitButton);
    const matches = buttons.filter(
      (c) => (q.name === undefined || c.name === q.name) && (q.value === undefined || c.value === q.value) && (q.text === undefined || matchText(q.text, c.label)),
    );
    const list = buttons.length === 0 ? 'the form has no submit buttons' : `its submit buttons:\n${buttons.map((c) => `  ${c.describe()}${c.label && c.label !== c.value ? ` ${JSON.stringify(c.label)}` : ''}${c.disabled ? ' disabled' : ''}`).join('\n')}`;
    const wanted = JSON.stringify({ ...q, text: q.text instanceof RegExp ? String(q.text) : q.text });
    let button: FormControl | undefined;
    if (q.index !== undefined) button = matches[q.index];
    else if (matches.length === 1) button = matches[0];
    else if (matches.length > 1) throw this.#fail(`${matches.length} submit buttons match ${wanted}; pass index, value or text to choose one; ${list}`);
    if (!button) throw this.#fail(`no submit button matches ${wanted}; ${list}`);
    if (button.disabled) throw this.#fail(`submit button ${button.describe()} is disabled: a user cannot click it`);
    return button;
  }
}

function methodOf(value: string | undefined, invalid?: 'GET'): 'GET' | 'POST' | 'DIALOG' | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  return lower === 'post' ? 'POST' : lower === 'dialog' ? 'DIALOG' : lower === 'get' ? 'GET' : invalid;
}

function enctypeOf(value: string | undefined, invalid?: FormEnctype): FormEnctype | undefined {
  if (value === undefined) return undefined;
  return ENCTYPES.find((e) => e === value.toLowerCase()) ?? invalid;
}

function coordinates(query: string | SubmitterQuery | undefined): { x?: number | undefined; y?: number | undefined } {
  return typeof query === 'object' ? { x: query.x, y: query.y } : {};
}

function describeField(control: FormControl): FormField {
  const type = control.tag === 'select' ? (control.isMultiple ? 'select-multiple' : 'select-one') : control.type;
  const base = { name: control.name, type, disabled: control.disabled };
  if (control.tag === 'select') return { ...base, value: control.options.filter((o) => o.selected).map((o) => o.value).join(','), options: control.options.map((o) => o.value) };
  if (control.type === 'checkbox' || control.type === 'radio') return { ...base, value: control.value, checked: control.checked };
  if (control.type === 'file') return { ...base, value: control.files.map((f) => f.name).join(',') };
  return { ...base, value: control.submittedValue };
}

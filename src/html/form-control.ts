/** One submittable element of a form (`input`, `button`, `select`, `textarea`, `object`) and its state. */
import { ancestorNamed, attr, childTextContent, collapseWhitespace, describeElement, isElement, isHtml, isInclusiveDescendant, textContent, type DomElement } from './dom.js';
import { sanitizeValue } from './value-sanitization.js';

const INPUT_TYPES = new Set([
  'hidden', 'text', 'search', 'tel', 'url', 'email', 'password', 'date', 'month', 'week', 'time', 'datetime-local',
  'number', 'range', 'color', 'checkbox', 'radio', 'file', 'submit', 'image', 'reset', 'button',
]);
/** Input types whose value is typed: `set()` writes them. */
const VALUE_MODE_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'date', 'month', 'week', 'time', 'datetime-local', 'number', 'range', 'color']);
/** Input types that are buttons. */
const BUTTON_INPUT_TYPES = new Set(['submit', 'image', 'reset', 'button']);
/** Elements whose `dirname` adds an entry (the spec's auto-directionality form-associated elements). */
const DIRNAME_INPUT_TYPES = new Set(['hidden', 'text', 'search', 'tel', 'url', 'email', 'password', 'submit', 'reset', 'button']);
const SUBMITTABLE = new Set(['button', 'input', 'object', 'select', 'textarea']);
const NO_SCRIPT = new Set(['script']);

/** An `option` of a `select` and whether it is selected. */
export interface FormOption {
  /** The value submitted: the `value` attribute, else the option's text. */
  readonly value: string;
  /** What the user sees: the `label` attribute, else the option's text. */
  readonly label: string;
  /** Disabled itself or by its `optgroup`: it cannot be chosen and is never submitted. */
  readonly disabled: boolean;
  selected: boolean;
}

/** True for the elements that take part in a form's entry list. */
export function isSubmittable(element: DomElement): boolean {
  return SUBMITTABLE.has(element.name) && isHtml(element, element.name);
}

/** The spec's "disabled" for form controls: its own `disabled`, or a disabled fieldset outside that fieldset's first legend. */
function isDisabled(element: DomElement): boolean {
  if (element.name !== 'object' && attr(element, 'disabled') !== undefined) return true;
  for (let node = element.parent; node; node = node.parent) {
    if (!isHtml(node, 'fieldset') || attr(node, 'disabled') === undefined) continue;
    const legend = node.children.find((child): child is DomElement => isHtml(child, 'legend'));
    if (!legend || !isInclusiveDescendant(element, legend)) return true;
  }
  return false;
}

function optionsOf(select: DomElement): DomElement[] {
  const options: DomElement[] = [];
  for (const child of select.children) {
    if (isHtml(child, 'option')) options.push(child);
    else if (isHtml(child, 'optgroup')) for (const inner of child.children) if (isHtml(inner, 'option')) options.push(inner);
  }
  return options;
}

/** The spec's rules for parsing non-negative integers. */
function parseNonNegativeInteger(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^[\t\n\f\r ]*\+?(\d+)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

function readOptions(select: DomElement): FormOption[] {
  const options = optionsOf(select).map((element) => {
    const text = collapseWhitespace(textContent(element, NO_SCRIPT));
    const group = element.parent;
    return {
      value: attr(element, 'value') ?? text,
      label: attr(element, 'label') || text,
      disabled: attr(element, 'disabled') !== undefined || (isHtml(group, 'optgroup') && attr(group, 'disabled') !== undefined),
      selected: attr(element, 'selected') !== undefined,
    };
  });
  if (attr(select, 'multiple') === undefined) {
    const selected = options.filter((o) => o.selected);
    const displaySize = parseNonNegativeInteger(attr(select, 'size')) ?? 1;
    if (selected.length === 0 && displaySize === 1) {
      const first = options.find((o) => !o.disabled);
      if (first) first.selected = true;
    } else if (selected.length > 1) for (const option of selected.slice(0, -1)) option.selected = false;
  }
  return options;
}

/**
 * The directionality of an element from `dir` attributes: its own (`auto` looks at the value's
 * first strong character), else a `tel` input's `ltr`, else its parent's. A parent's `auto` is
 * taken as `ltr`.
 */
function directionality(element: DomElement, value: string): 'ltr' | 'rtl' {
  const own = attr(element, 'dir')?.toLowerCase();
  if (own === 'ltr' || own === 'rtl') return own;
  if (own === 'auto') {
    const strong = /\p{L}/u.exec(value)?.[0];
    return strong !== undefined && /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(strong) ? 'rtl' : 'ltr';
  }
  if (element.name === 'input' && attr(element, 'type')?.toLowerCase() === 'tel') return 'ltr';
  for (let node = element.parent; isElement(node); node = node.parent) {
    const dir = attr(node, 'dir')?.toLowerCase();
    if (dir === 'ltr' || dir === 'rtl') return dir;
    if (dir === 'auto') return 'ltr';
  }
  return 'ltr';
}

/**
 * A submittable element with its current state: value, checkedness, files, selected options.
 * The state starts from the markup's defaults and changes through the form's `set`, `check`,
 * `select` and `upload`.
 */
export class FormControl {
  readonly element: DomElement;
  /** `input`, `button`, `select`, `textarea` or `object`. */
  readonly tag: string;
  /** For `input` its type (`text` when absent or unknown), for `button` its type, else the tag. */
  readonly type: string;
  /** The `name` attribute; empty when absent. */
  readonly name: string;
  readonly disabled: boolean;
  /** Inside a `datalist`: never submitted. */
  readonly inDatalist: boolean;
  /** For `select`: its options. */
  readonly options: FormOption[];
  value: string;
  checked: boolean;
  files: File[] = [];

  constructor(element: DomElement) {
    this.element = element;
    this.tag = element.name;
    const rawType = attr(element, 'type')?.toLowerCase();
    if (this.tag === 'input') this.type = rawType !== undefined && INPUT_TYPES.has(rawType) ? rawType : 'text';
    else if (this.tag === 'button') this.type = rawType === 'reset' || rawType === 'button' ? rawType : 'submit';
    else this.type = this.tag;
    this.name = attr(element, 'name') ?? '';
    this.disabled = isDisabled(element);
    this.inDatalist = ancestorNamed(element, 'datalist') !== undefined;
    this.options = this.tag === 'select' ? readOptions(element) : [];
    this.checked = (this.type === 'checkbox' || this.type === 'radio') && attr(element, 'checked') !== undefined;
    if (this.tag === 'textarea') this.value = childTextContent(element);
    else if (this.tag === 'input' && VALUE_MODE_TYPES.has(this.type)) this.value = sanitizeValue(this.type, attr(element, 'value') ?? '', element.attribs);
    else if (this.type === 'checkbox' || this.type === 'radio') this.value = attr(element, 'value') ?? 'on';
    else this.value = attr(element, 'value') ?? '';
  }

  /** Any button: submit, image, reset or plain button, as `input` or `button`. */
  get isButton(): boolean {
    return this.tag === 'button' || (this.tag === 'input' && BUTTON_INPUT_TYPES.has(this.type));
  }

  /** A button that submits the form: `input type=submit|image`, `button` of type submit. */
  get isSubmitButton(): boolean {
    return this.type === 'submit' || (this.tag === 'input' && this.type === 'image');
  }

  /** A control whose value is typed in: textual inputs and `textarea`. */
  get isTyped(): boolean {
    return this.tag === 'textarea' || (this.tag === 'input' && (VALUE_MODE_TYPES.has(this.type) || this.type === 'hidden'));
  }

  /** True for `select multiple`. */
  get isMultiple(): boolean {
    return this.tag === 'select' && attr(this.element, 'multiple') !== undefined;
  }

  /** The value as submitted: a textarea's newlines normalized to LF, a `_charset_` hidden input's charset. */
  get submittedValue(): string {
    if (this.tag === 'textarea') return this.value.replace(/\r\n?/g, '\n');
    if (this.type === 'hidden' && this.name.toLowerCase() === '_charset_') return 'UTF-8';
    return this.value;
  }

  /** The `dirname` entry's name, when the element has one that applies. */
  get dirname(): string | undefined {
    const dirname = attr(this.element, 'dirname');
    if (!dirname) return undefined;
    const applies = this.tag === 'textarea' || (this.tag === 'input' && DIRNAME_INPUT_TYPES.has(this.type)) || this.tag === 'button';
    return applies ? dirname : undefined;
  }

  /** The directionality sent for `dirname`. */
  get direction(): 'ltr' | 'rtl' {
    return directionality(this.element, this.value);
  }

  /** The text on a button as the user sees it: a button's text, an input's value. */
  get label(): string {
    return this.tag === 'button' ? collapseWhitespace(textContent(this.element)) : this.tag === 'input' && this.type === 'image' ? (attr(this.element, 'alt') ?? '') : this.value;
  }

  /** Sets a typed value as the input would hold it; returns what it holds. */
  sanitized(value: string): string {
    return this.tag === 'input' ? sanitizeValue(this.type, value, this.element.attribs) : value;
  }

  /** How the control is named in messages, e.g. `<input name="user" type="text">`. */
  describe(): string {
    return describeElement(this.element, ['name', 'type', 'value', 'id']);
  }
}

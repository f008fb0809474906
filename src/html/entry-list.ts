/**
 * The HTML spec's "constructing the entry list" of a form: the name/value pairs a submission
 * sends (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#constructing-the-form-data-set).
 */
import type { FormControl } from './form-control.js';

/** One entry of a form's entry list: a name and a string or a file. */
export type FormEntry = readonly [name: string, value: string | File];

/** The button a form is submitted with; an image button also sends the coordinates clicked. */
export interface Submitter {
  readonly control: FormControl;
  readonly x?: number | undefined;
  readonly y?: number | undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const usv = (text: string) => text.replace(LONE_SURROGATE, '\uFFFD');

/**
 * The entry list of a form's controls (in tree order) when submitted by `submitter` (or by no
 * button). Values are as the spec builds them: newlines are normalized later, by the encoding.
 *
 * @example
 * constructEntryList(form.controls, { control: saveButton });
 * // [['title', 'hi'], ['tags', 'a'], ['tags', 'b'], ['action', 'save']]
 */
export function constructEntryList(controls: readonly FormControl[], submitter?: Submitter): FormEntry[] {
  const entries: Array<[string, string | File]> = [];
  const append = (name: string, value: string | File) => entries.push([usv(name), typeof value === 'string' ? usv(value) : value]);
  for (const field of controls) {
    if (field.inDatalist || field.disabled) continue;
    if (field.isButton && field !== submitter?.control) continue;
    if ((field.type === 'checkbox' || field.type === 'radio') && !field.checked) continue;
    if (field.tag === 'object') continue;
    if (field.tag === 'input' && field.type === 'image') {
      const prefix = field.name ? `${field.name}.` : '';
      append(`${prefix}x`, String(Math.trunc(submitter?.x ?? 0)));
      append(`${prefix}y`, String(Math.trunc(submitter?.y ?? 0)));
      continue;
    }
    if (!field.name) continue;
    if (field.tag === 'select') {
      for (const option of field.options) if (option.selected && !option.disabled) append(field.name, option.value);
    } else if (field.type === 'file') {
      if (field.files.length === 0) append(field.name, new File([], '', { type: 'application/octet-stream' }));
      for (const file of field.files) append(field.name, file);
    } else {
      append(field.name, field.submittedValue);
    }
    const dirname = field.dirname;
    if (dirname !== undefined) append(dirname, field.direction);
  }
  return entries;
}

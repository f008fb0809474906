/** The forms of a page, findable by id, name or position. */
import { FormError } from '../errors/form-error.js';
import type { FailureContext } from '../errors/tandem-error.js';
import type { Form } from './form.js';

/**
 * The forms of a page in document order: an array, with lookups that fail listing the forms
 * there are instead of returning `undefined`.
 *
 * @example
 * const page = await api.get('/settings');
 * page.forms.length;            // 2
 * page.forms.byId('profile');   // <form id="profile">
 * page.forms.byName('password');
 * page.forms.byIndex(1);
 */
export class FormList extends Array<Form> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  #failure: FailureContext = {};

  /** Builds the list of a page's forms. */
  static fromPage(forms: readonly Form[], failure: FailureContext): FormList {
    const list = new FormList();
    list.push(...forms);
    list.#failure = failure;
    return list;
  }

  /** The form with this `id`. */
  byId(id: string): Form {
    return this.#one(this.filter((f) => f.id === id), `id ${JSON.stringify(id)}`);
  }

  /** The form with this `name`. */
  byName(name: string): Form {
    return this.#one(this.filter((f) => f.name === name), `name ${JSON.stringify(name)}`);
  }

  /** The form at this position (from 0). */
  byIndex(index: number): Form {
    return this.#one(this[index] ? [this[index]] : [], `index ${index}`);
  }

  /** The page's only form; fails when it has none or several. */
  only(): Form {
    return this.#one([...this], 'on the page');
  }

  /** The forms, one a line, for messages. */
  describe(): string {
    return this.length === 0 ? 'the page has no forms' : `the page's forms:\n${this.map((f) => `  ${f.describe()}`).join('\n')}`;
  }

  #one(found: readonly Form[], what: string): Form {
    if (found.length === 1) return found[0]!;
    const headline = found.length === 0 ? `no form with ${what}` : `${found.length} forms ${what.startsWith('on') ? what : `with ${what}`}; choose one with res.forms.byId(), byName() or byIndex()`;
    throw new FormError(`${found.length === 0 && what === 'on the page' ? 'expected a form on the page' : headline}; ${this.describe()}`, this.#failure);
  }
}

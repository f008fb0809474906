/** Which HTTP lint rules run: all by default, some turned off, or none. */
import { OptionError } from '../../errors/option-error.js';
import { LINT_CODES, type LintRule } from '../../errors/lint-error.js';

/** Rules turned on (`true`, the default) or off (`false`) one by one. */
export type LintOptions = { readonly [R in LintRule]?: boolean };

/** A problem the lint found in one exchange. */
export interface LintFinding {
  readonly rule: LintRule;
  readonly message: string;
  /** The app's own error, for `app-error` and for a header Node refused. */
  readonly cause?: unknown;
}

export const LINT_RULES = Object.keys(LINT_CODES) as LintRule[];

/**
 * The rules that run for `option` (`undefined` and `true`: all), or `undefined` when lint is off.
 *
 * @example
 * resolveLintRules({ 'json-content-type': false }); // every rule but json-content-type
 */
export function resolveLintRules(option: boolean | LintOptions | undefined): ReadonlySet<LintRule> | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) return new Set(LINT_RULES);
  if (typeof option !== 'object' || option === null) throw new OptionError(`options.lint must be true, false or an object of rules, got ${String(option)}`);
  const rules = new Set(LINT_RULES);
  for (const [name, on] of Object.entries(option)) {
    if (!(LINT_RULES as string[]).includes(name)) throw new OptionError(`options.lint: unknown rule ${JSON.stringify(name)}; the rules are ${LINT_RULES.join(', ')}`);
    if (typeof on !== 'boolean') throw new OptionError(`options.lint.${name} must be true or false, got ${String(on)}`);
    if (!on) rules.delete(name as LintRule);
  }
  return rules.size === 0 ? undefined : rules;
}

import { ConfigError } from './config-error.js';

/**
 * An option tandem does not know, or a value it cannot use, wherever it was given: in code
 * (`createTestApp`, `useTestApp`), in the config file, or as a command-line flag. Raised when the
 * test app is created (or the file is loaded, or the command starts), before any request. The
 * message names the option, suggests the known one it resembles (`did you mean \`readOnly\`?`) and
 * lists the known ones, or says what was expected and what was given (secrets not shown).
 *
 * @example
 * assert.throws(() => createTestApp(app, { readonly: true } as never), { code: 'TANDEM_BAD_OPTION', key: 'readonly' });
 */
export class OptionError extends ConfigError {
  override readonly code = 'TANDEM_BAD_OPTION';
}

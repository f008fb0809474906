/** Readable excerpts of bodies for failure messages: JSON pretty-printed, text as is, binary as hex. */

/** Characters of body shown in a failure message before it is cut. */
export const EXCERPT_LIMIT = 2000;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, or returns undefined for bytes that are not valid UTF-8 text. */
export function decodeText(body: Uint8Array): string | undefined {
  try {
    return decoder.decode(body);
  } catch {
    return undefined;
  }
}

/**
 * The excerpt of a body as printed in failures.
 *
 * @example
 * bodyExcerpt(Buffer.from('{"a":1}')); // '{\n  "a": 1\n}'
 */
export function bodyExcerpt(body: Uint8Array, limit = EXCERPT_LIMIT): string {
  if (body.byteLength === 0) return '(empty)';
  const text = decodeText(body);
  if (text === undefined) {
    const shown = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 64)).toString('hex').replace(/(..)/g, '$1 ');
    return `(${body.byteLength} bytes of binary data) ${shown.trim()}${body.byteLength > 64 ? ' …' : ''}`;
  }
  let shown = text;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not JSON after all: shown as text
    }
  }
  return cut(shown, limit);
}

/** Cuts a string at `limit` characters, saying how much was left out. */
export function cut(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
}

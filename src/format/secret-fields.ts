/**
 * Credential-like fields of bodies (a login form's `password`, a token response's `access_token`)
 * redacted by name, whatever their length, in urlencoded forms, multipart forms and JSON.
 *
 * Written by hand: the body parsers there are (busboy, qs) read bodies into values but cannot
 * write a body back with only some values replaced and every other byte as it was.
 */
import { REDACTED } from './redact.js';

/**
 * The field names redacted by default: any name containing `passw` (password, passwd),
 * `secret` (client_secret), `token` (access_token, refresh_token, csrf_token), `api_key` /
 * `api-key` / `apikey`, `authorization`, `credential`, `private_key`, `csrf` or `xsrf`, and the
 * names `pwd`, `pin`, `otp`, `auth`, `sid`, `session_id`, `sessionid` — compared case-insensitively.
 */
const DEFAULT_SECRET_FIELD = /passw|secret|token|api[-_]?key|authorization|credential|private[-_]?key|csrf|xsrf|^(pwd|pin|otp|auth|sid|session[-_]?id)$/i;

/** Decides whether a field's value is a secret, by the field's name. */
export type SecretFieldTest = (name: string) => boolean;

/**
 * The test for field names: the default credential-like names, and the exact names in `extra`
 * (the `secretFields` option), compared case-insensitively.
 *
 * @example
 * const isSecret = secretFieldTest(['ssn']);
 * isSecret('Password'); // true
 * isSecret('ssn'); // true
 * isSecret('title'); // false
 */
export function secretFieldTest(extra: readonly string[] = []): SecretFieldTest {
  if (extra.length === 0) return (name) => DEFAULT_SECRET_FIELD.test(name);
  const names = new Set(extra.map((name) => name.toLowerCase()));
  return (name) => DEFAULT_SECRET_FIELD.test(name) || names.has(name.toLowerCase());
}

/** A body with its secret fields redacted, and the values taken out (to scrub wherever else they appear). */
export interface RedactedBody {
  bytes: Uint8Array;
  values: string[];
}

/**
 * Redacts the values of secret fields in a body of `contentType` (`application/json` and
 * `+json`, `application/x-www-form-urlencoded`, `multipart/form-data`); any other body, or one
 * that does not parse, is returned as it is.
 *
 * @example
 * const { bytes } = redactSecretFields(Buffer.from('user=alice&password=pw'), 'application/x-www-form-urlencoded', secretFieldTest());
 * Buffer.from(bytes).toString(); // 'user=alice&password=[REDACTED]'
 */
export function redactSecretFields(body: Uint8Array, contentType: string, isSecret: SecretFieldTest): RedactedBody {
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  const unchanged = { bytes: body, values: [] };
  if (body.byteLength === 0) return unchanged;
  if (type === 'application/json' || type.endsWith('+json')) return redactJson(body, isSecret) ?? unchanged;
  if (type === 'application/x-www-form-urlencoded') return redactUrlEncoded(body, isSecret);
  if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    return boundary ? redactMultipart(body, boundary[1] ?? boundary[2]!, isSecret) : unchanged;
  }
  return unchanged;
}

function redactJson(body: Uint8Array, isSecret: SecretFieldTest): RedactedBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
  const values: string[] = [];
  let changed = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (isSecret(key)) {
        collect(item, values);
        out[key] = REDACTED;
        changed = true;
      } else {
        out[key] = walk(item);
      }
    }
    return out;
  };
  const redacted = walk(parsed);
  return changed ? { bytes: Buffer.from(JSON.stringify(redacted)), values } : undefined;
}

/** The strings and numbers inside a redacted value. */
function collect(value: unknown, into: string[]): void {
  if (typeof value === 'string' || typeof value === 'number') into.push(String(value));
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collect(item, into);
}

function redactUrlEncoded(body: Uint8Array, isSecret: SecretFieldTest): RedactedBody {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  const values: string[] = [];
  const pairs = text.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0 || !isSecret(decodeFormComponent(pair.slice(0, eq)))) return pair;
    values.push(decodeFormComponent(pair.slice(eq + 1)));
    return `${pair.slice(0, eq)}=${REDACTED}`;
  });
  return values.length === 0 ? { bytes: body, values } : { bytes: Buffer.from(pairs.join('&'), 'latin1'), values };
}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Each part whose `Content-Disposition` names a secret field gets `[REDACTED]` as its content;
 * every other byte is kept (the body is read as latin1, one character per byte).
 */
function redactMultipart(body: Uint8Array, boundary: string, isSecret: SecretFieldTest): RedactedBody {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  const delimiter = `--${boundary}`;
  const parts = text.split(delimiter);
  const values: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(part.slice(0, headerEnd))?.[1];
    if (name === undefined || !isSecret(Buffer.from(name, 'latin1').toString('utf8'))) continue;
    const contentEnd = part.endsWith('\r\n') ? part.length - 2 : part.length;
    values.push(Buffer.from(part.slice(headerEnd + 4, contentEnd), 'latin1').toString('utf8'));
    parts[i] = `${part.slice(0, headerEnd + 4)}${REDACTED}${part.slice(contentEnd)}`;
  }
  return values.length === 0 ? { bytes: body, values } : { bytes: Buffer.from(parts.join(delimiter), 'latin1'), values };
}

/**
 * The HTML spec's value sanitization algorithms of the `input` types: what a value becomes once
 * an input of that type holds it (https://html.spec.whatwg.org/multipage/input.html).
 */

const ASCII_WS = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const FLOAT = /^-?(?:\d+|\d*\.\d+)(?:[eE][-+]?\d+)?$/;

const stripNewlines = (value: string) => value.replace(/[\r\n]/g, '');
const stripWhitespace = (value: string) => value.replace(ASCII_WS, '');

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

function validDate(value: string): boolean {
  const match = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year > 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function validMonth(value: string): boolean {
  const match = /^(\d{4,})-(\d{2})$/.exec(value);
  return match !== null && Number(match[1]) > 0 && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

function validWeek(value: string): boolean {
  const match = /^(\d{4,})-W(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, week] = [Number(match[1]), Number(match[2])];
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const last = jan1 === 4 || (isLeapYear(year) && jan1 === 3) ? 53 : 52;
  return year > 0 && week >= 1 && week <= last;
}

/** Parses a time string into its parts, or undefined when it is not a valid time string. */
function parseTime(value: string): { hour: number; minute: number; second: number; fraction: string } | undefined {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (!match) return undefined;
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { hour, minute, second, fraction: match[4] ?? '' };
}

/** A local date and time in the spec's normalized form: `T` separator, the shortest time. */
function normalizeDateTime(value: string): string {
  const match = /^([^T ]+)[T ](.+)$/.exec(value);
  if (!match || !validDate(match[1]!)) return '';
  const time = parseTime(match[2]!);
  if (!time) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const fraction = time.fraction.replace(/0+$/, '');
  const seconds = fraction ? `:${pad(time.second)}.${fraction}` : time.second ? `:${pad(time.second)}` : '';
  return `${match[1]}T${pad(time.hour)}:${pad(time.minute)}${seconds}`;
}

function parseFloatAttr(value: string | undefined): number | undefined {
  if (value === undefined || !FLOAT.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * The value an input of `type` holds after the spec's value sanitization algorithm. `attributes`
 * supplies `min`, `max` and `multiple` where the type uses them.
 *
 * @example
 * sanitizeValue('email', '  ann@example.com '); // 'ann@example.com'
 * sanitizeValue('number', 'abc');               // ''
 * sanitizeValue('color', '#ABCDEF');            // '#abcdef'
 */
export function sanitizeValue(type: string, value: string, attributes: Readonly<Record<string, string>> = {}): string {
  switch (type) {
    case 'text':
    case 'search':
    case 'tel':
    case 'password':
      return stripNewlines(value);
    case 'url':
      return stripWhitespace(stripNewlines(value));
    case 'email':
      if (Object.hasOwn(attributes, 'multiple')) return value.split(',').map(stripWhitespace).join(',');
      return stripWhitespace(stripNewlines(value));
    case 'number':
      return parseFloatAttr(value) === undefined ? '' : value;
    case 'range': {
      const min = parseFloatAttr(attributes.min) ?? 0;
      const max = parseFloatAttr(attributes.max) ?? 100;
      const parsed = parseFloatAttr(value);
      if (parsed === undefined) return String(max < min ? min : (min + max) / 2);
      if (parsed < min) return String(min);
      if (parsed > max) return String(max);
      return value;
    }
    case 'color':
      return /^#[0-9a-fA-F]{6}$/.test(value) ? value.toLowerCase() : '#000000';
    case 'date':
      return validDate(value) ? value : '';
    case 'month':
      return validMonth(value) ? value : '';
    case 'week':
      return validWeek(value) ? value : '';
    case 'time':
      return parseTime(value) ? value : '';
    case 'datetime-local':
      return normalizeDateTime(value);
    default:
      return value;
  }
}

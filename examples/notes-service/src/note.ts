/** Notes, and the rules their fields follow. */

export interface Note {
  id: string;
  author: string;
  title: string;
  body: string;
  tags: string[];
  /** 1 when created, incremented by every update. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What a client sends to create a note. */
export interface NoteDraft {
  author: string;
  title: string;
  body: string;
  tags: string[];
}

/** What a client sends to change a note; `version`, when given, must be the current one. */
export interface NotePatch {
  title?: string;
  body?: string;
  tags?: string[];
  version?: number;
}

/** One problem with one field of a request body or query. */
export interface FieldError {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const LIMITS = { author: 64, title: 200, body: 10_000, tags: 10, tag: 32 } as const;
const AUTHOR = /^[A-Za-z0-9._-]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownFields(input: Record<string, unknown>, allowed: readonly string[], errors: FieldError[]): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) errors.push({ field: key, message: `unknown field; allowed fields are ${allowed.join(', ')}` });
  }
}

function checkTitle(value: unknown, errors: FieldError[]): value is string {
  if (typeof value !== 'string') errors.push({ field: 'title', message: 'must be a string' });
  else if (value.trim() === '') errors.push({ field: 'title', message: 'must not be blank' });
  else if (value.length > LIMITS.title) errors.push({ field: 'title', message: `must be at most ${LIMITS.title} characters` });
  else return true;
  return false;
}

function checkBody(value: unknown, errors: FieldError[]): value is string {
  if (typeof value !== 'string') errors.push({ field: 'body', message: 'must be a string' });
  else if (value.length > LIMITS.body) errors.push({ field: 'body', message: `must be at most ${LIMITS.body} characters` });
  else return true;
  return false;
}

function checkTags(value: unknown, errors: FieldError[]): value is string[] {
  if (!Array.isArray(value)) errors.push({ field: 'tags', message: 'must be an array of strings' });
  else if (value.length > LIMITS.tags) errors.push({ field: 'tags', message: `must hold at most ${LIMITS.tags} tags` });
  else {
    const bad = value.findIndex((tag) => typeof tag !== 'string' || tag.trim() === '' || tag.length > LIMITS.tag);
    if (bad === -1) return true;
    errors.push({ field: `tags[${bad}]`, message: `must be a non-blank string of at most ${LIMITS.tag} characters` });
  }
  return false;
}

/** Whether `value` can be an author name (it is also part of Redis keys). */
export function isAuthor(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= LIMITS.author && AUTHOR.test(value);
}

/**
 * Checks the body of `POST /notes`.
 *
 * @example
 * validateDraft({ author: 'ada', title: 'hi' }); // { ok: true, value: { author: 'ada', title: 'hi', body: '', tags: [] } }
 */
export function validateDraft(input: unknown): Validated<NoteDraft> {
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'the body must be a JSON object' }] };
  const errors: FieldError[] = [];
  unknownFields(input, ['author', 'title', 'body', 'tags'], errors);
  if (!isAuthor(input.author)) {
    errors.push({ field: 'author', message: `is required: 1 to ${LIMITS.author} letters, digits, '.', '_' or '-'` });
  }
  if (input.title === undefined) errors.push({ field: 'title', message: 'is required' });
  else checkTitle(input.title, errors);
  const body = input.body ?? '';
  const tags = input.tags ?? [];
  checkBody(body, errors);
  checkTags(tags, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { author: input.author as string, title: input.title as string, body: body as string, tags: tags as string[] } };
}

/**
 * Checks the body of `PATCH /notes/:id`.
 *
 * @example
 * validatePatch({ title: 'new', version: 1 }); // { ok: true, value: { title: 'new', version: 1 } }
 */
export function validatePatch(input: unknown): Validated<NotePatch> {
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'the body must be a JSON object' }] };
  const errors: FieldError[] = [];
  if ('author' in input) errors.push({ field: 'author', message: 'cannot be changed; create a new note instead' });
  unknownFields(input, ['author', 'title', 'body', 'tags', 'version'], errors);
  const patch: NotePatch = {};
  if (input.title !== undefined && checkTitle(input.title, errors)) patch.title = input.title;
  if (input.body !== undefined && checkBody(input.body, errors)) patch.body = input.body;
  if (input.tags !== undefined && checkTags(input.tags, errors)) patch.tags = input.tags;
  if (input.version !== undefined) {
    if (typeof input.version === 'number' && Number.isInteger(input.version) && input.version >= 1) patch.version = input.version;
    else errors.push({ field: 'version', message: 'must be a positive integer' });
  }
  if (errors.length === 0 && patch.title === undefined && patch.body === undefined && patch.tags === undefined) {
    errors.push({ field: '', message: 'nothing to change: give at least one of title, body, tags' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: patch };
}

/** `note` with `patch` applied and its version and time moved on. */
export function applyPatch(note: Note, patch: NotePatch, now: Date): Note {
  return {
    ...note,
    title: patch.title ?? note.title,
    body: patch.body ?? note.body,
    tags: patch.tags ?? note.tags,
    version: note.version + 1,
    updatedAt: now.toISOString(),
  };
}

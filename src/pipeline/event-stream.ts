/** Event streams: responses that may never end, so the pipeline hands them over unread and unchecked. */

const EVENT_STREAM = /^\s*text\/event-stream/i;

/**
 * Whether a response is an event stream.
 *
 * @example
 * isEventStream(new Headers({ 'content-type': 'text/event-stream' })); // true
 */
export function isEventStream(headers: Headers): boolean {
  return EVENT_STREAM.test(headers.get('content-type') ?? '');
}

/**
 * The abort switch of one request: thrown when it times out or when its app is closed. Lighter
 * than an `AbortController` (which allocates an `EventTarget` and validates every listener): a
 * target registers a plain callback, and a real `AbortSignal` is made only for a target that hands
 * one to the app (the fetch handler's `Request.signal`).
 */
export class RequestAbort {
  #aborted = false;
  #reason: unknown;
  #listeners: Array<(reason: unknown) => void> | undefined;
  #controller: AbortController | undefined;

  /** True once {@link abort} has been called. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** What {@link abort} was called with. */
  get reason(): unknown {
    return this.#reason;
  }

  /** An `AbortSignal` that follows this switch, made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Calls `listener` with the reason when aborted; at once when already aborted. */
  onAbort(listener: (reason: unknown) => void): void {
    if (this.#aborted) listener(this.#reason);
    else (this.#listeners ??= []).push(listener);
  }

  /** Aborts the request with `reason`; later calls do nothing. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    this.#controller?.abort(reason);
    if (listeners) for (const listener of listeners) listener(reason);
  }
}

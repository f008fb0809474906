/** The request verbs of a test app: each starts a request builder with its method. */
import type { TestRequest } from '../request/test-request.js';

/**
 * `get`, `post`, … in terms of `request(method, path)`.
 *
 * @example
 * await api.get('/health').expect(200);
 * await api.post('/notes').json({ title: 'hi' }).expect(201);
 */
export abstract class RequestVerbs {
  /** Starts a request with any method. */
  abstract request<T = any>(method: string, path: string): TestRequest<T>;

  /** `GET path`. */
  get<T = any>(path: string): TestRequest<T> {
    return this.request<T>('GET', path);
  }
  /** `POST path`. */
  post<T = any>(path: string): TestRequest<T> {
    return this.request<T>('POST', path);
  }
  /** `PUT path`. */
  put<T = any>(path: string): TestRequest<T> {
    return this.request<T>('PUT', path);
  }
  /** `PATCH path`. */
  patch<T = any>(path: string): TestRequest<T> {
    return this.request<T>('PATCH', path);
  }
  /** `DELETE path`. */
  delete<T = any>(path: string): TestRequest<T> {
    return this.request<T>('DELETE', path);
  }
  /** `HEAD path`. */
  head<T = any>(path: string): TestRequest<T> {
    return this.request<T>('HEAD', path);
  }
  /** `OPTIONS path`. */
  options<T = any>(path: string): TestRequest<T> {
    return this.request<T>('OPTIONS', path);
  }
}

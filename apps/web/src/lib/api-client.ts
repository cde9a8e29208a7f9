/**
 * The one way the web app talks to the API: adds the bearer token, turns error responses into an
 * `ApiError` with a message a person can read, and sends the user to the login page on 401.
 */
import type { Problem, StaleRevisionBody, ValidationErrorBody } from '@equity/shared';
import { formatNumber } from './format';
import { t, tCount } from './i18n';
import { problemText } from './problem-text';

export const API_BASE = '/api';
export const TOKEN_KEY = 'equity.token';

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

type UnauthorizedHandler = () => void;

/** Default: a full page load of the login page. The app replaces it with a router navigation. */
let onUnauthorized: UnauthorizedHandler = () => {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login?redirectTo=${encodeURIComponent(here)}`);
};

export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The parsed response body, when there was one. */
    readonly body: unknown,
  ) {
    super(message);
  }

  /** The 422 body (all problems of a submission at once), when this is a validation failure. */
  get validation(): ValidationErrorBody | null {
    return this.status === 422 && isValidationErrorBody(this.body) ? this.body : null;
  }

  /** The 412 body (someone saved another revision since this one was loaded), when this is that refusal. */
  get stale(): StaleRevisionBody | null {
    return this.status === 412 && isValidationErrorBody(this.body) && 'currentRevision' in this.body ? (this.body as unknown as StaleRevisionBody) : null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The problems of a 422 refusal, which a form shows next to its fields; null for any other error. */
export function validationProblems(error: unknown): Problem[] | null {
  return isApiError(error) ? (error.validation?.errors ?? null) : null;
}

/** The message of an error a form cannot show next to a field (anything but a 422); null when there is none. */
export function otherErrorMessage(error: Error | null): string | null {
  return error && !(isApiError(error) && error.validation) ? error.message : null;
}

export function isValidationErrorBody(body: unknown): body is ValidationErrorBody {
  return typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors);
}

/** How many problems an answer found: those listed and, when the list is capped, the `more` it counts. */
export function problemCount(body: { errors: unknown[]; more?: number }): number {
  return body.errors.length + (body.more ?? 0);
}

/** The problems of a refusal's `errors[]` (every refusal of the API has them) in the interface's language, each once. */
export function refusalMessages(body: unknown): string[] {
  if (!isValidationErrorBody(body)) return [];
  const messages = body.errors.map((e) => problemText(e)).filter((m) => typeof m === 'string' && m.trim() !== '');
  return [...new Set(messages)];
}

/** A refusal's problems in the interface's language (the API's English `message` only for a code we do not know). */
function refusalText(body: unknown): string | null {
  const messages = refusalMessages(body);
  return messages.length > 0 ? messages.join(' ') : null;
}

/** `message` of an error body: NestJS sends a string or a list of strings. */
function bodyMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string' && message.trim() !== '') return message;
  if (Array.isArray(message)) {
    const parts = message.filter((m): m is string => typeof m === 'string');
    if (parts.length > 0) return parts.join('; ');
  }
  return null;
}

function humanMessage(status: number, body: unknown): string {
  const fromServer = refusalText(body) ?? bodyMessage(body);
  switch (status) {
    case 400:
      return t('error.badRequest', { message: fromServer ?? '—' });
    case 401:
      return t('error.unauthorized');
    case 403:
      return fromServer ?? t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 409:
      return fromServer ?? t('error.conflict');
    case 412:
      return t('error.stale');
    case 413:
      return fromServer ?? t('error.tooLarge');
    case 422:
      return tCount('error.validation', isValidationErrorBody(body) ? problemCount(body) : 1, { n: formatNumber(isValidationErrorBody(body) ? problemCount(body) : 1) });
    case 429:
      return t('error.tooMany');
    default:
      if (status >= 500) return t('error.server', { status });
      return fromServer ?? t('error.unexpected', { status });
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** JSON-serialised unless it is FormData. */
  body?: unknown;
  signal?: AbortSignal;
  /** Do not redirect to the login page on 401 (the login request itself). */
  skipAuthRedirect?: boolean;
  /** Send no bearer token even when signed in, and never redirect to the login page (the survey's answers). */
  anonymous?: boolean;
  /** Further request headers (e.g. If-Match). */
  headers?: Record<string, string>;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers = new Headers({ ...options.headers, Accept: accept });
  const token = options.anonymous ? null : getToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser sets the multipart boundary
  } else if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(t('error.network'), 0, null);
  }
  if (!response.ok) {
    const errorBody = await readBody(response);
    if (response.status === 401 && !options.skipAuthRedirect && !options.anonymous) {
      clearToken();
      onUnauthorized();
    }
    throw new ApiError(humanMessage(response.status, errorBody), response.status, errorBody);
  }
  return response;
}

/**
 * A multipart upload that reports how much of the file has been sent (fetch cannot): `onProgress`
 * gets 0…1 while sending, then 1 while the server reads the file. Same errors as `request`.
 */
export function uploadWithProgress<T>(path: string, data: FormData, onProgress: (sent: number) => void, headers: Record<string, string> = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}${path}`);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(new ApiError(t('error.network'), 0, null));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText === '' ? null : (JSON.parse(xhr.responseText) as unknown);
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      if (xhr.status === 401) {
        clearToken();
        onUnauthorized();
      }
      reject(new ApiError(humanMessage(xhr.status, body), xhr.status, body));
    };
    xhr.send(data);
  });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A JSON request. The type parameter states what the API contract promises for this endpoint; the
 * body is not checked at run time.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, 'application/json');
  return (await readBody(response)) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PUT', body }),
};

/** The API for whoever holds a survey code: never the sign-in token, never a login redirect. */
export const anonymousApi = {
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body, anonymous: true }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PUT', body, anonymous: true }),
};

/** Downloads a file the API serves (with the bearer token) and hands it to the browser to save. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const response = await send(path, {}, '*/*');
  saveBlob(await response.blob(), fileName);
}

/** A file response the caller reads itself (e.g. to show progress); errors as for every request. */
export function fetchFile(path: string, signal?: AbortSignal): Promise<Response> {
  return send(path, { signal }, '*/*');
}

/** Hands a blob to the browser to save under a file name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Encodes one path segment (zone codes and quarters are simple, but never trust that). */
export const seg = (value: string | number): string => encodeURIComponent(String(value));

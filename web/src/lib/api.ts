import type { Problem } from './types';

const TOKEN_KEY = 'rota.token';
export const UNAUTHORIZED_EVENT = 'rota:unauthorized';

export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A failed API call, carrying the server's RFC 9457 problem document. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

type Query = Record<string, string | number | boolean | undefined>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

async function toProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { title: response.statusText || 'Request failed', status: response.status };
  try {
    const body = (await response.json()) as Partial<Problem> & { message?: string };
    return { ...fallback, ...body, detail: body.detail ?? body.message, status: response.status };
  } catch {
    return fallback;
  }
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ title: 'Network error', status: 0, detail: 'The server could not be reached.' });
  }
  if (!response.ok) {
    const problem = await toProblem(response);
    if (response.status === 401 && path !== '/auth/login') window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  /**
   * A PUT that only creates (`If-None-Match: *`): an id that exists is a 412 naming `/id`
   * instead of being replaced. What every "new" form sends.
   */
  create: <T>(path: string, body: unknown) => request<T>('PUT', path, body, undefined, { 'if-none-match': '*' }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: (path: string) => request<void>('DELETE', path),
  list: async <T>(path: string, query?: Query) => (await request<{ items: T[] }>('GET', path, undefined, query)).items,
};

/** Turns anything thrown by an API call into a problem document for display. */
export function asProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { title: 'Unexpected error', status: 0, detail: error instanceof Error ? error.message : String(error) };
}

export const enc = encodeURIComponent;

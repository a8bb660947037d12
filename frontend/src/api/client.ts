// A thin fetch wrapper: session cookie + CSRF token, JSON in and out, and the API's
// structured errors ({"errors": [...]}) surfaced as ApiError.
import type { Problem } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problems: Problem[],
    readonly body: Record<string, unknown>,
  ) {
    super(problems.map((p) => p.message).join("; ") || `HTTP ${status}`);
  }
}

function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  etag: string | null;
}

export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", ...headers },
  };
  if (method !== "GET" && method !== "HEAD") {
    (init.headers as Record<string, string>)["X-CSRFToken"] = csrfToken();
  }
  if (body !== undefined) {
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const obj = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
    const problems = Array.isArray(obj.errors)
      ? (obj.errors as Problem[])
      : [{ code: "http_error", node: null, field: null, message: String(obj.detail ?? text ?? response.statusText) }];
    throw new ApiError(response.status, problems, obj);
  }
  return { data: data as T, status: response.status, etag: response.headers.get("ETag") };
}

export const api = {
  get: <T>(url: string) => request<T>("GET", url),
  post: <T>(url: string, body?: unknown) => request<T>("POST", url, body ?? {}),
  put: <T>(url: string, body: unknown, etag: string) => request<T>("PUT", url, body, { "If-Match": etag }),
  patch: <T>(url: string, body: unknown, etag: string) => request<T>("PATCH", url, body, { "If-Match": etag }),
  del: <T>(url: string) => request<T>("DELETE", url),
};

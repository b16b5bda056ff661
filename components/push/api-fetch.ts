/** Same-origin JSON calls to /api/v1 from client components; errors come back as one readable line. */
export type ApiCall<T> =
  { ok: true; data: T } | { ok: false; message: string; issues: { path: string; message: string }[] };

export async function apiCall<T>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  body?: unknown,
): Promise<ApiCall<T>> {
  try {
    const res = await fetch(url, {
      method,
      cache: "no-store",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return { ok: true, data: null as T };
    const json = await res.json().catch(() => null);
    if (res.ok) return { ok: true, data: json as T };
    const err =
      json && typeof json === "object" && "error" in json
        ? (json as { error: { message?: string; issues?: { path: string; message: string }[] } }).error
        : null;
    return { ok: false, message: err?.message ?? `HTTP ${res.status}`, issues: err?.issues ?? [] };
  } catch {
    return { ok: false, message: "Rampart could not be reached; check your connection and try again.", issues: [] };
  }
}

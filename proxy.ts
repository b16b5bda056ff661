import { NextResponse, type NextRequest } from "next/server";
import { API_ERRORS } from "@/lib/api/errors";
import { refusalFor, type Refusal } from "@/lib/http/request-refusal";

/**
 * Security headers and a per-request CSP nonce (Next applies it to its own scripts). Authentication is NOT
 * decided here: pages, actions and API routes each check the session themselves (lib/auth).
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV === "development";
  const https = request.headers.get("x-forwarded-proto") === "https" || request.nextUrl.protocol === "https:";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes come from React (virtualised lists, charts); scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  const refusal = refusalFor({
    method: request.method,
    rawPathname: new URL(request.url).pathname,
    headers: request.headers,
  });
  let response: NextResponse;
  if (refusal) response = refusalResponse(refusal, request);
  else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "same-origin");
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

/** The API's error shape for API paths and server actions (fetched by script); a small page for a browser. */
function refusalResponse(refusal: Refusal, request: NextRequest): NextResponse {
  const status = API_ERRORS[refusal.code];
  const wantsJson = new URL(request.url).pathname.startsWith("/api/") || request.headers.has("next-action");
  if (wantsJson) return NextResponse.json({ error: { code: refusal.code, message: refusal.message } }, { status });
  const title =
    status === 400 ? "Bad request" : status === 403 ? "Not allowed" : status === 413 ? "Too large" : "Refused";
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Rampart</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#18181b">
<h1 style="font-size:1.25rem">${status} · ${title}</h1><p>${escapeHtml(refusal.message)}</p><p><a href="/">Go to the dashboard</a></p></body></html>`;
  return new NextResponse(html, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};

import { failure, type Failure } from "@/lib/failure";
import { SERVER_ACTION_BODY_LIMIT_BYTES, formatBytes } from "./body-limits";

/**
 * Requests the proxy answers before Next routes them, because Next itself would answer them with a 500:
 * a malformed percent-escape in a dynamic path segment (Next's param decoding throws), a server action from
 * another origin and a server action body over the configured limit (Next throws inside the action handler).
 * Pure and framework-free, so it is tested on its own; proxy.ts turns a refusal into a response.
 */

export type Refusal = Failure<"bad_request" | "forbidden" | "length_required" | "payload_too_large">;

interface RequestLike {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPathname: string;
  headers: Headers;
}

export function refusalFor(req: RequestLike): Refusal | null {
  if (!decodesCleanly(req.rawPathname)) {
    return failure(
      "bad_request",
      "The address contains a malformed percent-escape (such as %E0%A4%A); check the link.",
    );
  }
  if (req.method === "POST" && req.headers.has("next-action")) return serverActionRefusal(req.headers);
  return null;
}

function decodesCleanly(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The same origin rule as Next's action handler (Origin host against X-Forwarded-Host or Host), answered as a 403. */
function serverActionRefusal(headers: Headers): Refusal | null {
  const origin = headers.get("origin");
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (origin !== null && hostOf(origin) !== host) {
    return failure("forbidden", "This form was sent from another site; open Rampart itself and try again.");
  }
  const length = headers.get("content-length");
  // Browsers always declare the length of an action's body; only a hand-made chunked request has none.
  if (length === null) return failure("length_required", "A form submission must declare its Content-Length.");
  if (Number(length) > SERVER_ACTION_BODY_LIMIT_BYTES) {
    return failure(
      "payload_too_large",
      `The form data is larger than the limit of ${formatBytes(SERVER_ACTION_BODY_LIMIT_BYTES)}.`,
    );
  }
  return null;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

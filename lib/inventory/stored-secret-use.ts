import { roleAllows, type Role } from "@/lib/auth/roles";
import type { RouterTarget } from "@/lib/routers/driver";
import type { RouterInput } from "./router-schema";

/**
 * Which secret may go to which target, for which role. A stored router secret is only ever sent to the endpoint
 * (vendor, host, port, transport) it is stored with: anything else would let the person choosing the target
 * collect the password (RouterOS API logins carry it in clear). Every connection that uses a stored secret
 * either starts from the stored target (health poll, push, drift, API test) or is decided here (the router form's
 * "Test connection"); changing the stored endpoint itself needs the secret again (`checkSecretForUpdate`).
 */

export type Endpoint = { vendor: string; host: string; port: number; transport: string };

/** Exact comparison: a differently spelled host is a different endpoint (the cautious reading). */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.vendor === b.vendor && a.host === b.host && a.port === b.port && a.transport === b.transport;
}

function typedSecret(input: RouterInput): boolean {
  return !!input.password || !!input.privateKey?.trim();
}

function endpointText(e: Endpoint): string {
  return `${e.host}:${e.port}`;
}

/** The TLS settings a target built from the form would use; an empty CA field keeps the stored CA (the form says so). */
function tlsOf(input: RouterInput, stored: RouterTarget | null): RouterTarget["tls"] {
  if (input.transport !== "api-ssl") return undefined;
  if (input.tlsMode === "anonymous-dh") return { anonymousDh: true };
  if (input.tlsMode === "fingerprint") return { fingerprint256: input.tlsFingerprint };
  return { caPem: input.tlsCaPem ?? stored?.tls?.caPem };
}

/** Connection settings in the form that differ from the stored router (names, for the message). */
export function changedSettings(stored: RouterTarget, input: RouterInput): string[] {
  const changed: string[] = [];
  if (!sameEndpoint(stored, input)) changed.push("address");
  if (stored.username !== input.username) changed.push("username");
  if (JSON.stringify(stored.tls ?? null) !== JSON.stringify(tlsOf(input, stored) ?? null)) changed.push("TLS settings");
  if (input.hostKeyFingerprint && input.hostKeyFingerprint !== stored.hostKeyFingerprint) changed.push("SSH host key");
  return changed;
}

export type TestDecision =
  { ok: true; target: RouterTarget; atStoredEndpoint: boolean } | { ok: false; field?: "password"; message: string };

/**
 * What "Test connection" may connect to. `stored` is the saved router (null for a new one); `input` is the form
 * (null: test the router as stored). Operators only ever test the stored router; only an admin may point the
 * server at another host and port, and then only with a secret they typed.
 */
export function decideConnectionTest(role: Role, stored: RouterTarget | null, input: RouterInput | null): TestDecision {
  if (!roleAllows(role, "operator"))
    return { ok: false, message: `Testing a connection needs the operator role; you are ${role}.` };
  if (!input)
    return stored ? { ok: true, target: stored, atStoredEndpoint: true } : { ok: false, message: "Router not found." };

  if (!roleAllows(role, "admin")) {
    if (!stored) return { ok: false, message: "Testing a router that is not saved needs the admin role." };
    if (typedSecret(input) || changedSettings(stored, input).length > 0) {
      return {
        ok: false,
        message: "Testing changed connection settings needs the admin role; an operator can test the router as stored.",
      };
    }
    return { ok: true, target: stored, atStoredEndpoint: true };
  }

  const atStoredEndpoint = !!stored && sameEndpoint(stored, input);
  const settings = {
    vendor: input.vendor,
    host: input.host,
    port: input.port,
    transport: input.transport,
    username: input.username,
    tls: tlsOf(input, stored),
    // A pinned key belongs to the stored endpoint; elsewhere the test shows the key it sees (trust on first use).
    hostKeyFingerprint: atStoredEndpoint ? stored?.hostKeyFingerprint : undefined,
    connectTimeoutMs: stored?.connectTimeoutMs ?? 5000,
    commandTimeoutMs: stored?.commandTimeoutMs ?? 5000,
  };
  if (typedSecret(input)) {
    // Only what was typed: a stored password never rides along with a typed key, or the other way round.
    return {
      ok: true,
      target: {
        ...settings,
        password: input.password || undefined,
        privateKey: input.privateKey?.trim() ? input.privateKey : undefined,
      },
      atStoredEndpoint,
    };
  }
  if (!stored) return { ok: false, field: "password", message: "enter the router's password to test" };
  if (!atStoredEndpoint) return { ok: false, field: "password", message: changedEndpointMessage(stored, "test") };
  return {
    ok: true,
    target: { ...settings, password: stored.password, privateKey: stored.privateKey },
    atStoredEndpoint,
  };
}

/** Saving a router: a new endpoint needs the secret typed again, or the stored one would follow it there. */
export function checkSecretForUpdate(
  existing: Endpoint,
  input: RouterInput,
): { ok: true } | { ok: false; field: "password"; message: string } {
  if (sameEndpoint(existing, input) || typedSecret(input)) return { ok: true };
  return { ok: false, field: "password", message: changedEndpointMessage(existing, "save") };
}

function changedEndpointMessage(stored: Endpoint, verb: "test" | "save"): string {
  return `enter the password again to ${verb} a changed host, port, vendor or transport: the stored one is only sent to ${endpointText(stored)}`;
}

import "server-only"; // decrypts router secrets: Next refuses to bundle this for the browser
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { loadCredentialKey } from "@/lib/crypto/credential-key";
import { open, seal } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { failure, fieldFailure, type Failure } from "@/lib/failure";
import { queryRows, sql } from "@/lib/db/direct-sql";
import type { RouterTarget } from "@/lib/routers/driver";
import { parseVendor, pinsHostKey } from "@/lib/routers/profiles";
import { parseTransport } from "@/lib/routers/transports";
import type { RouterInput } from "./router-schema";
import { checkSecretForUpdate, sameEndpoint } from "./stored-secret-use";
import { toRouterView, type RouterView } from "./router-view";

export type InventoryResult = { ok: true; id: string } | Failure<"not_found" | "conflict" | "validation_failed">;

const routerNotFound = () => failure("not_found", "No router with that id.");
const nameTaken = (name: string) => fieldFailure("conflict", "name", `a router named '${name}' exists`);

const withRelations = { credential: { select: { kind: true } }, assignment: { select: { ruleSetId: true } } } as const;

function rowData(input: RouterInput) {
  return {
    name: input.name,
    vendor: input.vendor,
    host: input.host,
    port: input.port,
    transport: input.transport,
    username: input.username,
    site: input.site,
    tags: JSON.stringify(input.tags),
    notes: input.notes,
    tlsMode: input.tlsMode,
    tlsCaPem: input.tlsCaPem ?? null,
    tlsFingerprint: input.tlsFingerprint ?? null,
  };
}

function sealedCredential(routerId: string, input: RouterInput) {
  const secret = input.privateKey?.trim()
    ? { kind: "private-key", value: input.privateKey.trim() + "\n" }
    : input.password
      ? { kind: "password", value: input.password }
      : null;
  if (!secret) return null;
  const s = seal(loadCredentialKey(), secret.value, routerId);
  return { kind: secret.kind, keyId: s.keyId, iv: s.iv, ciphertext: s.ciphertext, authTag: s.authTag };
}

export async function createRouter(actor: Actor, input: RouterInput): Promise<InventoryResult> {
  if (!input.password && !input.privateKey?.trim())
    return fieldFailure("validation_failed", "password", "enter the router's password (or an SSH key for OpenWrt)");
  if (await db.router.findUnique({ where: { name: input.name } })) return nameTaken(input.name);
  const id = await db.$transaction(async (tx) => {
    const r = await tx.router.create({
      data: {
        ...rowData(input),
        sshHostKeyFingerprint: pinsHostKey(input.vendor) ? (input.hostKeyFingerprint ?? null) : null,
      },
    });
    await tx.routerCredential.create({ data: { routerId: r.id, ...sealedCredential(r.id, input)! } });
    await tx.routerStatus.create({ data: { routerId: r.id, state: "unknown" } });
    return r.id;
  });
  await recordAudit({
    actor,
    action: "router.create",
    targetType: "router",
    targetId: id,
    summary: `Added router '${input.name}' (${input.vendor}, ${input.host}:${input.port})`,
  });
  return { ok: true, id };
}

/**
 * An empty password/key keeps the stored secret while the endpoint stays; a new vendor, host, port or transport
 * needs the secret again (lib/inventory/stored-secret-use), so a stored secret never follows an edited address.
 */
export async function updateRouter(actor: Actor, id: string, input: RouterInput): Promise<InventoryResult> {
  const existing = await db.router.findUnique({ where: { id } });
  if (!existing) return routerNotFound();
  const secret = checkSecretForUpdate(existing, input);
  if (!secret.ok) return fieldFailure("validation_failed", secret.field, secret.message);
  const clash = await db.router.findUnique({ where: { name: input.name } });
  if (clash && clash.id !== id) return nameTaken(input.name);
  const cred = sealedCredential(id, input);
  // A new endpoint is a different machine as far as pinning goes.
  const endpointChanged = !sameEndpoint(existing, input);
  await db.$transaction(async (tx) => {
    // The form shows a stored CA as "stored; paste a new one to replace it": an empty field keeps it.
    const keepCa = input.tlsMode === "verify" && input.tlsCaPem === undefined ? { tlsCaPem: existing.tlsCaPem } : {};
    await tx.router.update({
      where: { id },
      data: { ...rowData(input), ...keepCa, ...(endpointChanged ? { sshHostKeyFingerprint: null } : {}) },
    });
    if (cred)
      await tx.routerCredential.upsert({ where: { routerId: id }, create: { routerId: id, ...cred }, update: cred });
  });
  await recordAudit({
    actor,
    action: "router.update",
    targetType: "router",
    targetId: id,
    summary: `Edited router '${input.name}'${cred ? " (credential replaced)" : ""}`,
  });
  return { ok: true, id };
}

export async function deleteRouter(actor: Actor, id: string): Promise<InventoryResult> {
  const r = await db.router.findUnique({ where: { id } });
  if (!r) return routerNotFound();
  await db.router.delete({ where: { id } });
  await recordAudit({
    actor,
    action: "router.delete",
    targetType: "router",
    targetId: id,
    summary: `Removed router '${r.name}'`,
  });
  return { ok: true, id };
}

export async function listRouters(): Promise<RouterView[]> {
  const rows = await db.router.findMany({ orderBy: { name: "asc" }, include: withRelations });
  return rows.map(toRouterView);
}

export async function getRouter(id: string): Promise<RouterView | null> {
  const row = await db.router.findUnique({ where: { id }, include: withRelations });
  return row ? toRouterView(row) : null;
}

const targetRowSchema = z.object({
  id: z.string(),
  // Checked by parseVendor below: an unknown vendor fails by name instead of reading as another vendor's router.
  vendor: z.string(),
  host: z.string(),
  port: z.number().int(),
  transport: z.string(),
  username: z.string(),
  tlsMode: z.string(),
  tlsCaPem: z.string().nullable(),
  tlsFingerprint: z.string().nullable(),
  sshHostKeyFingerprint: z.string().nullable(),
  kind: z.string(),
  keyId: z.string(),
  iv: z.string(),
  ciphertext: z.string(),
  authTag: z.string(),
});

/** Server-only: decrypts the credential for one connection. Never return this to a client. */
export async function loadRouterTarget(
  id: string,
  timeouts?: { connectTimeoutMs?: number; commandTimeoutMs?: number },
): Promise<RouterTarget | null> {
  // Plain SQL (lib/db/direct-sql): every push, preview and health check of every router starts here.
  const rows = await queryRows(sql`
    SELECT r."id", r."vendor", r."host", r."port", r."transport", r."username", r."tlsMode", r."tlsCaPem", r."tlsFingerprint", r."sshHostKeyFingerprint",
      c."kind", c."keyId", c."iv", c."ciphertext", c."authTag"
    FROM "Router" r JOIN "RouterCredential" c ON c."routerId" = r."id"
    WHERE r."id" = ${id}`);
  if (rows.length === 0) return null;
  const r = targetRowSchema.parse(rows[0]);
  const secret = open(
    loadCredentialKey(),
    { keyId: r.keyId, iv: r.iv, ciphertext: r.ciphertext, authTag: r.authTag },
    r.id,
  );
  const vendor = parseVendor(r.vendor);
  const transport = parseTransport(r.transport);
  return {
    vendor,
    host: r.host,
    port: r.port,
    transport,
    username: r.username,
    ...(r.kind === "private-key" ? { privateKey: secret } : { password: secret }),
    ...(transport === "api-ssl"
      ? {
          tls:
            r.tlsMode === "anonymous-dh"
              ? { anonymousDh: true }
              : r.tlsMode === "fingerprint"
                ? { fingerprint256: r.tlsFingerprint ?? undefined }
                : { caPem: r.tlsCaPem ?? undefined },
        }
      : {}),
    hostKeyFingerprint: r.sshHostKeyFingerprint ?? undefined,
    connectTimeoutMs: timeouts?.connectTimeoutMs ?? 5000,
    commandTimeoutMs: timeouts?.commandTimeoutMs ?? 10000,
  };
}

/** Trust on first use: remember the SSH host key the first successful connection saw. */
export async function pinHostKey(id: string, fingerprint: string): Promise<void> {
  await db.router.updateMany({
    where: { id, sshHostKeyFingerprint: null },
    data: { sshHostKeyFingerprint: fingerprint },
  });
}

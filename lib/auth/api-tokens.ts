import { db } from "@/lib/db/client";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { lesserRole, roleSchema, type Role } from "./roles";
import { API_TOKEN_PREFIX, newSecret, sha256Hex } from "./tokens";

export interface TokenPrincipal {
  tokenId: string;
  name: string;
  role: Role;
  ownerId: string;
  previousUseAt: Date | null;
}

export async function createApiToken(input: {
  name: string;
  role: Role;
  expiresInDays: number | null;
  createdById: string;
}) {
  const secret = newSecret(API_TOKEN_PREFIX);
  const row = await db.apiToken.create({
    data: {
      name: input.name,
      role: input.role,
      tokenHash: sha256Hex(secret),
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
      createdById: input.createdById,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
    },
  });
  return { token: secret, id: row.id, prefix: row.prefix };
}

/**
 * The token's principal for this request, or null (unknown, revoked, expired, or its owner is disabled).
 * Read from the database on every request: the role is the lesser of the token's and its owner's role now,
 * so demoting or disabling the owner takes effect on the very next request.
 */
export async function authenticateBearer(secret: string): Promise<TokenPrincipal | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256Hex(secret) }, include: { createdBy: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now()) || row.createdBy.disabled)
    return null;
  const role = roleSchema.safeParse(row.role);
  const ownerRole = roleSchema.safeParse(row.createdBy.role);
  if (!role.success || !ownerRole.success) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return {
    tokenId: row.id,
    name: row.name,
    role: lesserRole(role.data, ownerRole.data),
    ownerId: row.createdById,
    previousUseAt: row.lastUsedAt,
  };
}

export async function revokeApiToken(id: string): Promise<boolean> {
  const r = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count > 0;
}

export async function listApiTokens() {
  return db.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { username: true, role: true, disabled: true } },
    },
  });
}

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

/** What the token may do right now: the lesser of its role and its owner's; null while the owner is disabled. */
export function tokenActsAs(t: Pick<TokenRow, "role" | "createdBy">): Role | null {
  if (t.createdBy.disabled) return null;
  return lesserRole(roleSchema.catch("viewer").parse(t.role), roleSchema.catch("viewer").parse(t.createdBy.role));
}

export function tokenSummary(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: roleSchema.catch("viewer").parse(t.role),
    actsAs: tokenActsAs(t),
    createdBy: t.createdBy.username,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** Create + audit, shared by the Settings page and the API. */
export async function issueToken(
  actor: Actor,
  ownerId: string,
  input: { name: string; role: Role; expiresInDays: number | null },
  ip?: string | null,
) {
  const created = await createApiToken({ ...input, createdById: ownerId });
  await recordAudit({
    actor,
    action: "token.create",
    targetType: "token",
    targetId: created.id,
    summary: `Created API token '${input.name}' (${input.role})`,
    ip,
  });
  const row = (await listApiTokens()).find((t) => t.id === created.id)!;
  return { token: created.token, summary: tokenSummary(row) };
}

export async function withdrawToken(actor: Actor, id: string, ip?: string | null): Promise<boolean> {
  const row = await db.apiToken.findUnique({ where: { id } });
  if (!row || !(await revokeApiToken(id))) return false;
  await recordAudit({
    actor,
    action: "token.revoke",
    targetType: "token",
    targetId: id,
    summary: `Revoked API token '${row.name}'`,
    ip,
  });
  return true;
}

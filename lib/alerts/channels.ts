import "server-only";
import { randomUUID } from "node:crypto";
import { loadCredentialKey } from "@/lib/crypto/credential-key";
import { open, seal } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { failure, fieldFailure, type Failure } from "@/lib/failure";
import { alertTypeSchema, smtpConfigSchema, webhookConfigSchema, type ChannelInput, type ChannelView } from "./types";

type Row = Awaited<ReturnType<typeof db.alertChannel.findFirstOrThrow>>;

/** The associated data binds a sealed secret to its channel: a secret copied onto another row does not open. */
export const channelSecretAad = (id: string) => `alert-channel:${id}`;
const aad = channelSecretAad;

export function channelView(r: Row): ChannelView {
  const config =
    r.kind === "smtp" ? smtpConfigSchema.parse(JSON.parse(r.config)) : webhookConfigSchema.parse(JSON.parse(r.config));
  const events = (JSON.parse(r.events) as unknown[]).flatMap((e) =>
    alertTypeSchema.safeParse(e).success ? [e as ChannelView["events"][number]] : [],
  );
  return {
    id: r.id,
    name: r.name,
    kind: r.kind === "smtp" ? "smtp" : "webhook",
    enabled: r.enabled,
    events,
    sites: stringList(r.sites),
    routerIds: stringList(r.routerIds),
    config,
    hasSecret: r.secretCiphertext !== null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function stringList(json: string): string[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** A channel routed to a router that does not exist would silently never hear of it: refused at the field. */
async function unknownRouter(ids: string[]): Promise<Failure<"validation_failed"> | null> {
  if (ids.length === 0) return null;
  const found = new Set(
    (await db.router.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id),
  );
  const missing = ids.findIndex((id) => !found.has(id));
  return missing === -1
    ? null
    : fieldFailure("validation_failed", `routerIds.${missing}`, `There is no router with id '${ids[missing]}'`);
}

export async function listChannels(): Promise<ChannelView[]> {
  return (await db.alertChannel.findMany({ orderBy: { name: "asc" } })).map(channelView);
}

export async function getChannel(id: string): Promise<ChannelView | null> {
  const r = await db.alertChannel.findUnique({ where: { id } });
  return r ? channelView(r) : null;
}

/** The channel's secret in clear, for sending only. */
export function channelSecret(r: Row): string | null {
  if (!r.secretKeyId || !r.secretIv || !r.secretCiphertext || !r.secretAuthTag) return null;
  return open(
    loadCredentialKey(),
    { keyId: r.secretKeyId, iv: r.secretIv, ciphertext: r.secretCiphertext, authTag: r.secretAuthTag },
    aad(r.id),
  );
}

function sealed(id: string, secret: string) {
  const s = seal(loadCredentialKey(), secret, aad(id));
  return { secretKeyId: s.keyId, secretIv: s.iv, secretCiphertext: s.ciphertext, secretAuthTag: s.authTag };
}

/** The columns a create and an update both write from the form; without a new secret the stored one stays. */
const formColumns = (id: string, input: ChannelInput) => ({
  name: input.name,
  enabled: input.enabled,
  events: JSON.stringify(input.events),
  sites: JSON.stringify([...new Set(input.sites)]),
  routerIds: JSON.stringify([...new Set(input.routerIds)]),
  config: JSON.stringify(input.config),
  ...(input.secret ? sealed(id, input.secret) : {}),
});

type Result = { ok: true; channel: ChannelView } | Failure<"conflict" | "not_found" | "validation_failed">;

export async function createChannel(input: ChannelInput): Promise<Result> {
  if (input.kind === "webhook" && !input.secret)
    return fieldFailure(
      "validation_failed",
      "secret",
      "A webhook needs a signing secret: the receiver checks each request's signature with it.",
    );
  if (await db.alertChannel.findUnique({ where: { name: input.name } }))
    return fieldFailure("conflict", "name", `A channel named '${input.name}' exists`);
  const noRouter = await unknownRouter(input.routerIds);
  if (noRouter) return noRouter;
  // The id is chosen first so the secret is sealed with it as associated data, in the same insert.
  const id = `ch_${randomUUID().replace(/-/g, "")}`;
  const r = await db.alertChannel.create({
    data: { id, kind: input.kind, ...formColumns(id, input) },
  });
  return { ok: true, channel: channelView(r) };
}

export async function updateChannel(id: string, input: ChannelInput): Promise<Result> {
  const existing = await db.alertChannel.findUnique({ where: { id } });
  if (!existing) return failure("not_found", "alert channel not found");
  if (existing.kind !== input.kind)
    return fieldFailure(
      "validation_failed",
      "kind",
      `This channel is a ${existing.kind} channel; create a new one for ${input.kind}`,
    );
  const clash = await db.alertChannel.findUnique({ where: { name: input.name } });
  if (clash && clash.id !== id) return fieldFailure("conflict", "name", `A channel named '${input.name}' exists`);
  const noRouter = await unknownRouter(input.routerIds);
  if (noRouter) return noRouter;
  const r = await db.alertChannel.update({
    where: { id },
    data: formColumns(id, input),
  });
  return { ok: true, channel: channelView(r) };
}

/** Removes the channel; its history stays (under its name), and what it had not sent yet is recorded as not sent. */
export async function deleteChannel(id: string): Promise<boolean> {
  const [, removed] = await db.$transaction([
    db.alertDelivery.updateMany({
      where: { channelId: id, status: { in: ["pending", "sending"] } },
      data: { status: "failed", claimedAt: null, lastError: "the channel was removed before this alert was sent" },
    }),
    db.alertChannel.deleteMany({ where: { id } }),
  ]);
  return removed.count > 0;
}

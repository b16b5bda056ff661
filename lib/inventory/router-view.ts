import { z } from "zod";
import { tlsModeSchema, transportSchema, vendorSchema } from "./router-schema";

/** What leaves the server about a router: never a secret, only whether one is stored. */
export const routerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  vendor: vendorSchema,
  host: z.string(),
  port: z.number(),
  transport: transportSchema,
  username: z.string(),
  site: z.string(),
  tags: z.array(z.string()),
  notes: z.string(),
  tlsMode: tlsModeSchema,
  tlsFingerprint: z.string().nullable(),
  hasTlsCa: z.boolean(),
  sshHostKeyFingerprint: z.string().nullable(),
  credentialKind: z.enum(["password", "private-key"]).nullable(),
  assignedRuleSetId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RouterView = z.infer<typeof routerViewSchema>;

type Row = {
  id: string;
  name: string;
  vendor: string;
  host: string;
  port: number;
  transport: string;
  username: string;
  site: string;
  tags: string;
  notes: string;
  tlsMode: string;
  tlsCaPem: string | null;
  tlsFingerprint: string | null;
  sshHostKeyFingerprint: string | null;
  createdAt: Date;
  updatedAt: Date;
  credential: { kind: string } | null;
  assignment: { ruleSetId: string } | null;
};

const tagsSchema = z.array(z.string()).catch([]);

export function toRouterView(r: Row): RouterView {
  return routerViewSchema.parse({
    id: r.id,
    name: r.name,
    vendor: r.vendor,
    host: r.host,
    port: r.port,
    transport: r.transport,
    username: r.username,
    site: r.site,
    tags: tagsSchema.parse(safeJson(r.tags)),
    notes: r.notes,
    tlsMode: r.tlsMode,
    tlsFingerprint: r.tlsFingerprint,
    hasTlsCa: !!r.tlsCaPem,
    sshHostKeyFingerprint: r.sshHostKeyFingerprint,
    credentialKind: r.credential ? (r.credential.kind === "private-key" ? "private-key" : "password") : null,
    assignedRuleSetId: r.assignment?.ruleSetId ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  });
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return [];
  }
}

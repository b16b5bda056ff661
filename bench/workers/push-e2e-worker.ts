/**
 * The change-one-end-to-end scenario's Rampart: lib/push itself (preview, startPush, the queue, runDeployment
 * with revert timer and read-back over a new connection) over its own SQLite database, in its own Node process
 * with the server's flags. Started by bench/scenarios/change-one-e2e.ts with DATABASE_URL set; IPC only.
 */
import type { RuleSetContent } from "@/lib/rules/schema";

export interface PushE2eSetup {
  type: "setup";
  port: number;
  vendor: "mikrotik" | "openwrt";
  transport: "api" | "ssh";
  username: string;
  password: string;
  /** OpenWrt: the stand-in's SSH host key, pinned as the router form would. */
  hostKeyFingerprint?: string;
  /** Pushed whole first (the baseline), then `changed` (one rule differs) is previewed and pushed. */
  content: RuleSetContent;
  changed: RuleSetContent;
}

export interface E2eFigures {
  previewMs: number;
  pushMs: number;
  totalMs: number;
  ops: number;
  status: string;
  error: string | null;
  /** Time before each logged step of the deployment, in order ("check 180 ms"). */
  steps: { phase: string; ms: number; message: string }[];
}

export type PushE2eMessage = { type: "done"; full: E2eFigures; one: E2eFigures } | { type: "failed"; message: string };

async function main(setup: PushE2eSetup): Promise<PushE2eMessage> {
  const { createRouter } = await import("@/lib/inventory/routers");
  const { createRuleSet, saveRuleSet, userEditor } = await import("@/lib/rulesets");
  const push = await import("@/lib/push");
  const { whenIdle } = await import("@/lib/push/push-queue");
  const { db } = await import("@/lib/db/client");
  const user = await db.user.create({ data: { username: "bench", passwordHash: "x", role: "admin" } });
  const who = {
    actor: { type: "user" as const, id: user.id, label: "bench" },
    userId: user.id,
    role: "admin" as const,
  };
  const r = await createRouter(
    { type: "system", id: null, label: "bench" },
    {
      name: "e2e",
      vendor: setup.vendor,
      host: "127.0.0.1",
      port: setup.port,
      transport: setup.transport,
      username: setup.username,
      password: setup.password,
      ...(setup.hostKeyFingerprint ? { hostKeyFingerprint: setup.hostKeyFingerprint } : {}),
      site: "bench",
      tags: [],
      notes: "",
      tlsMode: "verify",
    },
  );
  if (!r.ok) throw new Error(r.message);
  const editor = userEditor({ id: user.id, username: "bench" });
  const set = await createRuleSet(editor, { name: "e2e", description: "", content: setup.content });
  if (!set.ok) throw new Error(set.message);
  const a = await push.assignRuleSet({ ...who.actor, userId: user.id }, r.id, set.id);
  if (!a.ok) throw new Error(a.message);

  const previewAndPush = async (): Promise<E2eFigures> => {
    const t0 = performance.now();
    const p = await push.previewPush(who.actor, r.id, set.id);
    if (!p.ok) throw new Error(`preview: ${p.refusal.message}`);
    const t1 = performance.now();
    const started = await push.startPush(
      who,
      set.id,
      push.pushRequestSchema.parse({ routers: [r.id], previewIds: [p.preview.id] }),
    );
    if (!started.ok) throw new Error(`startPush: ${started.message}`);
    await whenIdle();
    for (;;) {
      const b = await db.pushBatch.findUnique({ where: { id: started.batchId }, select: { state: true } });
      if (b && b.state !== "running") break;
      await new Promise((res) => setTimeout(res, 5));
    }
    const t2 = performance.now();
    const d = (await db.deployment.findFirst({ where: { batchId: started.batchId } }))!;
    const rows = await db.deploymentStep.findMany({ where: { deploymentId: d.id }, orderBy: { seq: "asc" } });
    let prev = d.startedAt?.getTime() ?? rows[0]?.at.getTime() ?? 0;
    const steps = rows.map((s) => {
      const step = { phase: s.phase, ms: s.at.getTime() - prev, message: s.message.slice(0, 80) };
      prev = s.at.getTime();
      return step;
    });
    return {
      previewMs: t1 - t0,
      pushMs: t2 - t1,
      totalMs: t2 - t0,
      ops: p.preview.plan.ops.length,
      status: d.status,
      error: d.error,
      steps,
    };
  };

  const full = await previewAndPush();
  const saved = await saveRuleSet(editor, set.id, {
    name: "e2e",
    description: "",
    baseRevision: 1,
    message: "one rule",
    content: setup.changed,
  });
  if (!saved.ok) throw new Error(saved.message);
  const one = await previewAndPush();
  await db.$disconnect();
  return { type: "done", full, one };
}

process.once("message", (m: PushE2eSetup) => {
  main(m).then(
    (result) => process.send!(result, () => process.exit(0)),
    (e: unknown) =>
      process.send!(
        { type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies PushE2eMessage,
        () => process.exit(1),
      ),
  );
});

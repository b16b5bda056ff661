import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { startSmtpPeer, type SmtpPeer } from "../peers/smtp";
import { startWebhookReceiver, type WebhookReceiver } from "../peers/webhook";
import { addRouterOsRouter } from "../support/routeros-router-row";
import { tempDirForFile } from "../support/temp-dir";
import { migrateDatabase } from "../support/temp-database";

const dir = tempDirForFile("rampart-alerts");
process.env.DATABASE_URL = `file:${path.join(dir, "a.db")}`;
process.env.RAMPART_CREDENTIAL_KEY_FILE = path.join(dir, "credential.key");

const HOOK_SECRET = "hook-secret-1234567890";
const SMTP_PASS = "smtp-pass-0987654321";
const MIN = 60_000;

let receiver: WebhookReceiver;
let smtp: SmtpPeer;
let peer: RouterOsPeer;
let routerId = "";
let hookId = "";
let mailId = "";

const addRouter = (name: string, port: number, site = "") => addRouterOsRouter(name, port, { password: "pw", site });

/** Records one alert as the state-change code does: the statements, committed in one transaction. */
async function record(type: "router-down" | "drift-detected", id: string, at: Date) {
  const { alertStatements } = await import("@/lib/alerts/record");
  const { execute } = await import("@/lib/db/direct-sql");
  const s = await alertStatements({ type, routerId: id, summary: `${type} test`, link: `/routers/${id}`, at });
  if (s.length) await execute(...s);
}

describe("alerts", () => {
  beforeAll(async () => {
    migrateDatabase();
    receiver = await startWebhookReceiver(HOOK_SECRET);
    smtp = await startSmtpPeer({ user: "alerts", pass: SMTP_PASS });
    peer = await startRouterOsPeer({ users: { admin: "pw" } });
    routerId = await addRouter("edge-1", peer.port, "berlin");
    const { createChannel } = await import("@/lib/alerts/channels");
    const hook = await createChannel({
      kind: "webhook",
      name: "ops hook",
      events: ["router-down", "router-up", "drift-detected"],
      enabled: true,
      sites: [],
      routerIds: [],
      config: { url: receiver.url },
      secret: HOOK_SECRET,
    });
    const mail = await createChannel({
      kind: "smtp",
      name: "ops mail",
      events: ["router-down"],
      enabled: true,
      sites: [],
      routerIds: [],
      config: {
        host: "127.0.0.1",
        port: smtp.port,
        security: "none",
        username: "alerts",
        from: "rampart@example.test",
        to: ["noc@example.test", "oncall@example.test"],
      },
      secret: SMTP_PASS,
    });
    if (!hook.ok || !mail.ok) throw new Error("channels not created");
    hookId = hook.channel.id;
    mailId = mail.channel.id;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([receiver?.close(), smtp?.close(), peer?.close()]);
  });

  it("keeps channel secrets sealed: not in the row, not in the view", async () => {
    const { db } = await import("@/lib/db/client");
    const { listChannels } = await import("@/lib/alerts/channels");
    const rows = JSON.stringify(await db.alertChannel.findMany());
    expect(rows).not.toContain(HOOK_SECRET);
    expect(rows).not.toContain(SMTP_PASS);
    const views = await listChannels();
    expect(views.map((v) => [v.name, v.hasSecret])).toEqual([
      ["ops hook", true],
      ["ops mail", true],
    ]);
    expect(JSON.stringify(views)).not.toMatch(/hook-secret|smtp-pass/);
  });

  it("a router that goes down raises one 'down' alert and one 'back up', delivered signed, retried, and by mail", async () => {
    const { pollRouter } = await import("@/lib/health/sweep");
    const { deliverDue, backoffMs } = await import("@/lib/alerts/outbox");
    const { listAlertEvents } = await import("@/lib/alerts/history");
    const opts = { concurrency: 1, timeoutMs: 1500 };

    // Up twice: no alert (the first poll has no earlier state; the second is no change).
    expect((await pollRouter(routerId, opts)).state).toBe("up");
    expect((await pollRouter(routerId, opts)).state).toBe("up");
    expect(await listAlertEvents()).toEqual([]);

    // The router's API stops: down on the next poll, and still down on the one after: one alert.
    const port = peer.port;
    await peer.close();
    expect((await pollRouter(routerId, opts)).state).toBe("down");
    expect((await pollRouter(routerId, opts)).state).toBe("down");
    let events = await listAlertEvents();
    expect(events.map((e) => [e.type, e.routerName, e.site, e.disposition])).toEqual([
      ["router-down", "edge-1", "berlin", "delivered"],
    ]);
    expect(events[0].summary).toMatch(/^Router is down: Connection refused/);

    // The receiver fails twice, then takes it; the mail server takes it at once.
    receiver.failNext(500, 503);
    const t0 = Date.now();
    await deliverDue(new Date(t0));
    await smtp.waitFor(1);
    expect(receiver.received.length).toBe(1);
    // Not due yet: nothing is sent before the backoff has passed.
    expect(await deliverDue(new Date(t0 + backoffMs(1) - 1000))).toBe(0);
    await deliverDue(new Date(t0 + backoffMs(1) + 1000));
    await deliverDue(new Date(t0 + backoffMs(1) + backoffMs(2) + 2000));
    expect(receiver.received.map((r) => r.status)).toEqual([500, 503, 200]);
    for (const hook of receiver.received) {
      expect(hook.signatureValid).toBe(true);
      const body = JSON.parse(hook.body);
      // The timestamp header is inside the signed body too: a replay with a fresh header fails the signature.
      expect(String(body.timestamp)).toBe(hook.headers["x-rampart-timestamp"]);
      expect(body).toMatchObject({
        type: "router-down",
        test: false,
        router: { id: routerId, name: "edge-1", site: "berlin" },
        link: `/routers/${routerId}`,
      });
    }
    events = await listAlertEvents();
    const byChannel = Object.fromEntries(events[0].deliveries.map((d) => [d.channelName, d]));
    expect(byChannel["ops hook"]).toMatchObject({
      status: "delivered",
      attempts: 3,
      lastResult: "HTTP 200 OK",
      lastError: null,
    });
    expect(byChannel["ops mail"]).toMatchObject({ status: "delivered", attempts: 1, lastError: null });
    expect(byChannel["ops mail"].lastResult).toMatch(/^250 /);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({
      from: "rampart@example.test",
      to: ["noc@example.test", "oncall@example.test"],
      user: "alerts",
    });
    expect(mail.data).toMatch(/Subject: \[Rampart\] Router down: edge-1/);
    expect(mail.data).toContain("Router is down: Connection refused");

    // Back on the same port: one "back up", sent to the webhook only (the mail channel takes "down" alone).
    peer = await startRouterOsPeer({ users: { admin: "pw" }, port });
    expect((await pollRouter(routerId, opts)).state).toBe("up");
    expect((await pollRouter(routerId, opts)).state).toBe("up");
    events = await listAlertEvents();
    expect(events.map((e) => e.type)).toEqual(["router-up", "router-down"]);
    expect(events[0].deliveries.map((d) => d.channelName)).toEqual(["ops hook"]);
    await deliverDue(new Date(Date.now() + backoffMs(3) * 2));
    expect(JSON.parse(receiver.received.at(-1)!.body).type).toBe("router-up");
    expect(smtp.mails.length).toBe(1);
  }, 60_000);

  it("a router first seen down raises nothing, and so nothing when it first answers: no 'back up' without a 'down'", async () => {
    const { pollRouter } = await import("@/lib/health/sweep");
    const { listAlertEvents } = await import("@/lib/alerts/history");
    const opts = { concurrency: 1, timeoutMs: 1500 };
    const late = await startRouterOsPeer({ users: { admin: "pw" } });
    const port = late.port;
    await late.close();
    const id = await addRouter("edge-new", port);
    try {
      expect((await pollRouter(id, opts)).state).toBe("down");
      const back = await startRouterOsPeer({ users: { admin: "pw" }, port });
      try {
        expect((await pollRouter(id, opts)).state).toBe("up");
        expect(await listAlertEvents({ routerId: id })).toEqual([]);
        // From here on it is a known router: the next outage and its end are both alerted.
        await back.close();
        expect((await pollRouter(id, opts)).state).toBe("down");
      } finally {
        await back.close();
      }
      const again = await startRouterOsPeer({ users: { admin: "pw" }, port });
      try {
        expect((await pollRouter(id, opts)).state).toBe("up");
      } finally {
        await again.close();
      }
      expect((await listAlertEvents({ routerId: id })).map((e) => e.type)).toEqual(["router-up", "router-down"]);
    } finally {
      const { db } = await import("@/lib/db/client");
      await db.router.delete({ where: { id } });
    }
  }, 60_000);

  it("throttles the same alert for the same router, then says how many were folded into the next one", async () => {
    const { saveAlertSettings } = await import("@/lib/alerts/settings");
    const { listAlertEvents } = await import("@/lib/alerts/history");
    await saveAlertSettings({ throttleMinutes: 10 });
    const other = await addRouter("edge-2", peer.port);
    const t = Date.now() + 60 * MIN;
    await record("drift-detected", other, new Date(t));
    await record("drift-detected", other, new Date(t + 2 * MIN));
    await record("drift-detected", other, new Date(t + 4 * MIN));
    await record("drift-detected", other, new Date(t + 12 * MIN));
    const events = (await listAlertEvents({ routerId: other })).reverse();
    expect(events.map((e) => [e.disposition, e.foldedCount, e.deliveries.length])).toEqual([
      ["delivered", 0, 1],
      ["throttled", 0, 0],
      ["throttled", 0, 0],
      ["delivered", 2, 1],
    ]);
    expect(events[3].summary).toBe("drift-detected test (and 2 more since the last alert of this kind)");
  });

  it("a maintenance mute of the router's site records alerts as muted and sends nothing until it ends", async () => {
    const { createMute, listMutes } = await import("@/lib/alerts/mutes");
    const { listAlertEvents } = await import("@/lib/alerts/history");
    const site = await addRouter("edge-3", peer.port, "paris");
    const until = new Date(Date.now() + 30 * MIN);
    const m = await createMute({ site: "paris", until: until.toISOString(), reason: "firmware upgrade" }, "test");
    expect(m.ok).toBe(true);
    expect((await listMutes()).map((x) => [x.site, x.reason])).toEqual([["paris", "firmware upgrade"]]);
    await record("router-down", site, new Date());
    await record("router-down", site, new Date(until.getTime() + MIN));
    const events = (await listAlertEvents({ routerId: site })).reverse();
    expect(events.map((e) => [e.disposition, e.deliveries.length])).toEqual([
      ["muted", 0],
      ["delivered", 2],
    ]);
  });

  it("'send test' answers with what the far end said, and a wrong SMTP password shows the server's refusal", async () => {
    const { sendTestAlert } = await import("@/lib/alerts/test-send");
    const { updateChannel, getChannel } = await import("@/lib/alerts/channels");
    const before = receiver.received.length;
    expect(await sendTestAlert(hookId)).toEqual({ ok: true, result: "HTTP 200 OK", error: null });
    expect(receiver.received.length).toBe(before + 1);
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ test: true });
    expect(receiver.received.at(-1)!.signatureValid).toBe(true);

    const mailOk = await sendTestAlert(mailId);
    expect(mailOk?.ok).toBe(true);
    expect(mailOk?.result).toMatch(/^250 /);
    const ch = (await getChannel(mailId))!;
    await updateChannel(mailId, { ...ch, kind: "smtp", config: ch.config as never, secret: "wrong-password" });
    const refused = await sendTestAlert(mailId);
    expect(refused?.ok).toBe(false);
    expect(refused?.error).toMatch(/535/);
    expect(refused?.error).not.toContain("wrong-password");
  });

  it("STARTTLS is required, never skipped: without it, or with a certificate nobody vouched for, the password stays home", async () => {
    const { createChannel } = await import("@/lib/alerts/channels");
    const { sendTestAlert } = await import("@/lib/alerts/test-send");
    const { peerCertificate } = await import("../peers/routeros/tls-material");
    const starttls = async (name: string, port: number) => {
      const c = await createChannel({
        kind: "smtp",
        name,
        events: ["router-down"],
        enabled: true,
        sites: [],
        routerIds: [],
        config: {
          host: "127.0.0.1",
          port,
          security: "starttls",
          username: "tls-only",
          from: "rampart@example.test",
          to: ["noc@example.test"],
        },
        secret: SMTP_PASS,
      });
      if (!c.ok) throw new Error("channel not created");
      return sendTestAlert(c.channel.id);
    };
    // A server (or a man in the middle) that does not offer STARTTLS: refused before AUTH, nothing sent.
    // (Its own user name: the shared server also sees other channels' background retries.)
    const mails = smtp.mails.length;
    const plain = await starttls("needs tls", smtp.port);
    expect(plain).toMatchObject({ ok: false, result: expect.stringMatching(/^500 /) });
    expect(plain?.error).toMatch(
      /^the server did not start TLS \(it answered STARTTLS with 500 .*\): nothing was sent$/,
    );
    expect(smtp.auths).not.toContain("tls-only");
    expect(smtp.mails.length).toBe(mails);
    // STARTTLS offered with a self-signed certificate: the certificate is checked, so nothing is sent either.
    const { keyPem, certPem } = await peerCertificate();
    const tlsPeer = await startSmtpPeer({ user: "alerts", pass: SMTP_PASS, starttls: { keyPem, certPem } });
    try {
      const unverified = await starttls("untrusted tls", tlsPeer.port);
      expect(unverified?.ok).toBe(false);
      expect(unverified?.error).toMatch(/self[- ]signed|certificate/i);
      expect(tlsPeer.auths).toEqual([]);
      expect(tlsPeer.mails).toEqual([]);
    } finally {
      await tlsPeer.close();
    }
  });

  it("removing a channel keeps its history; what it had not sent is recorded as not sent", async () => {
    const { deleteChannel } = await import("@/lib/alerts/channels");
    const { listAlertEvents } = await import("@/lib/alerts/history");
    const { deliverDue } = await import("@/lib/alerts/outbox");
    // edge-3's second alert (after the mute) is still pending on both channels: nothing here sent it.
    const site = (await listAlertEvents()).find((e) => e.routerName === "edge-3" && e.disposition === "delivered")!;
    expect(site.deliveries.map((d) => d.status)).toEqual(["pending", "pending"]);
    expect(await deleteChannel(hookId)).toBe(true);
    const down = (await listAlertEvents({ routerId, type: "router-down" }))[0];
    expect(down.deliveries.find((d) => d.channelName === "ops hook")).toMatchObject({
      channelId: null,
      status: "delivered",
      attempts: 3,
      lastResult: "HTTP 200 OK",
    });
    const after = (await listAlertEvents()).find((e) => e.id === site.id)!;
    expect(after.deliveries.find((d) => d.channelName === "ops hook")).toMatchObject({
      channelId: null,
      status: "failed",
      lastError: "the channel was removed before this alert was sent",
    });
    // The mail channel still sends (its password was made wrong above: refused, kept for a retry, the reply recorded).
    await deliverDue(new Date(Date.now() + 3600_000));
    const mail = (await listAlertEvents())
      .find((e) => e.id === site.id)!
      .deliveries.find((d) => d.channelName === "ops mail")!;
    expect(mail).toMatchObject({ status: "pending", attempts: 1 });
    expect(mail.lastError).toMatch(/535/);
    expect(mail.nextAttemptAt).not.toBeNull();
  });
  it("a channel routed to sites and routers gets only their alerts, delivered; an unknown router is refused at its field", async () => {
    const { createChannel } = await import("@/lib/alerts/channels");
    const { listAlertEvents } = await import("@/lib/alerts/history");
    const { deliverDue } = await import("@/lib/alerts/outbox");
    const campus = await startWebhookReceiver(HOOK_SECRET);
    try {
      const inLyon = await addRouter("lyon-1", peer.port, "lyon");
      const inNice = await addRouter("nice-1", peer.port, "nice");
      const alone = await addRouter("lab-1", peer.port);
      const channel = (routerIds: string[]) =>
        createChannel({
          kind: "webhook",
          name: "campus hook",
          events: ["router-down"],
          enabled: true,
          sites: ["lyon"],
          routerIds,
          config: { url: campus.url },
          secret: HOOK_SECRET,
        });
      const refused = await channel([alone, "no-such-router"]);
      expect(refused).toMatchObject({ ok: false, code: "validation_failed" });
      expect(!refused.ok && refused.issues).toEqual([
        { path: "routerIds.1", message: "There is no router with id 'no-such-router'" },
      ]);
      expect((await channel([alone])).ok).toBe(true);

      const at = new Date();
      for (const id of [inLyon, inNice, alone]) await record("router-down", id, at);
      // The every-router mail channel takes all three; the routed hook only lyon's site and the lab router.
      const taken = async (id: string) =>
        (await listAlertEvents({ routerId: id }))[0].deliveries.map((d) => d.channelName);
      const byRouter = [await taken(inLyon), await taken(inNice), await taken(alone)];
      expect(byRouter.map((names) => names.includes("campus hook"))).toEqual([true, false, true]);
      expect(byRouter.map((names) => names.includes("ops mail"))).toEqual([true, true, true]);
      await deliverDue(new Date(Date.now() + 3600_000));
      expect(campus.received.map((h) => [JSON.parse(h.body).router.name, h.signatureValid]).sort()).toEqual([
        ["lab-1", true],
        ["lyon-1", true],
      ]);
    } finally {
      await campus.close();
    }
  });
});

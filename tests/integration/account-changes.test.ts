import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDirForFile } from "../support/temp-dir";
import { migrateDatabase } from "../support/temp-database";

// Real SQLite file, migrated by the real CLI; the real /api/v1 route handlers get real Requests.
const dir = tempDirForFile("rampart-account-changes");
process.env.DATABASE_URL = `file:${path.join(dir, "a.db")}`;

beforeAll(() => {
  migrateDatabase();
});

const ORIGIN = "http://127.0.0.1:3000";
type Auth = { bearer: string } | { cookie: string };
const headersOf = (auth: Auth): Record<string, string> =>
  "bearer" in auth
    ? { authorization: `Bearer ${auth.bearer}` }
    : {
        cookie: `rampart_session=${auth.cookie}`,
        host: "127.0.0.1:3000",
        origin: ORIGIN,
        "sec-fetch-site": "same-origin",
      };

async function me(auth: Auth) {
  const { GET } = await import("@/app/api/v1/me/route");
  return GET(new Request(`${ORIGIN}/api/v1/me`, { headers: headersOf(auth) }));
}

let sets = 0;
/** A write an operator may make: create a blank rule set. */
async function createSet(auth: Auth) {
  const { POST } = await import("@/app/api/v1/rule-sets/route");
  return POST(
    new Request(`${ORIGIN}/api/v1/rule-sets`, {
      method: "POST",
      headers: { ...headersOf(auth), "content-type": "application/json" },
      body: JSON.stringify({ source: "blank", name: `set-${sets++}`, description: "" }),
    }),
  );
}

/** A session as a sign-in makes one: random token in the cookie, its SHA-256 in the row. */
async function sessionFor(userId: string, createdAt = new Date()): Promise<string> {
  const { db } = await import("@/lib/db/client");
  const { newSecret, sha256Hex } = await import("@/lib/auth/tokens");
  const token = newSecret("");
  await db.session.create({
    data: { id: sha256Hex(token), userId, createdAt, expiresAt: new Date(Date.now() + 3600_000) },
  });
  return token;
}

async function adminWithTokens(username: string) {
  const { createUser } = await import("@/lib/users/users");
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  const u = await createUser({ username, password: `${username}-first-password`, role: "admin" });
  if (!u.ok) throw new Error(u.message);
  const operatorToken = (
    await createApiToken({ name: `${username}-op`, role: "operator", expiresInDays: null, createdById: u.id })
  ).token;
  const adminToken = (
    await createApiToken({ name: `${username}-admin`, role: "admin", expiresInDays: null, createdById: u.id })
  ).token;
  return { id: u.id, operatorToken, adminToken };
}

describe("a token never grants more than its owner's role now", () => {
  it("an admin demoted to viewer: their operator token's write is 403 on the next request, reads say viewer", async () => {
    const { updateUser } = await import("@/lib/users/users");
    const { db } = await import("@/lib/db/client");
    const ada = await adminWithTokens("ada");
    await db.user.create({ data: { username: "other-admin", passwordHash: "x", role: "admin" } });
    expect((await createSet({ bearer: ada.operatorToken })).status).toBe(201);

    expect((await updateUser(ada.id, { role: "viewer" })).ok).toBe(true);
    const refused = await createSet({ bearer: ada.operatorToken });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toEqual({
      code: "forbidden",
      message: "This needs the operator role; you have viewer.",
    });
    expect((await createSet({ bearer: ada.adminToken })).status).toBe(403);
    expect((await (await me({ bearer: ada.adminToken })).json()).role).toBe("viewer");

    // Operator again: the admin token is capped at operator, the operator token works as before.
    await updateUser(ada.id, { role: "operator" });
    expect((await (await me({ bearer: ada.adminToken })).json()).role).toBe("operator");
    expect((await createSet({ bearer: ada.operatorToken })).status).toBe(201);
  });

  it("a disabled owner's tokens and sessions are refused with 401 at once", async () => {
    const { updateUser } = await import("@/lib/users/users");
    const bo = await adminWithTokens("bo");
    const cookie = await sessionFor(bo.id);
    expect((await me({ cookie })).status).toBe(200);
    expect((await updateUser(bo.id, { disabled: true })).ok).toBe(true);
    for (const auth of [{ bearer: bo.operatorToken }, { bearer: bo.adminToken }, { cookie }]) {
      const r = await me(auth);
      expect(r.status).toBe(401);
      expect((await r.json()).error.code).toBe("unauthorized");
    }
    expect((await createSet({ bearer: bo.operatorToken })).status).toBe(401);
  });
});

describe("password reset and change", () => {
  it("a reset ends every session of the user and revokes their tokens; the new password signs in", async () => {
    const { resetPassword } = await import("@/lib/users/passwords");
    const { checkLogin } = await import("@/lib/auth/login");
    const { db } = await import("@/lib/db/client");
    const cy = await adminWithTokens("cy");
    const cookies = [await sessionFor(cy.id), await sessionFor(cy.id)];
    expect((await me({ cookie: cookies[0] })).status).toBe(200);

    const r = await resetPassword({ id: cy.id }, "cys-new-password-1");
    expect(r).toMatchObject({ ok: true, sessionsEnded: 2, tokensRevoked: 2 });
    for (const cookie of cookies) expect((await me({ cookie })).status).toBe(401);
    expect((await me({ bearer: cy.operatorToken })).status).toBe(401);
    expect((await createSet({ bearer: cy.adminToken })).status).toBe(401);
    expect(await db.apiToken.count({ where: { createdById: cy.id, revokedAt: null } })).toBe(0);
    expect((await checkLogin("cy", "cy-first-password", null)).ok).toBe(false);
    expect((await checkLogin("cy", "cys-new-password-1", null)).ok).toBe(true);
  });

  it("a session whose password check came before a reset is refused, even if it was stored after it", async () => {
    const { resetPassword } = await import("@/lib/users/passwords");
    const dee = await adminWithTokens("dee");
    const provenAt = new Date();
    await resetPassword({ id: dee.id }, "dees-new-password-1");
    // The sign-in that checked the old password inserts its session only now.
    const late = await sessionFor(dee.id, provenAt);
    expect((await me({ cookie: late })).status).toBe(401);
    expect((await me({ cookie: await sessionFor(dee.id) })).status).toBe(200);
  });

  it("a change by the user needs the current password, ends their sessions and keeps their tokens", async () => {
    const { changeOwnPassword } = await import("@/lib/users/passwords");
    const { checkLogin } = await import("@/lib/auth/login");
    const eve = await adminWithTokens("eve");
    const cookie = await sessionFor(eve.id);

    expect(await changeOwnPassword(eve.id, "not-my-password", "eves-new-password-1", null)).toEqual({
      ok: false,
      code: "validation_failed",
      message: "current password is wrong",
      issues: [{ path: "currentPassword", message: "current password is wrong" }],
    });
    expect(await changeOwnPassword(eve.id, "eve-first-password", "eve-first-password", null)).toEqual({
      ok: false,
      code: "validation_failed",
      message: "the new password must differ from the current one",
      issues: [{ path: "newPassword", message: "the new password must differ from the current one" }],
    });
    expect((await me({ cookie })).status).toBe(200);

    expect(await changeOwnPassword(eve.id, "eve-first-password", "eves-new-password-1", null)).toMatchObject({
      ok: true,
      sessionsEnded: 1,
      tokensRevoked: 0,
    });
    expect((await me({ cookie })).status).toBe(401);
    expect((await me({ bearer: eve.operatorToken })).status).toBe(200);
    expect((await checkLogin("eve", "eves-new-password-1", null)).ok).toBe(true);
  });

  it("guessing the current password is throttled like signing in", async () => {
    const { changeOwnPassword } = await import("@/lib/users/passwords");
    const fay = await adminWithTokens("fay");
    const { db } = await import("@/lib/db/client");
    const before = (await db.user.findUniqueOrThrow({ where: { id: fay.id } })).passwordHash;
    // The 12th try has the right password, after the 5th wrong one: refused like the rest.
    const tries = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        changeOwnPassword(fay.id, i === 11 ? "fay-first-password" : `guess-${i}`, "fays-new-password-1", null),
      ),
    );
    expect(tries.filter((t) => !t.ok && t.message === "current password is wrong")).toHaveLength(5);
    expect(
      tries.filter(
        (t) => !t.ok && t.code === "rate_limited" && t.message.startsWith("too many wrong passwords; try again in "),
      ),
    ).toHaveLength(7);
    expect(tries[11].ok).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: fay.id } })).passwordHash).toBe(before);
  });
});

/**
 * Operator command line: provisioning without clicking. Secrets are read from stdin or an environment
 * variable, never from argv (which other users can read in the process list).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { issueToken } from "@/lib/auth/api-tokens";
import { createTokenSchema, createUserSchema, newPasswordSchema, usernameSchema } from "@/lib/auth/credentials-schema";
import { describeBackup, BackupError } from "@/lib/backup/inspect-backup";
import { restoreBackup } from "@/lib/backup/restore-backup";
import { takeBackup } from "@/lib/backup/take-backup";
import { loadCredentialKey, resetCredentialKeyCache } from "@/lib/crypto/credential-key";
import { rotateCredentialKey } from "@/lib/crypto/rotate-key";
import { resolveDatabaseUrl, sqliteFileOf } from "@/lib/db/database-url";
import { db } from "@/lib/db/client";
import { resetPassword } from "@/lib/users/passwords";
import { createUser } from "@/lib/users/users";

const HELP = `usage: npx rampart <command> [options]

  user create --username NAME --role admin|operator|viewer [--password-stdin]
  user reset-password --username NAME [--password-stdin]   also ends their sessions and revokes their tokens
  token create --name NAME --role admin|operator|viewer [--owner USERNAME] [--expires-days N]
  keys rotate                 re-encrypt every stored router secret with a new credential key
  backup --out FILE [--with-key]   a consistent copy of the database, also while the server runs;
                              --with-key also writes the credential key to FILE.key (keep it apart)
  restore FILE [--key KEYFILE]     replace the database with a backup (stop the server first)
  migrate

Passwords come from --password-stdin or the RAMPART_PASSWORD environment variable.
The database is DATABASE_URL, or data/rampart.db in the install folder.`;

const cliActor: Actor = { type: "cli", id: null, label: "command line" };

class CliError extends Error {}

async function readPassword(useStdin: boolean): Promise<string> {
  let pw = process.env.RAMPART_PASSWORD;
  if (useStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    pw = Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  }
  if (!pw) throw new CliError("no password given: use --password-stdin or set RAMPART_PASSWORD");
  return pw;
}

function check<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new CliError(r.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("\n"));
  return r.data;
}

function migrate() {
  try {
    execFileSync(process.execPath, [require.resolve("prisma/build/index.js"), "migrate", "deploy"], { stdio: "pipe" });
  } catch (err) {
    throw new CliError(`database migration failed: ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`);
  }
}

async function backup(out: string | undefined, withKey: boolean) {
  if (!out) throw new CliError("name the backup file: backup --out FILE");
  const r = await takeBackup(out).catch(backupRefusal);
  const sealed =
    r.summary.keyIds.length > 0
      ? `router secrets sealed with credential key ${r.summary.keyIds.join(", ")}`
      : "no router secrets";
  await recordAudit({
    actor: cliActor,
    action: "backup.create",
    summary: `Backup written to ${r.file} (${describeBackup(r.summary)})`,
  });
  console.error(
    `backup written: ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB; ${describeBackup(r.summary)}; ${sealed})`,
  );
  if (withKey) {
    const keyFile = `${r.file}.key`;
    fs.writeFileSync(keyFile, loadCredentialKey().key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    console.error(
      `credential key written to ${keyFile}: whoever has both files can read the router passwords; store it apart from the backup`,
    );
  } else if (r.summary.keyIds.length > 0) {
    console.error(
      "the credential key is not in the backup: keep data/credential.key (or RAMPART_CREDENTIAL_KEY) safe, apart from it",
    );
  }
}

async function restore(files: string[], keyFile: string | undefined) {
  if (files.length !== 1) throw new CliError("name one backup file: restore FILE [--key KEYFILE]");
  const databaseFile = sqliteFileOf(resolveDatabaseUrl());
  if (!databaseFile) throw new CliError("DATABASE_URL is not a SQLite file: restore that database with its own tools");
  const r = (() => {
    try {
      return restoreBackup({ backupFile: files[0], databaseFile, keyFile });
    } catch (err) {
      return backupRefusal(err);
    }
  })();
  migrate();
  resetCredentialKeyCache();
  await recordAudit({
    actor: cliActor,
    action: "backup.restore",
    summary: `Restored ${files[0]} (${describeBackup(r.summary)})`,
  });
  console.error(`restored ${files[0]}: ${describeBackup(r.summary)}; migrated to this install's schema`);
  if (r.keptDatabase) console.error(`the replaced database is kept as ${r.keptDatabase}`);
  if (r.keyInstalled)
    console.error(
      `credential key installed at ${r.keyInstalled}${r.keptKey ? `; the previous key is kept as ${r.keptKey}` : ""}`,
    );
}

function backupRefusal(err: unknown): never {
  throw err instanceof BackupError ? new CliError(err.message) : err;
}

async function main(argv: string[]) {
  const [group, ...after] = argv;
  // backup and restore are one word; the others are "group verb".
  const oneWord = group === "backup" || group === "restore";
  const verb = oneWord ? undefined : after[0];
  const { values, positionals } = parseArgs({
    args: oneWord ? after : after.slice(1),
    options: {
      username: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      owner: { type: "string" },
      "expires-days": { type: "string" },
      "password-stdin": { type: "boolean", default: false },
      out: { type: "string" },
      "with-key": { type: "boolean", default: false },
      key: { type: "string" },
    },
    strict: true,
    allowPositionals: group === "restore",
  });
  if (!group || group === "help" || group === "--help") return console.log(HELP);
  migrate();
  if (group === "migrate") return console.log("database is up to date");

  if (group === "user" && verb === "create") {
    const input = check(createUserSchema, {
      username: values.username,
      role: values.role,
      password: await readPassword(values["password-stdin"]!),
    });
    const r = await createUser(input);
    if (!r.ok) throw new CliError(r.message);
    await recordAudit({
      actor: cliActor,
      action: "user.create",
      targetType: "user",
      targetId: r.id,
      summary: `Created user '${input.username}' (${input.role})`,
    });
    return console.log(`created ${input.role} '${input.username}'`);
  }
  if (group === "user" && verb === "reset-password") {
    const username = check(usernameSchema, values.username);
    const password = check(newPasswordSchema, await readPassword(values["password-stdin"]!));
    const r = await resetPassword({ username }, password);
    if (!r.ok) throw new CliError(r.message);
    const ended = `${r.sessionsEnded} session(s) ended, ${r.tokensRevoked} API token(s) revoked`;
    await recordAudit({
      actor: cliActor,
      action: "user.password-reset",
      targetType: "user",
      targetId: r.id,
      summary: `Reset the password of '${username}'; ${ended}`,
    });
    return console.log(`password of '${username}' reset; ${ended}`);
  }
  if (group === "token" && verb === "create") {
    const days = values["expires-days"];
    const input = check(createTokenSchema, {
      name: values.name,
      role: values.role,
      expiresInDays: days === undefined ? null : Number(days),
    });
    const owner = values.owner
      ? await db.user.findUnique({ where: { username: values.owner } })
      : await db.user.findFirst({ where: { role: "admin", disabled: false }, orderBy: { createdAt: "asc" } });
    if (!owner)
      throw new CliError(
        values.owner ? `no user '${values.owner}'` : "no admin exists yet: create one first (user create)",
      );
    if (owner.role !== "admin") throw new CliError(`'${owner.username}' is not an admin; tokens belong to admins`);
    const created = await issueToken(cliActor, owner.id, input);
    // The secret alone on stdout, so scripts can capture it: TOKEN=$(npx rampart token create ...)
    console.error(`token '${input.name}' (${input.role}) created for ${owner.username}; it is shown only this once:`);
    return console.log(created.token);
  }
  if (group === "keys" && verb === "rotate") {
    const r = await rotateCredentialKey();
    await recordAudit({
      actor: cliActor,
      action: "keys.rotate",
      summary: `Rotated the credential key to ${r.keyId}; ${r.count} secret(s) re-encrypted`,
    });
    console.error(`re-encrypted ${r.count} router secret(s) with key ${r.keyId}`);
    if (r.newKeyForEnv) {
      console.error(
        "RAMPART_CREDENTIAL_KEY is set: put this new key there before the next start (the old one no longer works):",
      );
      console.log(r.newKeyForEnv);
    } else console.error(`key file ${r.keyFile} replaced; the previous key is kept as ${r.keyFile}.prev`);
    return;
  }
  if (group === "backup") return backup(values.out, values["with-key"]!);
  if (group === "restore") return restore(positionals, values.key);
  throw new CliError(`unknown command '${[group, verb].filter(Boolean).join(" ")}'\n\n${HELP}`);
}

main(process.argv.slice(2))
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(
      err instanceof CliError || err?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
        ? `rampart: ${err.message}`
        : `rampart: unexpected error: ${err?.message ?? err}`,
    );
    process.exit(err instanceof CliError ? 2 : 1);
  });

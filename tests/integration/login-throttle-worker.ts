/**
 * One server-like process for login-throttle-processes.test.ts: opens the database named by DATABASE_URL,
 * says "ready", waits for "go" on stdin (so every process starts at once), then makes N wrong sign-ins for one
 * account at the same time and prints how many had their password checked and how many were refused.
 */
import { checkLogin } from "@/lib/auth/login";
import { db } from "@/lib/db/client";

const [username, count, tag] = process.argv.slice(2);

// A function, not top-level await: tsx runs this file as CommonJS.
async function main() {
  await db.user.count();
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  const results = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) => checkLogin(username, `wrong-${tag}-${i}`, `203.0.113.${i}`)),
  );
  const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
  const limited = results.filter((r) => !r.ok && r.reason === "rate-limited").length;
  process.stdout.write(JSON.stringify({ checked, limited }) + "\n");
  await db.$disconnect();
  process.exit(0);
}

void main();

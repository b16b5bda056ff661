// Run by routeros-client.test.ts in a child process with DEBUG=* set before node-routeros loads, so the
// library's debug namespaces are live exactly as they would be for an admin debugging in production.
// argv: port password. Logs in, sends one command the peer never answers (stallAfterLogin), and ends
// without process.exit: the parent checks that nothing (a library timer) keeps the process alive.
import { RosConnection } from "../../lib/routers/mikrotik/routeros-client";

async function main(): Promise<void> {
  const [port, password] = process.argv.slice(2);
  const conn = await RosConnection.open({
    host: "127.0.0.1",
    port: Number(port),
    user: "admin",
    password,
    connectTimeoutMs: 3000,
    commandTimeoutMs: 400,
  });
  const outcome = await conn.write(["/system/identity/print"]).then(
    () => "answered",
    (e: { kind?: string }) => e.kind ?? "unknown",
  );
  process.stdout.write(`${JSON.stringify({ loggedIn: true, outcome, alive: conn.alive, doneAt: Date.now() })}\n`);
}

void main();

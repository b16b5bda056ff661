// Run by routeros-client.test.ts in a child process, so this process can be busy while the peer (in the
// parent) answers at once. argv: port password. Starts the login, then blocks its own event loop past the
// deadline; then sends one command and blocks again. Prints what each wait ended in.
import { RosConnection } from "../../lib/routers/mikrotik/routeros-client";

// long enough for the peer to answer on a loaded CI machine; the busy spells are far longer still
const DEADLINE_MS = 1000;
const busy = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end); // a large compare or a sweep of thousands, as the event loop sees it
};
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "answered",
    (e: { kind?: string; message?: string }) => `${e.kind}: ${e.message}`,
  );

async function main(): Promise<void> {
  const [port, password] = process.argv.slice(2);
  const opening = RosConnection.open({
    host: "127.0.0.1",
    port: Number(port),
    user: "admin",
    password,
    connectTimeoutMs: DEADLINE_MS,
    commandTimeoutMs: DEADLINE_MS,
  });
  busy(2.5 * DEADLINE_MS);
  const login = await outcome(opening);
  let command = "not sent";
  if (login === "answered") {
    const conn = await opening;
    const asked = conn.write(["/system/identity/print"]);
    // the reply is in the socket well before the loop runs again
    busy(2.5 * DEADLINE_MS);
    command = await outcome(asked);
    await conn.close();
  }
  process.stdout.write(`${JSON.stringify({ login, command })}\n`);
}

void main();

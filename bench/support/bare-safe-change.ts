import { encodeSentence } from "@/tests/peers/routeros/codec";
import { rawConnect, type RawClient } from "@/tests/peers/routeros/raw-client";

/** What a preview and a push read: the same prints as the driver's firewall read, all in flight at once. */
const READS = [
  ["/ip/firewall/filter/print"],
  ["/ipv6/firewall/filter/print"],
  ["/ip/firewall/address-list/print"],
  ["/ipv6/firewall/address-list/print"],
  ["/ip/firewall/nat/print"],
  ["/interface/print", "=.proplist=name"],
  ["/interface/list/print", "=.proplist=name"],
];

/**
 * The floor of a safe one-rule change on this peer and link: the exchanges no safe preview + push can leave out,
 * each one round trip, by a byte-level client with no parsing, checks, database or logging. Preview: log in, read
 * the firewall. Push: log in, read it again (it must still be what the preview showed), arm a revert timer (script
 * and scheduler in one round trip), write the one change, log in on a new connection and read back, disarm (both
 * removes in one round trip). The timer's script is one line: its size is not what a floor measures.
 * `change` makes the write's sentence from the filter rows the preview read.
 */
export async function bareSafeChange(
  port: number,
  login: { user: string; password: string },
  change: (filterRows: Map<string, string>[]) => string[],
): Promise<{ ms: number; rowsRead: number }> {
  const t0 = performance.now();
  const preview = await session(port, login);
  const { rows, filter } = await readAll(preview, true);
  preview.end();
  const push = await session(port, login);
  await readAll(push, false);
  const armed = await exchange(push, [
    ["/system/script/add", "=name=rampart-floor", "=source=:log info floor", "=policy=read,write,policy,test"],
    ["/system/scheduler/add", "=name=rampart-floor", "=on-event=rampart-floor", "=interval=0s", "=start-time=startup"],
  ]);
  await exchange(push, [change(filter)]);
  const verify = await session(port, login);
  await readAll(verify, false);
  verify.end();
  const ids = armed.map((s) => s.find((w) => w.startsWith("=ret="))!.slice(5));
  await exchange(push, [
    ["/system/scheduler/remove", `=.id=${ids[1]}`],
    ["/system/script/remove", `=.id=${ids[0]}`],
  ]);
  push.end();
  return { ms: performance.now() - t0, rowsRead: rows };
}

async function session(port: number, login: { user: string; password: string }): Promise<RawClient> {
  const c = await rawConnect(port);
  await c.login(login.user, login.password);
  return c;
}

/** Sends every sentence in one write, tagged; resolves with each one's !done (or !trap) sentence, in order. */
async function exchange(c: RawClient, sentences: string[][], onRow?: (tag: number, s: string[]) => void) {
  c.sendBytes(Buffer.concat(sentences.map((w, i) => encodeSentence([...w, `.tag=${i}`]))));
  const ends: string[][] = [];
  let left = sentences.length;
  while (left > 0) {
    const s = await c.next(60_000);
    const tag = Number(s.find((w) => w.startsWith(".tag="))?.slice(5));
    if (s[0] === "!re") onRow?.(tag, s);
    else if (s[0] === "!done" || s[0] === "!trap") {
      if (s[0] === "!trap") throw new Error(`floor client: ${sentences[tag][0]} refused: ${s.join(" ")}`);
      ends[tag] = s;
      left--;
    }
  }
  return ends;
}

/** Counts the rows; only the preview's read keeps the filter rows (the write needs an `.id`), the others parse nothing. */
async function readAll(c: RawClient, keepFilter: boolean): Promise<{ rows: number; filter: Map<string, string>[] }> {
  let rows = 0;
  const filter: Map<string, string>[] = [];
  await exchange(c, READS, (tag, s) => {
    rows++;
    if (keepFilter && tag === 0)
      filter.push(
        new Map(
          s
            .filter((w) => w.startsWith("="))
            .map((w) => [w.slice(1, w.indexOf("=", 1)), w.slice(w.indexOf("=", 1) + 1)]),
        ),
      );
  });
  return { rows, filter };
}

import { startRouterOsPeer } from "@/tests/peers/routeros";
import { encodeSentence } from "@/tests/peers/routeros/codec";
import { rawConnect } from "@/tests/peers/routeros/raw-client";
import type { VendorOp } from "@/lib/routers/driver";
import { startDelayProxy } from "../delay-proxy";
import { PEER_PASSWORD, PEER_USER } from "./routeros-target";

/**
 * The physical bound of a push on this peer and link: every sentence written at once (one socket write, each
 * tagged, no window at all), timed until the last reply. No driver code: a byte-level client, no checks, no
 * progress, no error handling: what the link and the router's own speed allow.
 */
export async function barePipelinedPush(
  ops: VendorOp[],
  oneWayDelayMs: number,
): Promise<{ ms: number; rows: number; traps: number }> {
  const peer = await startRouterOsPeer({ users: { [PEER_USER]: PEER_PASSWORD } });
  const proxy = await startDelayProxy({ targetPort: peer.port, oneWayDelayMs });
  try {
    const c = await rawConnect(proxy.port);
    try {
      await c.login(PEER_USER, PEER_PASSWORD);
      const bytes = Buffer.concat(ops.map((op, i) => encodeSentence([...op.wire, `.tag=${i}`])));
      let left = ops.length;
      let traps = 0;
      const t0 = performance.now();
      c.sendBytes(bytes);
      while (left > 0) {
        const s = await c.next(60_000);
        if (s[0] === "!trap") traps++;
        if (s[0] === "!done") left--;
      }
      const ms = performance.now() - t0;
      return { ms, rows: peer.rows("ip/firewall/filter").length, traps };
    } finally {
      c.end();
    }
  } finally {
    await proxy.close();
    await peer.close();
  }
}

import { rawConnect } from "@/tests/peers/routeros/raw-client";
import { PEER_PASSWORD, PEER_USER } from "./routeros-target";

/**
 * The round trip a client really sees through the proxy: median of `samples` `/system/identity/print`s, each
 * sent after the previous reply, over a byte-level client (no driver code involved).
 */
export async function measureRosRtt(port: number, samples = 9): Promise<number> {
  const c = await rawConnect(port);
  try {
    await c.login(PEER_USER, PEER_PASSWORD);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      c.send(["/system/identity/print", `.tag=rtt${i}`]);
      await c.untilDone(`rtt${i}`, 5000);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    c.end();
  }
}

/**
 * Request bodies the API tests send with every field set: the contract test checks them against the document,
 * the e2e security sweep against a running server. The packet is one the rule accepts.
 */
export function sshFromLanRule(inInterface: string) {
  return {
    chain: "input",
    action: "accept",
    family: "ipv4",
    protocol: "tcp",
    src: { kind: "addresses", values: ["10.1.0.0/16"], negate: false },
    dst: { kind: "list", list: "office", negate: false },
    srcPorts: [{ from: 1024, to: 65535 }],
    dstPorts: [{ from: 22, to: 22 }],
    inInterface,
    outInterface: null,
    states: ["new"],
    log: false,
    logPrefix: "",
    comment: "ssh from lan",
    enabled: true,
  };
}

export function sshFromLanPacket(inInterface: string) {
  return {
    chain: "input",
    inInterface,
    outInterface: null,
    src: "10.1.2.3",
    dst: "10.0.0.1",
    protocol: "tcp",
    srcPort: 40000,
    dstPort: 22,
    state: "new",
  };
}

/** The same packet as the per-router packet test's query string takes it: text values, no out-interface. */
export function sshFromLanPacketQuery(inInterface: string) {
  const p = sshFromLanPacket(inInterface);
  return {
    chain: p.chain,
    inInterface,
    src: p.src,
    dst: p.dst,
    protocol: p.protocol,
    srcPort: String(p.srcPort),
    dstPort: String(p.dstPort),
    state: p.state,
  };
}

/** Asks `fn` every 200 ms until it gives something, or throws naming `what` once `ms` have passed. */
export async function waitUntil<T>(what: string, fn: () => Promise<T | null | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

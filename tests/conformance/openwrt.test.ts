// The shared driver conformance suite against the OpenWrt stand-in (real sshd + uci/fw4 stand-ins).
import net from "node:net";
import type { LiveFirewall, VendorOp } from "../../lib/routers/driver";
import { openWrtDriver, uciDeleteLine, uciSetLine } from "../../lib/routers/openwrt";
import { startOpenWrtPeer, type PeerState } from "../peers/openwrt/start-openwrt-peer";
import { runDriverConformance, type ConformanceFixture, type PeerItem } from "./driver-conformance";
import { targetOf } from "@/tests/support/openwrt-driver-kit";

const SERVICE_RULES = {
  miniupnpd: [{ type: "rule", name: "Allow-UPnP-SSDP", src: "lan", proto: "udp", dest_port: "1900", target: "ACCEPT" }],
};

/** What the stand-in holds, read from the stand-in (its own parser), never from the driver. */
function peerItems(state: PeerState): PeerItem[] {
  const items: PeerItem[] = [];
  const flat = (o: Record<string, string | string[]>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? v.join(" ") : v]));
  const managed = (name: string | null) => (name?.startsWith("rampart_") ? name.slice(8) : null);
  for (const s of state.sections) {
    if (s.type === "rule")
      items.push({ kind: "filter", managedId: managed(s.name), dynamic: false, fields: flat(s.options) });
    if (s.type === "ipset") {
      for (const entry of [s.options.entry ?? []].flat()) {
        items.push({
          kind: "address-list-entry",
          managedId: managed(s.name),
          dynamic: false,
          fields: { list: String(s.options.name), address: entry },
        });
      }
    }
  }
  for (const instances of Object.values(state.services)) {
    for (const data of Object.values(instances)) {
      for (const rule of data.firewall ?? [])
        items.push({ kind: "filter", managedId: null, dynamic: true, fields: rule as Record<string, string> });
    }
  }
  return items;
}

async function silentListener(): Promise<net.Server> {
  const srv = net.createServer((sock) => sock.on("error", () => {})); // accepts, never says a word
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return srv;
}

const sectionOf = (ruleId: string) => `rampart_${ruleId}`;

const fixture: ConformanceFixture = {
  driver: openWrtDriver,
  failedApplyLeaves: "previous-state",
  async start({ foreign, dynamic }) {
    const peer = await startOpenWrtPeer({
      seed: foreign ? "foreign" : "minimal",
      serviceRules: dynamic ? SERVICE_RULES : undefined,
    });
    const silent = await silentListener();
    const target = targetOf(peer);
    return {
      target,
      version: "23.05.3",
      readState: () => peerItems(peer.readState()),
      faults: {
        silent: () => {
          target.port = (silent.address() as net.AddressInfo).port;
        },
        hangAfterLogin: () => peer.setFaults({ delayMs: 60_000 }),
        closeMidReply: () => peer.setFaults({ dropOnShow: true }),
        dropAfterCommands: (n) => peer.setFaults({ dropAfterBatches: n }),
      },
      async close() {
        silent.close();
        await peer.close();
      },
    };
  },
  async refusedTarget() {
    const srv = await silentListener();
    const { port } = srv.address() as net.AddressInfo;
    await new Promise((r) => srv.close(r));
    return { vendor: "openwrt", transport: "ssh", host: "127.0.0.1", port, username: "rampart-owrt", password: "x" };
  },
  ops: {
    addRule(ruleId, adminComment): VendorOp[] {
      const s = sectionOf(ruleId);
      return [
        {
          label: `add rule ${ruleId}`,
          wire: [
            uciSetLine(s, null, "rule"),
            uciSetLine(s, "name", adminComment ? `${ruleId} ${adminComment}` : ruleId),
            uciSetLine(s, "src", "wan"),
            uciSetLine(s, "proto", "tcp"),
            uciSetLine(s, "dest_port", "22"),
            uciSetLine(s, "target", "ACCEPT"),
          ],
        },
      ];
    },
    changeRule(ruleId, _live: LiveFirewall) {
      return {
        ops: [{ label: `change rule ${ruleId}`, wire: [uciSetLine(sectionOf(ruleId), "dest_port", "2222")] }],
        isChanged: (item: PeerItem) => item.fields.dest_port === "2222",
      };
    },
    removeRule(ruleId) {
      return [{ label: `remove rule ${ruleId}`, wire: [uciDeleteLine(sectionOf(ruleId))] }];
    },
    refusedOp() {
      // the section does not exist: uci prints "uci: Invalid argument" and stages nothing
      return { label: "set an option on a missing section", wire: [uciSetLine("rampart_missing", "name", "x")] };
    },
  },
};

runDriverConformance("openwrt", fixture);

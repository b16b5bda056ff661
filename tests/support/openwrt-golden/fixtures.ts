// Fixture rule sets for the golden compile tests: each compiles (against the stock zones) to the committed
// `<name>.batch` file beside this one.
import { content, list, rule } from "@/tests/support/rule-fixtures";
import type { RuleSetContent } from "@/lib/rules/schema";

export const GOLDEN_FIXTURES: Record<string, RuleSetContent> = {
  basics: content([
    rule({ id: "restab01", chain: "input", states: ["established", "related"], comment: "keep replies" }),
    rule({
      id: "rssh0001",
      chain: "input",
      inInterface: "wan",
      protocol: "tcp",
      dstPorts: [{ from: 22, to: 22 }],
      src: { kind: "addresses", values: ["198.51.100.0/24"], negate: false },
      comment: "SSH from the office",
    }),
    rule({
      id: "rweb0001",
      chain: "forward",
      inInterface: "wan",
      outInterface: "lan",
      family: "ipv4",
      protocol: "tcp",
      dstPorts: [
        { from: 80, to: 80 },
        { from: 443, to: 443 },
        { from: 8000, to: 8100 },
      ],
      dst: { kind: "addresses", values: ["192.168.1.10"], negate: false },
      comment: "web server",
    }),
    rule({
      id: "rdns0001",
      chain: "output",
      outInterface: "wan",
      protocol: "udp",
      dstPorts: [{ from: 53, to: 53 }],
      action: "drop",
      log: true,
      logPrefix: "dns-out",
      comment: "no direct DNS",
    }),
    rule({ id: "rping001", chain: "input", protocol: "icmp", action: "reject", log: true }),
    rule({
      id: "rgre0001",
      chain: "forward",
      protocol: 47,
      action: "drop",
      enabled: false,
      comment: "It's 'off'; #not $(now) \\ \\n",
    }),
    rule({ id: "ranyout1", chain: "output", action: "accept" }),
  ]),
  families: content(
    [
      rule({
        id: "rblock01",
        chain: "input",
        inInterface: "wan",
        src: { kind: "list", list: "bad-hosts", negate: false },
        action: "drop",
        comment: "drop blocklisted",
      }),
      rule({
        id: "rnotoff1",
        chain: "input",
        inInterface: "wan",
        protocol: "tcp",
        dstPorts: [{ from: 22, to: 22 }],
        src: { kind: "addresses", values: ["203.0.113.7", "2001:db8::7"], negate: true },
        action: "reject",
      }),
      rule({
        id: "rmixed01",
        chain: "forward",
        src: { kind: "addresses", values: ["10.0.0.0/8", "fd00::/8"], negate: false },
        dst: { kind: "list", list: "servers_v6", negate: true },
        action: "accept",
      }),
      rule({ id: "rv6only1", chain: "input", family: "ipv6", protocol: "icmpv6", action: "accept", comment: "ICMPv6" }),
    ],
    [
      list("bad-hosts", ["192.0.2.1", "192.0.2.8-192.0.2.15", "2001:db8:bad::/48"]),
      list("servers_v6", ["2001:db8:1::10"]),
    ],
  ),
};

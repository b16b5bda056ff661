import { expect, test } from "vitest";
import { describeAddressMatch, describeRule } from "./describe";
import type { AddressMatch } from "./schema";
import { rule } from "@/tests/support/rule-fixtures";

const office: AddressMatch = { kind: "list", list: "office", negate: false };
const addresses = (values: string[], negate = false): AddressMatch => ({ kind: "addresses", values, negate });

test.each([
  [
    rule({ protocol: "tcp", src: office, dstPorts: [{ from: 22, to: 22 }] }),
    "accept tcp from office to any port 22 on input",
  ],
  [rule({ action: "drop" }), "drop from any to any on input"],
  [rule({ action: "reject", chain: "forward", protocol: "udp" }), "reject udp from any to any on forward"],
  [rule({ src: addresses(["10.0.0.0/8"], true) }), "accept from not 10.0.0.0/8 to any on input"],
  [
    rule({ dst: { kind: "list", list: "blocked", negate: true }, action: "drop", chain: "output" }),
    "drop from any to not blocked on output",
  ],
  [rule({ inInterface: "ether1" }), "accept from any to any on input in via ether1"],
  [
    rule({ chain: "forward", inInterface: "lan", outInterface: "wan" }),
    "accept from any to any on forward in via lan out via wan",
  ],
  [rule({ chain: "output", outInterface: "wan" }), "accept from any to any on output out via wan"],
  [rule({ states: ["established", "related"] }), "accept from any to any on input if established,related"],
  [rule({ family: "ipv4", protocol: "icmp" }), "accept ipv4 icmp from any to any on input"],
  [rule({ family: "ipv6", protocol: "icmpv6" }), "accept ipv6 icmpv6 from any to any on input"],
  [rule({ family: "ipv6" }), "accept ipv6 from any to any on input"],
  [rule({ protocol: 47 }), "accept protocol 47 from any to any on input"],
  [
    rule({
      protocol: "tcp",
      srcPorts: [{ from: 1024, to: 65535 }],
      dstPorts: [
        { from: 80, to: 80 },
        { from: 443, to: 443 },
      ],
    }),
    "accept tcp from any port 1024-65535 to any port 80, 443 on input",
  ],
  [rule({ src: addresses(["10.0.0.1", "10.0.0.2"]) }), "accept from 10.0.0.1, 10.0.0.2 to any on input"],
  [rule({ log: true }), "accept from any to any on input and log"],
  [rule({ log: true, logPrefix: "ssh-in", action: "drop" }), "drop from any to any on input and log as 'ssh-in'"],
  [rule({ enabled: false, comment: "ignored" }), "accept from any to any on input"],
  [
    rule({
      action: "drop",
      family: "ipv4",
      protocol: "tcp",
      src: addresses(["192.0.2.0/24"], true),
      dst: office,
      dstPorts: [{ from: 22, to: 22 }],
      chain: "forward",
      inInterface: "ether1",
      outInterface: "bridge",
      states: ["new"],
      log: true,
      logPrefix: "ssh",
    }),
    "drop ipv4 tcp from not 192.0.2.0/24 to office port 22 on forward in via ether1 out via bridge if new and log as 'ssh'",
  ],
])("%#: %s", (r, expected) => {
  expect(describeRule(r)).toBe(expected);
});

test.each([
  [{ kind: "any" }, "any"],
  [addresses(["2001:db8::/32"]), "2001:db8::/32"],
  [addresses(["10.0.0.1", "10.0.0.2", "10.0.0.3"]), "10.0.0.1, 10.0.0.2, 10.0.0.3"],
  [addresses(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]), "10.0.0.1, 10.0.0.2, 10.0.0.3 and 2 more"],
  [addresses(["10.0.0.1-10.0.0.9", "10.1.0.0/16"], true), "not 10.0.0.1-10.0.0.9, 10.1.0.0/16"],
  [{ kind: "list", list: "office", negate: true }, "not office"],
] as const)("address match %j", (match, expected) => {
  expect(describeAddressMatch(match as AddressMatch)).toBe(expected);
});

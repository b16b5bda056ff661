import { describe, expect, test } from "vitest";
import { parseAddressSpec } from "./address";

const MAX128 = (1n << 128n) - 1n;

describe("parseAddressSpec: accepted", () => {
  test.each([
    ["0.0.0.0", "ipv4", 0n, 0n, "host"],
    ["255.255.255.255", "ipv4", 0xffffffffn, 0xffffffffn, "host"],
    ["10.0.0.1", "ipv4", 0x0a000001n, 0x0a000001n, "host"],
    ["0.0.0.0/0", "ipv4", 0n, 0xffffffffn, "cidr"],
    ["10.0.0.0/8", "ipv4", 0x0a000000n, 0x0affffffn, "cidr"],
    ["192.168.1.7/32", "ipv4", 0xc0a80107n, 0xc0a80107n, "cidr"],
    ["10.0.0.1-10.0.0.9", "ipv4", 0x0a000001n, 0x0a000009n, "range"],
    ["10.0.0.5-10.0.0.5", "ipv4", 0x0a000005n, 0x0a000005n, "range"],
    ["::", "ipv6", 0n, 0n, "host"],
    ["::1", "ipv6", 1n, 1n, "host"],
    ["1::", "ipv6", 1n << 112n, 1n << 112n, "host"],
    ["::/0", "ipv6", 0n, MAX128, "cidr"],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ipv6", MAX128, MAX128, "host"],
    ["2001:db8::", "ipv6", 0x20010db8n << 96n, 0x20010db8n << 96n, "host"],
    ["2001:DB8::/32", "ipv6", 0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n), "cidr"],
    ["1:2:3:4:5:6:7:8", "ipv6", 0x00010002000300040005000600070008n, 0x00010002000300040005000600070008n, "host"],
    ["1:2:3:4:5:6:7::", "ipv6", 0x00010002000300040005000600070000n, 0x00010002000300040005000600070000n, "host"],
    ["::2:3:4:5:6:7:8", "ipv6", 0x00000002000300040005000600070008n, 0x00000002000300040005000600070008n, "host"],
    ["::ffff:1.2.3.4", "ipv6", 0xffff01020304n, 0xffff01020304n, "host"],
    ["64:ff9b::192.0.2.33", "ipv6", (0x0064ff9bn << 96n) | 0xc0000221n, (0x0064ff9bn << 96n) | 0xc0000221n, "host"],
    ["1:2:3:4:5:6:1.2.3.4", "ipv6", 0x000100020003000400050006_01020304n, 0x000100020003000400050006_01020304n, "host"],
    ["2001:db8::1-2001:db8::ff", "ipv6", (0x20010db8n << 96n) | 1n, (0x20010db8n << 96n) | 0xffn, "range"],
    ["fe80::/10", "ipv6", 0xfe80n << 112n, (0xfe80n << 112n) | ((1n << 118n) - 1n), "cidr"],
    ["::/128", "ipv6", 0n, 0n, "cidr"],
  ] as const)("%s", (text, family, from, to, kind) => {
    expect(parseAddressSpec(text)).toEqual({ ok: true, family, from, to, kind });
  });

  test("surrounding whitespace is ignored", () => {
    expect(parseAddressSpec("  10.0.0.1 ")).toEqual({
      ok: true,
      family: "ipv4",
      from: 0x0a000001n,
      to: 0x0a000001n,
      kind: "host",
    });
  });
});

describe("parseAddressSpec: refused", () => {
  test.each([
    ["", "address is required"],
    ["   ", "address is required"],
    ["1.2.3", "1.2.3 is not an IPv4 address"],
    ["1.2.3.4.5", "1.2.3.4.5 is not an IPv4 address"],
    ["10.0.0.300", "10.0.0.300 is not an IPv4 address"],
    ["256.0.0.0", "256.0.0.0 is not an IPv4 address"],
    ["1.2.3.", "1.2.3. is not an IPv4 address"],
    [".1.2.3", ".1.2.3 is not an IPv4 address"],
    ["1.2.3.x", "1.2.3.x is not an IPv4 address"],
    ["1.2.3.+4", "1.2.3.+4 is not an IPv4 address"],
    ["1.2.3.1000", "1.2.3.1000 is not an IPv4 address"],
    ["office", "office is not an IPv4 address"],
    ["01.2.3.4", "01.2.3.4 is not an IPv4 address: leading zeros (01) are ambiguous"],
    ["10.0.0.010", "10.0.0.010 is not an IPv4 address: leading zeros (010) are ambiguous"],
    ["10.0.0.1 10.0.0.2", "'10.0.0.1 10.0.0.2' contains spaces; enter one address, prefix or range"],
    ["fe80::1%eth0", "fe80::1%eth0 has a zone id; zone ids (after '%') are not allowed in firewall rules"],
    ["fe80::1%1/64", "fe80::1%1/64 has a zone id; zone ids (after '%') are not allowed in firewall rules"],
    ["1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9 is not an IPv6 address"],
    ["1:2:3:4:5:6:7", "1:2:3:4:5:6:7 is not an IPv6 address"],
    ["1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7:8:: is not an IPv6 address"],
    ["1::2::3", "1::2::3 is not an IPv6 address"],
    [":::", "::: is not an IPv6 address"],
    [":1:2:3:4:5:6:7", ":1:2:3:4:5:6:7 is not an IPv6 address"],
    ["1:2:3:4:5:6:7:", "1:2:3:4:5:6:7: is not an IPv6 address"],
    ["12345::", "12345:: is not an IPv6 address"],
    ["2001:db8::g", "2001:db8::g is not an IPv6 address"],
    ["::1.2.3", "::1.2.3 is not an IPv6 address"],
    ["::01.2.3.4", "::01.2.3.4 is not an IPv6 address"],
    ["1.2.3.4::", "1.2.3.4:: is not an IPv6 address"],
    ["::1.2.3.4:5", "::1.2.3.4:5 is not an IPv6 address"],
    ["1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4 is not an IPv6 address"],
    ["10.0.0.1/8", "10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?"],
    ["192.168.1.77/24", "192.168.1.77/24 has host bits set; did you mean 192.168.1.0/24?"],
    ["2001:db8::1/32", "2001:db8::1/32 has host bits set; did you mean 2001:db8::/32?"],
    ["10.0.0.0/33", "10.0.0.0/33 has prefix length '33'; IPv4 allows 0-32"],
    ["2001:db8::/129", "2001:db8::/129 has prefix length '129'; IPv6 allows 0-128"],
    ["10.0.0.0/", "10.0.0.0/ has prefix length ''; IPv4 allows 0-32"],
    ["10.0.0.0/08", "10.0.0.0/08 has prefix length '08'; IPv4 allows 0-32"],
    ["10.0.0.0/-1", "10.0.0.0/-1 mixes a range and a prefix; use one or the other"],
    ["10.0.0.0/8/8", "10.0.0.0/8/8 is not a prefix; write it as address/length, e.g. 10.0.0.0/8"],
    ["/8", " is not an IPv4 address"],
    ["10.0.0.1-::1", "range 10.0.0.1-::1 mixes IPv4 and IPv6"],
    ["::1-10.0.0.1", "range ::1-10.0.0.1 mixes IPv4 and IPv6"],
    ["10.0.0.9-10.0.0.1", "range 10.0.0.9-10.0.0.1 is backwards; the start must not be after the end"],
    ["10.0.0.1-", "10.0.0.1- is not a range; write it as start-end, e.g. 10.0.0.1-10.0.0.9"],
    ["-10.0.0.1", "-10.0.0.1 is not a range; write it as start-end, e.g. 10.0.0.1-10.0.0.9"],
    [
      "1.1.1.1-2.2.2.2-3.3.3.3",
      "1.1.1.1-2.2.2.2-3.3.3.3 is not a range; write it as start-end, e.g. 10.0.0.1-10.0.0.9",
    ],
    ["10.0.0.0/8-10.0.0.9", "10.0.0.0/8-10.0.0.9 mixes a range and a prefix; use one or the other"],
    ["10.0.0.1-10.0.0.x", "10.0.0.x is not an IPv4 address"],
  ])("%j", (text, message) => {
    expect(parseAddressSpec(text)).toEqual({ ok: false, message });
  });
});

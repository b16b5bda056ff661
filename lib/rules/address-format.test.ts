import { expect, test } from "vitest";
import { formatAddress } from "./address-format";
import { parseAddressSpec } from "./address";

test.each([
  ["ipv4", 0n, "0.0.0.0"],
  ["ipv4", 0xffffffffn, "255.255.255.255"],
  ["ipv4", 0x0a000001n, "10.0.0.1"],
  ["ipv6", 0n, "::"],
  ["ipv6", 1n, "::1"],
  ["ipv6", 1n << 112n, "1::"],
  ["ipv6", 0x20010db8000000000000000000000001n, "2001:db8::1"],
  ["ipv6", 0x20010db8000000010000000000000001n, "2001:db8:0:1::1"],
  ["ipv6", 0x20010db8000000010001000100010001n, "2001:db8:0:1:1:1:1:1"],
  ["ipv6", 0x20010000000000010000000000000001n, "2001:0:0:1::1"],
  ["ipv6", 0x00010000000000020000000000000003n, "1:0:0:2::3"],
  ["ipv6", 0x00010000000000020000000000030004n, "1::2:0:0:3:4"],
  ["ipv6", (1n << 128n) - 1n, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
] as const)("%s %s -> %s", (family, value, text) => {
  expect(formatAddress(family, value)).toBe(text);
});

test.each(["::", "::1", "1::", "2001:db8::1", "fe80::1:2", "1:2:3:4:5:6:7:8", "10.1.2.3"])("round trip %s", (text) => {
  const parsed = parseAddressSpec(text);
  if (!parsed.ok) throw new Error(parsed.message);
  expect(formatAddress(parsed.family, parsed.from)).toBe(text);
});

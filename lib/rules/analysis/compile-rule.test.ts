import { describe, expect, test } from "vitest";
import { parseAddressSpec } from "../address";
import { parseIpv4Quick } from "./compile-rule";
import { seededRandom } from "./prng";

/** What the quick path must agree with: parseAddressSpec's IPv4 result as a half-open range. */
function viaSpec(text: string): [bigint, bigint] | null {
  const spec = parseAddressSpec(text);
  return spec.ok && spec.family === "ipv4" ? [spec.from, spec.to + 1n] : null;
}

describe("quick IPv4 parsing", () => {
  test.each([
    "10.1.2.3",
    "0.0.0.0",
    "255.255.255.255",
    "0.0.0.0/0",
    "10.0.0.0/8",
    "192.0.2.1/32",
    "10.1.2.0/24",
    "10.1.2.3/24",
    "010.1.2.3",
    "10.1.2.256",
    "10.1.2",
    "10.1.2.3.4",
    "10..2.3",
    "10.1.2.3/33",
    "10.1.2.0/024",
    "10.1.2.0/",
    " 10.1.2.3",
    "10.1.2.3-10.1.2.9",
    "2001:db8::1",
    "1.2.3.4/00",
  ])("%s is parsed as parseAddressSpec does, or left to it", (text) => {
    const quick = parseIpv4Quick(text);
    if (quick !== null) expect(quick).toEqual(viaSpec(text));
  });

  test("plain addresses and prefixes take the quick path", () => {
    expect(parseIpv4Quick("10.1.2.3")).toEqual([167838211n, 167838212n]);
    expect(parseIpv4Quick("10.0.0.0/8")).toEqual([167772160n, 184549376n]);
    expect(parseIpv4Quick("0.0.0.0/0")).toEqual([0n, 1n << 32n]);
  });

  test("random texts near the IPv4 grammar agree with parseAddressSpec", () => {
    const random = seededRandom(4242);
    const pieces = ["0", "1", "9", "10", "255", "192", "0", "64", "01", "256", "00", "", "1000"];
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    let quick = 0;
    for (let k = 0; k < 20_000; k++) {
      const octets = Array.from({ length: random() < 0.8 ? 4 : 3 + Math.floor(random() * 3) }, () =>
        random() < 0.8 ? pick(pieces.slice(0, 8)) : pick(pieces),
      );
      let text = octets.join(random() < 0.95 ? "." : ":");
      if (random() < 0.5) text += `/${pick(["0", "8", "24", "30", "31", "32", "33", "08", ""])}`;
      const result = parseIpv4Quick(text);
      if (result === null) continue;
      quick++;
      expect({ text, result }).toEqual({ text, result: viaSpec(text) });
    }
    expect(quick).toBeGreaterThan(2000);
  });
});

import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyForwarded,
  CLIENT_ADDRESS_HEADER,
  parseTrustedProxies,
  resolveForwarded,
  type TrustedProxies,
} from "./forwarded";

const none = parseTrustedProxies(undefined);

describe("parseTrustedProxies", () => {
  it("takes addresses, prefixes of both families and 'loopback'", () => {
    const t = parseTrustedProxies(" 10.0.0.0/8, 2001:db8::/32 ,192.0.2.7,loopback");
    for (const a of ["10.200.3.4", "2001:db8:5::1", "192.0.2.7", "127.0.0.1", "::1", "::ffff:10.1.1.1"])
      expect(t.trusts(a), a).toBe(true);
    for (const a of ["11.0.0.1", "2001:db9::1", "192.0.2.8", "not-an-ip", ""]) expect(t.trusts(a), a).toBe(false);
    expect(t.summary).toBe("10.0.0.0/8, 2001:db8::/32, 192.0.2.7, loopback");
  });

  it("trusts nothing when unset or empty", () => {
    expect(none.trusts("127.0.0.1")).toBe(false);
    expect(parseTrustedProxies("  ").summary).toBe("none");
  });

  it.each(["10.0.0.0/33", "10.0.0.0/", "example.com", "10.0.0.1/8/1", "::1/129", "*"])(
    "refuses '%s' by name",
    (bad) => {
      expect(() => parseTrustedProxies(`127.0.0.1,${bad}`)).toThrow(`'${bad}'`);
    },
  );
});

describe("resolveForwarded", () => {
  const proxy = parseTrustedProxies("10.0.0.0/8");
  const h = (xff?: string, extra: IncomingHttpHeaders = {}): IncomingHttpHeaders => ({
    ...(xff === undefined ? {} : { "x-forwarded-for": xff }),
    ...extra,
  });

  it("ignores every forwarding header from a peer that is not a trusted proxy", () => {
    expect(
      resolveForwarded(
        "203.0.113.9",
        h("198.51.100.1", { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" }),
        proxy,
      ),
    ).toEqual({ client: "203.0.113.9", proto: null, host: null });
    expect(resolveForwarded("127.0.0.1", h("198.51.100.1"), none).client).toBe("127.0.0.1");
  });

  it("walks trusted hops from the right and stops at the first untrusted address", () => {
    // The client forged the leftmost hop; the proxy chain appended the real one.
    expect(resolveForwarded("10.0.0.2", h("6.6.6.6, 198.51.100.4, 10.0.0.1"), proxy).client).toBe("198.51.100.4");
    expect(resolveForwarded("10.0.0.2", h(undefined), proxy).client).toBe("10.0.0.2");
    expect(resolveForwarded("::ffff:10.0.0.2", h("2001:db8::7"), proxy).client).toBe("2001:db8::7");
  });

  it("stops at a malformed hop instead of believing what lies beyond it", () => {
    expect(resolveForwarded("10.0.0.2", h("198.51.100.4, <script>"), proxy).client).toBe("10.0.0.2");
  });

  it("keeps proto (http/https only) and host from a trusted proxy", () => {
    expect(
      resolveForwarded(
        "10.0.0.2",
        h("198.51.100.4", { "x-forwarded-proto": "HTTPS, http", "x-forwarded-host": "fw.example.net" }),
        proxy,
      ),
    ).toEqual({ client: "198.51.100.4", proto: "https", host: "fw.example.net" });
    expect(
      resolveForwarded("10.0.0.2", h("198.51.100.4", { "x-forwarded-proto": "javascript" }), proxy).proto,
    ).toBeNull();
  });
});

describe("applyForwarded on a real socket", () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  /** Starts a server that rewrites headers like scripts/serve.ts and answers with what the app would see. */
  async function serve(trusted: TrustedProxies): Promise<number> {
    server = createServer((req, res) => {
      applyForwarded(req, trusted);
      res.end(JSON.stringify(req.headers));
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    return (server.address() as AddressInfo).port;
  }

  function get(port: number, headers: Record<string, string>): Promise<IncomingHttpHeaders> {
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, headers }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve(JSON.parse(body)));
      });
      req.on("error", reject);
      req.end();
    });
  }

  const forged = {
    "X-Forwarded-For": "198.51.100.23",
    "X-Real-IP": "198.51.100.24",
    [CLIENT_ADDRESS_HEADER]: "198.51.100.25",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
  };

  it("without a trusted proxy the socket address wins over every forged header", async () => {
    const seen = await get(await serve(none), forged);
    expect(seen[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen["x-real-ip"]).toBeUndefined();
    expect(seen["x-forwarded-proto"]).toBeUndefined();
    expect(seen["x-forwarded-host"]).toBeUndefined();
  });

  it("behind a trusted proxy the forwarded client is used", async () => {
    const seen = await get(await serve(parseTrustedProxies("loopback")), forged);
    expect(seen[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.23");
    expect(seen["x-forwarded-proto"]).toBe("https");
    expect(seen["x-forwarded-host"]).toBe("evil.example");
  });
});

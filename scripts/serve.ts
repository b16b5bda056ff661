/**
 * The production server: Next's request handler behind a plain http server, so forwarding headers are settled
 * from the TCP peer before the app sees them (lib/http/forwarded.ts). `next start` cannot do that: it keeps a
 * client's own X-Forwarded-For and never exposes the socket address to the app.
 */
import { createServer } from "node:http";
import next from "next";
import { serverEnv } from "../lib/env";
import { applyForwarded, parseTrustedProxies } from "../lib/http/forwarded";

async function main(): Promise<void> {
  // Fails here, before Next starts, when a variable is set to something it cannot mean.
  const env = serverEnv();
  const { PORT: port, HOST: hostname } = env;
  const trusted = parseTrustedProxies(env.RAMPART_TRUSTED_PROXIES);
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    applyForwarded(req, trusted);
    void handle(req, res);
  });
  // Behind a proxy with keep-alive connections, the proxy must give up on an idle connection first.
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    console.log(`» Rampart listening on http://${hostname}:${port} (trusted proxies: ${trusted.summary})`);
  });
  const stop = () => {
    server.close(() => void app.close().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

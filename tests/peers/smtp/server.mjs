// A real SMTP server (the smtp-server package, RFC 5321 + AUTH) in its own process, for alert tests and the e2e.
// Prints {"port":N} once listening, then one JSON line per accepted message:
// {"mail":{"from","to":[],"user","data"}}. Env: SMTP_USER / SMTP_PASS (AUTH PLAIN/LOGIN required when set).
import { SMTPServer } from "smtp-server";

const user = process.env.SMTP_USER ?? "";
const pass = process.env.SMTP_PASS ?? "";
const server = new SMTPServer({
  secure: false,
  disabledCommands: ["STARTTLS"],
  authOptional: !user,
  allowInsecureAuth: true,
  banner: "rampart test smtp",
  logger: false,
  onAuth(auth, _session, cb) {
    // A real server's reply to a wrong password: 535 (RFC 4954).
    if (auth.username === user && auth.password === pass) return cb(null, { user: auth.username });
    const err = new Error("Authentication credentials invalid");
    err.responseCode = 535;
    return cb(err);
  },
  onData(stream, session, cb) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      const mail = {
        from: session.envelope.mailFrom?.address ?? "",
        to: session.envelope.rcptTo.map((r) => r.address),
        user: session.user ?? null,
        data: Buffer.concat(chunks).toString("utf8"),
      };
      process.stdout.write(JSON.stringify({ mail }) + "\n");
      cb(null, "Message queued as test-" + Date.now());
    });
  },
});
server.listen(Number(process.env.SMTP_PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.server.address().port }) + "\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));

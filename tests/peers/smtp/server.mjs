// A real SMTP server (the smtp-server package, RFC 5321 + AUTH) in its own process, for alert tests and the e2e.
// Prints {"port":N} once listening, then one JSON line per AUTH attempt ({"auth":"<user>"}) and per accepted
// message: {"mail":{"from","to":[],"user","data"}}. Env: SMTP_USER / SMTP_PASS (AUTH PLAIN/LOGIN required when
// set); SMTP_TLS_KEY / SMTP_TLS_CERT (PEM): offer STARTTLS with that certificate, else no STARTTLS at all.
import { SMTPServer } from "smtp-server";

const user = process.env.SMTP_USER ?? "";
const pass = process.env.SMTP_PASS ?? "";
const tls = process.env.SMTP_TLS_KEY && process.env.SMTP_TLS_CERT;
const server = new SMTPServer({
  secure: false,
  ...(tls ? { key: process.env.SMTP_TLS_KEY, cert: process.env.SMTP_TLS_CERT } : { disabledCommands: ["STARTTLS"] }),
  authOptional: !user,
  allowInsecureAuth: true,
  banner: "rampart test smtp",
  logger: false,
  onAuth(auth, _session, cb) {
    process.stdout.write(JSON.stringify({ auth: auth.username }) + "\n");
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

import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Self-signed certificate (SAN 127.0.0.1 and localhost) and DH parameters made with the openssl CLI in a temp
 * dir, once per process: the API-SSL service of a router with a certificate assigned, and its ADH-only mode.
 */
const run = promisify(execFile);

export interface PeerCertificate {
  certPem: string;
  keyPem: string;
  /** "AB:CD:..." as Node's getPeerCertificate().fingerprint256 prints it. */
  fingerprint256: string;
}

let certPromise: Promise<PeerCertificate> | null = null;
let dhPromise: Promise<string> | null = null;

export function peerCertificate(): Promise<PeerCertificate> {
  certPromise ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ros-peer-tls-"));
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    await run("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "7",
      "-subj",
      "/CN=rampart-test-router",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ]);
    const certPem = await readFile(cert, "utf8");
    const keyPem = await readFile(key, "utf8");
    await rm(dir, { recursive: true, force: true });
    return { certPem, keyPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
  })();
  return certPromise;
}

export function peerDhParams(): Promise<string> {
  dhPromise ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ros-peer-dh-"));
    const file = path.join(dir, "dh.pem");
    // -dsaparam: fast generation; fine for a test peer.
    await run("openssl", ["dhparam", "-dsaparam", "-out", file, "2048"]);
    const pem = await readFile(file, "utf8");
    await rm(dir, { recursive: true, force: true });
    return pem;
  })();
  return dhPromise;
}

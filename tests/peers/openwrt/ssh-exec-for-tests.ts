/** Minimal ssh2 exec for tests of the peer itself (the driver has its own, tested separately). */
import { Client, type ConnectConfig } from "ssh2";

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function sshConnect(cfg: ConnectConfig): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.once("ready", () => resolve(c));
    c.once("error", reject);
    c.connect({ readyTimeout: 10_000, ...cfg });
  });
}

export function sshExec(c: Client, command: string, stdin?: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, stream) => {
      if (err) return reject(err);
      let stdout = "";
      let stderr = "";
      let code: number | null = null;
      stream.on("data", (b: Buffer) => (stdout += b.toString()));
      stream.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      stream.on("exit", (c: number | null) => (code = c));
      stream.on("close", () => resolve({ code, stdout, stderr }));
      stream.end(stdin ?? "");
    });
  });
}

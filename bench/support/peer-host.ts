import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { PeerHostReply, PeerHostRequest } from "../workers/peer-host";
import { serverNodeFlags, workerExecArgv } from "./worker-exec-argv";

export interface PeerHost {
  /** Proxy ports, one per router, in order. */
  ports: number[];
  rows(): Promise<number[]>;
  /** CPU time the simulator processes have used so far (user + system), summed. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

function ask(child: ChildProcess, req: PeerHostRequest, want: PeerHostReply["type"]): Promise<PeerHostReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: PeerHostReply) => {
      if (m.type === "failed") reject(new Error(`peer host: ${m.message}`));
      else if (m.type === want) resolve(m);
      else return;
      child.off("message", onMessage);
    };
    child.on("message", onMessage);
    child.send(req);
  });
}

/** `count` RouterOS peers behind delaying proxies in a child process. */
export async function startPeerHost(count: number, oneWayDelayMs: number): Promise<PeerHost> {
  // The server's Node flags (its young-generation size) for the simulators too: they share this machine's cores
  // with the process being measured, and their garbage collection (a real router spends its own CPU) is not the subject.
  const child = fork(path.join(process.cwd(), "bench/workers/peer-host.ts"), [], {
    execArgv: workerExecArgv(serverNodeFlags()),
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const started = (await ask(child, { type: "start", count, oneWayDelayMs }, "started")) as Extract<
    PeerHostReply,
    { type: "started" }
  >;
  return {
    ports: started.ports,
    rows: async () => ((await ask(child, { type: "rows" }, "rows")) as Extract<PeerHostReply, { type: "rows" }>).rows,
    cpuMs: async () => ((await ask(child, { type: "cpu" }, "cpu")) as Extract<PeerHostReply, { type: "cpu" }>).ms,
    async close() {
      const exited = new Promise((r) => child.once("exit", r));
      await ask(child, { type: "close" }, "closed").catch(() => child.kill());
      await exited;
    },
  };
}

/**
 * `count` RouterOS peers spread over `processes` child processes (each router still its own socket, state and
 * proxy), so one simulator process is not the bottleneck of a fleet push on a small machine.
 */
export async function startPeerHosts(count: number, oneWayDelayMs: number, processes: number): Promise<PeerHost> {
  const per = Math.ceil(count / processes);
  const sizes = Array.from({ length: processes }, (_, i) => Math.max(0, Math.min(per, count - i * per))).filter(
    (n) => n > 0,
  );
  const hosts = await Promise.all(sizes.map((n) => startPeerHost(n, oneWayDelayMs)));
  return {
    ports: hosts.flatMap((h) => h.ports),
    rows: async () => (await Promise.all(hosts.map((h) => h.rows()))).flat(),
    cpuMs: async () => (await Promise.all(hosts.map((h) => h.cpuMs()))).reduce((a, b) => a + b, 0),
    close: async () => void (await Promise.all(hosts.map((h) => h.close()))),
  };
}

// One worker thread of lib/workers/pool.ts. Plain JavaScript, so Node runs it as is under `next start`,
// scripts/serve.ts and vitest alike; tsx (a runtime dependency) then loads the TypeScript tasks and their
// `@/` imports from tsconfig.json, outside Next's bundle.
import { parentPort, workerData } from "node:worker_threads";
import { register as registerCommonJs } from "tsx/cjs/api";
import { register } from "tsx/esm/api";

// Both hooks: the project's .ts files are CommonJS to Node, so their imports become require() calls.
registerCommonJs();
register({ tsconfig: workerData.tsconfig });
const tasks = await import(workerData.tasksUrl);
// The project's .ts files are CommonJS to Node: their exports arrive under `default`.
const TASKS = tasks.TASKS ?? tasks.default.TASKS;
const warmUpStep = tasks.warmUpStep ?? tasks.default.warmUpStep;

parentPort.on("message", async ({ id, name, input }) => {
  try {
    parentPort.postMessage({ id, ok: true, output: await TASKS[name](input) });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
parentPort.postMessage({ ready: true });

// Warm-up (./warm-up.ts): one short step per turn of the event loop, so a job that arrives is taken between two.
// It only saves time later: a step that fails ends it, and the worker serves jobs as before.
let step = 0;
const warmUp = () => {
  let more = false;
  try {
    more = warmUpStep(step++);
  } catch {
    more = false;
  }
  if (more) setImmediate(warmUp);
  else parentPort.postMessage({ warm: true });
};
setImmediate(warmUp);

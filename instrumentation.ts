/** Background work lives in the server process the README's start command runs. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // A variable set to something it cannot mean stops the server now, with its name (lib/env.ts).
    const { serverEnv } = await import("./lib/env");
    serverEnv();
    const { startHealthPoller } = await import("./lib/health/scheduler");
    startHealthPoller();
    const { recoverInterruptedPushes } = await import("./lib/push/recover");
    await recoverInterruptedPushes().catch((err) => console.error("[push] restart recovery failed:", err instanceof Error ? err.message : "unknown"));
  }
}

/** Background work lives in the server process the README's start command runs. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startHealthPoller } = await import("./lib/health/scheduler");
    startHealthPoller();
    const { recoverInterruptedPushes } = await import("./lib/push/recover");
    await recoverInterruptedPushes().catch((err) => console.error("[push] restart recovery failed:", err instanceof Error ? err.message : "unknown"));
  }
}

/** Background work lives in the server process the README's start command runs. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // A variable set to something it cannot mean stops the server now, with its name (lib/env.ts).
    const { serverEnv } = await import("./lib/env");
    serverEnv();
    // Hit records from before one record per router move first: the poller's reads then fold onto them.
    const { convertLegacyHits } = await import("./lib/hits/legacy-hits");
    await convertLegacyHits()
      .then((r) => r.routers && console.log(`[hits] hit records of ${r.routers} routers moved to one record each`))
      .catch((err) =>
        console.error("[hits] moving hit records failed:", err instanceof Error ? err.message : "unknown"),
      );
    const { startHealthPoller } = await import("./lib/health/scheduler");
    startHealthPoller();
    const { startAlertDispatcher } = await import("./lib/alerts/dispatcher");
    startAlertDispatcher();
    // Plans written before they were shared move into PushPlan first: recovery below reads them.
    const { convertLegacyPlans } = await import("./lib/push/plan-legacy");
    await convertLegacyPlans()
      .then((r) => r.converted && console.log(`[push] ${r.converted} stored plans moved to the shared plan table`))
      .catch((err) =>
        console.error("[push] moving stored plans failed:", err instanceof Error ? err.message : "unknown"),
      );
    // Retention is otherwise applied from the preview path (at most once a minute): a server nobody previews on prunes at start.
    const { prunePlans } = await import("./lib/push/plan-retention");
    void prunePlans().catch((err) =>
      console.error("[push] plan pruning failed:", err instanceof Error ? err.message : "unknown"),
    );
    const { recoverInterruptedPushes } = await import("./lib/push/recover");
    await recoverInterruptedPushes().catch((err) =>
      console.error("[push] restart recovery failed:", err instanceof Error ? err.message : "unknown"),
    );
  }
}

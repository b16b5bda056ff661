/** Background work lives in the server process the README's start command runs. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startHealthPoller } = await import("./lib/health/scheduler");
    startHealthPoller();
  }
}

import { failure, type Failure } from "@/lib/failure";
import { closeQuietly, connect, describeError, loadPushRouter } from "@/lib/push/router-session";

/**
 * The address a router sees Rampart connect from (the local address of a real connection to it): what a
 * template's management rule must accept for the lockout guard to let the first push through. Read live.
 */
export async function managementAddressOf(
  routerId: string,
): Promise<{ ok: true; address: string } | Failure<"not_found" | "router_error">> {
  const loaded = await loadPushRouter(routerId);
  if (!loaded.ok) return failure("not_found", loaded.message);
  let session = null;
  try {
    session = await connect(loaded.router);
    await session.identify();
    const address = session.localAddress();
    if (!address) return failure("router_error", "the connection did not report its local address");
    return { ok: true, address: address.replace(/^::ffff:/, "") };
  } catch (err) {
    return failure("router_error", `could not reach the router: ${describeError(err).message}`);
  } finally {
    await closeQuietly(session);
  }
}

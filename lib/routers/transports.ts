/**
 * Every way Rampart reaches a router, with what the router form shows for it. A vendor's profile names the ones
 * it is managed over (VendorProfile.transports); a new vendor on a new kind of connection adds its line here.
 * Client-safe, like profiles.ts.
 */
const TRANSPORT_INFO = {
  api: { label: "RouterOS API (8728)", defaultPort: 8728 },
  "api-ssl": { label: "RouterOS API-SSL (8729)", defaultPort: 8729 },
  ssh: { label: "SSH (22)", defaultPort: 22 },
} satisfies Record<string, { label: string; defaultPort: number }>;

export type Transport = keyof typeof TRANSPORT_INFO;

export const TRANSPORTS = Object.keys(TRANSPORT_INFO) as [Transport, ...Transport[]];

export function transportInfo(t: Transport): { label: string; defaultPort: number } {
  return TRANSPORT_INFO[t];
}

export class UnknownTransportError extends Error {
  constructor(readonly stored: string) {
    super(`unknown router transport '${stored}' (this build knows ${TRANSPORTS.join(", ")})`);
    this.name = "UnknownTransportError";
  }
}

/** A transport read back from storage, checked: an unknown one fails by name instead of reading as another. */
export function parseTransport(stored: string): Transport {
  if (!Object.hasOwn(TRANSPORT_INFO, stored)) throw new UnknownTransportError(stored);
  return stored as Transport;
}

/** Turns the router form's FormData into the shape routerInputSchema parses (zod does the checking). */
export function routerFormInput(fd: FormData): Record<string, unknown> {
  const s = (k: string) => {
    const v = fd.get(k);
    return typeof v === "string" ? v : "";
  };
  const opt = (k: string) => (s(k).trim() === "" ? undefined : s(k));
  return {
    name: s("name"),
    vendor: s("vendor"),
    host: s("host"),
    port: s("port"),
    transport: s("transport"),
    username: s("username"),
    password: s("password") === "" ? undefined : s("password"),
    privateKey: opt("privateKey"),
    site: s("site"),
    tags: s("tags")
      .split(/[,\s]+/)
      .filter(Boolean),
    notes: s("notes"),
    tlsMode: s("tlsMode") || "verify",
    tlsCaPem: opt("tlsCaPem"),
    tlsFingerprint: opt("tlsFingerprint"),
    hostKeyFingerprint: opt("hostKeyFingerprint"),
  };
}

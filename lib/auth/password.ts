import argon2 from "argon2";

// argon2id with the library's defaults (m=64 MiB, t=3, p=4): above OWASP's minimum, ~100 ms here.
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the user does not exist keeps response time the same (no username oracle). */
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword("rampart-timing-dummy-" + Math.random());
  return dummyHash;
}

import crypto from "node:crypto";

/** 256-bit random secret, URL-safe; only its SHA-256 is stored. */
export function newSecret(prefix: string): string {
  return prefix + crypto.randomBytes(32).toString("base64url");
}

export function sha256Hex(value: string): string {
  return crypto.createHash("sha256").update(value, "utf8").digest("hex");
}

export const API_TOKEN_PREFIX = "rmp_";

/** Rule ids: "r" + 10 characters of [a-z0-9], from the platform CSPRNG (browser and Node alike). */

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const ID_LENGTH = 10;
// Bytes at or above the largest multiple of 36 are dropped, so every character is equally likely.
const ACCEPT_BELOW = 256 - (256 % ALPHABET.length);

export function newRuleId(): string {
  let id = "r";
  const bytes = new Uint8Array(ID_LENGTH * 2);
  while (id.length < ID_LENGTH + 1) {
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte >= ACCEPT_BELOW) continue;
      id += ALPHABET[byte % ALPHABET.length];
      if (id.length === ID_LENGTH + 1) break;
    }
  }
  return id;
}

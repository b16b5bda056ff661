import { describe, expect, it } from "vitest";
import { pollSettingsFormSchema } from "./poll-interval";

function firstMessages(input: Record<string, string>) {
  const r = pollSettingsFormSchema.safeParse(input);
  return r.success ? r.data : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

/** A form every check passes; each refusal below changes only what it names. */
const VALID = { intervalSeconds: "30", timeoutSeconds: "5", concurrency: "32", driftSeconds: "300" };

describe("health polling settings", () => {
  it("accepts whole numbers in range", () => {
    expect(firstMessages(VALID)).toEqual({
      intervalSeconds: 30,
      timeoutSeconds: 5,
      concurrency: 32,
      driftSeconds: 300,
    });
  });

  it.each([
    [{ intervalSeconds: "abc" }, { intervalSeconds: "interval must be a whole number" }],
    [{ intervalSeconds: "-3" }, { intervalSeconds: "interval must be a whole number" }],
    [{ intervalSeconds: "1", timeoutSeconds: "1" }, { intervalSeconds: "interval must be 2-3600 s" }],
    [{ timeoutSeconds: "0" }, { timeoutSeconds: "timeout must be 1-60 s" }],
    [{ concurrency: "999" }, { concurrency: "concurrency must be 1-256" }],
    [
      { intervalSeconds: "10", timeoutSeconds: "20", concurrency: "8" },
      { timeoutSeconds: "timeout must be shorter than the interval" },
    ],
    [{ driftSeconds: "1" }, { driftSeconds: "drift check interval must be 2-86400 s" }],
    [{ driftSeconds: "5m" }, { driftSeconds: "drift check interval must be a whole number" }],
  ])("%j -> %j", (change, expected) => {
    expect(firstMessages({ ...VALID, ...change })).toMatchObject(expected);
  });
});

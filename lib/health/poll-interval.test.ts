import { describe, expect, it } from "vitest";
import { pollSettingsFormSchema } from "./poll-interval";

function firstMessages(input: Record<string, string>) {
  const r = pollSettingsFormSchema.safeParse(input);
  return r.success ? r.data : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("health polling settings", () => {
  it("accepts whole numbers in range", () => {
    expect(
      firstMessages({ intervalSeconds: "30", timeoutSeconds: "5", concurrency: "32", driftSeconds: "300" }),
    ).toEqual({
      intervalSeconds: 30,
      timeoutSeconds: 5,
      concurrency: 32,
      driftSeconds: 300,
    });
  });

  it.each([
    [
      { intervalSeconds: "abc", timeoutSeconds: "5", concurrency: "32", driftSeconds: "300" },
      { intervalSeconds: "interval must be a whole number" },
    ],
    [
      { intervalSeconds: "-3", timeoutSeconds: "5", concurrency: "32", driftSeconds: "300" },
      { intervalSeconds: "interval must be a whole number" },
    ],
    [
      { intervalSeconds: "1", timeoutSeconds: "1", concurrency: "32", driftSeconds: "300" },
      { intervalSeconds: "interval must be 2-3600 s" },
    ],
    [
      { intervalSeconds: "30", timeoutSeconds: "0", concurrency: "32", driftSeconds: "300" },
      { timeoutSeconds: "timeout must be 1-60 s" },
    ],
    [
      { intervalSeconds: "30", timeoutSeconds: "5", concurrency: "999", driftSeconds: "300" },
      { concurrency: "concurrency must be 1-256" },
    ],
    [
      { intervalSeconds: "10", timeoutSeconds: "20", concurrency: "8", driftSeconds: "300" },
      { timeoutSeconds: "timeout must be shorter than the interval" },
    ],
    [
      { intervalSeconds: "30", timeoutSeconds: "5", concurrency: "32", driftSeconds: "1" },
      { driftSeconds: "drift check interval must be 2-86400 s" },
    ],
    [
      { intervalSeconds: "30", timeoutSeconds: "5", concurrency: "32", driftSeconds: "5m" },
      { driftSeconds: "drift check interval must be a whole number" },
    ],
  ])("%j -> %j", (input, expected) => {
    expect(firstMessages(input)).toMatchObject(expected);
  });
});

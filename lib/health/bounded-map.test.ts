import { describe, expect, it } from "vitest";
import { mapBounded } from "./bounded-map";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("mapBounded", () => {
  it("a slow item gives its place after releaseAfterMs and is still waited for", async () => {
    const done: string[] = [];
    const results = await mapBounded(
      ["slow", "quick"],
      1,
      async (x) => {
        await sleep(x === "slow" ? 400 : 10);
        done.push(x);
        return x.toUpperCase();
      },
      { releaseAfterMs: 50 },
    );
    // One place: without the release "quick" would wait 400 ms behind "slow".
    expect(done).toEqual(["quick", "slow"]);
    expect(results).toEqual(["SLOW", "QUICK"]);
  });

  it("an item that called keep() holds its place however long it runs", async () => {
    const done: string[] = [];
    await mapBounded(
      ["answered", "next"],
      1,
      async (x, place) => {
        if (x === "answered") place.keep();
        await sleep(x === "answered" ? 200 : 10);
        done.push(x);
      },
      { releaseAfterMs: 20 },
    );
    expect(done).toEqual(["answered", "next"]);
  });

  it("never has more than maxInFlight running, released ones included", async () => {
    let running = 0;
    let most = 0;
    await mapBounded(
      [1, 2, 3, 4, 5],
      1,
      async () => {
        running++;
        most = Math.max(most, running);
        await sleep(100);
        running--;
      },
      { releaseAfterMs: 5, maxInFlight: 2 },
    );
    expect(most).toBe(2);
  });

  it("without options, at most `limit` at once and in order of start", async () => {
    let running = 0;
    let most = 0;
    const r = await mapBounded([1, 2, 3, 4], 2, async (x) => {
      running++;
      most = Math.max(most, running);
      await sleep(20);
      running--;
      return x * 2;
    });
    expect(most).toBe(2);
    expect(r).toEqual([2, 4, 6, 8]);
  });
});

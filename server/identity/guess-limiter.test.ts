// Specification of the guessing limits: tries are taken before the check, so parallel tries cannot outrun them.
import { describe, expect, test } from "vitest";
import { addressKey } from "./address-key.js";
import { GuessLimiter } from "./guess-limiter.js";

describe("the guess limiter", () => {
  test("of 200 tries taken at once, only the limit is allowed; the first refusal is marked once", async () => {
    const limiter = new GuessLimiter({ address: { tries: 5, windowSeconds: 60 } });
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => limiter.take({ address: "10.0.0.1" })));
    expect(outcomes.filter((outcome) => outcome.allowed).length).toBe(5);
    expect(outcomes.filter((outcome) => !outcome.allowed && outcome.firstRefusal).length).toBe(1);
  });

  test("a right secret gives its try back; a refused try costs the other keys nothing", async () => {
    const limiter = new GuessLimiter({ address: { tries: 3, windowSeconds: 60 }, account: { tries: 2, windowSeconds: 60 } });
    const first = await limiter.take({ address: "a", account: "eva" });
    if (!first.allowed) throw new Error("first try refused");
    await first.attempt.succeeded();
    expect((await limiter.take({ address: "a", account: "eva" })).allowed).toBe(true);
    expect((await limiter.take({ address: "a", account: "eva" })).allowed).toBe(true);
    // eva's two are used; refused tries for her do not eat the address's last place.
    expect(await limiter.take({ address: "a", account: "eva" })).toEqual({ allowed: false, firstRefusal: true });
    expect(await limiter.take({ address: "a", account: "eva" })).toEqual({ allowed: false, firstRefusal: false });
    expect((await limiter.take({ address: "a", account: "ada" })).allowed).toBe(true);
    expect((await limiter.take({ address: "a", account: "bob" })).allowed).toBe(false);
  });

  test("a success can clear a key's count", async () => {
    const limiter = new GuessLimiter({ account: { tries: 2, windowSeconds: 60 } });
    await limiter.take({ account: "eva" });
    const right = await limiter.take({ account: "eva" });
    if (!right.allowed) throw new Error("refused");
    await right.attempt.succeeded({ clear: ["account"] });
    expect((await limiter.take({ account: "eva" })).allowed).toBe(true);
    expect((await limiter.take({ account: "eva" })).allowed).toBe(true);
  });
});

describe("address keys", () => {
  test("IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64", () => {
    expect(addressKey("192.0.2.7")).toBe("192.0.2.7");
    expect(addressKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(addressKey("2001:db8:1:2::9"));
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
    expect(addressKey("unknown")).toBe("unknown");
  });
});

// Specification of pending card links on a manual clock: bound to their kiosk, used once, gone
// exactly at their expiry, and replaced by the next unknown card at the same kiosk.
import { describe, expect, test } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.js";
import { CardLinks } from "./card-links.js";

/** A stand-in for a hashed card: the links keep whatever hashed form they are given. */
const card = (hash: string) => ({ numberHash: hash, lastDigits: hash.slice(-4) });

const TTL_MS = CardLinks.ttlSeconds * 1000;

describe("card links", () => {
  test("a link works until the last millisecond before its expiry, and not at it", () => {
    const clock = new ManualClock();
    const links = new CardLinks(clock);
    const early = links.create(1, card("1234567"));
    clock.advance(TTL_MS - 1);
    expect(links.take(1, early.id)?.card).toEqual(card("1234567"));
    const late = links.create(1, card("7654321"));
    clock.advance(TTL_MS);
    expect(links.take(1, late.id)).toBeUndefined();
  });

  test("a link is used once and only at the kiosk that read the card", () => {
    const links = new CardLinks(new ManualClock());
    const link = links.create(1, card("1234567"));
    expect(links.take(2, link.id)).toBeUndefined();
    expect(links.take(1, link.id)?.card).toEqual(card("1234567"));
    expect(links.take(1, link.id)).toBeUndefined();
  });

  test("the next unknown card at a kiosk replaces that kiosk's open link, and only that kiosk's", () => {
    const links = new CardLinks(new ManualClock());
    const first = links.create(1, card("1111111"));
    const other = links.create(2, card("2222222"));
    const second = links.create(1, card("3333333"));
    expect(links.take(1, first.id)).toBeUndefined();
    expect(links.take(1, second.id)?.card).toEqual(card("3333333"));
    expect(links.take(2, other.id)?.card).toEqual(card("2222222"));
  });

  test("an id that is not a string is no link", () => {
    const links = new CardLinks(new ManualClock());
    links.create(1, card("1234567"));
    expect(links.take(1, 42)).toBeUndefined();
    expect(links.take(1, undefined)).toBeUndefined();
  });
});

// Specification of pending card links on a manual clock: bound to their kiosk, a few tries each, used up by linking, gone
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
    expect(links.attempt(1, early.id)?.card).toEqual(card("1234567"));
    const late = links.create(1, card("7654321"));
    clock.advance(TTL_MS);
    expect(links.attempt(1, late.id)).toBeUndefined();
  });

  test("a link is used up once its card is linked, and works only at the kiosk that read the card", () => {
    const links = new CardLinks(new ManualClock());
    const link = links.create(1, card("1234567"));
    expect(links.attempt(2, link.id)).toBeUndefined();
    expect(links.attempt(1, link.id)?.card).toEqual(card("1234567"));
    links.finish(link.id);
    expect(links.attempt(1, link.id)).toBeUndefined();
  });

  test("the next unknown card at a kiosk replaces that kiosk's open link, and only that kiosk's", () => {
    const links = new CardLinks(new ManualClock());
    const first = links.create(1, card("1111111"));
    const other = links.create(2, card("2222222"));
    const second = links.create(1, card("3333333"));
    expect(links.attempt(1, first.id)).toBeUndefined();
    expect(links.attempt(1, second.id)?.card).toEqual(card("3333333"));
    expect(links.attempt(2, other.id)?.card).toEqual(card("2222222"));
  });

  test("an id that is not a string is no link", () => {
    const links = new CardLinks(new ManualClock());
    links.create(1, card("1234567"));
    expect(links.attempt(1, 42)).toBeUndefined();
    expect(links.attempt(1, undefined)).toBeUndefined();
  });

  test("a wrong try does not use a link up: it serves five tries, and is gone once the card is linked", () => {
    const links = new CardLinks(new ManualClock());
    const typo = links.create(1, card("1234567"));
    for (let attempt = 1; attempt <= CardLinks.attemptsPerLink; attempt++) expect(links.attempt(1, typo.id)?.card).toEqual(card("1234567"));
    expect(links.attempt(1, typo.id)).toBeUndefined();
    const linked = links.create(1, card("7654321"));
    expect(links.attempt(2, linked.id)).toBeUndefined();
    expect(links.attempt(1, linked.id)?.card).toEqual(card("7654321"));
    links.finish(linked.id);
    expect(links.attempt(1, linked.id)).toBeUndefined();
  });
});

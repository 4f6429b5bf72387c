// Pairing codes: readable, single-use, short-lived, one open code per kiosk.
import { describe, expect, test } from "vitest";
import { PAIRING_CODE_TTL_MS, PairingCodes } from "./pairing-codes.js";

describe("pairing codes", () => {
  test("a code gives back its kiosk's token once, however it is typed", () => {
    const codes = new PairingCodes();
    const { code } = codes.create(7, "Plan 3 kiosk", "token-of-plan-3-kiosk");
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(codes.redeem(` ${code.toLowerCase().replace("-", " ")} `)).toEqual({ kioskId: 7, kioskName: "Plan 3 kiosk", token: "token-of-plan-3-kiosk" });
    expect(codes.redeem(code)).toBeUndefined();
  });

  test("an expired code, another kiosk's newer code and a guessed code give nothing", () => {
    let now = 1_000_000;
    const codes = new PairingCodes(() => now);
    const old = codes.create(1, "A", "token-a-1").code;
    const newer = codes.create(1, "A", "token-a-2").code;
    expect(codes.redeem(old)).toBeUndefined();
    expect(codes.redeem("AAAAA-AAAAA")).toBeUndefined();
    now += PAIRING_CODE_TTL_MS + 1;
    expect(codes.redeem(newer)).toBeUndefined();
  });

  test("forgetting a kiosk voids its open code", () => {
    const codes = new PairingCodes();
    const { code } = codes.create(3, "C", "token-c");
    codes.forgetKiosk(3);
    expect(codes.redeem(code)).toBeUndefined();
  });
});

import { expect, test } from "vitest";
import { maskCardNumbers } from "./mask-card-numbers.js";

test("clear card numbers in details of earlier versions are shown by their ending; everything else is unchanged", () => {
  expect(maskCardNumbers({ cardNumber: "0013961168", rawRead: " 13961168\n", cardHash: "ab12", kiosk: "Plan 3", failures: 2 })).toEqual({
    cardNumber: "…1168",
    rawRead: "…1168",
    cardHash: "ab12",
    kiosk: "Plan 3",
    failures: 2,
  });
  // A short number shows at most half of itself.
  expect(maskCardNumbers({ card: "777" })).toEqual({ card: "…7" });
  expect(maskCardNumbers({ card: 4711 })).toEqual({ card: 4711 });
});

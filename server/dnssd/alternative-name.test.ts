// avahi's renaming rule, which the queue follows when its name is taken on this host.
import { expect, test } from "vitest";
import { alternativeServiceName } from "./advertise.js";

test.each([
  ["Secure Print", "Secure Print #2"],
  ["Secure Print #2", "Secure Print #3"],
  ["Secure Print #9", "Secure Print #10"],
  ["Room #4 printer", "Room #4 printer #2"],
])("%s is renamed %s", (name, renamed) => {
  expect(alternativeServiceName(name)).toBe(renamed);
});

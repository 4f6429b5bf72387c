// The queue's DNS-SD TXT record and avahi-publish-service arguments, from a queue description.
import { describe, expect, test } from "vitest";
import type { QueueDescription } from "../ipp/queue-description.js";
import { publishArguments } from "./advertise.js";
import { queueTxtRecord } from "./txt-record.js";

const queue: QueueDescription = {
  name: "Secure Print",
  dnsSdName: "Secure Print",
  uuid: "urn:uuid:1e9d5548-61ca-539f-abef-1d2ec6fca1bf",
  formats: ["application/pdf", "image/urf", "application/octet-stream"],
  sides: ["one-sided", "two-sided-long-edge"],
  media: ["iso_a4_210x297mm"],
  colorModes: ["auto", "monochrome", "color"],
};

const asObject = (entries: string[]) => Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));

describe("queueTxtRecord", () => {
  test("a plain queue on a trusted network: no TLS key, air=none, pdl without octet-stream", () => {
    const txt = asObject(queueTxtRecord({ queue, adminUrl: "http://print.local:8631/admin", tls: false, basicRequired: false }));
    expect(txt).toEqual({
      txtvers: "1",
      qtotal: "1",
      rp: "ipp/print",
      ty: "Printvakt Secure Print",
      adminurl: "http://print.local:8631/admin",
      note: "",
      product: "(Printvakt)",
      pdl: "application/pdf,image/urf",
      UUID: "1e9d5548-61ca-539f-abef-1d2ec6fca1bf",
      URF: "V1.4,CP1,W8,SRGB24,RS300-600,DM1,IS1,MT1-2-3-4-5-8-11-12,OB10,PQ3-4-5",
      Color: "T",
      Duplex: "T",
      kind: "document",
      air: "none",
      "mopria-certified": "1.3",
    });
  });

  test("TLS adds TLS=1.2; required passwords make macOS/iOS ask (air=username,password)", () => {
    const txt = asObject(queueTxtRecord({ queue, adminUrl: "https://print.local:8631/admin", tls: true, basicRequired: true }));
    expect(txt).toMatchObject({ TLS: "1.2", air: "username,password" });
  });

  test("Color and Duplex follow the queue's modes; URF is there only while pdl has image/urf", () => {
    const txt = asObject(queueTxtRecord({ queue: { ...queue, formats: ["application/pdf"], colorModes: ["monochrome"], sides: ["one-sided"] }, adminUrl: "http://h.local:1/admin", tls: false, basicRequired: false }));
    expect(txt).toMatchObject({ Color: "F", Duplex: "F", pdl: "application/pdf" });
    expect(txt.URF).toBeUndefined();
  });

  test("every entry fits a TXT string (255 octets)", () => {
    for (const entry of queueTxtRecord({ queue, adminUrl: `https://${"h".repeat(63)}.local:65535/admin`, tls: true, basicRequired: true })) {
      expect(Buffer.byteLength(entry)).toBeLessThanOrEqual(255);
    }
  });
});

test("publishArguments: the _print and _universal subtypes of the type, then name, type, port and TXT", () => {
  expect(publishArguments("Secure Print", "_ipps._tcp", 8631, ["txtvers=1", "note="])).toEqual([
    "--subtype=_print._sub._ipps._tcp",
    "--subtype=_universal._sub._ipps._tcp",
    "Secure Print",
    "_ipps._tcp",
    "8631",
    "txtvers=1",
    "note=",
  ]);
});

// The document as the printer will get it: the held plaintext as it is, or converted in the
// sandbox. A conversion runs before the printer is contacted, until it is complete or the
// hold-back limit is reached, so a document that cannot be converted is refused with nothing sent.
import type { Readable } from "node:stream";
import type { ConversionPlan } from "../convert/converters.js";
import type { DocumentConverter } from "../convert/document-converter.js";
import { holdBack } from "../convert/run-converter.js";

export interface PreparedDocument {
  documentFormat: string;
  /** Plaintext size as far as known; 0 for a converted document whose size shows only while it streams. */
  sizeBytes: number;
  /**
   * sizeBytes is exact: the held document, or a conversion that ended within the hold-back. An LPD
   * printer must be told the length before the document; its driver checks the length as it sends.
   */
  sizeExact: boolean;
  /** A fresh stream on every call (a driver retry starts over); the first one is the checked conversion. */
  openBody(): Readable;
  /** Stops a conversion the driver never read. */
  discard(): void;
}

export async function prepareDocument(plan: Exclude<ConversionPlan, { kind: "impossible" }>, openPlain: () => Readable, sizeBytes: number, converter: DocumentConverter): Promise<PreparedDocument> {
  if (plan.kind === "pass-through") return { documentFormat: plan.format, sizeBytes, sizeExact: true, openBody: openPlain, discard: () => undefined };
  const conversion = converter.convert(openPlain(), plan);
  const { body: checked, completeBytes } = await holdBack(conversion, converter.holdBackBytes);
  // Nobody may be listening yet when a late failure arrives; the driver's own listener reports it.
  checked.on("error", () => undefined);
  let handedOut = false;
  return {
    documentFormat: plan.target,
    sizeBytes: completeBytes ?? 0,
    sizeExact: completeBytes !== null,
    openBody: () => {
      if (handedOut) return converter.convert(openPlain(), plan);
      handedOut = true;
      return checked;
    },
    discard: () => {
      if (handedOut) return;
      checked.destroy();
      conversion.destroy();
    },
  };
}

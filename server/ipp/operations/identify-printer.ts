// Identify-Printer: the queue is not one device; there is nothing to blink, so it just succeeds.
import { discardBody, okReply, type IppOperationHandler } from "../operation.js";

export const identifyPrinter: IppOperationHandler = {
  name: "Identify-Printer",
  requester: "none",
  async run(request) {
    await discardBody(request);
    return okReply([]);
  },
};

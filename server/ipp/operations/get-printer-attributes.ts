// Get-Printer-Attributes: the queue's capabilities, filtered by requested-attributes.
import { printerGroup } from "../../../core/ipp/codec/values.js";
import { isTrustedPeer } from "../identify-requester.js";
import { okReply, type IppOperationHandler } from "../operation.js";
import { printerAttributes } from "../printer-attributes.js";
import { countQueuedJobs } from "../queue-description.js";
import { filterAttributes, requestedAttributes } from "../requested-attributes.js";

export const getPrinterAttributes: IppOperationHandler = {
  name: "Get-Printer-Attributes",
  requester: "none",
  async run(request, services) {
    const filter = requestedAttributes(request.message, "printer", "all");
    const now = new Date();
    const { config } = services.context;
    const attributes = printerAttributes({
      queue: await services.describeQueue(),
      queuedJobs: await countQueuedJobs(services.context.db),
      baseUri: request.baseUri,
      httpBaseUri: request.httpBaseUri,
      secure: request.baseUri.startsWith("ipps:"),
      // What this client must do to print: a password, unless its network is trusted.
      authentication: config.requireAuthentication || !isTrustedPeer(request.peer, config.trustedNetworks) ? "basic" : "requesting-user-name",
      now,
      startedAt: services.startedAt,
      maxJobBytes: config.maxJobBytes,
      geoLocation: config.queueGeoLocation,
    });
    return okReply([printerGroup(filterAttributes(attributes, filter))]);
  },
};

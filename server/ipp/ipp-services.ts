// What IPP operations may use: the opened context plus the running server's facts.
import type { AppContext } from "../app-context.js";
import type { Logger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import type { QueueDescription } from "./queue-description.js";
import type { RefusalAudit } from "./refusal-audit.js";
import type { UploadSlots } from "./upload-slots.js";
import type { TitleReadAudit } from "./title-read-audit.js";

export interface IppServices {
  context: AppContext;
  spool: SpoolStore;
  logger: Logger;
  /** When the server started (printer-state-change-time, printer-config-change-time). */
  startedAt: Date;
  /** The queue as advertised (formats the configured printers can print, ...). */
  describeQueue(): Promise<QueueDescription>;
  /** Documents being received, capped in all and per client address. */
  uploads: UploadSlots;
  /** Audits refused requests, coalescing identical ones (see refusal-audit.ts). */
  refusals: RefusalAudit;
  /** Audits reads that return titles, coalescing a polling client's (see title-read-audit.ts). */
  titleReads: TitleReadAudit;
}

// Hold-Job: every job is held already; answers success for the owner's held job.
import { keepHoldingOperation } from "../keep-holding.js";

export const holdJob = keepHoldingOperation("Hold-Job");

// Release-Job: accepted, but prints nothing — a job is released only by its owner at a kiosk;
// the status message says so.
import { keepHoldingOperation } from "../keep-holding.js";

export const releaseJob = keepHoldingOperation("Release-Job");

// What a kiosk screen is shown of a session: the person's own held jobs, titles included.
import type { AppContext } from "../app-context.js";
import { openJobTitle } from "../jobs/job-secrets.js";
import { KIOSK_VISIBLE_STATES } from "../jobs/job-states.js";
import { kioskSessionReads } from "../store/badge-reads.js";
import type { JobListing } from "../store/jobs.js";
import { printerNames, type KioskPrinter } from "../store/printers.js";
import { abilitiesOf, releaseChanges, type ReleaseChange } from "../release/printer-abilities.js";
import { choosePaper } from "../release/paper-choice.js";
import type { KioskSession } from "./kiosk-sessions.js";
import { paperLabel } from "../../core/ipp/media-sizes.js";
import type { JobTemplate } from "../ipp/job-template.js";

export interface JobView {
  id: number;
  title: string;
  submittedAt: string;
  sizeBytes: number;
  pages: number | null;
  copies: number;
  sides: string;
  /** The paper as a person calls it ("A4", "Letter", "DL envelope"); null when the job names none. */
  paper: string | null;
  color: string | null;
  needsPin: boolean;
  state: string;
  /** Why it was held back, as a code the screen words in the person's language (kiosk/screen/failure-reasons.js). */
  stateReasonCode: string | null;
  /** The server's English reason, only for a job held back before reasons had codes. */
  reason: string;
  /** What printing it at this kiosk's printer changes (no duplex, no colour, no such paper): shown before printing. */
  changes: ReleaseChange[];
  /** With the "paper-size" change: the paper the job is scaled to fit on there ("A4"). */
  fitPaper: string | null;
  /** For a may-have-printed job: where and when the release whose outcome is unknown went. */
  mayHavePrinted?: { printer: string; at: string };
}

export interface SessionView {
  sessionId: string;
  displayName: string;
  expiresAt: string;
  jobs: JobView[];
}

/** `kioskPrinter`: the printer the jobs would go to, for the `changes` note; none, no note. */
export async function heldJobViews(context: AppContext, username: string, kioskPrinter?: KioskPrinter): Promise<JobView[]> {
  const { jobs } = await kioskSessionReads(context.db, { ownerName: username, states: KIOSK_VISIBLE_STATES, limit: LISTED_JOBS });
  return jobViews(context, jobs, kioskPrinter);
}

/** The most jobs a kiosk lists. */
const LISTED_JOBS = 200;

async function jobViews(context: AppContext, jobs: readonly JobListing[], kioskPrinter: KioskPrinter | undefined): Promise<JobView[]> {
  const printers = await namesOfReleasePrinters(context, jobs, kioskPrinter);
  const abilities = kioskPrinter ? abilitiesOf(kioskPrinter) : undefined;
  return jobs.map((job) => ({
    id: job.id,
    title: openJobTitle(context.masterKey, job) ?? `Job ${job.id}`,
    submittedAt: job.submittedAt.toISOString(),
    sizeBytes: job.sizeBytes,
    pages: job.pages,
    copies: typeof job.template.copies === "number" ? job.template.copies : 1,
    sides: typeof job.template.sides === "string" ? job.template.sides : "one-sided",
    paper: paperOf(job.template as JobTemplate),
    color: typeof job.template["print-color-mode"] === "string" ? job.template["print-color-mode"] : null,
    needsPin: job.pinHash !== null,
    state: job.state,
    stateReasonCode: job.stateReasonCode,
    reason: job.stateReasonCode === null ? job.stateReason : "",
    changes: abilities ? releaseChanges(job.template, abilities) : [],
    fitPaper: fitPaperOf(job.template, abilities?.media),
    ...(job.state === "may-have-printed" && {
      mayHavePrinted: { printer: (job.releasedPrinterId !== null && printers.get(job.releasedPrinterId)) || "", at: (job.releasedAt ?? job.submittedAt).toISOString() },
    }),
  }));
}

/**
 * The names of the printers may-have-printed jobs went to: asked for only when there are such
 * jobs, and not for the kiosk's own printer, whose name is known (a badge used to read every printer).
 */
async function namesOfReleasePrinters(context: AppContext, jobs: readonly JobListing[], kioskPrinter: KioskPrinter | undefined): Promise<Map<number, string>> {
  const wanted = new Set(jobs.filter((job) => job.state === "may-have-printed" && job.releasedPrinterId !== null).map((job) => job.releasedPrinterId!));
  if (kioskPrinter) wanted.delete(kioskPrinter.id);
  const names = await printerNames(context.db, [...wanted]);
  if (kioskPrinter) names.set(kioskPrinter.id, kioskPrinter.name);
  return names;
}

function fitPaperOf(template: Record<string, unknown>, printerMedia: string[] | undefined): string | null {
  const paper = printerMedia ? choosePaper(template, printerMedia) : undefined;
  return paper ? paperLabel(paper.media, paper.size) : null;
}

function paperOf(template: JobTemplate): string | null {
  return paperLabel(typeof template.media === "string" ? template.media : undefined, template["media-size"]);
}

export async function sessionView(context: AppContext, session: KioskSession): Promise<SessionView> {
  return (await sessionViewAndAdminChanges(context, session)).view;
}

/**
 * The view of a session and, with `adminChangesOf`, the admin changes a session.started entry
 * names (server/realtime/session-start.ts): the kiosk's printer, the jobs and the changes are read
 * in one round trip to the database (issue 13).
 */
export async function sessionViewAndAdminChanges(
  context: AppContext,
  session: KioskSession,
  adminChangesOf?: { subjects: readonly string[]; since: Date },
): Promise<{ view: SessionView; adminChanges: string[] | undefined }> {
  const reads = await kioskSessionReads(context.db, { kioskId: session.kioskId, ownerName: session.username, states: KIOSK_VISIBLE_STATES, limit: LISTED_JOBS, adminChangesOf });
  const view = {
    sessionId: session.id,
    displayName: session.displayName || session.username,
    expiresAt: new Date(session.expiresAt).toISOString(),
    jobs: await jobViews(context, reads.jobs, reads.printer ?? undefined),
  };
  return { view, adminChanges: reads.adminChanges };
}

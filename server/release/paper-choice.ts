// The paper a job prints on at a printer that lacks the job's own size: the printer's paper the
// page fills best once scaled to fit (A5 or A3 on A4, Letter on A4), so nothing is cut off and the
// printer is never asked for a size it does not have (some wait at the panel for it).
import { mediaNameForSize, mediaSizeOf, type MediaSize } from "../../core/ipp/media-sizes.js";

export interface PaperChoice {
  /** The printer's PWG media name, as forwarded to it. */
  media: string;
  size: MediaSize;
}

/** The job's paper size: its `media` name's, else the size-only `media-size` CUPS and macOS send. */
export function jobPaperSize(template: Record<string, unknown>): MediaSize | undefined {
  const named = typeof template.media === "string" ? mediaSizeOf(template.media) : undefined;
  if (named) return named;
  const size = template["media-size"] as { x?: unknown; y?: unknown } | undefined;
  return typeof size?.x === "number" && typeof size.y === "number" && size.x > 0 && size.y > 0 ? { x: size.x, y: size.y } : undefined;
}

/** Coverages closer than this are equally good: Letter covers A4, A5 and C5 within 0.5 %. */
const SAME_COVERAGE = 0.02;

/** How much a page scaled to fit covers of a paper (1: exactly), and the scale, sizes portrait. */
function fitOn(page: MediaSize, paper: MediaSize): { coverage: number; scale: number } {
  const [pageShort, pageLong] = [Math.min(page.x, page.y), Math.max(page.x, page.y)];
  const [paperShort, paperLong] = [Math.min(paper.x, paper.y), Math.max(paper.x, paper.y)];
  const scale = Math.min(paperShort / pageShort, paperLong / pageLong);
  return { coverage: (pageShort * pageLong * scale * scale) / (paperShort * paperLong), scale };
}

/**
 * undefined when nothing changes: the job names no size, the printer lists no paper, or it has the
 * job's size (either orientation). Otherwise the printer's paper the scaled page covers most of;
 * between papers it covers about equally, the one needing the least scaling (Letter on A4 rather
 * than on A5). Roll and custom ranges are not papers.
 */
export function choosePaper(template: Record<string, unknown>, printerMedia: readonly string[]): PaperChoice | undefined {
  const page = jobPaperSize(template);
  if (!page || printerMedia.length === 0) return undefined;
  if (typeof template.media === "string" && printerMedia.includes(template.media)) return undefined;
  if (mediaNameForSize(page, printerMedia) !== undefined) return undefined;
  const papers = printerMedia.flatMap((media) => {
    const size = media.startsWith("custom_") || media.startsWith("roll_") ? undefined : mediaSizeOf(media);
    return size ? [{ media, size, ...fitOn(page, size) }] : [];
  });
  papers.sort((a, b) => (Math.abs(a.coverage - b.coverage) > SAME_COVERAGE ? b.coverage - a.coverage : Math.abs(Math.log(a.scale)) - Math.abs(Math.log(b.scale))));
  const best = papers[0];
  return best && { media: best.media, size: best.size };
}

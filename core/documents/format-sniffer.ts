// Finds the real format of an `application/octet-stream` document from its first bytes.

export const OCTET_STREAM = "application/octet-stream";

/** Magic numbers, checked in order: the first match wins, so more specific entries come first. */
interface Signature {
  format: string;
  matches(head: Buffer): boolean;
}

const UNIVERSAL_EXIT_LANGUAGE = "\x1b%-12345X";
/** PJL headers are short; printers themselves only look this far for ENTER LANGUAGE. */
const PJL_SCAN_BYTES = 4096;
/** A PCLm file carries a `%PCLm` comment right after its `%PDF-` line. */
const PCLM_SCAN_BYTES = 64;

const startsWith = (prefix: string | number[]) => {
  const bytes = typeof prefix === "string" ? Buffer.from(prefix, "latin1") : Buffer.from(prefix);
  return (head: Buffer) => head.length >= bytes.length && head.subarray(0, bytes.length).equals(bytes);
};

/** PDF readers accept blank lines before the header; so do printers. */
function pdfHeaderOffset(head: Buffer): number {
  let offset = 0;
  while (offset < head.length && (head[offset] === 0x0a || head[offset] === 0x0d)) offset += 1;
  return head.subarray(offset, offset + 5).toString("latin1") === "%PDF-" ? offset : -1;
}

function isPclm(head: Buffer): boolean {
  const offset = pdfHeaderOffset(head);
  return offset >= 0 && head.subarray(offset, offset + PCLM_SCAN_BYTES).includes("%PCLm", 0, "latin1");
}

/** The interpreter a PJL job asks for with `@PJL ENTER LANGUAGE = X`, upper-cased, or null. */
function pjlLanguage(head: Buffer): string | null {
  if (!startsWith(UNIVERSAL_EXIT_LANGUAGE)(head)) return null;
  const text = head.subarray(0, PJL_SCAN_BYTES).toString("latin1");
  const found = /@PJL\s+ENTER\s+LANGUAGE\s*=\s*([A-Za-z0-9]+)/i.exec(text);
  return found?.[1]?.toUpperCase() ?? "";
}

const pjlEnters = (languages: string[]) => (head: Buffer) => {
  const language = pjlLanguage(head);
  return language !== null && languages.includes(language);
};

/** PJL without a language (or one we do not know) goes to the printer's default: PCL on HP-style printers. */
const isPjlForPcl = (head: Buffer) => {
  const language = pjlLanguage(head);
  return language !== null && !["POSTSCRIPT", "PDF", "PCLXL"].includes(language);
};

const SIGNATURES: readonly Signature[] = [
  { format: "application/PCLm", matches: isPclm },
  { format: "application/pdf", matches: (head) => pdfHeaderOffset(head) >= 0 },
  { format: "image/pwg-raster", matches: startsWith("RaS2PwgRaster\0") },
  // CUPS raster shares the PWG sync word but not the "PwgRaster" media class; printers want it labelled apart.
  { format: "application/vnd.cups-raster", matches: (head) => ["RaSt", "tSaR", "RaS2", "2SaR", "RaS3", "3SaR"].some((word) => startsWith(word)(head)) },
  { format: "image/urf", matches: startsWith("UNIRAST\0") },
  { format: "image/jpeg", matches: startsWith([0xff, 0xd8, 0xff]) },
  { format: "image/png", matches: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { format: "image/tiff", matches: (head) => startsWith("II*\0")(head) || startsWith("MM\0*")(head) },
  // Windows PostScript drivers often start with a Ctrl-D to reset the interpreter.
  { format: "application/postscript", matches: (head) => startsWith("%!")(head) || startsWith("\x04%!")(head) },
  { format: "application/postscript", matches: pjlEnters(["POSTSCRIPT"]) },
  { format: "application/pdf", matches: pjlEnters(["PDF"]) },
  { format: "application/vnd.hp-pclxl", matches: (head) => pjlEnters(["PCLXL"])(head) || startsWith(") HP-PCL XL;")(head) },
  { format: "application/vnd.hp-pcl", matches: isPjlForPcl },
  { format: "application/vnd.hp-pcl", matches: startsWith("\x1bE") },
];

/** Every format the sniffer can recognise, for sinks that accept anything. */
export const SNIFFABLE_FORMATS: readonly string[] = [...new Set(SIGNATURES.map((signature) => signature.format))];

/** The format the first bytes show, or null when they match nothing known. */
export function sniffDocumentFormat(head: Buffer): string | null {
  return SIGNATURES.find((signature) => signature.matches(head))?.format ?? null;
}

/**
 * The format to send: a declared format is trusted as it is; only `application/octet-stream` (or
 * nothing) is replaced by what the bytes show, when they show anything. MIME types compare
 * case-insensitively everywhere.
 */
export function resolveDocumentFormat(declared: string, head: Buffer): string {
  const trimmed = declared.trim();
  if (trimmed !== "" && trimmed.toLowerCase() !== OCTET_STREAM) return trimmed;
  return sniffDocumentFormat(head) ?? OCTET_STREAM;
}

/** Labels that name the same bytes: a PCLm file is a PDF, and may be declared as one. */
const SAME_BYTES: Record<string, readonly string[]> = {
  "application/pdf": ["application/PCLm"],
};

/**
 * The format a received document is held as (review F11): what its bytes show, whatever the label
 * says. A declared format the bytes agree with is kept; a wrong label is replaced by what the bytes
 * are; bytes that show no known format are application/octet-stream, which no printer is sent.
 */
export function receivedFormat(declared: string, sniffed: string | null): string {
  const label = declared.trim();
  if (sniffed === null) return OCTET_STREAM;
  if (label === "" || label.toLowerCase() === OCTET_STREAM) return sniffed;
  const agrees = label.toLowerCase() === sniffed.toLowerCase() || (SAME_BYTES[label.toLowerCase()] ?? []).includes(sniffed);
  return agrees ? label : sniffed;
}

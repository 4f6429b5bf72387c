// Capabilities an admin declares for a printer that cannot report them (raw 9100, LPD): its
// language, colour, duplex and paper sizes. Stored like reported ones, marked `declared`, so status
// checks never overwrite them.
import { PrintvaktError } from "../../core/errors.js";
import { DECLARABLE_LANGUAGES } from "../convert/languages.js";

export interface PrinterDeclaration {
  language?: string;
  color?: boolean;
  duplex?: boolean;
  media?: string[];
}

// PWG 5101.1 self-describing media names, e.g. iso_a4_210x297mm, na_letter_8.5x11in.
const MEDIA_NAME = /^[a-z0-9][a-z0-9_.-]{1,62}$/;
const DECLARABLE_SCHEMES = ["socket:", "lpd:", "file:"];

/** Capabilities JSON for a declaration, or undefined when the admin declared nothing. */
export function declaredCapabilities(uri: string, declaration: PrinterDeclaration): Record<string, unknown> | undefined {
  const anything = declaration.language !== undefined || declaration.color !== undefined || declaration.duplex !== undefined || declaration.media !== undefined;
  if (!anything) return undefined;
  if (!DECLARABLE_SCHEMES.includes(new URL(uri).protocol)) {
    throw new PrintvaktError("bad-request", "--language, --color, --duplex and --media are for raw (socket://) and LPD (lpd://) printers: an IPP printer reports its own capabilities");
  }
  const language = declaration.language?.toLowerCase();
  const format = language === undefined ? undefined : DECLARABLE_LANGUAGES[language];
  if (format === undefined) throw new PrintvaktError("bad-request", `--language must be one of ${Object.keys(DECLARABLE_LANGUAGES).join(", ")}`);
  const media = declaration.media ?? ["iso_a4_210x297mm"];
  const badMedia = media.find((name) => !MEDIA_NAME.test(name));
  if (badMedia !== undefined) throw new PrintvaktError("bad-request", `--media ${JSON.stringify(badMedia)} is not a PWG media name such as iso_a4_210x297mm`);
  return {
    declared: true,
    formats: [format],
    colorModes: declaration.color ? ["monochrome", "color"] : ["monochrome"],
    sides: declaration.duplex ? ["one-sided", "two-sided-long-edge", "two-sided-short-edge"] : ["one-sided"],
    media,
    copiesMax: 1,
    maxJobBytes: null,
    makeAndModel: null,
  };
}

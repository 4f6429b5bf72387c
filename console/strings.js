// The console's two string tables, by language code. Placeholders in braces ({name}) are filled by i18n.js.
import { EN } from "./strings/en.js";
import { SV } from "./strings/sv.js";

export const LANGUAGES = ["sv", "en"];
export const STRINGS = { sv: SV, en: EN };
/** The name of each language in itself, for the switch in the header. */
export const LANGUAGE_NAMES = { sv: "Svenska", en: "English" };

// Every text the kiosk screen shows, one table per language (strings-sv.js, strings-en.js).
// Everything else on screen is data: printer, person and document names, the admin's contact text.
import { EN } from "./strings-en.js";
import { SV } from "./strings-sv.js";

export const STRINGS = { sv: SV, en: EN };

export const LANGUAGES = /** @type {const} */ (["sv", "en"]);

// The page description languages Printvakt can send and the names an admin declares them by.

export const PDF = "application/pdf";
export const POSTSCRIPT = "application/postscript";
export const PCL_XL = "application/vnd.hp-pclxl";
export const PCL5 = "application/vnd.hp-pcl";
export const PWG_RASTER = "image/pwg-raster";
export const URF = "image/urf";
export const JPEG = "image/jpeg";

/** `printer add --language NAME`: what a raw 9100/LPD printer understands (it cannot tell us). */
export const DECLARABLE_LANGUAGES: Readonly<Record<string, string>> = Object.freeze({
  pdf: PDF,
  postscript: POSTSCRIPT,
  pclxl: PCL_XL,
  pcl5: PCL5,
  "pwg-raster": PWG_RASTER,
  urf: URF,
});

/** The declared name of a MIME type, for `printer list` and the console. */
export function languageName(format: string): string {
  return Object.entries(DECLARABLE_LANGUAGES).find(([, mime]) => mime === format)?.[0] ?? format;
}

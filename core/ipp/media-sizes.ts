// Paper sizes: the real dimensions of a PWG 5101.1 media name, the name of a size, and the short
// label a person recognises at the kiosk ("A5", "Letter"). PWG names describe themselves
// (`iso_dl_110x220mm`, `na_number-10_4.125x9.5in`), so every size is computed from its name and
// no size ever falls back to A4.

/** Hundredths of millimetres, as media-size's x-dimension and y-dimension want them. */
export interface MediaSize {
  x: number;
  y: number;
}

/** Short labels for the names a person meets; any other size is shown by its dimensions. */
const LABELS: Readonly<Record<string, string>> = {
  iso_a3_297x420mm: "A3",
  iso_a4_210x297mm: "A4",
  iso_a5_148x210mm: "A5",
  iso_a6_105x148mm: "A6",
  iso_b5_176x250mm: "B5",
  iso_c4_229x324mm: "C4 envelope",
  iso_c5_162x229mm: "C5 envelope",
  iso_c6_114x162mm: "C6 envelope",
  iso_dl_110x220mm: "DL envelope",
  jis_b5_182x257mm: "B5 (JIS)",
  "na_letter_8.5x11in": "Letter",
  "na_legal_8.5x14in": "Legal",
  "na_executive_7.25x10.5in": "Executive",
  na_ledger_11x17in: "Tabloid",
  "na_number-10_4.125x9.5in": "#10 envelope",
  "na_monarch_3.875x7.5in": "Monarch envelope",
  "na_index-4x6_4x6in": "4×6 in",
};

// class_name_WxHunit: the last part holds the size; W and H may have decimals.
const SELF_DESCRIBING = /^[a-z0-9]+_[a-z0-9.-]+_(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(mm|in)$/;
const HUNDREDTHS_PER_UNIT = { mm: 100, in: 2540 } as const;
/** Sizes closer than this (1 mm) are the same paper: clients round inches differently. */
const SAME_SIZE_TOLERANCE = 100;

/** The dimensions a PWG self-describing media name states; undefined for names that state none. */
export function mediaSizeOf(media: string): MediaSize | undefined {
  const match = SELF_DESCRIBING.exec(media);
  if (match === null) return undefined;
  const unit = HUNDREDTHS_PER_UNIT[match[3] as keyof typeof HUNDREDTHS_PER_UNIT];
  const x = Math.round(Number(match[1]) * unit);
  const y = Math.round(Number(match[2]) * unit);
  return x > 0 && y > 0 ? { x, y } : undefined;
}

/** The first of `names` with this size (either orientation), as CUPS matches a media-col without a name. */
export function mediaNameForSize(size: MediaSize, names: readonly string[]): string | undefined {
  const close = (a: number, b: number) => Math.abs(a - b) <= SAME_SIZE_TOLERANCE;
  return names.find((name) => {
    const known = mediaSizeOf(name);
    return known !== undefined && ((close(known.x, size.x) && close(known.y, size.y)) || (close(known.x, size.y) && close(known.y, size.x)));
  });
}

/** What the kiosk shows: "A5", "Letter", else the size in millimetres ("100 × 200 mm"). */
export function paperLabel(media: string | undefined, size: MediaSize | undefined): string | null {
  if (media !== undefined && LABELS[media] !== undefined) return LABELS[media]!;
  const dimensions = size ?? (media !== undefined ? mediaSizeOf(media) : undefined);
  if (dimensions === undefined) return media ?? null;
  const named = mediaNameForSize(dimensions, Object.keys(LABELS));
  if (named !== undefined) return LABELS[named]!;
  return `${Math.round(dimensions.x / 100)} × ${Math.round(dimensions.y / 100)} mm`;
}

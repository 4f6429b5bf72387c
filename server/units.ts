// Parsers for the typed values configuration accepts: durations ("4h", "90s") and sizes ("512MB").

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1_000,
  mb: 1_000_000,
  gb: 1_000_000_000,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** "90s", "15m", "4h", "1d", "500ms" or a combination like "1h30m" → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(amount) * DURATION_UNITS_MS[unit!]!;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** "512MB", "1GiB", "64KiB", "1000" (bytes) → bytes. Decimal (KB/MB/GB) and binary (KiB/MiB/GiB) units. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+)([kmg]i?b|b)?$/i.exec(text.trim());
  if (!match) return undefined;
  const bytes = Number(match[1]) * SIZE_UNITS[(match[2] ?? "b").toLowerCase()]!;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1_000]] as const) {
    if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

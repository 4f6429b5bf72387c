// RFC 2579 DateAndTime, the 11-octet form IPP uses for dateTime values (RFC 8010 §3.9).
//
// Octets: year (2, big-endian), month 1-12, day 1-31, hour 0-23, minutes 0-59, seconds 0-60,
// deci-seconds 0-9, direction from UTC '+' or '-', hours from UTC, minutes from UTC.
// The `ipp` package writes month 0-11 and the UTC direction as a number, which ipptool rejects.
import { PrintvaktError } from "../../errors.js";

export const DATE_TIME_LENGTH = 11;

const PLUS = 0x2b;
const MINUS = 0x2d;
const MILLISECONDS_PER_MINUTE = 60_000;

/** Decodes 11 octets; undefined when any field is out of range or the day does not exist. */
export function decodeDateTime(octets: Uint8Array): Date | undefined {
  if (octets.length !== DATE_TIME_LENGTH) return undefined;
  // The length is checked above, so every index below is inside the array.
  const at = (index: number): number => octets[index] as number;
  const year = (at(0) << 8) | at(1);
  const [month, day, hour, minutes, seconds, deciSeconds] = [at(2), at(3), at(4), at(5), at(6), at(7)];
  const [direction, hoursFromUtc, minutesFromUtc] = [at(8), at(9), at(10)];
  const inRange =
    month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minutes <= 59 && seconds <= 60 &&
    deciSeconds <= 9 && (direction === PLUS || direction === MINUS) && hoursFromUtc <= 14 && minutesFromUtc <= 59;
  if (!inRange) return undefined;
  const wallClock = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  wallClock.setUTCFullYear(year, month - 1, day);
  if (wallClock.getUTCMonth() !== month - 1 || wallClock.getUTCDate() !== day) return undefined;
  wallClock.setUTCHours(hour, minutes, seconds, deciSeconds * 100);
  const offsetMinutes = (direction === PLUS ? 1 : -1) * (hoursFromUtc * 60 + minutesFromUtc);
  return new Date(wallClock.getTime() - offsetMinutes * MILLISECONDS_PER_MINUTE);
}

/**
 * Encodes an instant as wall-clock time at `utcOffsetMinutes` east of UTC (default UTC itself).
 * Milliseconds are cut to deci-seconds, the resolution of the format.
 */
export function encodeDateTime(instant: Date, utcOffsetMinutes = 0): Buffer {
  if (Number.isNaN(instant.getTime())) throw new PrintvaktError("internal", "cannot encode an invalid Date as dateTime");
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60 + 59) {
    throw new PrintvaktError("internal", `dateTime UTC offset out of range: ${utcOffsetMinutes}`);
  }
  const wallClock = new Date(instant.getTime() + utcOffsetMinutes * MILLISECONDS_PER_MINUTE);
  const year = wallClock.getUTCFullYear();
  if (year < 0 || year > 0xffff) throw new PrintvaktError("internal", `dateTime year out of range: ${year}`);
  const octets = Buffer.alloc(DATE_TIME_LENGTH);
  octets.writeUInt16BE(year, 0);
  octets[2] = wallClock.getUTCMonth() + 1;
  octets[3] = wallClock.getUTCDate();
  octets[4] = wallClock.getUTCHours();
  octets[5] = wallClock.getUTCMinutes();
  octets[6] = wallClock.getUTCSeconds();
  octets[7] = Math.floor(wallClock.getUTCMilliseconds() / 100);
  octets[8] = utcOffsetMinutes < 0 ? MINUS : PLUS;
  octets[9] = Math.floor(Math.abs(utcOffsetMinutes) / 60);
  octets[10] = Math.abs(utcOffsetMinutes) % 60;
  return octets;
}

// Dates, times and money, formatted the same on the server and in the browser:
// the locale and the time zone are always given, never the machine's own.

import { h, type Html } from "./html";

const LOCALE = "en-GB";

/** "10 June 2027" from "2027-06-10" (a calendar date: no time zone applies). */
export function formatDate(iso: string | null): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
};

/**
 * An instant in a named time zone, with the zone shown:
 * "Thursday 10 June 2027 at 09:30 BST". The API sends event and round times
 * with the zone's offset and names the zone (`timezone`), so the reader sees
 * the time where the event happens, whatever their own zone.
 */
export function formatDateTime(iso: string, timeZone: string): Html {
  const text = new Intl.DateTimeFormat(LOCALE, { ...DATE_TIME, timeZone }).format(new Date(iso));
  return h("time", { datetime: iso, "data-time-zone": timeZone }, text);
}

/**
 * The instant a wall-clock time (`date` "2027-06-10", `time` "09:30:00") has
 * in `timeZone`. Programme sessions are local times of the event's zone; the
 * zone's offset on that date (summer time or not) comes from Intl.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute, second = 0] = time.split(":").map(Number);
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second);
  // Two passes: the offset at the first guess can differ from the offset at
  // the answer when a summer-time change falls between them.
  let instant = wall - offsetMs(wall, timeZone);
  instant = wall - offsetMs(instant, timeZone);
  return new Date(instant);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in ms. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((item) => item.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** "09:30" as a <time> carrying the full instant with its offset. */
function clock(date: string, time: string, timeZone: string): { text: string; iso: string } {
  const instant = zonedInstant(date, time, timeZone);
  const text = new Intl.DateTimeFormat(LOCALE, {
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(instant);
  return { text, iso: isoWithOffset(instant, timeZone) };
}

/** The zone's short name on `date` ("BST", "GMT+9"). */
export function zoneName(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(LOCALE, { timeZone, timeZoneName: "short" }).formatToParts(
    instant,
  );
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

function isoWithOffset(instant: Date, timeZone: string): string {
  const offset = Math.round(offsetMs(instant.getTime(), timeZone) / 60000);
  const local = new Date(instant.getTime() + offset * 60000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hours = String(Math.floor(abs / 60)).padStart(2, "0");
  const minutes = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hours}:${minutes}`;
}

/**
 * A session's times on `date` in the event's zone, with the zone shown:
 * "09:30–10:30 BST". Null when the session has no start time.
 */
export function sessionTimes(
  date: string,
  startsAt: string | null,
  endsAt: string | null,
  timeZone: string,
): Html | null {
  if (!startsAt) return null;
  const start = clock(date, startsAt, timeZone);
  const end = endsAt ? clock(date, endsAt, timeZone) : null;
  const zone = zoneName(zonedInstant(date, startsAt, timeZone), timeZone);
  return h(
    "span",
    { class: "time", "data-time-zone": timeZone },
    h("time", { datetime: start.iso }, start.text),
    end && ["–", h("time", { datetime: end.iso }, end.text)],
    " ",
    h("abbr", { class: "zone", title: timeZone }, zone),
  );
}

export function formatMoney(amount: string, currency: string): string {
  return new Intl.NumberFormat(LOCALE, { style: "currency", currency }).format(Number(amount));
}

/**
 * Wall-clock times in an IANA time zone, with Intl alone: what a post's "2026-12-07 09:00 Europe/Paris" is as an
 * instant, and back. The API plans posts on the same wall clock (scheduling/Recurrence).
 */
const formats = new Map();

function format(zone) {
  if (!formats.has(zone)) {
    formats.set(
      zone,
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit',
      }),
    );
  }
  return formats.get(zone);
}

/** { year, month, day, hour, minute, second } of an instant (ms or Date) on the zone's wall clock. */
export function wallClock(instant, zone) {
  const parts = Object.fromEntries(format(zone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return {
    year: +parts.year, month: +parts.month, day: +parts.day,
    hour: +parts.hour % 24, minute: +parts.minute, second: +parts.second,
  };
}

function offset(instant, zone) {
  const w = wallClock(instant, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a local date ("2026-12-07") and time ("09:00") in the zone. A time skipped when clocks go forward
 * moves past the gap, as the API does (02:30 → 03:30); a repeated one is the first of the two.
 */
export function instantOf(date, time, zone) {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = (time || '00:00').split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets a day before and after bracket any change of the clocks: try each, the earlier instant first.
  const candidates = [...new Set([wall - offset(wall - 86400000, zone), wall - offset(wall + 86400000, zone), wall - offset(wall, zone)])]
    .sort((a, b) => a - b);
  for (const c of candidates) {
    const w = wallClock(c, zone);
    if (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) === wall) return new Date(c);
  }
  // In a gap: the offset before it applied, which lands after the gap.
  return new Date(wall - offset(wall - 86400000, zone));
}

export function pad(n) {
  return String(n).padStart(2, '0');
}

/** "2026-12-07" of a wall clock. */
export function isoDate({ year, month, day }) {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A calendar day plus n days ("2026-12-07" + 1 → "2026-12-08"). */
export function addDays(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** 0 = Monday … 6 = Sunday, of a calendar day. */
export function weekday(date) {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function zones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];
  }
}

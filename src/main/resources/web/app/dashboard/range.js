/**
 * Report ranges, as the reports API takes them: local dates of the tenant's time zone (`to` exclusive) and a
 * grouping (day, week, month). Dates are ISO strings ('2026-12-03') and are computed as calendar dates, never as
 * instants, so that a DST change cannot move a day. Pure functions: every dashboard screen can use them.
 */

export const GROUPINGS = ['day', 'week', 'month'];

/** Presets offered by the range picker, with the grouping that suits them. */
export const PRESETS = {
  '7d': { days: 7, groupBy: 'day' },
  '30d': { days: 30, groupBy: 'day' },
  '90d': { days: 90, groupBy: 'week' },
  month: { month: 0, groupBy: 'day' },
  lastMonth: { month: -1, groupBy: 'week' },
  '12m': { months: 12, groupBy: 'month' },
};

/** Today's date in a time zone ('UTC' when none is known). */
export function today(timeZone = 'UTC', now = new Date()) {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function parse(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function iso(date) {
  return date.toISOString().slice(0, 10);
}

export function addDays(date, n) {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

export function addMonths(date, n) {
  const d = parse(date);
  d.setUTCMonth(d.getUTCMonth() + n);
  return iso(d);
}

export function daysBetween(from, to) {
  return Math.round((parse(to) - parse(from)) / 86_400_000);
}

function monthStart(date) {
  return `${date.slice(0, 8)}01`;
}

/** The range of a preset ending today (today included): {from, to, groupBy}. */
export function presetRange(preset, todayDate) {
  const p = PRESETS[preset] || PRESETS['30d'];
  const tomorrow = addDays(todayDate, 1);
  if (p.days) return { from: addDays(todayDate, 1 - p.days), to: tomorrow, groupBy: p.groupBy };
  if (p.months) return { from: addMonths(monthStart(todayDate), 1 - p.months), to: tomorrow, groupBy: p.groupBy };
  const start = addMonths(monthStart(todayDate), p.month);
  return { from: start, to: p.month === 0 ? tomorrow : addMonths(start, 1), groupBy: p.groupBy };
}

/**
 * The period just before a range, of the same length: for a grouping by month, as many calendar months before
 * (a range the API widened to whole months stays whole months); otherwise as many days before.
 */
export function previousRange({ from, to, groupBy }) {
  if (groupBy === 'month' && from.endsWith('-01') && to.endsWith('-01')) {
    const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
    return { from: addMonths(from, -months), to: from, groupBy };
  }
  return { from: addDays(from, -daysBetween(from, to)), to: from, groupBy };
}

/** A period's label ('3 Dec', 'week of 30 Nov', 'Dec 2026') in a locale; period is the first local day. */
export function periodLabel(period, groupBy, locale) {
  const date = parse(period);
  if (groupBy === 'month') return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

/** A range for people: '3 Nov – 2 Dec 2026' (the last day shown is the day before the exclusive `to`). */
export function rangeLabel({ from, to }, locale) {
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return format.formatRange ? format.formatRange(parse(from), parse(addDays(to, -1))) : `${format.format(parse(from))} – ${format.format(parse(addDays(to, -1)))}`;
}

/**
 * Figures for people, through Intl: money per currency (never summed across currencies), hours, counts and changes
 * between two periods; and CSV files (the API's CSV form of a report, or rows built in the browser for drill-down
 * lists). Shared by every dashboard screen.
 */
import { currentLocale } from '../i18n/i18n.js';

/** The number of minor units of a currency (2 for EUR, 0 for JPY), as Intl knows it. */
export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

/** The API's money ({amountMinor, currency}) in major units. */
export function major(money) {
  return money.amountMinor / 10 ** minorDigits(money.currency);
}

/** '€1,234.50' / '1 234,50 €'; compact drops the cents ('€1,235'). */
export function formatMoney(money, { compact = false } = {}) {
  if (!money) return '–';
  const digits = compact ? 0 : minorDigits(money.currency);
  return new Intl.NumberFormat(currentLocale(), {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(major(money));
}

/**
 * Totals per currency of a list of money amounts (null entries skipped): {EUR: 12345, USD: 99} in minor units.
 * Currencies are kept apart: a dashboard shows one figure per currency, never a sum of them.
 */
export function byCurrency(amounts) {
  const totals = {};
  for (const m of amounts) {
    if (m) totals[m.currency] = (totals[m.currency] || 0) + m.amountMinor;
  }
  return totals;
}

/** Totals per currency as money values, ordered by currency code. */
export function moneyList(totals) {
  return Object.keys(totals)
    .sort()
    .map((currency) => ({ amountMinor: totals[currency], currency }));
}

/** Seconds as hours with one decimal ('12.5 h'); two under six minutes, so that a little work never shows as 0. */
export function formatHours(seconds) {
  const digits = seconds > 0 && seconds < 360 ? 2 : 1;
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: 'hour', unitDisplay: 'short', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(seconds / 3600);
}

/** Seconds as '1 h 05 min' / '42 s', for single sessions. */
export function formatDuration(seconds) {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h) return m ? `${h} h ${String(m).padStart(2, '0')} min` : `${h} h`;
  return s % 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${m} min`;
}

export function formatCount(n) {
  return n == null ? '–' : new Intl.NumberFormat(currentLocale()).format(n);
}

/** The change from previous to current as a fraction (0.125 = +12.5 %); null when there is nothing to compare. */
export function change(current, previous) {
  if (current == null || previous == null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

export function formatChange(fraction) {
  if (fraction == null) return '';
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(fraction);
}

/**
 * One CSV cell as RFC 4180 wants it, with text a spreadsheet would read as a formula neutralised (OWASP), as the
 * API's own CSV does.
 */
export function csvCell(value) {
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\t\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header, rows) {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Offers text as a file download ('report.csv'). */
export function saveFile(text, filename, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads a report in the API's CSV form (Accept: text/csv) with the same query the screen shows. */
export async function downloadReportCsv(api, report, query, filename) {
  const text = await api.reportCsv(report, query);
  saveFile(text, filename);
  return text;
}

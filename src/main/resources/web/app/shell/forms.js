import { css, html } from 'lit';

/**
 * Pages of forms and tables (the time entries, the admin screens): a scrolling page of cards, labelled fields with
 * their hints and errors, compact tables. Screens add these to `shared`.
 */
export const forms = css`
  :host { display: block; background: var(--sb-bg); }
  .page { max-width: 1180px; margin: 0 auto; padding: 18px 20px 40px; display: flex; flex-direction: column; gap: 16px; }
  h1 { font-size: 19px; margin: 0; }
  h2 { font-size: 15px; margin: 0 0 10px; }
  h3 { font-size: 13.5px; margin: 14px 0 6px; }
  .lead { margin: 2px 0 0; color: var(--sb-muted); font-size: 13px; }
  .card { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: 8px; padding: 16px; min-width: 0; }
  .card > header { display: flex; align-items: center; gap: 10px; margin-bottom: 10px; }
  .card > header h2 { margin: 0; flex: 1; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px 16px; }
  .grid.two { grid-template-columns: 1fr 1fr; }
  .grid.rate { grid-template-columns: 1fr 100px 1.3fr; margin-top: 10px; }
  .field { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
  .field.wide { grid-column: 1 / -1; }
  .field > span { font-size: 12.5px; font-weight: 600; }
  .field .req { color: var(--sb-danger); }
  .field small { color: var(--sb-muted); font-size: 12px; }
  .field small.error { color: var(--sb-danger); font-weight: 600; }
  input[type='number'], input[type='password'], input[type='datetime-local'], input[type='email'] {
    height: 30px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
    background: var(--sb-surface); padding: 0 8px; font-size: 13px; min-width: 0;
  }
  textarea { border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 6px 8px; font-size: 13px;
    min-height: 64px; resize: vertical; background: var(--sb-surface); }
  .field input, .field select, .field textarea { width: 100%; }
  [aria-invalid='true'] { border-color: var(--sb-danger) !important; }
  .actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-top: 14px; }
  .check { display: flex; align-items: center; gap: 8px; font-size: 13px; }
  .problem { border: 1px solid #f1c0bb; background: #fdeceb; color: var(--sb-danger); border-radius: var(--sb-radius);
    padding: 8px 10px; font-size: 13px; margin-top: 10px; }
  .problem ul { margin: 4px 0 0; padding-left: 18px; }
  .done { border: 1px solid #b7dfc6; background: #e9f6ee; color: var(--sb-success); border-radius: var(--sb-radius);
    padding: 8px 10px; font-size: 13px; margin-top: 10px; }
  .scroll { overflow-x: auto; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; }
  th { text-align: left; font-size: 12px; font-weight: 600; color: var(--sb-muted); padding: 6px 8px;
    border-bottom: 1px solid var(--sb-border); white-space: nowrap; }
  td { padding: 7px 8px; border-bottom: 1px solid var(--sb-border); vertical-align: middle; }
  tr.selected td { background: var(--sb-selected); }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .kind { display: inline-flex; align-items: center; gap: 6px; }
  .mono { font-family: var(--sb-mono); font-size: 12.5px; }
  .copy { display: flex; gap: 6px; min-width: 0; }
  .copy input { flex: 1; font-family: var(--sb-mono); font-size: 12px; min-width: 0; }
  .pill.ONLINE, .pill.on { background: #e3f4ea; color: var(--sb-success); }
  .pill.AWAY { background: #fff1d6; color: var(--sb-warning); }
  .pill.off { background: #fdeceb; color: var(--sb-danger); }
  :host(.section) { display: flex; flex-direction: column; gap: 16px; background: transparent; }
  .tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--sb-border); overflow-x: auto; }
  .tabs a { padding: 8px 12px; color: var(--sb-muted); text-decoration: none; font-weight: 600; font-size: 13px;
    border-bottom: 2px solid transparent; white-space: nowrap; }
  .tabs a[aria-current='page'] { color: var(--sb-accent); border-bottom-color: var(--sb-accent); }
  .empty { color: var(--sb-muted); font-size: 13px; padding: 8px 0; }
  button.danger { color: var(--sb-danger); border-color: #f1c0bb; }
  @media (max-width: 760px) {
    .page { padding: 12px 10px 30px; }
    .grid, .grid.two, .grid.rate { grid-template-columns: 1fr; }
    .hide-narrow { display: none; }
    .tabs { flex-wrap: wrap; overflow-x: visible; }
    table.cards thead { display: none; }
    table.cards tr { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 10px 0;
      border-bottom: 1px solid var(--sb-border); }
    table.cards td { border: 0; padding: 0; min-width: 0 !important; }
    table.cards td.full { flex-basis: 100%; }
  }
`;

/**
 * An API error's field problems by field name ({"config.authToken": "is required"}), and its summary. Field names
 * are the API's (a body property path or parameter name).
 */
export function problemOf(error) {
  const fields = {};
  for (const e of error?.problem?.errors || []) fields[e.field] = e.message;
  return { message: error?.message || String(error), fields };
}

/** The problem box: the API's detail and every field error it named, readable. */
export function problemBox(problem, label = (field) => field) {
  if (!problem) return '';
  const entries = Object.entries(problem.fields || {});
  return html`<div class="problem" role="alert" data-testid="problem">
    <strong>${problem.message}</strong>
    ${entries.length ? html`<ul>${entries.map(([f, m]) => html`<li>${label(f)}: ${m}</li>`)}</ul>` : ''}
  </div>`;
}

/** A value of minor units as money, e.g. 3250 EUR -> "32,50 €". */
export function money(amountMinor, currency, locale) {
  if (amountMinor == null || !currency) return '';
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(amountMinor / 10 ** digits);
}

/** "32.50" or "32,50" in currency to minor units (3250), or null when it is not an amount. */
export function toMinor(text, currency) {
  const clean = String(text ?? '').trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return null;
  }
  return Math.round(Number(clean) * 10 ** digits);
}

/** A datetime-local input's value for an instant, in the browser's zone. */
export function localInput(iso) {
  const d = iso ? new Date(iso) : new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Copies text to the clipboard; falls back to selecting the input and the copy command where the API is refused. */
export async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!input) return false;
    input.select();
    return document.execCommand('copy');
  }
}

import { LitElement, html, css } from 'lit';
import { Localized, t, addMessages, currentLocale } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { formatMoney, byCurrency, moneyList, toCsv, saveFile } from '../dashboard/format.js';
import { dispose } from '../charts/echarts.js';
import { channelNames } from '../dashboard/channels.js';

/**
 * What the report screens share: a range picker (whole local days of the tenant, grouped by day, week or month),
 * formatting of money (one figure per currency, never summed; the dashboard's format.js does the arithmetic and
 * the CSV files), durations and shares through Intl, and the page styles. Kept free
 * of any one screen so that other report screens can use it.
 */
addMessages({
  en: {
    'reports.range': 'Range',
    'reports.preset.last7': 'Last 7 days',
    'reports.preset.last30': 'Last 30 days',
    'reports.preset.last90': 'Last 90 days',
    'reports.preset.thisMonth': 'This month',
    'reports.preset.lastMonth': 'Last month',
    'reports.preset.custom': 'Custom',
    'reports.from': 'From',
    'reports.to': 'To (inclusive)',
    'reports.groupBy': 'Group by',
    'reports.group.day': 'Day',
    'reports.group.week': 'Week',
    'reports.group.month': 'Month',
    'reports.zone': 'Days in {zone}',
    'reports.csv': 'Download CSV',
    'reports.loading': 'Loading…',
    'reports.empty': 'Nothing in this range.',
    'reports.period': 'Period',
    'reports.kind': 'Channel',
    'reports.channel': 'Channel',
    'reports.noChannel': 'No channel (manual)',
    'reports.close': 'Close',
    'reports.more': 'Load more',
    'reports.drill.title': 'Behind this figure',
    'reports.drill.count': '{n} rows',
    'reports.col.conversation': 'Conversation',
    'reports.col.contributed': 'Counted',
    'reports.col.operator': 'Operator',
    'reports.col.start': 'Start',
    'reports.col.end': 'End',
    'reports.col.duration': 'Duration',
    'reports.col.source': 'Source',
    'reports.col.note': 'Note',
    'reports.col.status': 'Status',
    'reports.col.scheduled': 'Scheduled',
    'reports.col.text': 'Text',
    'reports.source.LIVE': 'Live',
    'reports.source.MANUAL': 'Manual entry',
    'reports.open': 'Open',
    'reports.total': 'Total',
  },
  fr: {
    'reports.range': 'Période',
    'reports.preset.last7': '7 derniers jours',
    'reports.preset.last30': '30 derniers jours',
    'reports.preset.last90': '90 derniers jours',
    'reports.preset.thisMonth': 'Ce mois-ci',
    'reports.preset.lastMonth': 'Le mois dernier',
    'reports.preset.custom': 'Personnalisée',
    'reports.from': 'Du',
    'reports.to': 'Au (inclus)',
    'reports.groupBy': 'Regrouper par',
    'reports.group.day': 'Jour',
    'reports.group.week': 'Semaine',
    'reports.group.month': 'Mois',
    'reports.zone': 'Jours de {zone}',
    'reports.csv': 'Télécharger en CSV',
    'reports.loading': 'Chargement…',
    'reports.empty': 'Rien sur cette période.',
    'reports.period': 'Période',
    'reports.kind': 'Canal',
    'reports.channel': 'Canal',
    'reports.noChannel': 'Sans canal (saisie manuelle)',
    'reports.close': 'Fermer',
    'reports.more': 'Afficher plus',
    'reports.drill.title': 'Le détail de ce chiffre',
    'reports.drill.count': '{n} lignes',
    'reports.col.conversation': 'Conversation',
    'reports.col.contributed': 'Compté',
    'reports.col.operator': 'Opérateur',
    'reports.col.start': 'Début',
    'reports.col.end': 'Fin',
    'reports.col.duration': 'Durée',
    'reports.col.source': 'Origine',
    'reports.col.note': 'Note',
    'reports.col.status': 'Statut',
    'reports.col.scheduled': 'Programmé',
    'reports.col.text': 'Texte',
    'reports.source.LIVE': 'En direct',
    'reports.source.MANUAL': 'Saisie manuelle',
    'reports.open': 'Ouvrir',
    'reports.total': 'Total',
  },
});

/** Shown for a figure the API gives as null (a ratio without a denominator, a median without facts). */
export const DASH = '—';

// --- formatting ---

/** {amountMinor, currency} as the locale writes it; null as the dash. */
export function money(m) {
  return m ? formatMoney(m) : DASH;
}

/** A list of totals, one per currency, shown apart: "€1,234.00 · $56.00"; an empty list as the dash. */
export function moneys(list) {
  return list?.length ? list.map(money).join(' · ') : DASH;
}

/**
 * Adds money up per currency, never across: [{amountMinor, currency}] -> [{amountMinor, currency}] sorted by
 * currency. Minor units are integers, so the sums are exact.
 */
export function sumByCurrency(lists) {
  return moneyList(byCurrency(lists.flat()));
}

export function number(n, options) {
  return n == null ? DASH : new Intl.NumberFormat(currentLocale(), options).format(n);
}

/** A share (0.6667) as a percentage ("66.7 %"). */
export function percent(share) {
  return share == null ? DASH : new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** Hours with one decimal, from seconds: "12.5 h"; two under six minutes, so that a little work never shows as 0. */
export function hours(seconds) {
  if (seconds == null) return DASH;
  const digits = seconds > 0 && seconds < 360 ? 2 : 1;
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: 'hour', unitDisplay: 'narrow', maximumFractionDigits: digits }).format(seconds / 3600);
}

/** A duration in its two largest units: "45 s", "3 min 20 s", "2 h 05 min", "3 d 4 h"; null as the dash. */
export function duration(seconds) {
  if (seconds == null) return DASH;
  const s = Math.round(seconds);
  const unit = (value, name) =>
    new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return `${unit(Math.floor(s / 60), 'minute')} ${s % 60 ? unit(s % 60, 'second') : ''}`.trim();
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return `${unit(Math.floor(s / 3600), 'hour')} ${m ? unit(m, 'minute') : ''}`.trim();
  }
  const h = Math.floor((s % 86400) / 3600);
  return `${unit(Math.floor(s / 86400), 'day')} ${h ? unit(h, 'hour') : ''}`.trim();
}

/** A local day (YYYY-MM-DD) as the locale writes it, without converting it through any zone. */
export function day(iso) {
  if (!iso) return DASH;
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** A period's label for a grouping: "3 Mar 2026", "week of 2 Mar 2026", "March 2026". */
export function periodLabel(iso, groupBy) {
  if (groupBy === 'month') {
    const [y, m] = iso.split('-').map(Number);
    return new Intl.DateTimeFormat(currentLocale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
  }
  return day(iso);
}

/** An instant's wall-clock time in a zone: "14:05". */
export function clock(iso, zone) {
  return iso ? new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'short', timeZone: zone }).format(new Date(iso)) : DASH;
}

/** An instant as date and time in a zone. */
export function dateTime(iso, zone) {
  return iso ? new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(iso)) : DASH;
}

// --- local days of a zone ---

/** The local day (YYYY-MM-DD) an instant falls on in a zone. */
export function localDay(instant, zone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The local day and the minutes since its midnight (wall clock) of an instant in a zone. */
export function wallClock(instant, zone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60 };
}

export function addDays(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function firstOfMonth(iso, monthsBack = 0) {
  const [y, m] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - monthsBack, 1)).toISOString().slice(0, 10);
}

export const PRESETS = ['last7', 'last30', 'last90', 'thisMonth', 'lastMonth'];

/** A preset's days in a zone, as the API takes them: from inclusive, to exclusive. */
export function presetRange(preset, zone, now = new Date()) {
  const today = localDay(now, zone);
  const tomorrow = addDays(today, 1);
  switch (preset) {
    case 'last7':
      return { from: addDays(tomorrow, -7), to: tomorrow };
    case 'last90':
      return { from: addDays(tomorrow, -90), to: tomorrow };
    case 'thisMonth':
      return { from: firstOfMonth(today), to: tomorrow };
    case 'lastMonth':
      return { from: firstOfMonth(today, 1), to: firstOfMonth(today) };
    default:
      return { from: addDays(tomorrow, -30), to: tomorrow };
  }
}

/** The browser's zone until a report tells the tenant's. */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

// --- API links and CSV ---

/** An API link from a report's drill-down ("/api/v1/work-sessions?…") as a path and a query for the Api client. */
export function apiLink(link) {
  const url = new URL(link, location.origin);
  return {
    path: url.pathname.replace(/^\/api\/v1/, ''),
    query: Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)])),
  };
}

/** Downloads rows the console shows (a drill-down list) as CSV: header row, then one line per row. */
export function downloadRowsCsv(filename, header, rows) {
  saveFile(toCsv(header, rows), filename);
}

// --- a report screen ---

/**
 * What every report screen does around its report: it starts from the range picker's range (a screen may set the
 * picker's first grouping and preset in {@link rangeDefaults}), loads again whenever the range changes
 * ({@link fetch}, with its failure shown), takes the days of the tenant's time zone once a report states it, and
 * frees its charts when it leaves the page.
 */
export class ReportScreen extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    operators: { attribute: false },
    params: { attribute: false },
    query: { state: true },
    report: { state: true },
    error: { state: true },
    drill: { state: true },
    /** {channelId: {name, kind, enabled}} for screens whose rows name channels (static channelNames = true). */
    names: { state: true },
  };

  /** Whether the screen's rows name channels: the base then reads their names once. */
  static channelNames = false;

  constructor() {
    super();
    this.zone = browserZone();
  }

  /** The picker's first settings ({groupBy, preset}); none keeps its own. */
  rangeDefaults() {
    return {};
  }

  async firstUpdated() {
    if (this.constructor.channelNames) {
      // Rows show ids and kinds until the names arrive; a failed read keeps that (the report itself says why).
      channelNames(this.api).then((n) => (this.names = n)).catch(() => {});
    }
    const range = this.renderRoot.querySelector('sb-report-range');
    Object.assign(range, this.rangeDefaults());
    await range.updateComplete;
    this.query = { from: range.from, to: range.to, groupBy: range.groupBy };
  }

  updated(changed) {
    if (changed.has('query') && this.query) this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.renderRoot.querySelectorAll('.chart, .timeline').forEach(dispose);
  }

  async load() {
    this.error = null;
    try {
      await this.fetch();
    } catch (e) {
      this.error = e.message;
    }
  }

  /** Reads the screen's report(s) for this.query; a screen overrides it. */
  async fetch() {}

  /** The report's days are the tenant's: the picker shows them in its zone from now on. */
  followZone(report) {
    if (report.timeZone && report.timeZone !== this.zone) {
      this.zone = report.timeZone;
      this.renderRoot.querySelector('sb-report-range').zone = this.zone;
    }
  }

  /** The range picker, bound to this screen. */
  renderRange() {
    return html`<sb-report-range .zone=${this.zone} @range-change=${(e) => (this.query = e.detail)}></sb-report-range>`;
  }
}

// --- the range picker ---

/**
 * The range of a report screen: a preset or custom local days, and the grouping. Fires `range-change` with
 * {from, to, groupBy} (to exclusive, as the API takes it). The dates are local days of `zone` (the tenant's, once a
 * report has told it).
 */
class SbReportRange extends Localized(LitElement) {
  static properties = {
    zone: {},
    preset: { state: true },
    from: {},
    to: {},
    groupBy: {},
    grouping: { type: Boolean },
  };

  static styles = [
    shared,
    css`
      :host { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 10px; }
      label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: var(--sb-muted); font-weight: 600; }
      input[type='date'] { height: 30px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 0 6px; font: inherit; font-size: 13px; background: var(--sb-surface); color: var(--sb-text); }
      .zone { font-size: 12px; color: var(--sb-muted); align-self: center; padding-top: 16px; }
    `,
  ];

  constructor() {
    super();
    this.preset = 'last30';
    this.groupBy = 'day';
    this.grouping = true;
    this.zone = browserZone();
  }

  willUpdate(changed) {
    if (this.preset !== 'custom' && (changed.has('zone') || !this.from)) {
      const before = this.from && `${this.from}/${this.to}`;
      Object.assign(this, presetRange(this.preset, this.zone));
      // Told the tenant's zone after a first report: if "today" is another day there, ask again.
      this.moved = before != null && before !== `${this.from}/${this.to}`;
    }
  }

  updated() {
    if (this.moved) {
      this.moved = false;
      this.emit();
    }
  }

  emit() {
    this.dispatchEvent(new CustomEvent('range-change', { detail: { from: this.from, to: this.to, groupBy: this.groupBy } }));
  }

  choose(preset) {
    this.preset = preset;
    if (preset !== 'custom') Object.assign(this, presetRange(preset, this.zone));
    this.emit();
  }

  render() {
    return html`
      <label>${t('reports.range')}
        <select data-field="preset" @change=${(e) => this.choose(e.target.value)}>
          ${[...PRESETS, 'custom'].map((p) => html`<option value=${p} ?selected=${p === this.preset}>${t(`reports.preset.${p}`)}</option>`)}
        </select>
      </label>
      <label>${t('reports.from')}
        <input type="date" data-field="from" .value=${this.from || ''} max=${this.to ? addDays(this.to, -1) : ''}
          @change=${(e) => { if (e.target.value) { this.preset = 'custom'; this.from = e.target.value; this.emit(); } }} />
      </label>
      <label>${t('reports.to')}
        <input type="date" data-field="to" .value=${this.to ? addDays(this.to, -1) : ''} min=${this.from || ''}
          @change=${(e) => { if (e.target.value) { this.preset = 'custom'; this.to = addDays(e.target.value, 1); this.emit(); } }} />
      </label>
      ${this.grouping
        ? html`<label>${t('reports.groupBy')}
            <select data-field="groupBy" @change=${(e) => { this.groupBy = e.target.value; this.emit(); }}>
              ${['day', 'week', 'month'].map((g) => html`<option value=${g} ?selected=${g === this.groupBy}>${t(`reports.group.${g}`)}</option>`)}
            </select>
          </label>`
        : ''}
      <span class="zone">${t('reports.zone', { zone: this.zone })}</span>
    `;
  }
}
customElements.define('sb-report-range', SbReportRange);

// --- page styles ---

export const reportStyles = css`
  :host { display: block; background: var(--sb-bg); }
  .page { max-width: 1280px; margin: 0 auto; padding: 18px 20px 40px; display: flex; flex-direction: column; gap: 16px; }
  h1 { font-size: 20px; margin: 0; }
  h2 { font-size: 15px; margin: 0; }
  .head { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: 12px; }
  .lead { margin: 2px 0 0; color: var(--sb-muted); font-size: 13px; }
  section.card { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: 8px; padding: 14px 16px; min-width: 0; }
  .card-head { display: flex; align-items: center; justify-content: space-between; gap: 10px; margin-bottom: 10px; flex-wrap: wrap; }
  .chart { width: 100%; height: 300px; }
  .scroll { overflow-x: auto; }
  table.report { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
  table.report th, table.report td { padding: 6px 8px; border-bottom: 1px solid var(--sb-border); text-align: right; white-space: nowrap; }
  table.report th { font-size: 12px; color: var(--sb-muted); font-weight: 600; background: var(--sb-surface-alt); position: sticky; top: 0; }
  table.report th:first-child, table.report td:first-child, table.report .text { text-align: left; }
  table.report tbody tr:hover { background: var(--sb-hover); }
  table.report tfoot td { font-weight: 700; border-top: 2px solid var(--sb-border); }
  button.link { height: auto; padding: 0; border: 0; background: none; color: var(--sb-accent); text-decoration: underline; font-weight: 500; font-variant-numeric: tabular-nums; }
  button.link:hover { background: none; text-decoration-thickness: 2px; }
  a { color: var(--sb-accent); }
  .kind { display: inline-flex; align-items: center; gap: 6px; }
  .note { font-size: 12.5px; color: var(--sb-muted); margin: 8px 0 0; }
  .tag { display: inline-flex; align-items: center; height: 19px; padding: 0 6px; border-radius: 4px; font-size: 11.5px; font-weight: 600; }
  .tag.MANUAL { background: #f3e8fb; color: #6a1f9c; }
  .tag.LIVE { background: #e3f4ea; color: var(--sb-success); }
  .tag.over { background: #fde8e6; color: var(--sb-danger); }
  .tag.within { background: #e3f4ea; color: var(--sb-success); }
  .error { color: var(--sb-danger); font-weight: 600; }
  .empty { color: var(--sb-muted); padding: 10px 0; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
  .figure { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: 8px; padding: 12px 14px; }
  .figure .label { font-size: 12px; color: var(--sb-muted); font-weight: 600; }
  .figure .value { font-size: 20px; font-weight: 700; margin-top: 4px; font-variant-numeric: tabular-nums; }
  @media (max-width: 760px) {
    .page { padding: 12px 10px 30px; }
    .chart { height: 260px; }
  }
`;

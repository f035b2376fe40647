import { LitElement, html, css } from 'lit';
import { Localized, t, currentLocale } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { draw, dispose, KIND_COLOURS, PALETTE } from '../charts/echarts.js';
import { dashboard } from './styles.js';
import { SbRangePicker } from './sb-range-picker.js';
import { previousRange, periodLabel, rangeLabel, addDays, addMonths } from './range.js';
import { formatMoney, formatHours, formatCount, change, formatChange, byCurrency, moneyList, major, minorDigits, toCsv, saveFile, downloadReportCsv } from './format.js';
import { channelNames, rowLabel } from './channels.js';
import './sb-drill-down.js';
import './messages.js';

/** Every period of a report's (widened) range, first days as ISO dates. */
function periods(report) {
  const out = [];
  for (let p = report.from; p < report.to; p = report.groupBy === 'month' ? addMonths(p, 1) : addDays(p, report.groupBy === 'week' ? 7 : 1)) out.push(p);
  return out;
}

const key = (row) => `${row.channelId || ''}|${row.kind}`;

/** A report row's cost per resolved conversation in one currency, in major units; null without a resolved one. */
function perResolvedIn(row, currency) {
  if (!row || !row.conversationsResolved) return null;
  const cost = row.costs.find((c) => c.currency === currency);
  return cost ? major({ amountMinor: Math.round(cost.amountMinor / row.conversationsResolved), currency }) : null;
}

/** A drill-down link of the first row widened to end where the last row's ends, with some query values dropped. */
function widen(first, last, drop = []) {
  const url = new URL(first, location.origin);
  url.searchParams.set('to', new URL(last, location.origin).searchParams.get('to'));
  drop.forEach((name) => url.searchParams.delete(name));
  return url.pathname + url.search;
}

/** A channel's (or all channels') figures over the whole range, from the report's rows of it. */
function aggregate(rows) {
  const a = { seconds: 0, uncosted: 0, resolved: 0, messagesIn: 0, messagesOut: 0, rows };
  const costs = [];
  for (const r of rows) {
    a.seconds += r.handlingSeconds;
    a.uncosted += r.uncostedSeconds;
    a.resolved += r.conversationsResolved;
    a.messagesIn += r.messagesIn;
    a.messagesOut += r.messagesOut;
    costs.push(...r.costs);
  }
  a.costs = byCurrency(costs);
  const currencies = Object.keys(a.costs);
  // "Per" figures only where the work was paid in one currency, as the API gives them.
  const single = currencies.length === 1 ? { amountMinor: a.costs[currencies[0]], currency: currencies[0] } : null;
  a.perResolved = single && a.resolved ? { ...single, amountMinor: Math.round(single.amountMinor / a.resolved) } : null;
  a.perInbound = single && a.messagesIn ? { ...single, amountMinor: Math.round(single.amountMinor / a.messagesIn) } : null;
  return a;
}

function group(rows) {
  const groups = new Map();
  for (const r of rows) {
    if (!groups.has(key(r))) groups.set(key(r), []);
    groups.get(key(r)).push(r);
  }
  return groups;
}

/**
 * Staff cost per channel (GET /api/v1/reports/channel-costs): for a range and grouping in the tenant's time zone, a
 * stacked ECharts chart of cost (one per currency, never added up) or handling hours per channel and kind, PHONE and
 * other hand-logged kinds included; per channel the hours, cost, cost per resolved conversation and per inbound
 * message beside the previous period's and the change; hours without an hourly cost flagged with the operators
 * missing one. Every bar and figure opens the rows behind it through the report's drill-down links; the report
 * downloads in the API's CSV form, the table as the CSV of what it shows.
 */
class SbCosts extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    operators: { attribute: false },
    stream: { attribute: false },
    params: { attribute: false },
    range: { state: true },
    timeZone: { state: true },
    report: { state: true },
    previous: { state: true },
    channels: { state: true },
    metric: { state: true },
    drill: { state: true },
    sort: { state: true },
    failure: { state: true },
    loading: { state: true },
  };

  static styles = [
    shared,
    dashboard,
    css`
      .charts { display: grid; gap: 12px; }
      .chart-title { font-size: 12.5px; font-weight: 600; color: var(--sb-muted); margin: 0 0 2px; }
      .hint { font-size: 12px; color: var(--sb-muted); }
      .value .line { display: block; }
      .card .delta { margin-top: 2px; }
      td .sub { display: block; font-size: 11.5px; color: var(--sb-muted); font-weight: 400; }
      .channel .kind { display: block; }
      .chan { display: inline-flex; align-items: center; gap: 7px; }
      .chan .label { display: flex; flex-direction: column; line-height: 1.2; }
      .chan .label small { font-size: 11.5px; color: var(--sb-muted); font-weight: 400; }
      .answer { margin: 0 0 6px; font-size: 14px; display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
      @media (max-width: 760px) { .head h1 { font-size: 17px; width: 100%; } }
    `,
  ];

  constructor() {
    super();
    this.metric = 'cost';
    this.sort = { column: 'cost', descending: true };
  }

  async connectedCallback() {
    super.connectedCallback();
    // Back on the screen: the charts were disposed of when it was left; draw them again.
    if (this.report) this.requestUpdate();
    if (this.report || !this.api) return;
    try {
      const [settings, channels] = await Promise.all([this.api.tenantSettings(), channelNames(this.api)]);
      this.timeZone = settings.timeZone || 'UTC';
      this.channels = channels;
      this.range = SbRangePicker.initial(this.timeZone);
      await this.load();
    } catch (e) {
      this.failure = e.message;
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.renderRoot.querySelectorAll('.chart').forEach((el) => dispose(el));
  }

  get query() {
    return { from: this.range.from, to: this.range.to, groupBy: this.range.groupBy };
  }

  async load() {
    this.loading = true;
    this.failure = null;
    try {
      const report = await this.api.report('channel-costs', this.query);
      const before = previousRange({ from: report.from, to: report.to, groupBy: report.groupBy });
      const [previous, workload] = await Promise.all([
        this.api.report('channel-costs', before),
        this.api.report('operator-workload', this.query),
      ]);
      // Who worked without an hourly cost in the range: the operators behind the uncosted hours.
      const uncosted = {};
      for (const row of workload.rows) {
        if (row.uncostedSeconds > 0) uncosted[row.operatorId] = row.operatorName || row.operatorId;
      }
      this.uncostedOperators = Object.values(uncosted);
      this.previous = previous;
      this.report = report;
    } catch (e) {
      this.failure = e.message;
    } finally {
      this.loading = false;
    }
  }

  changeRange(range) {
    this.range = range;
    this.load();
  }

  updated() {
    if (this.report) this.drawCharts();
  }

  /** The series of the chart: one per channel and kind, in report order; PHONE and each kind keep their colour. */
  series() {
    const groups = group(this.report.rows);
    const usedKinds = new Set();
    const usedColours = new Set();
    const spare = () => PALETTE.find((c) => !usedColours.has(c) && !Object.values(KIND_COLOURS).includes(c))
      || PALETTE.find((c) => !usedColours.has(c))
      || PALETTE[usedColours.size % PALETTE.length];
    return [...groups.entries()].map(([k, rows]) => {
      const kind = rows[0].kind;
      // A kind's first channel takes the kind's colour; a second channel of it a colour no series has yet.
      let colour = KIND_COLOURS[kind];
      if (usedKinds.has(kind) || !colour || usedColours.has(colour)) colour = spare();
      usedKinds.add(kind);
      usedColours.add(colour);
      return { key: k, rows, kind, channelId: rows[0].channelId, label: rowLabel(this.channels, rows[0].channelId, kind), colour };
    });
  }

  currencies() {
    return Object.keys(byCurrency(this.report.rows.flatMap((r) => r.costs))).sort();
  }

  async drawCharts() {
    const locale = currentLocale();
    const all = periods(this.report);
    const labels = all.map((p) => periodLabel(p, this.report.groupBy, locale));
    const series = this.series();
    for (const el of this.renderRoot.querySelectorAll('.trend-chart')) {
      await this.drawTrend(el, all, labels, series, locale);
    }
    for (const el of this.renderRoot.querySelectorAll('.chart:not(.trend-chart)')) {
      const currency = el.dataset.currency;
      const value = (row) => {
        if (!row) return null;
        if (!currency) return Math.round((row.handlingSeconds / 3600) * 100) / 100;
        const m = row.costs.find((c) => c.currency === currency);
        return m ? major(m) : null;
      };
      const shown = series.filter((s) => s.rows.some((r) => value(r)));
      const format = currency
        ? (v) => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: minorDigits(currency) }).format(v)
        : (v) => formatHours(v * 3600);
      const chart = await draw(el, {
        aria: { enabled: true },
        // Redrawn on every change of range, metric or language: no animation from the previous drawing.
        animation: false,
        grid: { left: 8, right: 12, top: 44, bottom: 8, containLabel: true },
        legend: { type: 'scroll', top: 0, left: 0, right: 0, itemGap: 18, textStyle: { color: '#1b1f27' } },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v) => (v == null ? '–' : format(v)),
        },
        xAxis: { type: 'category', data: labels, axisLabel: { color: '#5b6475' }, axisLine: { lineStyle: { color: '#c3c9d4' } } },
        yAxis: {
          type: 'value',
          axisLabel: { color: '#5b6475', formatter: (v) => (currency ? new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact' }).format(v) : `${v} h`) },
          splitLine: { lineStyle: { color: '#e7eaf0' } },
        },
        series: shown.map((s) => ({
          name: s.label,
          type: 'bar',
          stack: 'total',
          barMaxWidth: 42,
          emphasis: { focus: 'series' },
          itemStyle: { color: s.colour },
          data: all.map((p) => value(s.rows.find((r) => r.period === p))),
        })),
      });
      // For tests and tools: the drawn chart and the first day of each of its periods.
      el.__chart = chart;
      chart.__periods = all;
      chart.off('click');
      chart.on('click', (params) => {
        const s = shown[params.seriesIndex];
        const row = s?.rows.find((r) => r.period === all[params.dataIndex]);
        if (row) this.openDrill(row.drillDown.workSessions, t('costs.drillTitle', { channel: s.label, period: labels[params.dataIndex] }), row);
      });
    }
  }

  openDrill(link, heading) {
    this.drill = { link, heading };
  }

  /**
   * Cost per resolved conversation of each channel, period by period, in one currency: the line that says whether a
   * channel is getting better. A period without a resolved conversation has no point (the line skips it).
   */
  async drawTrend(el, all, labels, series, locale) {
    const currency = el.dataset.currency;
    const shown = series
      .map((s) => ({ ...s, points: all.map((p) => perResolvedIn(s.rows.find((r) => r.period === p), currency)) }))
      .filter((s) => s.points.some((v) => v != null));
    const format = (v) => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: minorDigits(currency) }).format(v);
    const chart = await draw(el, {
      aria: { enabled: true },
      animation: false,
      grid: { left: 8, right: 12, top: 44, bottom: 8, containLabel: true },
      legend: { type: 'scroll', top: 0, left: 0, right: 0, itemGap: 18, textStyle: { color: '#1b1f27' } },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '–' : format(v)) },
      xAxis: { type: 'category', data: labels, axisLabel: { color: '#5b6475' }, axisLine: { lineStyle: { color: '#c3c9d4' } } },
      yAxis: {
        type: 'value',
        axisLabel: { color: '#5b6475', formatter: (v) => new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact' }).format(v) },
        splitLine: { lineStyle: { color: '#e7eaf0' } },
      },
      series: shown.map((s) => ({
        name: s.label,
        type: 'line',
        connectNulls: true,
        symbolSize: 7,
        lineStyle: { width: 2.5 },
        itemStyle: { color: s.colour },
        data: s.points,
      })),
    });
    el.__chart = chart;
    chart.__periods = all;
    chart.off('click');
    chart.on('click', (params) => {
      const s = shown[params.seriesIndex];
      const row = s?.rows.find((r) => r.period === all[params.dataIndex]);
      if (row) this.openDrill(row.drillDown.conversationsResolved, t('costs.drillTitle', { channel: s.label, period: labels[params.dataIndex] }), row);
    });
  }

  /**
   * The answer to "which channel costs most per resolved conversation, and is it getting better?" in one currency:
   * the channel with the highest cost per resolved conversation over the range; the change of its figure from the
   * range's first half to its second (each half's cost over its resolved conversations: one day's figure alone swings
   * too much to tell a trend), and against the previous range.
   */
  trendAnswer(rows, currency) {
    const priced = rows.filter((r) => r.now.perResolved?.currency === currency);
    if (!priced.length) return null;
    const top = priced.reduce((a, b) => (b.now.perResolved.amountMinor > a.now.perResolved.amountMinor ? b : a));
    const all = periods(this.report);
    const middle = all[Math.floor(all.length / 2)];
    const half = (inFirst) => {
      const list = top.now.rows.filter((r) => (r.period < middle) === inFirst);
      const cost = list.flatMap((r) => r.costs).filter((c) => c.currency === currency).reduce((a, c) => a + c.amountMinor, 0);
      const resolved = list.reduce((a, r) => a + r.conversationsResolved, 0);
      return resolved ? cost / resolved : null;
    };
    const within = all.length > 1 ? change(half(false), half(true)) : null;
    const prev = top.before?.perResolved?.currency === currency ? top.before.perResolved : null;
    return { top, within, versus: prev ? change(top.now.perResolved.amountMinor, prev.amountMinor) : null };
  }

  renderTrend(rows, currencies) {
    return html`<section class="panel" data-testid="per-resolved-trend">
      <header><h2>${t('costs.trend')}</h2></header>
      <div class="body charts">
        ${currencies.map((c) => {
          const answer = this.trendAnswer(rows, c);
          return html`<div>
            ${answer
              ? html`<p class="answer" data-testid="trend-answer" data-channel=${answer.top.channelId || ''} data-currency=${c}
                  data-minor=${answer.top.now.perResolved.amountMinor}>${t('costs.trendTop', { channel: answer.top.label, amount: formatMoney(answer.top.now.perResolved) })}
                  ${answer.within != null
                    ? html`<span class="delta ${answer.within > 0 ? 'up' : answer.within < 0 ? 'down' : ''}">${t(answer.within < 0 ? 'costs.trendBetter' : answer.within > 0 ? 'costs.trendWorse' : 'costs.trendFlat', { change: formatChange(answer.within) })}</span>`
                    : ''}
                  ${answer.versus != null ? html`<span class="muted">${t('costs.trendVersus', { change: formatChange(answer.versus) })}</span>` : ''}</p>`
              : html`<p class="muted">${t('costs.trendNone')}</p>`}
            ${answer && currencies.length > 1 ? html`<p class="chart-title">${t('costs.chartCurrency', { currency: c })}</p>` : ''}
            ${answer ? html`<div class="chart trend-chart" data-testid="trend-chart" data-currency=${c}></div>` : ''}</div>`;
        })}
      </div>
    </section>`;
  }


  downloadTable(rows, total) {
    const header = ['channelId', 'channel', 'kind', 'handlingSeconds', 'uncostedSeconds', 'costs', 'previousCosts', 'conversationsResolved',
      'messagesIn', 'messagesOut', 'costPerResolvedConversationMinor', 'costPerInboundMessageMinor', 'currency'];
    const line = (r) => [r.channelId, r.label, r.kind, r.now.seconds, r.now.uncosted,
      moneyList(r.now.costs).map((m) => `${m.currency} ${m.amountMinor}`).join('; '),
      moneyList(r.before?.costs || {}).map((m) => `${m.currency} ${m.amountMinor}`).join('; '),
      r.now.resolved, r.now.messagesIn, r.now.messagesOut, r.now.perResolved?.amountMinor, r.now.perInbound?.amountMinor,
      r.now.perResolved?.currency || r.now.perInbound?.currency];
    saveFile(toCsv(header, [...rows.map(line), line({ ...total, channelId: '', label: t('costs.totalRow'), kind: '' })]),
      `channel-costs-by-channel-${this.report.from}-${this.report.to}.csv`);
  }

  /** Money per currency, one line each, with the change against the same currency before. */
  money(totals, before, { link, heading, good = false } = {}) {
    const list = moneyList(totals);
    if (!list.length) return html`<span class="muted">–</span>`;
    return list.map((m) => {
      const prev = before?.[m.currency];
      const delta = change(m.amountMinor, prev);
      const text = formatMoney(m);
      return html`<span class="line">${link ? html`<button class="figure" data-drill="cost" data-currency=${m.currency} data-minor=${m.amountMinor}
        @click=${() => this.openDrill(link, heading)}>${text}</button>` : text}${this.delta(delta, prev != null ? formatMoney({ amountMinor: prev, currency: m.currency }) : null, good)}</span>`;
    });
  }

  delta(fraction, previousText, good = false) {
    if (fraction == null && !previousText) return '';
    const direction = fraction == null ? '' : fraction > 0 ? 'up' : fraction < 0 ? 'down' : '';
    return html`<span class="delta ${direction} ${good ? 'good' : ''}" title=${previousText ? t('dash.previous', { value: previousText }) : ''}>
      ${fraction == null ? t('dash.previous', { value: previousText }) : formatChange(fraction)}</span>`;
  }

  single(money, before, link, heading) {
    if (!money) return html`<span class="muted">–</span>`;
    const prev = before && before.currency === money.currency ? before : null;
    return html`<button class="figure" data-drill="per" @click=${() => this.openDrill(link, heading)}>${formatMoney(money)}</button>
      ${this.delta(prev ? change(money.amountMinor, prev.amountMinor) : null, prev ? formatMoney(prev) : null)}`;
  }

  count(n, before, link, heading, good = true) {
    return html`${link ? html`<button class="figure" data-drill="count" @click=${() => this.openDrill(link, heading)}>${formatCount(n)}</button>` : formatCount(n)}
      ${this.delta(change(n, before), null, good)}`;
  }

  hours(seconds, before, link, heading) {
    return html`<button class="figure" data-drill="hours" data-seconds=${seconds} @click=${() => this.openDrill(link, heading)}>${formatHours(seconds)}</button>
      ${this.delta(change(seconds, before), null)}`;
  }

  renderTable(rows, total) {
    const sorted = [...rows].sort((a, b) => {
      const v = (r) => ({ cost: Object.values(r.now.costs)[0] ?? -1, hours: r.now.seconds, resolved: r.now.resolved,
        perResolved: r.now.perResolved?.amountMinor ?? -1, perInbound: r.now.perInbound?.amountMinor ?? -1, messagesIn: r.now.messagesIn })[this.sort.column];
      return (v(a) - v(b)) * (this.sort.descending ? -1 : 1);
    });
    const th = (column, label) => html`<th aria-sort=${this.sort.column === column ? (this.sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button class="sort" data-sort=${column} @click=${() => (this.sort = { column, descending: this.sort.column === column ? !this.sort.descending : true })}>
        ${label}${this.sort.column === column ? (this.sort.descending ? ' ↓' : ' ↑') : ''}</button></th>`;
    const cells = (r) => html`
      <td data-col="hours">${this.hours(r.now.seconds, r.before?.seconds, r.links.sessions, `${r.label} · ${this.rangeText}`)}</td>
      <td data-col="cost">${this.money(r.now.costs, r.before?.costs, { link: r.links.sessions, heading: `${r.label} · ${this.rangeText}` })}</td>
      <td data-col="resolved">${this.count(r.now.resolved, r.before?.resolved, r.links.resolved, `${t('costs.resolved')} · ${r.label}`)}</td>
      <td data-col="perResolved">${this.single(r.now.perResolved, r.before?.perResolved, r.links.resolved, `${t('costs.resolved')} · ${r.label}`)}</td>
      <td data-col="messagesIn">${this.count(r.now.messagesIn, r.before?.messagesIn, r.links.messagesIn, `${t('costs.messagesIn')} · ${r.label}`)}</td>
      <td data-col="perInbound">${this.single(r.now.perInbound, r.before?.perInbound, r.links.messagesIn, `${t('costs.messagesIn')} · ${r.label}`)}</td>`;
    return html`<div class="scroll"><table data-testid="costs-table">
      <thead><tr><th>${t('dash.col.channel')}</th>${th('hours', t('costs.hours'))}${th('cost', t('dash.cost'))}${th('resolved', t('costs.resolved'))}
        ${th('perResolved', t('costs.perResolved'))}${th('messagesIn', t('costs.messagesIn'))}${th('perInbound', t('costs.perInbound'))}</tr></thead>
      <tbody>${sorted.map((r) => html`<tr data-key=${r.key}>
        <td><span class="chan">${icon(r.kind)}<span class="label"><strong>${r.label}</strong>${r.channelId ? html`<small>${t(`dash.kind.${r.kind}`)}</small>` : ''}</span></span></td>
        ${cells(r)}</tr>`)}</tbody>
      <tfoot><tr data-key="total"><td>${t('costs.totalRow')}</td>${cells(total)}</tr></tfoot>
    </table></div>`;
  }

  get rangeText() {
    return rangeLabel(this.report, currentLocale());
  }

  renderBody() {
    const report = this.report;
    const groups = group(report.rows);
    const before = group(this.previous?.rows || []);
    const links = (rows, drop = []) => ({
      sessions: widen(rows[0].drillDown.workSessions, rows.at(-1).drillDown.workSessions, drop),
      resolved: widen(rows[0].drillDown.conversationsResolved, rows.at(-1).drillDown.conversationsResolved, drop),
      messagesIn: widen(rows[0].drillDown.messagesIn, rows.at(-1).drillDown.messagesIn, drop),
    });
    const rows = [...groups.entries()].map(([k, list]) => ({
      key: k, kind: list[0].kind, channelId: list[0].channelId, label: rowLabel(this.channels, list[0].channelId, list[0].kind),
      now: aggregate(list), before: before.has(k) ? aggregate(before.get(k)) : null, links: links(list),
    }));
    if (!rows.length) return html`<div class="panel"><div class="empty">${t('costs.empty')}</div></div>`;
    // The range-wide links: the first and last rows of the report, without the channel and kind of either.
    const total = { now: aggregate(report.rows), before: aggregate(this.previous?.rows || []), links: links(report.rows, ['channel', 'kind']), label: t('costs.totalRow') };
    const currencies = this.currencies();
    const without = this.uncostedOperators || [];
    const uncosted = total.now.uncosted;
    const names = without.join(', ');
    const previousText = rangeLabel(previousRange(report), currentLocale());
    return html`
      ${uncosted
        ? html`<div class="banner" role="status" data-testid="uncosted">${icon('alert')}<span>${without.length
            ? t(without.length === 1 ? 'costs.uncostedOne' : 'costs.uncosted', { hours: formatHours(uncosted), n: without.length, names })
            : t('costs.uncostedUnknown', { hours: formatHours(uncosted) })}</span></div>`
        : ''}
      ${currencies.length > 1 ? html`<div class="banner" role="status">${icon('alert')}<span>${t('costs.severalCurrencies')}</span></div>` : ''}
      <div class="cards" data-testid="costs-cards">
        <div class="card" data-figure="total"><div class="name">${t('costs.total')}</div>
          <div class="value small">${this.money(total.now.costs, total.before.costs, { link: total.links.sessions, heading: `${t('costs.total')} · ${this.rangeText}` })}</div></div>
        <div class="card" data-figure="hours"><div class="name">${t('costs.hours')}</div>
          <div class="value small">${this.hours(total.now.seconds, total.before.seconds, total.links.sessions, `${t('costs.hours')} · ${this.rangeText}`)}</div></div>
        <div class="card" data-figure="perResolved"><div class="name">${t('costs.perResolved')}</div>
          <div class="value small">${this.single(total.now.perResolved, total.before.perResolved, total.links.resolved, `${t('costs.resolved')} · ${this.rangeText}`)}</div></div>
        <div class="card" data-figure="perInbound"><div class="name">${t('costs.perInbound')}</div>
          <div class="value small">${this.single(total.now.perInbound, total.before.perInbound, total.links.messagesIn, `${t('costs.messagesIn')} · ${this.rangeText}`)}</div></div>
      </div>
      <div class="hint">${t('dash.vsPrevious', { range: previousText })} · ${t('costs.hint')}</div>
      ${this.renderTrend(rows, currencies)}
      <section class="panel">
        <header>
          <h2>${this.metric === 'cost' ? t('costs.chart') : t('costs.chartHours')}</h2>
          <div class="segmented" role="group" aria-label=${t('costs.chart')}>
            ${['cost', 'hours'].map((m) => html`<button data-metric=${m} aria-pressed=${this.metric === m ? 'true' : 'false'}
              @click=${() => (this.metric = m)}>${t(`costs.metric.${m}`)}</button>`)}
          </div>
          <button data-action="report-csv" @click=${() => downloadReportCsv(this.api, 'channel-costs', this.query, `channel-costs-${report.from}-${report.to}.csv`)}>${t('dash.csv')}</button>
        </header>
        <div class="body charts">
          ${this.metric === 'cost'
            ? currencies.map((c) => html`<div>${currencies.length > 1 ? html`<p class="chart-title">${t('costs.chartCurrency', { currency: c })}</p>` : ''}
                <div class="chart" data-testid="cost-chart" data-currency=${c} data-total-minor=${total.now.costs[c]}></div></div>`)
            : html`<div class="chart" data-testid="hours-chart" data-total-seconds=${total.now.seconds}></div>`}
        </div>
      </section>
      <section class="panel">
        <header><h2>${t('costs.table')}</h2>
          <button data-action="table-csv" @click=${() => this.downloadTable(rows, total)}>${t('dash.csv')}</button></header>
        ${this.renderTable(rows, total)}
      </section>
    `;
  }

  render() {
    const q = this.range ? this.query : {};
    return html`<div class="page" data-testid="costs" data-from=${q.from || ''} data-to=${q.to || ''} data-group=${q.groupBy || ''}>
      <div class="head">
        <h1>${t('costs.title')}</h1>
        ${this.report ? html`<span class="sub" data-testid="range-label">${this.rangeText} · ${this.report.timeZone}</span>` : ''}
        <span class="grow"></span>
        ${this.range ? html`<sb-range-picker .timeZone=${this.timeZone} .value=${this.range} @range-change=${(e) => this.changeRange(e.detail)}></sb-range-picker>` : ''}
      </div>
      ${this.failure ? html`<div class="banner" role="alert">${icon('alert')}${this.failure}</div>` : ''}
      ${this.report ? this.renderBody() : html`<div class="empty">${t('app.loading')}</div>`}
      ${this.drill
        ? html`<sb-drill-down .api=${this.api} .link=${this.drill.link} .heading=${this.drill.heading} .operators=${this.operators}
            .channels=${this.channels} @close=${() => (this.drill = null)}></sb-drill-down>`
        : ''}
    </div>`;
  }
}

customElements.define('sb-costs', SbCosts);

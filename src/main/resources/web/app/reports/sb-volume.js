import { html } from 'lit';
import { t, addMessages, currentLocale } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { draw, KIND_COLOURS } from '../charts/echarts.js';
import { reportStyles, number, periodLabel, ReportScreen, downloadRowsCsv } from './kit.js';
import { downloadReportCsv } from '../dashboard/format.js';
import { rowLabel } from '../dashboard/channels.js';
import './drill.js';

addMessages({
  en: {
    'volume.title': 'Volume and traffic',
    'volume.lead': 'Messages in and out per channel, posts published and broadcast recipients, and when customers write in.',
    'volume.in': 'Messages in',
    'volume.out': 'Messages out',
    'volume.posts': 'Posts published',
    'volume.recipients': 'Broadcast recipients',
    'volume.failures': 'Failed deliveries',
    'volume.chart': 'Messages per period',
    'volume.table': 'Per channel kind and period',
    'volume.channels': 'Per channel over the range',
    'volume.heatmap': 'Inbound messages by hour of the week',
    'volume.heatmapLead': 'Summed over the range, in the workspace’s time zone: staff the darker hours.',
    'volume.hour': 'Hour',
    'volume.weekday': 'Day',
    'volume.busiest': 'Busiest hour: {day} {hour}:00 ({n} messages)',
    'volume.behind': '{what} · {kind} · {period}',
  },
  fr: {
    'volume.title': 'Volume et trafic',
    'volume.lead': 'Messages reçus et envoyés par canal, publications, destinataires des diffusions, et les heures où les clients écrivent.',
    'volume.in': 'Messages reçus',
    'volume.out': 'Messages envoyés',
    'volume.posts': 'Publications',
    'volume.recipients': 'Destinataires des diffusions',
    'volume.failures': 'Envois en échec',
    'volume.chart': 'Messages par période',
    'volume.table': 'Par type de canal et par période',
    'volume.channels': 'Par canal sur la période',
    'volume.heatmap': 'Messages reçus par heure de la semaine',
    'volume.heatmapLead': 'Cumulés sur la période, dans le fuseau de l’espace : renforcez les heures les plus foncées.',
    'volume.hour': 'Heure',
    'volume.weekday': 'Jour',
    'volume.busiest': 'Heure la plus chargée : {day} {hour} h ({n} messages)',
    'volume.behind': '{what} · {kind} · {period}',
  },
});

/** Monday first, as the API's dayOfWeek (1 = Monday … 7 = Sunday), named in the current locale. */
function weekdays(style = 'short') {
  const format = new Intl.DateTimeFormat(currentLocale(), { weekday: style, timeZone: 'UTC' });
  return [1, 2, 3, 4, 5, 6, 7].map((d) => format.format(Date.UTC(2024, 0, d))); // 2024-01-01 was a Monday
}

/**
 * Volume and traffic: the volume report per channel kind and period (each figure drills down to its conversations or
 * the posts calendar), messages per channel from the channel-costs report, and the hour-of-week heatmap of inbound
 * messages (traffic-hours report).
 */
class SbVolume extends ReportScreen {
  static channelNames = true;

  static properties = {
    channels: { state: true },
    hours: { state: true },
  };

  static styles = [shared, reportStyles];

  updated(changed) {
    super.updated(changed);
    if (changed.has('report') || changed.has('hours')) this.drawCharts();
  }

  async fetch() {
    const range = { from: this.query.from, to: this.query.to };
    const [report, costs, hours] = await Promise.all([
      this.api.get('/reports/volume', this.query),
      this.api.get('/reports/channel-costs', { ...range, groupBy: 'month' }),
      this.api.get('/reports/traffic-hours', range),
    ]);
    this.report = report;
    this.channels = this.perChannel(costs.rows);
    this.hours = hours;
    this.followZone(report);
  }

  /** Messages per channel over the whole range: counts add up across periods. Work without a channel has none. */
  perChannel(rows) {
    const byChannel = new Map();
    for (const r of rows.filter((x) => x.channelId)) {
      const c = byChannel.get(r.channelId) || { channelId: r.channelId, kind: r.kind, messagesIn: 0, messagesOut: 0 };
      c.messagesIn += r.messagesIn;
      c.messagesOut += r.messagesOut;
      byChannel.set(r.channelId, c);
    }
    return [...byChannel.values()].sort((a, b) => b.messagesIn - a.messagesIn);
  }

  async drawCharts() {
    const rows = this.report?.rows || [];
    const chart = this.renderRoot.querySelector('.chart.volume');
    if (chart && rows.length) {
      const periods = [...new Set(rows.map((r) => r.period))].sort();
      const kinds = [...new Set(rows.map((r) => r.kind))].sort();
      const series = [];
      for (const [field, stack] of [['messagesIn', 'in'], ['messagesOut', 'out']]) {
        for (const k of kinds) {
          series.push({
            name: `${t(`kind.${k}`)} · ${t(stack === 'in' ? 'volume.in' : 'volume.out')}`,
            type: 'bar',
            stack,
            color: KIND_COLOURS[k],
            itemStyle: stack === 'out' ? { opacity: 0.55 } : undefined,
            data: periods.map((p) => rows.find((r) => r.period === p && r.kind === k)?.[field] || 0),
          });
        }
      }
      await draw(chart, {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 44, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: periods.map((p) => periodLabel(p, this.report.groupBy)) },
        yAxis: { type: 'value', minInterval: 1 },
        series,
      });
    }
    const heat = this.renderRoot.querySelector('.chart.heat');
    if (heat && this.hours) {
      const days = weekdays();
      const max = Math.max(1, ...this.hours.rows.map((r) => r.messagesIn));
      await draw(heat, {
        tooltip: { formatter: (p) => `${days[p.value[1]]} ${String(p.value[0]).padStart(2, '0')}:00 · ${number(p.value[2])}` },
        grid: { left: 48, right: 16, top: 10, bottom: 70 },
        xAxis: { type: 'category', data: [...Array(24).keys()].map((h) => String(h).padStart(2, '0')), splitArea: { show: true }, name: t('volume.hour'), nameLocation: 'middle', nameGap: 26 },
        yAxis: { type: 'category', data: days, inverse: true, splitArea: { show: true } },
        visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#f4f6fb', '#9db4ee', '#2150c8', '#0d2a75'] } },
        series: [{ type: 'heatmap', data: this.hours.rows.map((r) => [r.hour, r.dayOfWeek - 1, r.messagesIn]), emphasis: { itemStyle: { borderColor: '#1b1f27', borderWidth: 1 } } }],
      });
    }
  }

  openDrill(link, what, r) {
    this.drill = { link, heading: t('volume.behind', { what, kind: t(`kind.${r.kind}`), period: periodLabel(r.period, this.report.groupBy) }) };
  }

  renderTable() {
    const rows = (this.report?.rows || []).slice().sort((a, b) => b.period.localeCompare(a.period) || a.kind.localeCompare(b.kind));
    if (!rows.length) return html`<p class="empty">${t('reports.empty')}</p>`;
    const sum = (f) => rows.reduce((a, r) => a + r[f], 0);
    const link = (r, field, key, what) =>
      r[field] ? html`<button class="link" data-action="drill" data-field=${field} @click=${() => this.openDrill(r.drillDown[key], what, r)}>${number(r[field])}</button>` : number(0);
    return html`<div class="scroll"><table class="report" data-testid="volume-table">
      <thead><tr><th>${t('reports.period')}</th><th class="text">${t('reports.kind')}</th><th>${t('volume.in')}</th><th>${t('volume.out')}</th>
        <th>${t('volume.posts')}</th><th>${t('volume.recipients')}</th><th>${t('volume.failures')}</th></tr></thead>
      <tbody>${rows.map(
        (r) => html`<tr data-kind=${r.kind} data-period=${r.period}>
          <td>${periodLabel(r.period, this.report.groupBy)}</td>
          <td class="text"><span class="kind">${icon(r.kind)}${t(`kind.${r.kind}`)}</span></td>
          <td data-value=${r.messagesIn}>${link(r, 'messagesIn', 'messagesIn', t('volume.in'))}</td>
          <td data-value=${r.messagesOut}>${link(r, 'messagesOut', 'messagesOut', t('volume.out'))}</td>
          <td>${link(r, 'postsPublished', 'posts', t('volume.posts'))}</td>
          <td>${link(r, 'broadcastRecipients', 'posts', t('volume.recipients'))}</td>
          <td>${link(r, 'deliveryFailures', 'deliveryFailures', t('volume.failures'))}</td>
        </tr>`,
      )}</tbody>
      <tfoot><tr><td>${t('reports.total')}</td><td></td>
        <td data-testid="total-in" data-value=${sum('messagesIn')}>${number(sum('messagesIn'))}</td>
        <td data-testid="total-out" data-value=${sum('messagesOut')}>${number(sum('messagesOut'))}</td>
        <td data-testid="total-posts">${number(sum('postsPublished'))}</td><td data-testid="total-recipients">${number(sum('broadcastRecipients'))}</td>
        <td>${number(sum('deliveryFailures'))}</td></tr></tfoot>
    </table></div>`;
  }

  renderChannels() {
    if (!this.channels?.length) return html`<p class="empty">${t('reports.empty')}</p>`;
    const header = ['channelId', 'channel', 'kind', 'messagesIn', 'messagesOut'];
    return html`
      <div class="card-head"><h2>${t('volume.channels')}</h2>
        <button data-action="channels-csv" @click=${() => downloadRowsCsv(`messages-per-channel-${this.query.from}.csv`, header,
          this.channels.map((c) => [c.channelId, rowLabel(this.names, c.channelId, c.kind), c.kind, c.messagesIn, c.messagesOut]))}>${t('reports.csv')}</button></div>
      <div class="scroll"><table class="report" data-testid="volume-channels">
        <thead><tr><th class="text">${t('reports.channel')}</th><th>${t('volume.in')}</th><th>${t('volume.out')}</th></tr></thead>
        <tbody>${this.channels.map((c) => html`<tr data-channel=${c.channelId}>
          <td class="text"><span class="kind">${icon(c.kind)}${rowLabel(this.names, c.channelId, c.kind)}</span></td>
          <td>${number(c.messagesIn)}</td><td>${number(c.messagesOut)}</td></tr>`)}</tbody>
      </table></div>`;
  }

  render() {
    const busiest = this.hours?.rows.reduce((a, r) => (r.messagesIn > (a?.messagesIn || 0) ? r : a), null);
    return html`<div class="page">
      <div class="head">
        <div><h1>${t('volume.title')}</h1><p class="lead">${t('volume.lead')}</p></div>
        <button data-action="csv" ?disabled=${!this.query}
          @click=${() => downloadReportCsv(this.api, 'volume', this.query, `volume-${this.query.from}.csv`).catch((e) => (this.error = e.message))}>${t('reports.csv')}</button>
      </div>
      ${this.renderRange()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <section class="card"><div class="card-head"><h2>${t('volume.chart')}</h2></div>
        ${this.report?.rows.length ? html`<div class="chart volume"></div>` : html`<p class="empty">${this.report ? t('reports.empty') : t('reports.loading')}</p>`}
      </section>
      <section class="card">
        <div class="card-head"><h2>${t('volume.table')}</h2></div>
        ${this.report ? this.renderTable() : ''}
      </section>
      ${this.drill
        ? html`<sb-report-drill .api=${this.api} .operators=${this.operators} .zone=${this.zone} .link=${this.drill.link} .heading=${this.drill.heading}
            @close=${() => (this.drill = null)}></sb-report-drill>`
        : ''}
      <section class="card">${this.renderChannels()}</section>
      <section class="card">
        <div class="card-head">
          <div><h2>${t('volume.heatmap')}</h2><p class="note" style="margin:2px 0 0">${t('volume.heatmapLead')}</p></div>
          <button data-action="heatmap-csv" ?disabled=${!this.query}
            @click=${() => downloadReportCsv(this.api, 'traffic-hours', { from: this.query.from, to: this.query.to }, `traffic-hours-${this.query.from}.csv`).catch((e) => (this.error = e.message))}>${t('reports.csv')}</button>
        </div>
        ${this.hours ? html`<div class="chart heat" role="img" aria-label=${t('volume.heatmap')} style="height:320px"></div>` : ''}
        ${busiest?.messagesIn
          ? html`<p class="note" data-testid="busiest">${t('volume.busiest', { day: weekdays('long')[busiest.dayOfWeek - 1], hour: String(busiest.hour).padStart(2, '0'), n: number(busiest.messagesIn) })}</p>`
          : ''}
      </section>
    </div>`;
  }
}
customElements.define('sb-volume', SbVolume);

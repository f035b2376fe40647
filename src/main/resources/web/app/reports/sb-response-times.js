import { html } from 'lit';
import { t, addMessages } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { draw, KIND_COLOURS } from '../charts/echarts.js';
import { reportStyles, number, percent, duration, periodLabel, ReportScreen, DASH } from './kit.js';
import { downloadReportCsv } from '../dashboard/format.js';
import { rowLabel } from '../dashboard/channels.js';
import './drill.js';

addMessages({
  en: {
    'rt.title': 'Response times',
    'rt.lead': 'First responses and resolutions per channel against each channel’s response target, and how they spread.',
    'rt.measure.FIRST_RESPONSE': 'First response',
    'rt.measure.REPLY': 'Reply',
    'rt.measure.RESOLUTION': 'Resolution',
    'rt.measure': 'Measure',
    'rt.count': 'Count',
    'rt.median': 'Median',
    'rt.p90': '90th percentile',
    'rt.mean': 'Mean',
    'rt.target': 'Target',
    'rt.within': 'Within target',
    'rt.noTarget': 'no target',
    'rt.summary': 'Within target over the range',
    'rt.summaryOf': '{met} of {count}',
    'rt.share': 'Share within target per period',
    'rt.distribution': 'Distribution',
    'rt.upTo': 'up to {d}',
    'rt.beyond': 'over {d}',
    'rt.table': 'Per channel and period',
    'rt.operators': 'Per operator and period',
    'rt.clock': 'Each channel is held to its own response target (set on the channel, else its kind’s). When business hours are set (Settings), times count only the hours open: an email answered on Monday morning does not count the weekend.',
    'rt.channels': 'Per channel over the range',
    'rt.kindDefault': 'kind’s default',
    'rt.ownTarget': 'channel’s own',
    'rt.behind': 'Conversations behind {what}',
  },
  fr: {
    'rt.title': 'Délais de réponse',
    'rt.lead': 'Premières réponses et résolutions par canal, face à l’objectif de chaque canal, et leur répartition.',
    'rt.measure.FIRST_RESPONSE': 'Première réponse',
    'rt.measure.REPLY': 'Réponse',
    'rt.measure.RESOLUTION': 'Résolution',
    'rt.measure': 'Mesure',
    'rt.count': 'Nombre',
    'rt.median': 'Médiane',
    'rt.p90': '90e centile',
    'rt.mean': 'Moyenne',
    'rt.target': 'Objectif',
    'rt.within': 'Dans l’objectif',
    'rt.noTarget': 'sans objectif',
    'rt.summary': 'Dans l’objectif sur la période',
    'rt.summaryOf': '{met} sur {count}',
    'rt.share': 'Part dans l’objectif par période',
    'rt.distribution': 'Répartition',
    'rt.upTo': 'jusqu’à {d}',
    'rt.beyond': 'plus de {d}',
    'rt.table': 'Par canal et par période',
    'rt.operators': 'Par opérateur et par période',
    'rt.clock': 'Chaque canal est mesuré face à son propre objectif (fixé sur le canal, sinon celui de son type). Quand des horaires d’ouverture sont définis (Réglages), seules les heures d’ouverture comptent : un e-mail traité le lundi matin ne compte pas le week-end.',
    'rt.channels': 'Par canal sur la période',
    'rt.kindDefault': 'objectif du type',
    'rt.ownTarget': 'objectif du canal',
    'rt.behind': 'Conversations derrière : {what}',
  },
});

/**
 * Response times: the response-times report per channel kind (each kind's first-response target, synchronous
 * channels in minutes, asynchronous ones in hours), per channel (its own target or its kind's, and the share
 * within it), the share within target, the distribution of the facts in the API's buckets, and per operator;
 * every count drills down to its conversations.
 */
class SbResponseTimes extends ReportScreen {
  static channelNames = true;

  static properties = {
    measure: { state: true },
  };

  static styles = [shared, reportStyles];

  constructor() {
    super();
    this.measure = 'FIRST_RESPONSE';
  }

  updated(changed) {
    super.updated(changed);
    if (changed.has('report') || changed.has('measure')) this.drawCharts();
  }

  async fetch() {
    this.report = await this.api.get('/reports/response-times', this.query);
    this.followZone(this.report);
  }

  kindRows(measure) {
    return (this.report?.rows || []).filter((r) => r.dimension === 'CHANNEL_KIND' && (!measure || r.measure === measure));
  }

  /** Per kind over the whole range: counts, within target and buckets add up across periods (medians do not). */
  summary(measure) {
    const byKind = new Map();
    for (const r of this.kindRows(measure)) {
      const s = byKind.get(r.key) || { kind: r.key, count: 0, met: 0, target: r.targetSeconds, buckets: r.distribution.map((b) => ({ ...b, count: 0 })) };
      s.count += r.count;
      s.met += r.metTarget || 0;
      r.distribution.forEach((b, i) => (s.buckets[i].count += b.count));
      byKind.set(r.key, s);
    }
    return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
  }

  /**
   * Per channel over the whole range for the chosen measure: counts and within target add up across periods; the
   * target is the channel's (its own, or its kind's default when it sets none, as the directory of kinds says).
   */
  channelSummary(measure) {
    const byChannel = new Map();
    for (const r of (this.report?.rows || []).filter((x) => x.dimension === 'CHANNEL' && x.measure === measure)) {
      const s = byChannel.get(r.key) || { channelId: r.key, count: 0, met: 0, target: r.targetSeconds };
      s.count += r.count;
      s.met += r.metTarget || 0;
      byChannel.set(r.key, s);
    }
    return [...byChannel.values()]
      .map((s) => ({ ...s, kind: this.names?.[s.channelId]?.kind, label: rowLabel(this.names, s.channelId, this.names?.[s.channelId]?.kind || 'API') }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }

  renderChannels() {
    const channels = this.channelSummary(this.measure);
    if (!channels.length) return html`<p class="empty">${t('reports.empty')}</p>`;
    const kindTargets = new Map(this.kindRows(this.measure).map((r) => [r.key, r.targetSeconds]));
    return html`<div class="scroll"><table class="report" data-testid="rt-channels">
      <thead><tr>
        <th class="text">${t('reports.channel')}</th><th>${t('rt.count')}</th><th>${t('rt.target')}</th><th>${t('rt.within')}</th>
      </tr></thead>
      <tbody>${channels.map((c) => {
        const share = c.target == null || !c.count ? null : c.met / c.count;
        const own = c.kind && kindTargets.has(c.kind) && kindTargets.get(c.kind) !== c.target;
        return html`<tr data-channel=${c.channelId}>
          <td class="text">${c.kind ? html`<span class="kind">${icon(c.kind)}${c.label}</span>` : c.label}</td>
          <td>${number(c.count)}</td>
          <td data-field="target" data-value=${c.target ?? ''}>${c.target == null ? t('rt.noTarget') : duration(c.target)}${c.target == null ? '' : html` <span class="muted">(${own ? t('rt.ownTarget') : t('rt.kindDefault')})</span>`}</td>
          <td data-field="share" data-value=${share ?? ''}>${share == null ? DASH : html`<span class="tag ${share >= 0.8 ? 'within' : 'over'}">${percent(share)}</span>`}</td>
        </tr>`;
      })}</tbody></table></div>`;
  }

  bucketLabel(buckets, i) {
    const b = buckets[i];
    return b.upToSeconds == null ? t('rt.beyond', { d: duration(buckets[i - 1].upToSeconds) }) : t('rt.upTo', { d: duration(b.upToSeconds) });
  }

  async drawCharts() {
    const rows = this.kindRows(this.measure);
    const share = this.renderRoot.querySelector('.chart.share');
    const dist = this.renderRoot.querySelector('.chart.dist');
    if (!rows.length) return;
    const kinds = [...new Set(rows.map((r) => r.key))].sort();
    if (share && this.measure !== 'RESOLUTION') {
      const periods = [...new Set(rows.map((r) => r.period))].sort();
      await draw(share, {
        tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? DASH : percent(v / 100)) },
        legend: { top: 0 },
        grid: { left: 44, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: periods.map((p) => periodLabel(p, this.report.groupBy)) },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
        series: kinds.map((k) => ({
          name: t(`kind.${k}`),
          type: 'line',
          color: KIND_COLOURS[k],
          connectNulls: true,
          data: periods.map((p) => {
            const r = rows.find((x) => x.period === p && x.key === k);
            return r?.metTargetShare == null ? null : Math.round(r.metTargetShare * 1000) / 10;
          }),
        })),
      });
    }
    if (dist) {
      const summary = this.summary(this.measure);
      const buckets = summary[0].buckets;
      await draw(dist, {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 44, right: 16, top: 36, bottom: 44 },
        xAxis: { type: 'category', data: buckets.map((_, i) => this.bucketLabel(buckets, i)), axisLabel: { interval: 0, rotate: 20 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: summary.map((s) => ({
          name: t(`kind.${s.kind}`),
          type: 'bar',
          color: KIND_COLOURS[s.kind],
          data: s.buckets.map((b) => b.count),
          markLine: s.target
            ? {
                symbol: 'none',
                label: { formatter: `${t('rt.target')} ${t(`kind.${s.kind}`)}`, position: 'insideEndTop' },
                lineStyle: { color: KIND_COLOURS[s.kind], type: 'dashed' },
                data: [{ xAxis: buckets.findIndex((b) => b.upToSeconds === s.target) + 0.5 }],
              }
            : undefined,
        })),
      });
    }
  }

  openDrill(r) {
    this.drill = { link: r.drillDown, heading: t('rt.behind', { what: `${t(`rt.measure.${r.measure}`)} · ${r.dimension === 'OPERATOR' ? this.name(r.key) : t(`kind.${r.key}`)} · ${periodLabel(r.period, this.report.groupBy)}` }) };
  }

  name(id) {
    return this.operators?.[id]?.name || id;
  }

  renderRows(rows, dimension) {
    if (!rows.length) return html`<p class="empty">${t('reports.empty')}</p>`;
    const sorted = rows.slice().sort((a, b) => b.period.localeCompare(a.period) || a.key.localeCompare(b.key));
    return html`<div class="scroll"><table class="report" data-testid=${dimension === 'OPERATOR' ? 'rt-operators' : 'rt-table'}>
      <thead><tr>
        <th>${t('reports.period')}</th><th class="text">${dimension === 'OPERATOR' ? t('reports.col.operator') : t('reports.kind')}</th>
        <th class="text">${t('rt.measure')}</th><th>${t('rt.count')}</th><th>${t('rt.median')}</th><th>${t('rt.p90')}</th><th>${t('rt.mean')}</th>
        ${dimension === 'OPERATOR' ? '' : html`<th>${t('rt.target')}</th><th>${t('rt.within')}</th>`}
      </tr></thead>
      <tbody>${sorted.map(
        (r) => html`<tr data-kind=${r.key} data-measure=${r.measure} data-period=${r.period}>
          <td>${periodLabel(r.period, this.report.groupBy)}</td>
          <td class="text">${dimension === 'OPERATOR' ? this.name(r.key) : html`<span class="kind">${icon(r.key)}${t(`kind.${r.key}`)}</span>`}</td>
          <td class="text">${t(`rt.measure.${r.measure}`)}</td>
          <td><button class="link" data-action="drill" @click=${() => this.openDrill(r)}>${number(r.count)}</button></td>
          <td data-field="median" data-value=${r.medianSeconds}>${duration(r.medianSeconds)}</td>
          <td>${duration(r.p90Seconds)}</td>
          <td>${duration(r.meanSeconds)}</td>
          ${dimension === 'OPERATOR'
            ? ''
            : html`<td>${r.targetSeconds == null ? t('rt.noTarget') : duration(r.targetSeconds)}</td>
                <td data-field="share" data-value=${r.metTargetShare ?? ''}>${r.metTargetShare == null ? DASH : html`<span class="tag ${r.metTargetShare >= 0.8 ? 'within' : 'over'}">${percent(r.metTargetShare)}</span>`}</td>`}
        </tr>`,
      )}</tbody></table></div>`;
  }

  render() {
    const summary = this.summary('FIRST_RESPONSE');
    return html`<div class="page">
      <div class="head">
        <div><h1>${t('rt.title')}</h1><p class="lead">${t('rt.lead')}</p></div>
        <button data-action="csv" ?disabled=${!this.query}
          @click=${() => downloadReportCsv(this.api, 'response-times', this.query, `response-times-${this.query.from}.csv`).catch((e) => (this.error = e.message))}>${t('reports.csv')}</button>
      </div>
      ${this.renderRange()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <p class="note" style="margin:0">${t('rt.clock')}</p>
      <div class="cards" data-testid="rt-summary">
        ${summary.map(
          (s) => html`<div class="figure" data-kind=${s.kind}>
            <div class="label"><span class="kind">${icon(s.kind)}${t(`kind.${s.kind}`)} · ${t('rt.target')} ${s.target == null ? t('rt.noTarget') : duration(s.target)}</span></div>
            <div class="value">${s.target == null ? DASH : percent(s.count ? s.met / s.count : null)}</div>
            <div class="note" style="margin:2px 0 0">${t('rt.measure.FIRST_RESPONSE')}: ${t('rt.summaryOf', { met: number(s.met), count: number(s.count) })}</div>
          </div>`,
        )}
      </div>
      <section class="card">
        <div class="card-head">
          <h2>${t('rt.distribution')}</h2>
          <label class="muted">${t('rt.measure')}
            <select data-field="measure" @change=${(e) => (this.measure = e.target.value)}>
              ${['FIRST_RESPONSE', 'REPLY', 'RESOLUTION'].map((m) => html`<option value=${m} ?selected=${m === this.measure}>${t(`rt.measure.${m}`)}</option>`)}
            </select>
          </label>
        </div>
        ${this.kindRows(this.measure).length ? html`<div class="chart dist"></div>` : html`<p class="empty">${t('reports.empty')}</p>`}
      </section>
      ${this.measure !== 'RESOLUTION' && this.kindRows(this.measure).length
        ? html`<section class="card"><div class="card-head"><h2>${t('rt.share')} · ${t(`rt.measure.${this.measure}`)}</h2></div><div class="chart share"></div></section>`
        : ''}
      ${this.measure !== 'RESOLUTION'
        ? html`<section class="card">
            <div class="card-head"><h2>${t('rt.channels')} · ${t(`rt.measure.${this.measure}`)}</h2></div>
            ${this.report ? this.renderChannels() : html`<p class="empty">${t('reports.loading')}</p>`}
          </section>`
        : ''}
      <section class="card">
        <div class="card-head"><h2>${t('rt.table')}</h2></div>
        ${this.report ? this.renderRows(this.kindRows(), 'CHANNEL_KIND') : html`<p class="empty">${t('reports.loading')}</p>`}
      </section>
      ${this.drill
        ? html`<sb-report-drill .api=${this.api} .operators=${this.operators} .zone=${this.zone} .link=${this.drill.link} .heading=${this.drill.heading}
            @close=${() => (this.drill = null)}></sb-report-drill>`
        : ''}
      <section class="card">
        <div class="card-head"><h2>${t('rt.operators')}</h2></div>
        ${this.report ? this.renderRows(this.report.rows.filter((r) => r.dimension === 'OPERATOR'), 'OPERATOR') : ''}
      </section>
    </div>`;
  }
}
customElements.define('sb-response-times', SbResponseTimes);

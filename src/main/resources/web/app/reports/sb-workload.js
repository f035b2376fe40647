import { html, css } from 'lit';
import { t, addMessages } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { draw, dispose, PALETTE, KIND_COLOURS } from '../charts/echarts.js';
import {
  reportStyles, money, moneys, sumByCurrency, number, percent, hours, duration, periodLabel, dateTime, clock,
  localDay, wallClock, addDays, ReportScreen, downloadRowsCsv, DASH,
} from './kit.js';
import { downloadReportCsv } from '../dashboard/format.js';
import './drill.js';

addMessages({
  en: {
    'workload.title': 'Operator workload',
    'workload.leadManager': 'Handling time, conversations, replies, response times and cost of each operator.',
    'workload.leadAgent': 'Your handling time, conversations, replies and response times.',
    'workload.handling': 'Handling time',
    'workload.conversations': 'Conversations handled',
    'workload.resolved': 'Resolved',
    'workload.replies': 'Replies',
    'workload.cost': 'Cost',
    'workload.sessions': 'Sessions',
    'workload.firstResponse': 'First response',
    'workload.perConversation': 'Handling per conversation',
    'workload.avg': 'avg',
    'workload.median': 'median',
    'workload.online': 'Online',
    'workload.utilisation': 'Utilisation',
    'workload.uncosted': 'Uncosted',
    'workload.table': 'Per operator and period',
    'workload.chart': 'Handling hours per operator',
    'workload.timeline': 'Day timeline',
    'workload.timelineLead': 'Every work session of the day, one line per conversation, to audit the log. Manual entries (phone calls and other off-system work) are marked and say who entered or changed them.',
    'workload.operator': 'Operator',
    'workload.day': 'Day',
    'workload.noSessions': 'No work logged on this day.',
    'workload.phone': 'Phone call',
    'workload.noConversation': '{kind}, no conversation',
    'workload.enteredBy': 'entered by {name}',
    'workload.editedBy': 'changed by {name}, {when}',
    'workload.running': 'running',
    'workload.history': 'History',
    'workload.historyOf': 'Changes to this entry',
    'workload.action.CREATED': 'Entered',
    'workload.action.UPDATED': 'Changed',
    'workload.action.DELETED': 'Deleted',
    'workload.sessionsOf': 'Sessions of {name}, {period}',
  },
  fr: {
    'workload.title': 'Charge des opérateurs',
    'workload.leadManager': 'Temps de traitement, conversations, réponses, délais et coût de chaque opérateur.',
    'workload.leadAgent': 'Votre temps de traitement, vos conversations, réponses et délais de réponse.',
    'workload.handling': 'Temps de traitement',
    'workload.conversations': 'Conversations traitées',
    'workload.resolved': 'Résolues',
    'workload.replies': 'Réponses',
    'workload.cost': 'Coût',
    'workload.sessions': 'Sessions',
    'workload.firstResponse': 'Première réponse',
    'workload.perConversation': 'Traitement par conversation',
    'workload.avg': 'moy.',
    'workload.median': 'médiane',
    'workload.online': 'En ligne',
    'workload.utilisation': 'Occupation',
    'workload.uncosted': 'Non valorisé',
    'workload.table': 'Par opérateur et par période',
    'workload.chart': 'Heures de traitement par opérateur',
    'workload.timeline': 'Journée',
    'workload.timelineLead': 'Toutes les sessions de travail de la journée, une ligne par conversation, pour contrôler le journal. Les saisies manuelles (appels et autre travail hors système) sont signalées avec qui les a saisies ou modifiées.',
    'workload.operator': 'Opérateur',
    'workload.day': 'Jour',
    'workload.noSessions': 'Aucun travail enregistré ce jour-là.',
    'workload.phone': 'Appel téléphonique',
    'workload.noConversation': '{kind}, sans conversation',
    'workload.enteredBy': 'saisie par {name}',
    'workload.editedBy': 'modifiée par {name}, {when}',
    'workload.running': 'en cours',
    'workload.history': 'Historique',
    'workload.historyOf': 'Modifications de cette saisie',
    'workload.action.CREATED': 'Saisie',
    'workload.action.UPDATED': 'Modifiée',
    'workload.action.DELETED': 'Supprimée',
    'workload.sessionsOf': 'Sessions de {name}, {period}',
  },
});

const MANAGER = ['manager', 'admin'];

/**
 * Operator workload: the operator-workload report per operator and period (an agent's own rows only: the API
 * answers an agent with nothing else), its CSV, the sessions behind each row, and one operator's day as a timeline
 * of work sessions per conversation, manual entries marked with who entered or changed them.
 */
class SbWorkload extends ReportScreen {
  static properties = {
    who: { state: true },
    day: { state: true },
    sessions: { state: true },
    titles: { state: true },
    history: { state: true },
  };

  static styles = [
    shared,
    reportStyles,
    css`
      .timeline { width: 100%; height: 260px; }
      .controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; }
      .controls label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: var(--sb-muted); font-weight: 600; }
      input[type='date'] { height: 30px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 0 6px; font: inherit; font-size: 13px; background: var(--sb-surface); color: var(--sb-text); }
      .by { font-size: 12px; color: var(--sb-muted); }
      .history { margin: 6px 0 0; padding: 8px 10px; background: var(--sb-surface-alt); border-radius: 6px; font-size: 12.5px; }
      .history li { margin: 2px 0; }
      td.sub { font-size: 12px; color: var(--sb-muted); }
    `,
  ];

  constructor() {
    super();
    this.query = null;
  }

  get manager() {
    return this.me?.roles?.some((r) => MANAGER.includes(r));
  }

  connectedCallback() {
    super.connectedCallback();
    this.who ??= this.me?.id;
    this.day ??= localDay(new Date(), this.zone);
  }

  updated(changed) {
    super.updated(changed);
    if ((changed.has('who') || changed.has('day')) && this.who && this.day && this.api) this.loadDay();
    if (changed.has('report') || changed.has('sessions') || changed.has('titles')) this.drawCharts();
  }

  reportQuery() {
    return { ...this.query, operator: this.manager ? undefined : 'me' };
  }

  async fetch() {
    this.report = await this.api.get('/reports/operator-workload', this.reportQuery());
    this.followZone(this.report);
  }

  async loadDay() {
    this.history = null;
    const query = {
      operator: this.who === this.me.id ? 'me' : this.who,
      from: this.day,
      to: addDays(this.day, 1),
      overlapping: 'true',
      limit: 200,
    };
    try {
      const page = await this.api.get('/work-sessions', query);
      this.sessions = page.items.slice().sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      const ids = [...new Set(this.sessions.map((s) => s.conversationId).filter(Boolean))];
      const titles = {};
      await Promise.all(
        ids.slice(0, 40).map(async (id) => {
          try {
            const { data } = await this.api.conversation(id);
            titles[id] = data.contact?.name || data.contact?.handle || data.subject || id.slice(0, 8);
          } catch {
            titles[id] = id.slice(0, 8);
          }
        }),
      );
      this.titles = titles;
    } catch (e) {
      this.sessions = [];
      this.error = e.message;
    }
  }

  name(id) {
    if (id === this.me?.id) return this.me.name;
    return this.operators?.[id]?.name || this.report?.rows.find((r) => r.operatorId === id)?.operatorName || id;
  }

  lineOf(s) {
    if (s.conversationId) return this.titles?.[s.conversationId] || s.conversationId.slice(0, 8);
    return s.channelKind === 'PHONE' ? t('workload.phone') : t('workload.noConversation', { kind: t(`kind.${s.channelKind}`) });
  }

  async drawCharts() {
    const rows = this.report?.rows || [];
    const chartEl = this.renderRoot.querySelector('.chart');
    if (chartEl && rows.length) {
      const periods = [...new Set(rows.map((r) => r.period))].sort();
      const operators = [...new Set(rows.map((r) => r.operatorId))];
      await draw(chartEl, {
        tooltip: { trigger: 'axis', valueFormatter: (v) => hours(v * 3600) },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 48, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: periods.map((p) => periodLabel(p, this.report.groupBy)) },
        yAxis: { type: 'value', name: 'h' },
        series: operators.map((o, i) => ({
          name: this.name(o),
          type: 'bar',
          stack: 'h',
          color: PALETTE[i % PALETTE.length],
          data: periods.map((p) => {
            const r = rows.find((x) => x.period === p && x.operatorId === o);
            return r ? Math.round((r.handlingSeconds / 3600) * 100) / 100 : 0;
          }),
        })),
      });
    }
    const timelineEl = this.renderRoot.querySelector('.timeline');
    if (timelineEl && this.sessions?.length) {
      const lines = [...new Set(this.sessions.map((s) => this.lineOf(s)))];
      const day = this.day;
      const position = (iso) => {
        const w = wallClock(new Date(iso), this.zone);
        return w.day < day ? 0 : w.day > day ? 1440 : w.minutes;
      };
      const data = this.sessions.map((s) => {
        const end = s.endedAt || s.lastHeartbeatAt || new Date(Date.parse(s.startedAt) + s.durationSeconds * 1000).toISOString();
        return {
          value: [lines.indexOf(this.lineOf(s)), position(s.startedAt), Math.max(position(end), position(s.startedAt) + 1), s.durationSeconds],
          session: s,
          itemStyle: {
            color: s.source === 'MANUAL' ? '#7a2db0' : KIND_COLOURS[s.channelKind] || PALETTE[0],
            decal: s.source === 'MANUAL' ? { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.5)' } : null,
          },
        };
      });
      const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.round(m % 60)).padStart(2, '0')}`;
      const starts = data.map((d) => d.value[1]);
      const ends = data.map((d) => d.value[2]);
      const min = Math.max(0, Math.floor(Math.min(...starts) / 60) * 60 - 60);
      const max = Math.min(1440, Math.ceil(Math.max(...ends) / 60) * 60 + 60);
      timelineEl.style.height = `${Math.max(160, lines.length * 38 + 70)}px`;
      await draw(timelineEl, {
        aria: { enabled: true },
        tooltip: {
          formatter: (p) => {
            const s = p.data.session;
            return `${this.lineOf(s)}<br>${clock(s.startedAt, this.zone)} – ${s.endedAt ? clock(s.endedAt, this.zone) : t('workload.running')}` +
              ` · ${duration(s.durationSeconds)}<br>${t(`reports.source.${s.source}`)}${s.note ? ` · ${s.note}` : ''}`;
          },
        },
        grid: { left: 150, right: 20, top: 10, bottom: 30 },
        xAxis: { type: 'value', min, max, interval: 60, axisLabel: { formatter: hhmm }, splitLine: { lineStyle: { color: '#eceef2' } } },
        yAxis: { type: 'category', data: lines, inverse: true, axisLabel: { width: 135, overflow: 'truncate' } },
        series: [
          {
            type: 'custom',
            encode: { x: [1, 2], y: 0 },
            data,
            renderItem: (params, api) => {
              const y = api.value(0);
              const start = api.coord([api.value(1), y]);
              const end = api.coord([api.value(2), y]);
              const height = api.size([0, 1])[1] * 0.55;
              return {
                type: 'rect',
                shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 3), height },
                style: api.style(),
              };
            },
          },
        ],
      });
    } else if (timelineEl) {
      dispose(timelineEl);
    }
  }

  async showHistory(id) {
    try {
      const page = await this.api.get(`/work-sessions/${encodeURIComponent(id)}/history`);
      this.history = { id, items: page.items || page };
    } catch (e) {
      this.error = e.message;
    }
  }

  totals(rows) {
    const sum = (f) => rows.reduce((a, r) => a + (f(r) || 0), 0);
    return {
      handlingSeconds: sum((r) => r.handlingSeconds),
      resolved: sum((r) => r.conversationsResolved),
      replies: sum((r) => r.replies),
      sessions: sum((r) => r.sessions),
      costs: sumByCurrency(rows.map((r) => r.costs)),
    };
  }

  renderTable() {
    const rows = (this.report?.rows || []).slice().sort((a, b) => b.period.localeCompare(a.period) || this.name(a.operatorId).localeCompare(this.name(b.operatorId)));
    if (!rows.length) return html`<p class="empty">${t('reports.empty')}</p>`;
    const total = this.totals(rows);
    return html`<div class="scroll"><table class="report" data-testid="workload-table">
      <thead>
        <tr>
          <th>${t('reports.period')}</th><th class="text">${t('workload.operator')}</th><th>${t('workload.handling')}</th>
          <th>${t('workload.sessions')}</th><th>${t('workload.conversations')}</th><th>${t('workload.resolved')}</th>
          <th>${t('workload.replies')}</th>
          <th>${t('workload.firstResponse')} (${t('workload.avg')} / ${t('workload.median')})</th>
          <th>${t('workload.perConversation')} (${t('workload.avg')} / ${t('workload.median')})</th>
          <th>${t('workload.online')}</th><th>${t('workload.utilisation')}</th><th>${t('workload.cost')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr data-operator=${r.operatorId} data-period=${r.period}>
            <td>${periodLabel(r.period, this.report.groupBy)}</td>
            <td class="text"><button class="link" data-action="timeline" title=${t('workload.timeline')}
              @click=${() => { this.who = r.operatorId; this.renderRoot.querySelector('#timeline').scrollIntoView({ behavior: 'smooth' }); }}>${r.operatorName || this.name(r.operatorId)}</button></td>
            <td data-field="handlingSeconds" data-value=${r.handlingSeconds}>${hours(r.handlingSeconds)}</td>
            <td><button class="link" data-action="drill" @click=${() => (this.drill = { link: r.drillDown.workSessions, heading: t('workload.sessionsOf', { name: r.operatorName || this.name(r.operatorId), period: periodLabel(r.period, this.report.groupBy) }) })}>${number(r.sessions)}</button></td>
            <td data-field="conversations">${number(r.conversations)}</td>
            <td data-field="conversationsResolved">${number(r.conversationsResolved)}</td>
            <td data-field="replies">${number(r.replies)}</td>
            <td data-field="firstResponse">${duration(r.firstResponse.meanSeconds)} / ${duration(r.firstResponse.medianSeconds)}</td>
            <td data-field="handlingPerConversation">${duration(r.handlingPerConversation.meanSeconds)} / ${duration(r.handlingPerConversation.medianSeconds)}</td>
            <td>${hours(r.availableSeconds)}</td>
            <td>${percent(r.utilisation)}</td>
            <td data-field="cost">${moneys(r.costs)}${r.uncostedSeconds ? html`<div class="by">${t('workload.uncosted')}: ${hours(r.uncostedSeconds)}</div>` : ''}</td>
          </tr>`,
        )}
      </tbody>
      <tfoot><tr>
        <td>${t('reports.total')}</td><td></td><td data-testid="total-handling" data-value=${total.handlingSeconds}>${hours(total.handlingSeconds)}</td>
        <td>${number(total.sessions)}</td><td></td><td>${number(total.resolved)}</td><td>${number(total.replies)}</td>
        <td></td><td></td><td></td><td></td><td data-testid="total-cost">${moneys(total.costs)}</td>
      </tr></tfoot>
    </table></div>`;
  }

  renderSessions() {
    if (!this.sessions) return html`<p class="empty">${t('reports.loading')}</p>`;
    if (!this.sessions.length) return html`<p class="empty" data-testid="no-sessions">${t('workload.noSessions')}</p>`;
    const csvHeader = ['id', 'operatorId', 'conversationId', 'channelKind', 'source', 'startedAt', 'endedAt', 'durationSeconds', 'note', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt'];
    return html`
      <div class="card-head" style="margin-top:10px">
        <span class="muted">${t('reports.drill.count', { n: this.sessions.length })}</span>
        <button data-action="day-csv" @click=${() => downloadRowsCsv(`work-sessions-${this.day}.csv`, csvHeader, this.sessions.map((s) => csvHeader.map((h) => s[h])))}>${t('reports.csv')}</button>
      </div>
      <div class="scroll"><table class="report" data-testid="day-sessions">
        <thead><tr><th>${t('reports.col.start')}</th><th>${t('reports.col.end')}</th><th>${t('reports.col.duration')}</th>
          <th class="text">${t('reports.col.conversation')}</th><th class="text">${t('reports.col.source')}</th><th class="text">${t('reports.col.note')}</th><th></th></tr></thead>
        <tbody>
          ${this.sessions.map(
            (s) => html`<tr data-source=${s.source} data-session=${s.id}>
              <td>${clock(s.startedAt, this.zone)}</td>
              <td>${s.endedAt ? clock(s.endedAt, this.zone) : t('workload.running')}</td>
              <td>${duration(s.durationSeconds)}</td>
              <td class="text">${s.conversationId ? html`<a href="#/c/${encodeURIComponent(s.conversationId)}">${this.lineOf(s)}</a>` : this.lineOf(s)}</td>
              <td class="text"><span class="tag ${s.source}">${t(`reports.source.${s.source}`)}</span>
                ${s.source === 'MANUAL' ? html`<div class="by" data-testid="entered-by">${t('workload.enteredBy', { name: this.name(s.createdBy) })}${s.updatedBy ? html`; ${t('workload.editedBy', { name: this.name(s.updatedBy), when: dateTime(s.updatedAt, this.zone) })}` : ''}</div>` : ''}</td>
              <td class="text">${s.note || ''}</td>
              <td>${s.source === 'MANUAL' ? html`<button class="ghost" data-action="history" @click=${() => this.showHistory(s.id)}>${t('workload.history')}</button>` : ''}</td>
            </tr>
            ${this.history?.id === s.id
              ? html`<tr><td colspan="7" class="text"><ul class="history" aria-label=${t('workload.historyOf')}>
                  ${this.history.items.map((h) => html`<li>${t(`workload.action.${h.action}`)} · ${this.name(h.changedBy)} · ${dateTime(h.changedAt, this.zone)} · ${duration(h.entry.durationSeconds)}${h.entry.note ? ` · ${h.entry.note}` : ''}</li>`)}
                </ul></td></tr>`
              : ''}`,
          )}
        </tbody>
      </table></div>`;
  }

  render() {
    if (!this.me) return '';
    const rows = this.report?.rows || [];
    const total = this.totals(rows);
    const people = this.manager
      ? [...new Map([...Object.values(this.operators || {}).map((o) => [o.id, o.name]), ...rows.map((r) => [r.operatorId, r.operatorName])]).entries()]
      : [];
    return html`<div class="page">
      <div class="head">
        <div><h1>${t('workload.title')}</h1><p class="lead">${this.manager ? t('workload.leadManager') : t('workload.leadAgent')}</p></div>
        <button data-action="csv" ?disabled=${!this.query}
          @click=${() => downloadReportCsv(this.api, 'operator-workload', this.reportQuery(), `operator-workload-${this.query.from}.csv`).catch((e) => (this.error = e.message))}>${t('reports.csv')}</button>
      </div>
      ${this.renderRange()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="cards">
        <div class="figure"><div class="label">${t('workload.handling')}</div><div class="value" data-testid="figure-handling">${this.report ? hours(total.handlingSeconds) : DASH}</div></div>
        <div class="figure"><div class="label">${t('workload.sessions')}</div><div class="value">${this.report ? number(total.sessions) : DASH}</div></div>
        <div class="figure"><div class="label">${t('workload.resolved')}</div><div class="value">${this.report ? number(total.resolved) : DASH}</div></div>
        <div class="figure"><div class="label">${t('workload.replies')}</div><div class="value">${this.report ? number(total.replies) : DASH}</div></div>
        <div class="figure"><div class="label">${t('workload.cost')}</div><div class="value" data-testid="figure-cost">${this.report ? moneys(total.costs) : DASH}</div></div>
      </div>
      ${this.manager && rows.length ? html`<section class="card"><div class="card-head"><h2>${t('workload.chart')}</h2></div><div class="chart"></div></section>` : ''}
      <section class="card">
        <div class="card-head"><h2>${t('workload.table')}</h2></div>
        ${this.report ? this.renderTable() : html`<p class="empty">${t('reports.loading')}</p>`}
      </section>
      ${this.drill
        ? html`<sb-report-drill .api=${this.api} .operators=${this.operators} .zone=${this.zone} .link=${this.drill.link} .heading=${this.drill.heading}
            @close=${() => (this.drill = null)}></sb-report-drill>`
        : ''}
      <section class="card" id="timeline">
        <div class="card-head"><h2>${t('workload.timeline')}</h2></div>
        <p class="note" style="margin:0 0 10px">${t('workload.timelineLead')}</p>
        <div class="controls">
          ${this.manager
            ? html`<label>${t('workload.operator')}
                <select data-field="operator" @change=${(e) => (this.who = e.target.value)}>
                  ${people.map(([id, name]) => html`<option value=${id} ?selected=${id === this.who}>${name || id}</option>`)}
                </select></label>`
            : ''}
          <label>${t('workload.day')}
            <input type="date" data-field="day" .value=${this.day} @change=${(e) => e.target.value && (this.day = e.target.value)} />
          </label>
        </div>
        <div class="timeline" role="img" aria-label=${t('workload.timeline')} ?hidden=${!this.sessions?.length}></div>
        ${this.renderSessions()}
      </section>
    </div>`;
  }
}
customElements.define('sb-workload', SbWorkload);

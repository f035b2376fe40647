import { html, css } from 'lit';
import { t, addMessages } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { draw, PALETTE } from '../charts/echarts.js';
import { reportStyles, money, moneys, number, hours, periodLabel, ReportScreen, DASH } from './kit.js';
import { downloadReportCsv } from '../dashboard/format.js';
import { rowLabel } from '../dashboard/channels.js';
import './drill.js';

addMessages({
  en: {
    'return.title': 'Return',
    'return.lead': 'What each channel returns for the staff time it costs: posts, views, engagement, followers and conversations beside the cost.',
    'return.cost': 'Staff cost',
    'return.handling': 'Hours',
    'return.publishing': 'Publishing',
    'return.publishingTitle': 'Time spent writing and approving the posts of this channel',
    'return.totalTitle': 'Conversations and publishing; currencies apart',
    'return.broadcasts': 'Broadcast replies',
    'return.broadcastsValue': '{replied} of {recipients}',
    'return.broadcastsTitle': 'Broadcast recipients sent to in the period, and those who replied within 48 h',
    'return.posts': 'Posts',
    'return.views': 'Views',
    'return.engagements': 'Engagements',
    'return.engagementParts': '{reactions} reactions · {comments} comments · {shares} shares · {quotes} quotes · {bookmarks} bookmarks',
    'return.followers': 'Followers',
    'return.followersChange': 'Change',
    'return.messagesIn': 'Messages in',
    'return.resolved': 'Resolved',
    'return.perThousandViews': 'Cost / 1,000 views',
    'return.perEngagement': 'Cost / engagement',
    'return.perFollower': 'Cost / new follower',
    'return.perResolved': 'Cost / resolved',
    'return.costSide': 'Cost',
    'return.returnSide': 'Return',
    'return.ratios': 'Ratios',
    'return.chart': 'Engagements and resolved conversations per channel',
    'return.table': 'Per channel and period',
    'return.nullNote': '— : no denominator (no views, engagements, new followers or resolutions), or a cost in several currencies or none. Costs in different currencies are never added up.',
    'return.uncosted': '{h} without an hourly cost',
    'return.behind': '{what} · {channel} · {period}',
  },
  fr: {
    'return.title': 'Retour',
    'return.lead': 'Ce que chaque canal rapporte pour le temps qu’il coûte : publications, vues, engagement, abonnés et conversations à côté du coût.',
    'return.cost': 'Coût du personnel',
    'return.handling': 'Heures',
    'return.publishing': 'Publication',
    'return.publishingTitle': 'Temps passé à rédiger et approuver les publications de ce canal',
    'return.totalTitle': 'Conversations et publication ; devises séparées',
    'return.broadcasts': 'Réponses aux diffusions',
    'return.broadcastsValue': '{replied} sur {recipients}',
    'return.broadcastsTitle': 'Destinataires de diffusions dans la période, et ceux qui ont répondu sous 48 h',
    'return.posts': 'Publications',
    'return.views': 'Vues',
    'return.engagements': 'Engagements',
    'return.engagementParts': '{reactions} réactions · {comments} commentaires · {shares} partages · {quotes} citations · {bookmarks} signets',
    'return.followers': 'Abonnés',
    'return.followersChange': 'Variation',
    'return.messagesIn': 'Messages reçus',
    'return.resolved': 'Résolues',
    'return.perThousandViews': 'Coût / 1 000 vues',
    'return.perEngagement': 'Coût / engagement',
    'return.perFollower': 'Coût / nouvel abonné',
    'return.perResolved': 'Coût / résolue',
    'return.costSide': 'Coût',
    'return.returnSide': 'Retour',
    'return.ratios': 'Ratios',
    'return.chart': 'Engagements et conversations résolues par canal',
    'return.table': 'Par canal et par période',
    'return.nullNote': '— : pas de dénominateur (ni vues, ni engagements, ni nouveaux abonnés, ni résolutions), ou un coût en plusieurs devises ou sans coût. Des coûts en devises différentes ne sont jamais additionnés.',
    'return.uncosted': '{h} sans coût horaire',
    'return.behind': '{what} · {channel} · {period}',
  },
});

/**
 * Return: the channel-return report's rows, cost side (conversation hours, publishing hours and cost, total staff cost
 * per currency), return side (posts, views,
 * engagements, followers, inbound messages, resolutions) and the ratios, a null shown as "—"; figures drill down to
 * the sessions, conversations and posts behind them; the table downloads as the API's CSV.
 */
class SbReturn extends ReportScreen {
  static channelNames = true;

  static styles = [
    shared,
    reportStyles,
    css`
      th.group { text-align: center !important; border-bottom: 2px solid var(--sb-border); }
      td.sep, th.sep { border-left: 1px solid var(--sb-border); }
      .sub { font-size: 11.5px; color: var(--sb-muted); }
    `,
  ];

  rangeDefaults() {
    return { groupBy: 'month', preset: 'last90' };
  }

  updated(changed) {
    super.updated(changed);
    if (changed.has('report') || changed.has('names')) this.drawChart();
  }

  async fetch() {
    this.report = await this.api.get('/reports/channel-return', this.query);
    this.followZone(this.report);
  }

  label(r) {
    return rowLabel(this.names, r.channelId, r.kind);
  }

  async drawChart() {
    const el = this.renderRoot.querySelector('.chart');
    const rows = this.report?.rows || [];
    if (!el || !rows.length) return;
    // Counts only: they add up across periods; money stays in the table, per currency.
    const byChannel = new Map();
    for (const r of rows) {
      const key = r.channelId || `none:${r.kind}`;
      const c = byChannel.get(key) || { label: this.label(r), engagements: 0, resolved: 0 };
      c.engagements += r.engagements;
      c.resolved += r.conversationsResolved;
      byChannel.set(key, c);
    }
    const channels = [...byChannel.values()];
    await draw(el, {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 44, right: 16, top: 36, bottom: 28, containLabel: true },
      xAxis: { type: 'category', data: channels.map((c) => c.label), axisLabel: { interval: 0, width: 110, overflow: 'truncate' } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('return.engagements'), type: 'bar', color: PALETTE[0], data: channels.map((c) => c.engagements) },
        { name: t('return.resolved'), type: 'bar', color: PALETTE[1], data: channels.map((c) => c.resolved) },
      ],
    });
  }

  openDrill(link, what, r) {
    if (!link) return;
    this.drill = { link, heading: t('return.behind', { what, channel: this.label(r), period: periodLabel(r.period, this.report.groupBy) }) };
  }

  drillable(r, value, link, what, field) {
    return value && link
      ? html`<button class="link" data-action="drill" data-field=${field} @click=${() => this.openDrill(link, what, r)}>${number(value)}</button>`
      : number(value);
  }

  renderTable() {
    const rows = (this.report?.rows || []).slice().sort((a, b) => b.period.localeCompare(a.period) || this.label(a).localeCompare(this.label(b)));
    if (!rows.length) return html`<p class="empty">${t('reports.empty')}</p>`;
    return html`<div class="scroll"><table class="report" data-testid="return-table">
      <thead>
        <tr><th colspan="2"></th><th class="group sep" colspan="3">${t('return.costSide')}</th><th class="group sep" colspan="7">${t('return.returnSide')}</th><th class="group sep" colspan="4">${t('return.ratios')}</th></tr>
        <tr>
          <th>${t('reports.period')}</th><th class="text">${t('reports.channel')}</th>
          <th class="sep">${t('return.handling')}</th><th title=${t('return.publishingTitle')}>${t('return.publishing')}</th><th title=${t('return.totalTitle')}>${t('return.cost')}</th>
          <th class="sep">${t('return.posts')}</th><th>${t('return.views')}</th><th>${t('return.engagements')}</th>
          <th>${t('return.followers')}</th><th>${t('return.messagesIn')}</th><th>${t('return.resolved')}</th><th title=${t('return.broadcastsTitle')}>${t('return.broadcasts')}</th>
          <th class="sep">${t('return.perThousandViews')}</th><th>${t('return.perEngagement')}</th><th>${t('return.perFollower')}</th><th>${t('return.perResolved')}</th>
        </tr>
      </thead>
      <tbody>${rows.map(
        (r) => html`<tr data-channel=${r.channelId || ''} data-kind=${r.kind} data-period=${r.period}>
          <td>${periodLabel(r.period, this.report.groupBy)}</td>
          <td class="text"><span class="kind">${icon(r.kind)}${this.label(r)}</span></td>
          <td class="sep">${r.handlingSeconds ? html`<button class="link" data-action="drill" data-field="handling" @click=${() => this.openDrill(r.drillDown.workSessions, t('return.handling'), r)}>${hours(r.handlingSeconds)}</button>` : hours(0)}</td>
          <td data-field="publishing">${r.publishingSeconds && r.drillDown.publishingSessions
            ? html`<button class="link" data-action="drill" data-field="publishing" @click=${() => this.openDrill(r.drillDown.publishingSessions, t('return.publishing'), r)}>${hours(r.publishingSeconds)}</button>`
            : hours(r.publishingSeconds || 0)}${r.publishingSeconds ? html`<div class="sub">${moneys(r.publishingCosts)}</div>` : ''}</td>
          <td data-field="cost">${moneys(r.totalCosts || r.costs)}${r.uncostedSeconds ? html`<div class="sub">${t('return.uncosted', { h: hours(r.uncostedSeconds) })}</div>` : ''}</td>
          <td class="sep">${this.drillable(r, r.postsPublished, r.drillDown.posts, t('return.posts'), 'posts')}</td>
          <td>${number(r.views)}</td>
          <td title=${t('return.engagementParts', r)}>${number(r.engagements)}</td>
          <td>${r.followersEnd == null ? DASH : number(r.followersEnd)}
            ${r.followersChange == null ? '' : html`<div class="sub">${r.followersChange > 0 ? '+' : ''}${number(r.followersChange)}</div>`}</td>
          <td>${this.drillable(r, r.messagesIn, r.drillDown.messagesIn, t('return.messagesIn'), 'messagesIn')}</td>
          <td>${this.drillable(r, r.conversationsResolved, r.drillDown.conversationsResolved, t('return.resolved'), 'resolved')}</td>
          <td data-field="broadcasts">${r.broadcastRecipients ? t('return.broadcastsValue', { replied: number(r.broadcastRepliedWithin48h), recipients: number(r.broadcastRecipients) }) : DASH}</td>
          <td class="sep" data-field="perThousandViews">${money(r.costPerThousandViews)}</td>
          <td data-field="perEngagement">${money(r.costPerEngagement)}</td>
          <td data-field="perFollower">${money(r.costPerNewFollower)}</td>
          <td data-field="perResolved">${money(r.costPerResolvedConversation)}</td>
        </tr>`,
      )}</tbody>
    </table></div>
    <p class="note">${t('return.nullNote')}</p>`;
  }

  render() {
    return html`<div class="page">
      <div class="head">
        <div><h1>${t('return.title')}</h1><p class="lead">${t('return.lead')}</p></div>
        <button data-action="csv" ?disabled=${!this.query}
          @click=${() => downloadReportCsv(this.api, 'channel-return', this.query, `channel-return-${this.query.from}.csv`).catch((e) => (this.error = e.message))}>${t('reports.csv')}</button>
      </div>
      ${this.renderRange()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <section class="card">
        <div class="card-head"><h2>${t('return.table')}</h2></div>
        ${this.report ? this.renderTable() : html`<p class="empty">${t('reports.loading')}</p>`}
      </section>
      ${this.drill
        ? html`<sb-report-drill .api=${this.api} .operators=${this.operators} .zone=${this.zone} .link=${this.drill.link} .heading=${this.drill.heading}
            @close=${() => (this.drill = null)}></sb-report-drill>`
        : ''}
      ${this.report?.rows.length ? html`<section class="card"><div class="card-head"><h2>${t('return.chart')}</h2></div><div class="chart"></div></section>` : ''}
    </div>`;
  }
}
customElements.define('sb-return', SbReturn);

import { LitElement, html, css } from 'lit';
import { Localized, t, timestamp } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { dashboard } from './styles.js';
import { formatDuration, formatMoney, formatCount, byCurrency, moneyList, toCsv, saveFile } from './format.js';
import './messages.js';

/** What a drill-down link lists, told by its path. */
export function drillKind(link) {
  return new URL(link, location.origin).pathname.endsWith('/work-sessions') ? 'sessions' : 'conversations';
}

/** The seconds of a session that fall inside [from, to) (instants; a bound that is a date is not clipped). */
export function secondsWithin(session, from, to) {
  const start = Date.parse(session.startedAt);
  const end = session.endedAt ? Date.parse(session.endedAt) : start + session.durationSeconds * 1000;
  const lo = /T/.test(from || '') ? Math.max(start, Date.parse(from)) : start;
  const hi = /T/.test(to || '') ? Math.min(end, Date.parse(to)) : end;
  if (end - start <= 0) return 0;
  // Sessions store whole seconds: scale the clipped share of the stored duration.
  return Math.max(0, Math.round((session.durationSeconds * (hi - lo)) / (end - start)));
}

/**
 * The rows behind a report figure, from the API's drill-down link: the work sessions (with the seconds of each
 * that fall in the period, their sum, and the cost at each session's own hourly-cost snapshot) or the conversations
 * (with what each contributed). Pages on with the API's cursor; downloads what it shows as CSV. A modal panel:
 * Escape or the close button ends it (event `close`).
 *
 *   <sb-drill-down .api=${api} .link=${row.drillDown.workSessions} .heading=${'SMS · 3 Dec'}
 *     .operators=${operators} .channels=${names} @close=${...}></sb-drill-down>
 */
export class SbDrillDown extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    link: { type: String },
    heading: { type: String },
    expected: { attribute: false },
    operators: { attribute: false },
    channels: { attribute: false },
    rows: { state: true },
    next: { state: true },
    failure: { state: true },
    loading: { state: true },
  };

  static styles = [
    shared,
    dashboard,
    css`
      :host { position: fixed; inset: 0; z-index: 20; display: flex; justify-content: flex-end; background: rgba(20, 24, 33, .38); }
      .sheet { width: min(980px, 100%); height: 100%; background: var(--sb-surface); display: flex; flex-direction: column; box-shadow: -8px 0 30px rgba(0,0,0,.18); }
      .sheet > header { display: flex; align-items: center; gap: 10px; padding: 12px 16px; border-bottom: 1px solid var(--sb-border); }
      .sheet > header h2 { margin: 0; font-size: 15.5px; flex: 1; min-width: 0; }
      .summary { padding: 10px 16px; display: flex; flex-wrap: wrap; gap: 6px 22px; font-size: 13px; border-bottom: 1px solid var(--sb-border); background: var(--sb-surface-alt); }
      .summary strong { font-variant-numeric: tabular-nums; }
      .rows { flex: 1; overflow: auto; }
      .more { padding: 12px 16px; }
      .pill.MANUAL { background: #f1e6fb; color: #6a2aa0; }
      a { color: var(--sb-accent); }
    `,
  ];

  constructor() {
    super();
    this.rows = [];
    this.onKey = (e) => e.key === 'Escape' && this.close();
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  firstUpdated() {
    this.renderRoot.querySelector('[data-action="close"]')?.focus();
  }

  get kind() {
    return drillKind(this.link);
  }

  /** Work on posts: each session's time is split across the post's channels, so the list adds up to more. */
  get publishing() {
    return new URL(this.link, location.origin).searchParams.get('work') === 'PUBLISHING';
  }

  get window() {
    const url = new URL(this.link, location.origin);
    return { from: url.searchParams.get('from'), to: url.searchParams.get('to') };
  }

  async load() {
    this.loading = true;
    try {
      const page = await this.api.follow(this.link, { limit: 200, cursor: this.next || undefined });
      this.rows = [...this.rows, ...page.items];
      this.next = page.nextCursor;
    } catch (e) {
      this.failure = e.message;
    } finally {
      this.loading = false;
    }
  }

  close() {
    this.dispatchEvent(new CustomEvent('close'));
  }

  operatorName(id) {
    return this.operators?.[id]?.name || this.operators?.[id]?.username || id;
  }

  channelName(id, kind) {
    return id ? this.channels?.[id]?.name || id : t(`dash.kind.${kind}`);
  }

  /** Each session with its seconds in the period and their cost (minor units, from the session's snapshot). */
  sessions() {
    const { from, to } = this.window;
    return this.rows.map((s) => {
      const seconds = secondsWithin(s, from, to);
      const cost = s.hourlyCost ? { amountMinor: Math.round((seconds * s.hourlyCost.amountMinor) / 3600), currency: s.hourlyCost.currency } : null;
      return { ...s, seconds, cost };
    });
  }

  download() {
    if (this.kind === 'sessions') {
      const rows = this.sessions().map((s) => [s.id, s.operatorId, this.operatorName(s.operatorId), s.conversationId, s.channelId, s.channelKind, s.source,
        s.startedAt, s.endedAt, s.durationSeconds, s.seconds, s.hourlyCost?.amountMinor, s.hourlyCost?.currency, s.cost?.amountMinor, s.note]);
      saveFile(toCsv(['sessionId', 'operatorId', 'operatorName', 'conversationId', 'channelId', 'kind', 'source', 'startedAt', 'endedAt',
        'durationSeconds', 'secondsInPeriod', 'hourlyCostMinor', 'currency', 'costMinor', 'note'], rows), 'work-sessions.csv');
    } else {
      saveFile(toCsv(['conversationId', 'channelId', 'kind', 'count'], this.rows.map((r) => [r.conversationId, r.channelId, r.kind, r.count])), 'conversations.csv');
    }
  }

  renderSessions() {
    const sessions = this.sessions();
    const seconds = sessions.reduce((sum, s) => sum + s.seconds, 0);
    const costs = moneyList(byCurrency(sessions.map((s) => s.cost)));
    const uncosted = sessions.filter((s) => !s.hourlyCost).reduce((sum, s) => sum + s.seconds, 0);
    return html`
      <div class="summary" data-testid="drill-summary">
        <span>${t('dash.drill.sessions', { n: formatCount(sessions.length) })}</span>
        <span>${t('dash.drill.secondsInPeriod')} <strong data-testid="drill-seconds" data-seconds=${seconds}>${formatDuration(seconds)}</strong>
          (${formatCount(seconds)} s)</span>
        ${costs.map((m) => html`<span>${t('dash.cost')} <strong>${formatMoney(m)}</strong></span>`)}
        ${uncosted ? html`<span class="muted">${t('dash.drill.uncosted', { time: formatDuration(uncosted) })}</span>` : ''}
        ${this.publishing ? html`<span class="muted" data-testid="drill-shared">${t('dash.drill.shared')}</span>` : ''}
      </div>
      <div class="rows">
        <table data-testid="drill-table">
          <thead><tr>
            <th class="text">${t('dash.col.operator')}</th><th class="text">${t('dash.col.conversation')}</th><th class="text">${t('dash.col.source')}</th>
            <th class="text">${t('dash.col.started')}</th><th>${t('dash.col.duration')}</th><th>${t('dash.col.inPeriod')}</th>
            <th>${t('dash.col.rate')}</th><th>${t('dash.cost')}</th>
          </tr></thead>
          <tbody>
            ${sessions.map((s) => html`<tr data-seconds=${s.seconds}>
              <td>${this.operatorName(s.operatorId)}</td>
              <td class="text">${s.conversationId
                ? html`<a href="#/c/${encodeURIComponent(s.conversationId)}">${this.channelName(s.channelId, s.channelKind)}</a>`
                : html`<span class="muted">${t(`dash.kind.${s.channelKind}`)}</span>`}</td>
              <td class="text"><span class="pill ${s.source}">${t(`dash.source.${s.source}`)}</span>${s.note ? html` <span class="muted" title=${s.note}>${s.note.slice(0, 40)}</span>` : ''}</td>
              <td class="text">${timestamp(s.startedAt)}</td>
              <td>${formatDuration(s.durationSeconds)}</td>
              <td>${formatDuration(s.seconds)}</td>
              <td>${s.hourlyCost ? formatMoney(s.hourlyCost) : html`<span class="muted">${t('dash.none')}</span>`}</td>
              <td>${formatMoney(s.cost)}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
    `;
  }

  renderConversations() {
    const total = this.rows.reduce((sum, r) => sum + r.count, 0);
    return html`
      <div class="summary" data-testid="drill-summary">
        <span>${t('dash.drill.conversations', { n: formatCount(this.rows.length) })}</span>
        <span>${t('dash.drill.counted')} <strong data-testid="drill-count">${formatCount(total)}</strong></span>
      </div>
      <div class="rows">
        <table data-testid="drill-table">
          <thead><tr><th class="text">${t('dash.col.conversation')}</th><th class="text">${t('dash.col.channel')}</th><th>${t('dash.col.count')}</th></tr></thead>
          <tbody>
            ${this.rows.map((r) => html`<tr>
              <td><a href="#/c/${encodeURIComponent(r.conversationId)}">${r.conversationId.slice(0, 8)}</a></td>
              <td class="text">${icon(r.kind)} ${this.channelName(r.channelId, r.kind)}</td>
              <td>${formatCount(r.count)}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
    `;
  }

  render() {
    return html`
      <div class="sheet" role="dialog" aria-modal="true" aria-label=${this.heading} data-testid="drill-down">
        <header>
          <h2>${this.heading}</h2>
          <button data-action="drill-csv" @click=${() => this.download()} ?disabled=${!this.rows.length}>${t('dash.csv')}</button>
          <button class="ghost" data-action="close" @click=${() => this.close()} aria-label=${t('dash.close')}>✕</button>
        </header>
        ${this.failure ? html`<div class="error" role="alert">${this.failure}</div>` : ''}
        ${this.kind === 'sessions' ? this.renderSessions() : this.renderConversations()}
        ${this.loading ? html`<div class="empty">${t('app.loading')}</div>` : ''}
        ${!this.loading && !this.rows.length && !this.failure ? html`<div class="empty">${t('dash.drill.nothing')}</div>` : ''}
        ${this.next ? html`<div class="more"><button @click=${() => this.load()} ?disabled=${this.loading}>${t('dash.more')}</button></div>` : ''}
      </div>
    `;
  }
}

customElements.define('sb-drill-down', SbDrillDown);

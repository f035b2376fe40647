import { LitElement, html, css } from 'lit';
import { Localized, t, since, currentLocale } from '../i18n/i18n.js';
import { shared, initials, avatarColour } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { screenLink } from '../shell/routes.js';
import { dashboard } from './styles.js';
import { formatCount, formatDuration } from './format.js';
import './messages.js';

const REFRESH_MS = 30_000;
const AVAILABILITY_ORDER = { ONLINE: 0, AWAY: 1, OFFLINE: 2 };

/**
 * The manager's landing screen: the tenant right now (GET /api/v1/overview). Conversations open, awaiting a reply,
 * unassigned, pending and snoozed per channel and how many wait past their channel's response target; operators
 * online, at capacity and away with their load against capacity; the longest waits, each a link to the
 * conversation. Refreshed as the live stream reports conversations and messages (at most once a second; after a lost
 * connection the stream replays what was missed), when the stream asks for a resync, and every 30 s (waits cross their targets and availability changes with no conversation event).
 */
class SbOverview extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    operators: { attribute: false },
    stream: { attribute: false },
    params: { attribute: false },
    data: { state: true },
    failure: { state: true },
  };

  static styles = [
    shared,
    dashboard,
    css`
      .live { display: inline-flex; align-items: center; gap: 6px; font-size: 12px; color: var(--sb-success); font-weight: 600; }
      .live::before { content: ''; width: 8px; height: 8px; border-radius: 50%; background: currentColor; }
      .grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 16px; align-items: start; }
      .late { color: var(--sb-danger); font-weight: 700; }
      .zero { color: #9aa3b2; }
      .op { display: flex; align-items: center; gap: 8px; padding: 8px 14px; border-bottom: 1px solid var(--sb-border); }
      .op:last-child { border-bottom: 0; }
      .op .who { flex: 1; min-width: 0; }
      .op .who .n { font-weight: 600; font-size: 13px; }
      .op .who .s { font-size: 11.5px; color: var(--sb-muted); }
      .pill.ONLINE { background: #e3f4ea; color: var(--sb-success); }
      .pill.AWAY { background: #fff1d6; color: var(--sb-warning); }
      .pill.OFFLINE { background: #eceef2; color: var(--sb-muted); }
      .pill.BUSY { background: #fde8e6; color: var(--sb-danger); }
      .loads { display: flex; flex-direction: column; gap: 3px; width: 150px; }
      .load { display: grid; grid-template-columns: 16px 1fr auto; align-items: center; gap: 6px; font-size: 11.5px; color: var(--sb-muted); }
      .bar { height: 6px; border-radius: 3px; background: #e7eaf0; overflow: hidden; }
      .bar > span { display: block; height: 100%; background: var(--sb-accent); }
      .bar > span.full { background: var(--sb-danger); }
      a { color: var(--sb-accent); }
      a.wait { text-decoration: none; font-weight: 600; }
      .more { padding: 8px 14px; font-size: 12.5px; color: var(--sb-muted); }
      @media (max-width: 1000px) { .grid { grid-template-columns: minmax(0, 1fr); } }
    `,
  ];

  connectedCallback() {
    super.connectedCallback();
    // Every live event is about a conversation or its messages: any of them may change a figure.
    this.onLive = () => this.scheduleRefresh();
    this.onResync = () => this.refresh();
    this.stream?.addEventListener('live', this.onLive);
    this.stream?.addEventListener('resync', this.onResync);
    this.timer = setInterval(() => document.visibilityState === 'visible' && this.refresh(), REFRESH_MS);
    this.refresh();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stream?.removeEventListener('live', this.onLive);
    this.stream?.removeEventListener('resync', this.onResync);
    clearInterval(this.timer);
    clearTimeout(this.pending);
  }

  /** Live events come in bursts (a webhook batch): one read per second at most. */
  scheduleRefresh() {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.refresh();
    }, 1000);
  }

  async refresh() {
    if (!this.api) return;
    try {
      this.data = await this.api.overview();
      this.failure = null;
    } catch (e) {
      this.failure = e.message;
    }
  }

  channelName(id) {
    return this.data?.channels.find((c) => c.channelId === id)?.name || id;
  }

  operatorName(id) {
    return this.data?.operators.find((o) => o.operatorId === id)?.name || this.operators?.[id]?.name || id;
  }

  cell(n, late = false) {
    return html`<span class=${n === 0 ? 'zero' : late ? 'late' : ''}>${formatCount(n)}</span>`;
  }

  renderCards(channels, operators) {
    const sum = (key) => channels.reduce((s, c) => s + c[key], 0);
    const online = operators.filter((o) => o.availability === 'ONLINE');
    const busy = online.filter((o) => o.atCapacity);
    const away = operators.filter((o) => o.availability === 'AWAY');
    const late = sum('pastTarget');
    const card = (key, value, extra = '') => html`<div class="card ${extra}" data-figure=${key}>
      <div class="name">${t(`overview.${key}`)}</div><div class="value" data-value=${value}>${formatCount(value)}</div></div>`;
    return html`<div class="cards" data-testid="overview-cards">
      ${card('open', sum('open'))} ${card('awaiting', sum('awaitingReply'))} ${card('unassigned', sum('unassigned'))}
      ${card('pastTarget', late, late ? 'alert' : '')} ${card('pending', sum('pending'))} ${card('snoozed', sum('snoozed'))}
      ${card('online', online.length)} ${card('busy', busy.length)} ${card('away', away.length)}
    </div>`;
  }

  renderChannels(channels) {
    const shown = channels.filter((c) => c.enabled || c.open + c.pending + c.snoozed > 0);
    if (!shown.length) return html`<div class="empty">${t('overview.noChannels')}</div>`;
    return html`<div class="scroll"><table data-testid="overview-channels">
      <thead><tr>
        <th>${t('dash.col.channel')}</th><th>${t('overview.open')}</th><th>${t('overview.awaiting')}</th>
        <th>${t('overview.unassigned')}</th><th>${t('overview.pastTarget')}</th><th>${t('overview.oldest')}</th>
        <th>${t('overview.target')}</th><th>${t('overview.pending')}</th><th>${t('overview.snoozed')}</th>
      </tr></thead>
      <tbody>${shown.map((c) => html`<tr data-channel=${c.channelId}>
        <td><span class="channel">${icon(c.kind)}${c.name}${c.enabled ? '' : html` <span class="kind">(${t('overview.disabled')})</span>`}</span></td>
        <td data-col="open">${this.cell(c.open)}</td>
        <td data-col="awaitingReply">${this.cell(c.awaitingReply)}</td>
        <td data-col="unassigned">${this.cell(c.unassigned)}</td>
        <td data-col="pastTarget">${this.cell(c.pastTarget, true)}</td>
        <td>${c.oldestWaitingSince ? since(c.oldestWaitingSince) : html`<span class="zero">–</span>`}</td>
        <td>${c.targetSeconds ? formatDuration(c.targetSeconds) : '–'}</td>
        <td data-col="pending">${this.cell(c.pending)}</td>
        <td data-col="snoozed">${this.cell(c.snoozed)}</td>
      </tr>`)}</tbody>
    </table></div>`;
  }

  renderOperators(operators) {
    const shown = operators
      .filter((o) => o.availability !== 'OFFLINE' || Object.keys(o.load).length)
      .sort((a, b) => AVAILABILITY_ORDER[a.availability] - AVAILABILITY_ORDER[b.availability] || a.name.localeCompare(b.name));
    const offline = operators.length - shown.length;
    return html`<div data-testid="overview-operators">
      ${shown.map((o) => {
        const kinds = Object.keys(o.load);
        return html`<div class="op" data-operator=${o.operatorId}>
          <span class="avatar" style="background:${avatarColour(o.operatorId)}" aria-hidden="true">${initials(o.name)}</span>
          <div class="who"><div class="n">${o.name}</div>
            <div class="s">${o.availabilitySince ? since(o.availabilitySince) : ''}</div></div>
          <span class="pill ${o.atCapacity && o.availability === 'ONLINE' ? 'BUSY' : o.availability}">${o.atCapacity && o.availability === 'ONLINE'
            ? t('overview.busy') : t(`overview.${o.availability.toLowerCase()}`)}</span>
          <div class="loads" aria-label=${t('overview.load')}>
            ${kinds.length
              ? kinds.map((k) => {
                  const load = o.load[k];
                  const cap = o.capacity[k] || 0;
                  const share = cap ? Math.min(1, load / cap) : 1;
                  return html`<div class="load" title="${t(`dash.kind.${k}`)}: ${load} / ${cap}">${icon(k)}
                    <div class="bar"><span class=${load >= cap ? 'full' : ''} style="width:${Math.round(share * 100)}%"></span></div>
                    <span>${load}/${cap}</span></div>`;
                })
              : html`<span class="load"><span></span><span>${t('overview.noLoad')}</span></span>`}
          </div>
        </div>`;
      })}
      ${offline ? html`<div class="more">${t('overview.offlineCount', { n: offline })}</div>` : ''}
    </div>`;
  }

  renderWaiting(waiting) {
    if (!waiting.length) return html`<div class="empty">${t('overview.noWaiting')}</div>`;
    return html`<div class="scroll"><table data-testid="overview-waiting">
      <thead><tr><th>${t('dash.col.conversation')}</th><th>${t('overview.waited')}</th><th>${t('overview.target')}</th><th class="text">${t('overview.assignee')}</th></tr></thead>
      <tbody>${waiting.map((w) => html`<tr>
        <td><a class="wait" href="#/c/${encodeURIComponent(w.conversationId)}">${icon(w.kind)} ${this.channelName(w.channelId)}</a></td>
        <td class=${w.pastTarget ? 'late' : ''}>${since(w.waitingSince)}</td>
        <td>${w.targetSeconds ? formatDuration(w.targetSeconds) : '–'}</td>
        <td class="text">${w.assigneeId ? this.operatorName(w.assigneeId) : html`<span class="muted">${t('overview.nobody')}</span>`}</td>
      </tr>`)}</tbody>
    </table></div>`;
  }

  render() {
    const d = this.data;
    return html`<div class="page" data-testid="overview">
      <div class="head">
        <h1>${t('overview.title')}</h1>
        <span class="live" title=${t('dash.live')}>${t('dash.live')}</span>
        ${d ? html`<span class="sub">${t('dash.updated', { time: new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'medium' }).format(new Date(d.at)) })}</span>` : ''}
        <span class="grow"></span>
        <a href=${screenLink('costs')}>${t('overview.costsLink')} →</a>
      </div>
      ${this.failure ? html`<div class="banner" role="alert">${icon('alert')}${this.failure}</div>` : ''}
      ${!d
        ? html`<div class="empty">${t('app.loading')}</div>`
        : html`
            ${this.renderCards(d.channels, d.operators)}
            <section class="panel"><header><h2>${t('overview.channels')}</h2></header>${this.renderChannels(d.channels)}</section>
            <div class="grid">
              <section class="panel"><header><h2>${t('overview.operators')}</h2></header>${this.renderOperators(d.operators)}</section>
              <section class="panel"><header><h2>${t('overview.waiting')}</h2></header>${this.renderWaiting(d.longestWaiting)}</section>
            </div>
          `}
    </div>`;
  }
}

customElements.define('sb-overview', SbOverview);

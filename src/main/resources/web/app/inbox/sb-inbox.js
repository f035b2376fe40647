import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { Localized, t, since, fullDate } from '../i18n/i18n.js';
import { shared, initials, avatarColour } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { replyDue, shortDuration } from './due.js';
import './messages.js';

const TABS = ['mine', 'unassigned', 'all'];
const STATUSES = ['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'];
const KINDS = ['CHAT', 'SMS', 'EMAIL', 'X', 'FACEBOOK'];
const PAGE = 30;

/**
 * The inbox: conversations of a tab (mine, unassigned, all) under the chosen filters, newest activity first, one
 * cursor page after another as the list scrolls; live events insert, move and drop rows without a reload.
 */
class SbInbox extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    operators: { attribute: false },
    stream: { attribute: false },
    selected: {},
    tab: { state: true },
    status: { state: true },
    kind: { state: true },
    label: { state: true },
    team: { state: true },
    teams: { state: true },
    query: { state: true },
    items: { state: true },
    nextCursor: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; background: var(--sb-surface); }
      .top { flex: none; padding: 10px 12px 0; border-bottom: 1px solid var(--sb-border); }
      .search { position: relative; display: flex; }
      .search svg { position: absolute; left: 9px; top: 7px; color: var(--sb-muted); pointer-events: none; }
      .search input { flex: 1; padding: 0 34px 0 30px; height: 32px; }
      .search kbd { position: absolute; right: 8px; top: 7px; font-family: var(--sb-mono); font-size: 11px; line-height: 16px;
        padding: 0 5px; border: 1px solid var(--sb-border); border-radius: 4px; color: var(--sb-muted); background: var(--sb-surface-alt); }
      .filters { display: flex; gap: 6px; margin-top: 8px; }
      .filters select { flex: 1 1 0; min-width: 0; }
      .filters input { flex: 1 1 0; min-width: 0; }
      [role='tablist'] { display: flex; gap: 2px; margin-top: 8px; }
      [role='tab'] {
        border: 0; border-bottom: 2px solid transparent; border-radius: 0; background: none; height: 34px;
        padding: 0 10px; color: var(--sb-muted); font-weight: 600;
      }
      [role='tab']:hover { background: none; color: var(--sb-text); }
      [role='tab'][aria-selected='true'] { color: var(--sb-accent); border-bottom-color: var(--sb-accent); }
      ul { list-style: none; margin: 0; padding: 0; overflow-y: auto; flex: 1; }
      li { border-bottom: 1px solid var(--sb-border); }
      a.row {
        display: grid; grid-template-columns: 28px 1fr auto; gap: 2px 10px; padding: 10px 12px 10px 10px;
        text-decoration: none; color: inherit; border-left: 3px solid transparent;
      }
      a.row:hover { background: var(--sb-hover); }
      a.row[aria-current='true'] { background: var(--sb-selected); border-left-color: var(--sb-accent); }
      a.row:focus-visible { border-radius: 0; box-shadow: inset var(--sb-focus); }
      .channel { grid-row: span 3; display: grid; place-items: center; width: 28px; height: 28px; border-radius: 50%;
        background: var(--sb-surface-alt); border: 1px solid var(--sb-border); color: var(--sb-muted); }
      .channel.SMS { color: #127a3e; } .channel.EMAIL { color: #9c3d00; } .channel.CHAT { color: #b0245c; }
      .channel.X { color: #1b1f27; } .channel.FACEBOOK { color: #1d4fb8; }
      .who { display: flex; align-items: baseline; gap: 6px; min-width: 0; }
      .name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .unread .name { font-weight: 700; }
      .handle { color: var(--sb-muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .when { font-size: 12px; color: var(--sb-muted); text-align: right; white-space: nowrap; }
      .preview { grid-column: 2; color: var(--sb-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 13px; }
      .unread .preview { color: var(--sb-text); }
      .count { justify-self: end; min-width: 18px; height: 18px; padding: 0 5px; border-radius: 9px; background: var(--sb-accent);
        color: #fff; font-size: 11px; font-weight: 700; display: grid; place-items: center; }
      .meta { grid-column: 2 / span 2; display: flex; align-items: center; gap: 5px; min-width: 0; overflow: hidden; margin-top: 3px; }
      .meta .avatar { width: 20px; height: 20px; font-size: 9px; margin-left: auto; }
      .meta .nobody { margin-left: auto; font-size: 11.5px; color: var(--sb-muted); }
      .kind { font-size: 11.5px; color: var(--sb-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
      .due { font-size: 11.5px; font-weight: 600; white-space: nowrap; color: var(--sb-muted); }
      .due.soon { color: var(--sb-warning); }
      .due.overdue { color: var(--sb-danger); }
      .due svg.icon { width: 12px; height: 12px; vertical-align: -2px; }
      .high { color: var(--sb-danger); font-weight: 700; font-size: 11.5px; }
      .state { padding: 24px 16px; text-align: center; color: var(--sb-muted); }
      .error { color: var(--sb-danger); }
      li.sentinel { height: 1px; border: 0; }
    `,
  ];

  constructor() {
    super();
    this.tab = sessionStorage.getItem('sb.tab') || 'mine';
    this.status = sessionStorage.getItem('sb.status') ?? 'OPEN';
    this.kind = '';
    this.label = '';
    this.team = '';
    this.teams = [];
    this.query = '';
    this.items = [];
    this.nextCursor = null;
    this.loading = false;
    this.generation = 0;
    this.pending = new Map();
    this.onLive = (e) => this.liveEvent(e.detail);
    this.onResync = () => this.reload();
    this.onChanged = (e) => this.upsert(e.detail);
  }

  connectedCallback() {
    super.connectedCallback();
    this.ticker = setInterval(() => this.requestUpdate(), 15_000); // ages and reply countdowns
    window.addEventListener('sb:conversation', this.onChanged);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.ticker);
    window.removeEventListener('sb:conversation', this.onChanged);
    this.observer?.disconnect();
    this.stream?.removeEventListener('live', this.onLive);
    this.stream?.removeEventListener('resync', this.onResync);
  }

  willUpdate(changed) {
    if (changed.has('stream') && this.stream) {
      changed.get('stream')?.removeEventListener('live', this.onLive);
      changed.get('stream')?.removeEventListener('resync', this.onResync);
      this.stream.addEventListener('live', this.onLive);
      // Missed events come again after a reconnection; only a resync (too long away) needs the list read anew.
      this.stream.addEventListener('resync', this.onResync);
    }
    if ((changed.has('api') || changed.has('me')) && this.api && this.me && !this.started) {
      this.started = true;
      this.reload();
      this.api.teams().then((page) => (this.teams = page.items)).catch(() => (this.teams = []));
    }
  }

  firstUpdated() {
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.loadMore();
    });
  }

  updated() {
    const sentinel = this.renderRoot.querySelector('.sentinel');
    if (sentinel && sentinel !== this.watched) {
      this.observer.disconnect();
      this.observer.observe(sentinel);
      this.watched = sentinel;
    }
  }

  filters() {
    return {
      assignee: this.tab === 'mine' ? 'me' : this.tab === 'unassigned' ? 'none' : undefined,
      status: this.status || undefined,
      kind: this.kind || undefined,
      label: this.label || undefined,
      team: this.team || undefined,
      q: this.query.trim() || undefined,
    };
  }

  /** Whether a conversation belongs in the list as it is filtered now. */
  matches(c) {
    if (this.tab === 'mine' && c.assigneeId !== this.me.id) return false;
    if (this.tab === 'unassigned' && c.assigneeId) return false;
    if (this.status && c.status !== this.status) return false;
    if (this.kind && c.channelKind !== this.kind) return false;
    if (this.label && !(c.labels || []).includes(this.label.trim().toLowerCase())) return false;
    if (this.team && c.teamId !== undefined && c.teamId !== this.team) return false;
    return true;
  }

  async reload() {
    const generation = ++this.generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.api.conversations({ ...this.filters(), limit: PAGE });
      if (generation !== this.generation) return;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
    } catch (e) {
      if (generation === this.generation) this.error = e.message;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  async loadMore() {
    if (this.loading || !this.nextCursor) return;
    const generation = this.generation;
    this.loading = true;
    try {
      const page = await this.api.conversations({ ...this.filters(), limit: PAGE, cursor: this.nextCursor });
      if (generation !== this.generation) return;
      const known = new Set(this.items.map((c) => c.id));
      this.items = [...this.items, ...page.items.filter((c) => !known.has(c.id))];
      this.nextCursor = page.nextCursor;
    } catch (e) {
      this.error = e.message;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  /** A live event: read the conversation again (events carry ids only), at most once per burst. */
  liveEvent({ conversationId }) {
    if (!conversationId || this.pending.has(conversationId)) return;
    this.pending.set(
      conversationId,
      setTimeout(async () => {
        this.pending.delete(conversationId);
        try {
          const { data } = await this.api.conversation(conversationId);
          this.upsert(data);
        } catch (e) {
          if (e.status === 404) this.items = this.items.filter((c) => c.id !== conversationId);
        }
      }, 60),
    );
  }

  upsert(conversation) {
    const rest = this.items.filter((c) => c.id !== conversation.id);
    const present = rest.length !== this.items.length;
    // A search lists what the server matched: live changes update its rows but add none.
    if (!this.matches(conversation) || (this.query.trim() && !present)) {
      this.items = rest;
      return;
    }
    const at = rest.findIndex((c) => Date.parse(c.lastActivityAt) < Date.parse(conversation.lastActivityAt));
    if (at < 0 && this.nextCursor && !present) {
      this.items = rest; // older than everything loaded: it will come with a later page
      return;
    }
    rest.splice(at < 0 ? rest.length : at, 0, conversation);
    this.items = rest;
  }

  setTab(tab) {
    this.tab = tab;
    sessionStorage.setItem('sb.tab', tab);
    this.reload();
  }

  setFilter(name, value) {
    this[name] = value;
    if (name === 'status') sessionStorage.setItem('sb.status', value);
    this.reload();
  }

  onSearch(e) {
    this.query = e.target.value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.reload(), 300);
  }

  onTabKey(e) {
    const at = TABS.indexOf(this.tab);
    const next = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : null;
    if (next === null) return;
    const tab = TABS[(next + TABS.length) % TABS.length];
    this.setTab(tab);
    this.updateComplete.then(() => this.renderRoot.querySelector(`[role='tab'][aria-selected='true']`)?.focus());
  }

  /** For the keyboard: the conversation after (or before) the open one. */
  neighbour(step) {
    if (!this.items.length) return null;
    const at = this.items.findIndex((c) => c.id === this.selected);
    const next = at < 0 ? 0 : Math.min(this.items.length - 1, Math.max(0, at + step));
    return this.items[next].id;
  }

  /** The conversation to open once this one is done: the one below it, else the one above; never itself. */
  after(id) {
    const at = this.items.findIndex((c) => c.id === id);
    if (at < 0) return this.items[0]?.id ?? null;
    return (this.items[at + 1] || this.items[at - 1])?.id ?? null;
  }

  focusSearch() {
    this.renderRoot.querySelector('input[type=search]')?.focus();
  }

  render() {
    return html`
      <div class="top">
        <div class="search" role="search">
          ${icon('search')}
          <input
            type="search"
            .value=${this.query}
            @input=${this.onSearch}
            placeholder=${t('inbox.search')}
            aria-label=${t('inbox.search')}
            aria-keyshortcuts="/"
          />
          <kbd aria-hidden="true">/</kbd>
        </div>
        <div class="filters">
          <select data-filter="status" aria-label=${t('inbox.filter.status')} @change=${(e) => this.setFilter('status', e.target.value)}>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${this.status === s}>${t('status.' + s)}</option>`)}
            <option value="" ?selected=${!this.status}>${t('inbox.filter.anyStatus')}</option>
          </select>
          <select data-filter="kind" aria-label=${t('inbox.filter.kind')} @change=${(e) => this.setFilter('kind', e.target.value)}>
            <option value="">${t('inbox.filter.anyKind')}</option>
            ${KINDS.map((k) => html`<option value=${k} ?selected=${this.kind === k}>${t('kind.' + k)}</option>`)}
          </select>
          ${this.teams.length
            ? html`<select data-filter="team" aria-label=${t('inbox.filter.team')} @change=${(e) => this.setFilter('team', e.target.value)}>
                <option value="">${t('inbox.filter.anyTeam')}</option>
                ${this.teams.map((team) => html`<option value=${team.id} ?selected=${this.team === team.id}>${team.name}</option>`)}
              </select>`
            : ''}
          <input
            type="text"
            aria-label=${t('inbox.filter.label')}
            placeholder=${t('inbox.filter.label')}
            .value=${this.label}
            @change=${(e) => this.setFilter('label', e.target.value.trim().toLowerCase())}
          />
        </div>
        <div role="tablist" aria-label="Inbox" @keydown=${this.onTabKey}>
          ${TABS.map(
            (tab) => html`<button
              role="tab"
              id="tab-${tab}"
              aria-selected=${this.tab === tab ? 'true' : 'false'}
              tabindex=${this.tab === tab ? '0' : '-1'}
              @click=${() => this.setTab(tab)}
            >
              ${t('inbox.tab.' + tab)}
            </button>`,
          )}
        </div>
      </div>
      <ul role="list" aria-labelledby="tab-${this.tab}" aria-busy=${this.loading ? 'true' : 'false'}>
        ${repeat(this.items, (c) => c.id, (c) => html`<li>${this.row(c)}</li>`)}
        ${this.footer()}
        <li class="sentinel" aria-hidden="true"></li>
      </ul>
    `;
  }

  footer() {
    if (this.error) return html`<li class="state error" role="alert">${this.error}</li>`;
    if (this.loading) return html`<li class="state">${t('inbox.loadingMore')}</li>`;
    if (!this.items.length) {
      return html`<li class="state">${this.query.trim() ? t('inbox.emptySearch', { q: this.query.trim() }) : t('inbox.empty')}</li>`;
    }
    return '';
  }

  /** How long until the channel's response target is missed, or by how much it was. */
  due(c) {
    const due = replyDue(c);
    if (!due) return '';
    return html`<span
      class="due ${due.overdue ? 'overdue' : due.soon ? 'soon' : ''}"
      data-testid="due"
      title=${t('inbox.due.title', { time: fullDate(c.replyDueAt) })}
    >${icon('clock')}${due.overdue ? t('inbox.due.over', { late: shortDuration(due.left) }) : t('inbox.due.in', { left: shortDuration(due.left) })}</span>`;
  }

  row(c) {
    const assignee = c.assigneeId ? this.operators?.[c.assigneeId] : null;
    const name = c.contact?.name || c.contact?.handle || '—';
    return html`<a
      class="row ${c.unreadCount ? 'unread' : ''}"
      href="#/c/${encodeURIComponent(c.id)}"
      aria-current=${c.id === this.selected ? 'true' : 'false'}
      data-conversation=${c.id}
    >
      <span class="channel ${c.channelKind}" title=${t('kind.' + c.channelKind)}>${icon(c.channelKind, t('kind.' + c.channelKind))}</span>
      <span class="who"><span class="name">${name}</span><span class="handle">${c.contact?.name ? c.contact?.handle || '' : ''}</span></span>
      <time class="when" datetime=${c.lastActivityAt} title=${fullDate(c.lastActivityAt)}>${since(c.lastActivityAt)}</time>
      <span class="preview">${c.lastMessagePreview || ''}</span>
      ${c.unreadCount
        ? html`<span class="count"><span aria-hidden="true">${c.unreadCount}</span><span class="visually-hidden">${t('inbox.unread', { n: c.unreadCount })}</span></span>`
        : html`<span></span>`}
      <span class="meta">
        <span class="kind" data-testid="channel-name">${c.channelName || t('kind.' + c.channelKind)}</span>
        ${this.due(c)}
        ${c.status !== 'OPEN' || this.status !== 'OPEN' ? html`<span class="pill ${c.status}">${t('status.' + c.status)}</span>` : ''}
        ${c.priority === 'HIGH' || c.priority === 'URGENT' ? html`<span class="high">${c.priority}</span>` : ''}
        ${(c.labels || []).map((l) => html`<span class="label">${l}</span>`)}
        ${assignee
          ? html`<span class="avatar" style="background:${avatarColour(assignee.id)}" title=${assignee.name}>${initials(assignee.name)}</span>`
          : c.assigneeId
            ? html`<span class="avatar" style="background:${avatarColour(c.assigneeId)}">?</span>`
            : html`<span class="nobody">${t('inbox.unassigned')}</span>`}
      </span>
    </a>`;
  }
}

customElements.define('sb-inbox', SbInbox);

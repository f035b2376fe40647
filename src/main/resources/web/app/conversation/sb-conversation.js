import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { Localized, t, timestamp, fullDate } from '../i18n/i18n.js';
import { shared, initials, avatarColour } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { WorkClock } from '../time/work-clock.js';
import { replyLimits } from './limits.js';
import { replyDue, shortDuration } from '../inbox/due.js';
import './messages.js';

const DELIVERY_ICON = { SENT: 'check', DELIVERED: 'checks', READ: 'checks', FAILED: 'alert', QUEUED: 'clock', SCHEDULED: 'clock', SENDING: 'clock' };

/**
 * One conversation: its thread (inbound, outbound and internal notes told apart, with each reply's delivery), the
 * reply and note box, and what an operator does with it (take it, resolve, pend, snooze). The work clock runs while
 * it is open and the operator is really at it.
 */
class SbConversation extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    operators: { attribute: false },
    stream: { attribute: false },
    conversationId: {},
    conversation: { state: true },
    messages: { state: true },
    olderCursor: { state: true },
    mode: { state: true },
    draft: { state: true },
    busy: { state: true },
    error: { state: true },
    menuOpen: { state: true },
    later: { state: true },
    sendAt: { state: true },
    snoozeAt: { state: true },
    labelDraft: { state: true },
    panelOpen: { state: true },
    contact: { state: true },
    otherConversations: { state: true },
    otherError: { state: true },
    teams: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; background: var(--sb-bg); }
      .empty { margin: auto; text-align: center; color: var(--sb-muted); }
      .empty strong { display: block; color: var(--sb-text); font-size: 15px; margin-bottom: 4px; }
      header { flex: none; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; padding: 10px 16px;
        background: var(--sb-surface); border-bottom: 1px solid var(--sb-border); }
      .back { display: none; }
      .title { display: flex; flex-direction: column; min-width: min(100%, 280px); flex: 1; }
      .title h1 { margin: 0; font-size: 16px; font-weight: 650; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .title .sub { display: flex; align-items: center; gap: 6px; color: var(--sb-muted); font-size: 12.5px; flex-wrap: wrap; }
      .actions { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
      .snooze { position: relative; }
      .menu { position: absolute; right: 0; top: 34px; z-index: 5; min-width: 200px; padding: 4px; background: var(--sb-surface);
        border: 1px solid var(--sb-border); border-radius: var(--sb-radius); box-shadow: 0 6px 24px rgba(20, 30, 50, .14); }
      .menu button { width: 100%; border: 0; justify-content: flex-start; }
      .menu form { display: flex; flex-direction: column; gap: 6px; padding: 6px 8px 4px; border-top: 1px solid var(--sb-border); margin-top: 4px; }
      .menu label, .later label { font-size: 12px; color: var(--sb-muted); }
      input[type='datetime-local'] { height: 30px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
        background: var(--sb-surface); padding: 0 6px; font-size: 13px; }
      .assign select { max-width: 180px; }
      .labels { display: inline-flex; align-items: center; gap: 4px; flex-wrap: wrap; }
      .labels .label { gap: 2px; padding-right: 0; }
      .labels .label button { height: 18px; width: 18px; padding: 0; border: 0; background: none; color: inherit; justify-content: center; font-size: 13px; }
      .labels input { height: 22px; width: 120px; font-size: 12px; }
      .due { font-weight: 600; }
      .due.overdue { color: var(--sb-danger); }
      .due.soon { color: var(--sb-warning); }
      .body { flex: 1; display: flex; min-height: 0; }
      .main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
      aside { flex: none; width: 280px; overflow-y: auto; background: var(--sb-surface); border-left: 1px solid var(--sb-border); padding: 12px 14px; }
      aside h2 { font-size: 14px; margin: 0; }
      aside h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--sb-muted); margin: 14px 0 6px; }
      aside .head { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
      aside dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 10px; margin: 8px 0 0; font-size: 13px; }
      aside dt { color: var(--sb-muted); }
      aside dd { margin: 0; overflow-wrap: anywhere; }
      aside ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
      aside li a { display: flex; gap: 6px; align-items: center; color: inherit; text-decoration: none; padding: 4px; border-radius: 4px; }
      aside li a:hover { background: var(--sb-hover); }
      aside li .preview { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .msg .info button.link { height: 20px; padding: 0 6px; font-size: 11.5px; }
      .limits { font-size: 12px; color: var(--sb-muted); }
      .limits.over, .limits.closed { color: var(--sb-danger); font-weight: 600; }
      .later { display: flex; align-items: center; gap: 6px; }
      .presence { flex: none; display: flex; align-items: center; gap: 8px; padding: 6px 16px; font-size: 12.5px;
        background: #fff6e5; border-bottom: 1px solid #f3dfb5; color: #6b4a00; }
      .thread { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 10px; }
      .older { align-self: center; }
      .msg { max-width: min(640px, 78%); display: flex; flex-direction: column; gap: 3px; }
      .msg .bubble { padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
      .msg .info { display: flex; align-items: center; gap: 5px; font-size: 11.5px; color: var(--sb-muted); }
      .msg.INBOUND { align-self: flex-start; }
      .msg.INBOUND .bubble { background: var(--sb-surface); border: 1px solid var(--sb-border); border-bottom-left-radius: 4px; }
      .msg.OUTBOUND { align-self: flex-end; align-items: flex-end; }
      .msg.OUTBOUND .bubble { background: var(--sb-accent); color: #fff; border-bottom-right-radius: 4px; }
      .msg.NOTE { align-self: stretch; max-width: none; }
      .msg.NOTE .bubble { background: var(--sb-note); border: 1px dashed var(--sb-note-border); border-radius: 8px; }
      .msg .info .FAILED { color: var(--sb-danger); font-weight: 600; }
      .msg .info .FAILED .reason { font-weight: 400; margin-left: 4px; overflow-wrap: anywhere; }
      .msg .info .DELIVERED, .msg .info .READ { color: var(--sb-success); }
      .msg .info svg.icon { width: 14px; height: 14px; }
      .attachments { display: flex; flex-direction: column; gap: 2px; }
      .attachments a { color: inherit; font-size: 12.5px; }
      .composer { flex: none; background: var(--sb-surface); border-top: 1px solid var(--sb-border); padding: 8px 16px 12px; }
      .composer [role='tablist'] { display: flex; gap: 4px; margin-bottom: 6px; }
      .composer [role='tab'] { height: 26px; border: 0; background: none; color: var(--sb-muted); padding: 0 8px; }
      .composer [role='tab'][aria-selected='true'] { background: var(--sb-accent-soft); color: var(--sb-accent); }
      .composer.NOTE [role='tab'][aria-selected='true'] { background: var(--sb-note); color: #6b4a00; }
      textarea { width: 100%; min-height: 72px; max-height: 40vh; resize: vertical; padding: 8px 10px; border: 1px solid var(--sb-border);
        border-radius: var(--sb-radius); background: var(--sb-surface); font-size: 14px; line-height: 1.45; }
      .composer.NOTE textarea { background: var(--sb-note); border-color: var(--sb-note-border); }
      .send { display: flex; align-items: center; gap: 10px; margin-top: 6px; }
      .send .hint { flex: 1; font-size: 12px; color: var(--sb-muted); }
      .banner { padding: 10px 16px; background: var(--sb-surface); border-top: 1px solid var(--sb-border); color: var(--sb-muted);
        display: flex; align-items: center; gap: 10px; }
      .error { color: var(--sb-danger); font-size: 12.5px; }
      @media (max-width: 760px) {
        .back { display: inline-flex; }
        header { padding: 8px 10px; }
        .thread { padding: 10px; }
        .msg { max-width: 88%; }
        .composer { padding: 6px 10px 10px; }
        aside { position: absolute; inset: 0; width: auto; z-index: 6; border-left: 0; }
        .body { position: relative; }
        .assign select { max-width: 140px; }
      }
    `,
  ];

  constructor() {
    super();
    this.messages = [];
    this.mode = 'REPLY';
    this.draft = '';
    this.onLive = (e) => {
      if (e.detail.conversationId === this.conversationId) this.refresh();
    };
    this.onResync = () => {
      if (this.conversationId) this.refresh();
    };
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.clock?.dispose();
    this.stream?.removeEventListener('live', this.onLive);
    this.stream?.removeEventListener('resync', this.onResync);
  }

  willUpdate(changed) {
    if (changed.has('stream') && this.stream) {
      this.stream.addEventListener('live', this.onLive);
      this.stream.addEventListener('resync', this.onResync);
    }
    if (changed.has('api') && this.api && !this.clock) {
      this.clock = new WorkClock({ beat: (id) => this.api.heartbeat(id), stop: (id) => this.api.stopWork(id) });
      this.api.teams().then((page) => (this.teams = page.items)).catch(() => (this.teams = []));
    }
    if (changed.has('conversationId')) {
      this.conversation = null;
      this.messages = [];
      this.error = null;
      this.draft = '';
      this.later = false;
      this.contact = null;
      this.otherConversations = null;
      this.otherError = null;
      this.menuOpen = false;
      this.clock?.watch(null, false);
      if (this.conversationId && this.api) this.load(this.conversationId);
    }
  }

  async load(id) {
    try {
      const [{ data, etag }, page] = await Promise.all([this.api.conversation(id), this.api.messages(id)]);
      if (id !== this.conversationId) return;
      this.etag = etag;
      this.conversation = data;
      this.messages = [...page.items].reverse();
      this.olderCursor = page.nextCursor;
      this.clock.watch(id, data.status !== 'RESOLVED');
      this.scrollToEnd();
      if (this.panelOpen) this.loadContact();
      if (data.unreadCount) this.api.markRead(id).catch(() => {});
    } catch (e) {
      if (id === this.conversationId) this.error = e.message;
    }
  }

  /**
   * Something changed on the server: read the conversation and its newest messages again. Resolves once what is
   * shown is at least as new as the server was when it was called: a read already under way when it is called (an
   * event's) may have started before the change, so one more read follows it, and the caller waits for that too.
   */
  refresh() {
    if (!this.conversationId) return Promise.resolve();
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.readLatest();
        } while (this.refreshAgain);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async readLatest() {
    const id = this.conversationId;
    if (!id) return;
    try {
      const [{ data, etag }, page] = await Promise.all([this.api.conversation(id), this.api.messages(id)]);
      if (id !== this.conversationId) return;
      this.etag = etag;
      this.conversation = data;
      const fresh = new Map(page.items.map((m) => [m.id, m]));
      const kept = this.messages.filter((m) => !fresh.has(m.id));
      const grew = page.items.some((m) => !this.messages.find((old) => old.id === m.id));
      this.messages = [...kept, ...[...page.items].reverse()];
      this.clock.watch(id, data.status !== 'RESOLVED');
      if (grew) this.scrollToEnd();
    } catch (e) {
      // the next event or the next open reads it again
    }
  }

  async loadOlder() {
    const page = await this.api.messages(this.conversationId, this.olderCursor);
    this.messages = [...[...page.items].reverse(), ...this.messages];
    this.olderCursor = page.nextCursor;
  }

  scrollToEnd() {
    this.updateComplete.then(() => {
      const thread = this.renderRoot.querySelector('.thread');
      if (thread) thread.scrollTop = thread.scrollHeight;
    });
  }

  async act(action) {
    this.busy = true;
    this.error = null;
    try {
      await action();
      await this.refresh();
      window.dispatchEvent(new CustomEvent('sb:conversation', { detail: this.conversation }));
    } catch (e) {
      this.error = e.message;
    } finally {
      this.busy = false;
    }
  }

  setStatus(status, snoozedUntil) {
    return this.act(async () => {
      const changes = snoozedUntil ? { status, snoozedUntil } : { status };
      try {
        await this.api.update(this.conversationId, changes, this.etag);
      } catch (e) {
        if (e.status !== 412) throw e;
        const { etag } = await this.api.conversation(this.conversationId); // changed meanwhile: apply on the latest
        await this.api.update(this.conversationId, changes, etag);
      }
    });
  }

  /** Resolves; true when it is resolved afterwards. */
  async resolve() {
    if (this.conversation && this.conversation.status !== 'RESOLVED') await this.setStatus('RESOLVED');
    return this.conversation?.status === 'RESOLVED';
  }

  /** Asks the shell to resolve this one and open the next of the list, which only the inbox knows. */
  resolveAndNext() {
    if (!this.conversation || this.busy) return;
    this.dispatchEvent(new CustomEvent('resolve-next', { bubbles: true, composed: true }));
  }

  snooze(until) {
    if (!(until > new Date())) {
      this.error = t('conv.snooze.past');
      return;
    }
    this.menuOpen = false;
    return this.setStatus('SNOOZED', until.toISOString());
  }

  openSnoozeMenu() {
    if (!this.conversation || this.conversation.status === 'RESOLVED') return;
    this.menuOpen = true;
    this.updateComplete.then(() => this.renderRoot.querySelector('.menu [role=menuitem]')?.focus());
  }

  onMenuKey(e) {
    if (e.key === 'Escape') {
      this.menuOpen = false;
      this.renderRoot.querySelector('.snooze > button')?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...this.renderRoot.querySelectorAll('.menu [role=menuitem]')];
    const at = items.indexOf(this.renderRoot.activeElement);
    if (at < 0) return;
    e.preventDefault();
    items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length].focus();
  }

  assignToMe() {
    return this.act(() => this.api.assign(this.conversationId, this.me.id));
  }

  assignTo(operatorId) {
    return this.act(() => this.api.assign(this.conversationId, operatorId || null));
  }

  assignTeam(teamId) {
    return this.act(() => this.api.assignTeam(this.conversationId, teamId || null));
  }

  /** Labels are replaced as a whole, under If-Match, retried once on the latest version (like statuses). */
  changeLabels(change) {
    return this.act(async () => {
      const apply = async (conversation, etag) =>
        this.api.update(this.conversationId, { labels: change(conversation.labels || []) }, etag);
      try {
        await apply(this.conversation, this.etag);
      } catch (e) {
        if (e.status !== 412) throw e;
        const { data, etag } = await this.api.conversation(this.conversationId);
        await apply(data, etag);
      }
    });
  }

  addLabel(e) {
    e.preventDefault();
    const label = (this.labelDraft || '').trim().toLowerCase().replace(/\s+/g, ' ');
    if (!label) return;
    this.labelDraft = '';
    return this.changeLabels((labels) => [...new Set([...labels, label])]);
  }

  removeLabel(label) {
    return this.changeLabels((labels) => labels.filter((l) => l !== label));
  }

  cancelReply(messageId) {
    return this.act(() => this.api.cancelReply(this.conversationId, messageId));
  }

  togglePanel() {
    this.panelOpen = !this.panelOpen;
    if (this.panelOpen) this.loadContact();
    this.updateComplete.then(() =>
      this.renderRoot.querySelector(this.panelOpen ? 'aside .head button' : '[data-action=contact]')?.focus(),
    );
  }

  /** The contact and its other conversations (the list filtered by the contact, newest activity first). */
  async loadContact() {
    const c = this.conversation;
    if (!c?.contact?.id) return;
    const id = c.id;
    try {
      const contact = await this.api.contact(c.contact.id);
      if (id !== this.conversationId) return;
      this.contact = contact;
    } catch (e) {
      if (id === this.conversationId) this.error = e.message;
      return;
    }
    try {
      const page = await this.api.conversations({ contact: c.contact.id, limit: 21 });
      if (id !== this.conversationId) return;
      this.otherConversations = page.items.filter((o) => o.id !== id).slice(0, 20);
      this.otherMore = !!page.nextCursor;
      this.otherError = null;
    } catch (e) {
      if (id !== this.conversationId) return;
      this.otherConversations = [];
      this.otherError = e.message;
    }
  }

  focusComposer(mode) {
    this.mode = mode;
    this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus());
  }

  async send() {
    const text = this.draft.trim();
    if (!text || this.busy) return;
    const scheduled = this.mode === 'REPLY' && this.later;
    if (scheduled && !(this.sendAt && new Date(this.sendAt) > new Date())) {
      this.error = t('conv.snooze.past');
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      await this.api.send(this.conversationId, this.mode, text, scheduled ? new Date(this.sendAt).toISOString() : undefined);
      this.draft = '';
      this.later = false;
      await this.refresh();
      this.scrollToEnd();
    } catch (e) {
      this.error = e.message;
    } finally {
      this.busy = false;
    }
  }

  onKey(e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.send();
    }
  }

  operatorName(id) {
    if (!id) return '';
    if (id === this.me.id) return t('conv.you');
    return this.operators?.[id]?.name || '—';
  }

  render() {
    if (!this.conversationId) {
      return html`<div class="empty"><strong>${t('conv.none')}</strong>${t('conv.noneHint')}</div>`;
    }
    const c = this.conversation;
    if (!c) return html`<div class="empty">${this.error ? html`<span class="error" role="alert">${this.error}</span>` : ''}</div>`;
    const name = c.contact?.name || c.contact?.handle || '—';
    const others = (c.workingNow || []).filter((w) => w.operatorId !== this.me.id);
    const due = replyDue(c);
    return html`
      <header>
        <button class="ghost back" @click=${() => (location.hash = '')} aria-label=${t('conv.back')}>${icon('back')}</button>
        <div class="title">
          <h1>${name}</h1>
          <div class="sub">
            ${icon(c.channelKind)}<span data-testid="channel">${c.channelName ? `${t('kind.' + c.channelKind)} · ${c.channelName}` : t('kind.' + c.channelKind)}</span>
            ${c.contact?.name && c.contact?.handle ? html`<span>${c.contact.handle}</span>` : ''}
            <span class="pill ${c.status}" data-testid="status">${t('status.' + c.status)}</span>
            ${c.status === 'SNOOZED' && c.snoozedUntil ? html`<span>${t('conv.snoozedUntil', { time: fullDate(c.snoozedUntil) })}</span>` : ''}
            ${due
              ? html`<span class="due ${due.overdue ? 'overdue' : due.soon ? 'soon' : ''}" title=${t('inbox.due.title', { time: fullDate(c.replyDueAt) })}>${due.overdue
                  ? t('inbox.due.over', { late: shortDuration(due.left) })
                  : t('inbox.due.in', { left: shortDuration(due.left) })}</span>`
              : ''}
            ${c.teamId ? html`<span data-testid="team">${t('conv.inTeam', { name: this.teamName(c.teamId) })}</span>` : ''}
            <span data-testid="assignee">${c.assigneeId === this.me.id
              ? t('conv.assignedToYou')
              : c.assigneeId
                ? t('conv.assignedTo', { name: this.operatorName(c.assigneeId) })
                : t('inbox.unassigned')}</span>
          </div>
          ${this.labels(c)}
        </div>
        <div class="actions">
          ${c.assigneeId !== this.me.id
            ? html`<button data-action="assign-me" @click=${this.assignToMe} ?disabled=${this.busy}>${icon('user')}${t('conv.assignMe')}</button>`
            : ''}
          ${this.assignSelect(c)}
          ${this.teamSelect(c)}
          <button data-action="contact" aria-expanded=${this.panelOpen ? 'true' : 'false'} @click=${this.togglePanel}>${t('conv.contact')}</button>
          ${c.status === 'RESOLVED'
            ? html`<button @click=${() => this.setStatus('OPEN')} ?disabled=${this.busy}>${t('conv.reopen')}</button>`
            : html`
                ${c.status !== 'PENDING' ? html`<button @click=${() => this.setStatus('PENDING')} ?disabled=${this.busy}>${t('conv.pending')}</button>` : ''}
                ${this.snoozeMenu()}
                <button class="primary" data-action="resolve" @click=${this.resolve} ?disabled=${this.busy} aria-keyshortcuts="Alt+E">${icon('check')}${t('conv.resolve')}</button>
                <button data-action="resolve-next" @click=${this.resolveAndNext} ?disabled=${this.busy} aria-keyshortcuts="Alt+Shift+E"
                  title=${t('conv.resolveNext') + ' (Alt+Shift+E)'}>${t('conv.resolveNext')}</button>
              `}
        </div>
      </header>
      ${others.length
        ? html`<div class="presence" role="status">
            ${others.map((w) => html`<span class="avatar" style="background:${avatarColour(w.operatorId)}">${initials(w.name)}</span>`)}
            ${others.length === 1 ? t('conv.workingOne', { name: others[0].name }) : t('conv.working', { names: others.map((w) => w.name).join(', ') })}
          </div>`
        : ''}
      <div class="body">
        <div class="main">
          <div class="thread" role="log" aria-live="polite" aria-label=${name} tabindex="0">
            ${this.olderCursor ? html`<button class="older ghost" @click=${this.loadOlder}>${t('conv.olderMessages')}</button>` : ''}
            ${repeat(this.messages, (m) => m.id, (m) => this.message(m, name))}
          </div>
          ${c.status === 'RESOLVED' ? html`<div class="banner">${t('conv.resolvedBanner')}</div>` : this.composer(c, name)}
        </div>
        ${this.panelOpen ? this.contactPanel(c) : ''}
      </div>
    `;
  }

  labels(c) {
    return html`<form class="labels" @submit=${this.addLabel} aria-label=${t('conv.labels')}>
      ${(c.labels || []).map(
        (l) => html`<span class="label" data-label=${l}>${l}<button type="button" aria-label=${t('conv.removeLabel', { label: l })}
          ?disabled=${this.busy} @click=${() => this.removeLabel(l)}>×</button></span>`,
      )}
      <input type="text" data-testid="label-input" aria-label=${t('conv.addLabel')} placeholder=${t('conv.labelPlaceholder')} maxlength="64"
        .value=${this.labelDraft || ''} @input=${(e) => (this.labelDraft = e.target.value)} />
    </form>`;
  }

  assignSelect(c) {
    const operators = Object.values(this.operators || {}).sort((a, b) => (a.name || '').localeCompare(b.name || ''));
    return html`<label class="assign"><span class="visually-hidden">${t('conv.assignTo')}</span>
      <select data-action="assign" ?disabled=${this.busy} @change=${(e) => this.assignTo(e.target.value)} title=${t('conv.assignTo')}>
        <option value="" ?selected=${!c.assigneeId}>${t('conv.assignNobody')}</option>
        ${operators.map((o) => html`<option value=${o.id} ?selected=${c.assigneeId === o.id}>${o.id === this.me.id ? `${o.name} (${t('conv.you')})` : o.name}</option>`)}
      </select></label>`;
  }

  teamName(id) {
    return this.teams?.find((team) => team.id === id)?.name || '—';
  }

  /** Hand to a team: managers move any conversation, agents the ones that are unassigned or theirs (as the API). */
  teamSelect(c) {
    if (!this.teams?.length) return '';
    const roles = this.me.roles || [];
    const mayMove = roles.includes('manager') || roles.includes('admin') || !c.assigneeId || c.assigneeId === this.me.id;
    return html`<label class="assign"><span class="visually-hidden">${t('conv.assignTeam')}</span>
      <select data-action="assign-team" ?disabled=${this.busy || !mayMove} @change=${(e) => this.assignTeam(e.target.value)}
        title=${mayMove ? t('conv.assignTeam') : t('conv.assignTeamNotYours')}>
        <option value="" ?selected=${!c.teamId}>${t('conv.noTeam')}</option>
        ${this.teams.map((team) => html`<option value=${team.id} ?selected=${c.teamId === team.id}>${t('conv.team', { name: team.name })}</option>`)}
      </select></label>`;
  }

  snoozeMenu() {
    return html`<div class="snooze">
      <button aria-haspopup="menu" aria-expanded=${this.menuOpen ? 'true' : 'false'} ?disabled=${this.busy}
        @click=${() => (this.menuOpen ? (this.menuOpen = false) : this.openSnoozeMenu())}>${icon('clock')}${t('conv.snooze')}</button>
      ${this.menuOpen
        ? html`<div class="menu" role="menu" aria-label=${t('conv.snooze')} @keydown=${this.onMenuKey}>
            ${snoozePresets().map((p) => html`<button role="menuitem" @click=${() => this.snooze(p.until)}>${t(p.key)}</button>`)}
            <form @submit=${(e) => {
              e.preventDefault();
              if (this.snoozeAt) this.snooze(new Date(this.snoozeAt));
            }}>
              <label for="snooze-at">${t('conv.snooze.at')}</label>
              <input id="snooze-at" type="datetime-local" min=${localInput(new Date())} .value=${this.snoozeAt || ''}
                @input=${(e) => (this.snoozeAt = e.target.value)} @keydown=${(e) => e.key === 'Escape' || e.stopPropagation()} />
              <button type="submit" class="primary" data-action="snooze-at" ?disabled=${!this.snoozeAt}>${t('conv.snooze.apply')}</button>
            </form>
          </div>`
        : ''}
    </div>`;
  }

  contactPanel(c) {
    const k = this.contact;
    return html`<aside aria-label=${t('conv.contactPanel')} data-testid="contact-panel">
      <div class="head">
        <h2>${k?.name || c.contact?.name || c.contact?.handle || '—'}</h2>
        <button class="ghost" aria-label=${t('conv.closePanel')} @click=${this.togglePanel}>×</button>
      </div>
      ${k
        ? html`
            <dl>
              ${k.email ? html`<dt>${t('conv.email')}</dt><dd>${k.email}</dd>` : ''}
              ${k.phone ? html`<dt>${t('conv.phone')}</dt><dd>${k.phone}</dd>` : ''}
            </dl>
            ${k.labels?.length ? html`<div class="labels" style="margin-top:8px">${k.labels.map((l) => html`<span class="label">${l}</span>`)}</div>` : ''}
            <p class="muted" style="font-size:12px">${t('conv.since', { date: fullDate(k.createdAt) })}</p>
            <h3>${t('conv.identities')}</h3>
            <ul data-testid="identities">
              ${(k.identities || []).map((i) => html`<li><strong>${t('identity.' + i.kind)}</strong> ${i.handle || i.externalId}</li>`)}
            </ul>
            <h3>${t('conv.otherConversations')}</h3>
            ${this.otherError
              ? html`<p class="error">${this.otherError}</p>`
              : this.otherConversations === null
              ? html`<p class="muted">${t('inbox.loadingMore')}</p>`
              : this.otherConversations.length
                ? html`<ul data-testid="other-conversations">
                    ${this.otherConversations.map(
                      (o) => html`<li><a href="#/c/${encodeURIComponent(o.id)}">${icon(o.channelKind, t('kind.' + o.channelKind))}
                        <span class="preview">${o.lastMessagePreview || ''}</span><span class="pill ${o.status}">${t('status.' + o.status)}</span></a></li>`,
                    )}
                  </ul>${this.otherMore ? html`<p class="muted">${t('conv.moreOther')}</p>` : ''}`
                : html`<p class="muted">${t('conv.noOther')}</p>`}
          `
        : html`<p class="muted">${t('inbox.loadingMore')}</p>`}
    </aside>`;
  }

  message(m, contactName) {
    const author = m.direction === 'INBOUND' ? contactName : this.operatorName(m.authorOperatorId);
    return html`<div class="msg ${m.direction}" data-message=${m.id} data-direction=${m.direction}>
      ${m.direction === 'NOTE' ? html`<div class="info"><strong>${t('conv.noteBy', { name: author })}</strong></div>` : ''}
      <div class="bubble">${m.text || ''}${m.attachments?.length
        ? html`<div class="attachments">${m.attachments.map((a) => html`<a href=${a.url} target="_blank" rel="noopener noreferrer">📎 ${a.name || a.url}</a>`)}</div>`
        : ''}</div>
      <div class="info">
        ${m.direction === 'OUTBOUND' ? html`<span>${author}</span>·` : ''}
        ${m.direction === 'INBOUND' ? html`<span>${author}</span>·` : ''}
        <time datetime=${m.createdAt} title=${fullDate(m.createdAt)}>${timestamp(m.createdAt)}</time>
        ${m.direction === 'OUTBOUND' && m.deliveryStatus
          ? html`· <span class="delivery ${m.deliveryStatus}" data-testid="delivery">${icon(DELIVERY_ICON[m.deliveryStatus] || 'clock')}${this.deliveryText(m)}</span>`
          : ''}
        ${m.direction === 'OUTBOUND' && (m.deliveryStatus === 'SCHEDULED' || m.deliveryStatus === 'QUEUED')
          ? html`<button class="link" data-action="cancel-reply" aria-label=${t('conv.cancelReplyLabel')} ?disabled=${this.busy}
              @click=${() => this.cancelReply(m.id)}>${t('conv.cancelReply')}</button>`
          : ''}
      </div>
    </div>`;
  }

  /** A reply's delivery in words: when a scheduled one goes out, why a failed one did not. */
  deliveryText(m) {
    if (m.deliveryStatus === 'SCHEDULED' && m.sendAt) {
      return html`<time datetime=${m.sendAt} title=${fullDate(m.sendAt)} data-testid="scheduled-for">${t('delivery.scheduledFor', { time: fullDate(m.sendAt) })}</time>`;
    }
    if (m.deliveryStatus === 'FAILED') {
      return m.failureReason
        ? html`${t('delivery.FAILED')}<span class="reason" data-testid="failure-reason">${t('delivery.failedBecause', { reason: m.failureReason })}</span>`
        : t('delivery.FAILED');
    }
    return t('delivery.' + m.deliveryStatus);
  }

  /** The channel's limits for the draft, as the API will check them. */
  limits(c) {
    if (this.mode !== 'REPLY') return { text: t('conv.sendHint'), over: false };
    const l = replyLimits(c, this.draft);
    if (!l) return { text: t('conv.sendHint'), over: false };
    if (l.kind === 'messenger') {
      const ends = l.windowEndsAt;
      const left = ends ? ends.getTime() - Date.now() : -1;
      const window = !ends
        ? t('conv.messengerNever')
        : left <= 0
          ? t('conv.messengerClosed')
          : t('conv.messengerOpen', { time: timestamp(ends.toISOString()), left: shortDuration(left) });
      const over = l.used > l.max;
      return { text: `${window} · ${t('conv.count', { used: l.used, max: l.max })}`, over, closed: left <= 0 };
    }
    if (l.kind === 'sms') {
      return { text: this.draft ? t('conv.sms', { chars: l.used, segments: l.segments, encoding: l.encoding }) : t('conv.sendHint'), over: false };
    }
    const over = l.used > l.max;
    return { text: l.kind === 'x-post' ? t('conv.xPost', { used: l.used, max: l.max }) : t('conv.count', { used: l.used, max: l.max }), over };
  }

  composer(c, name) {
    const limits = this.limits(c);
    return html`<div class="composer ${this.mode}">
      <div role="tablist" aria-label=${t('conv.reply')}>
        <button role="tab" aria-selected=${this.mode === 'REPLY' ? 'true' : 'false'} @click=${() => this.focusComposer('REPLY')}>${t('conv.reply')}</button>
        <button role="tab" aria-selected=${this.mode === 'NOTE' ? 'true' : 'false'} @click=${() => this.focusComposer('NOTE')}>${t('conv.note')}</button>
      </div>
      <textarea
        aria-label=${this.mode === 'REPLY' ? t('conv.reply') : t('conv.note')}
        aria-describedby="limits"
        placeholder=${this.mode === 'REPLY' ? t('conv.replyPlaceholder', { name }) : t('conv.notePlaceholder')}
        .value=${this.draft}
        @input=${(e) => (this.draft = e.target.value)}
        @keydown=${this.onKey}
      ></textarea>
      <div class="send">
        <span id="limits" class="hint limits ${limits.over ? 'over' : ''} ${limits.closed ? 'closed' : ''}" data-testid="limits" aria-live="polite">${limits.text}${limits.over
          ? html` — ${t('conv.over')}`
          : ''}</span>
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : ''}
        ${this.mode === 'REPLY'
          ? html`<span class="later">
              <label><input type="checkbox" data-action="later" .checked=${!!this.later} @change=${(e) => {
                this.later = e.target.checked;
                if (this.later && !this.sendAt) this.sendAt = localInput(new Date(Date.now() + 3600_000));
              }} /> ${t('conv.later')}</label>
              ${this.later
                ? html`<input type="datetime-local" data-testid="send-at" aria-label=${t('conv.laterAt')} min=${localInput(new Date())}
                    .value=${this.sendAt || ''} @input=${(e) => (this.sendAt = e.target.value)} />`
                : ''}
            </span>`
          : ''}
        <button class="primary" data-action="send" @click=${this.send} ?disabled=${this.busy || !this.draft.trim() || limits.over}>
          ${this.busy ? t('conv.sending') : this.mode === 'NOTE' ? t('conv.addNote') : this.later ? t('conv.schedule') : t('conv.send')}
        </button>
      </div>
    </div>`;
  }
}

/** A date as a datetime-local input's value: local time, to the minute. */
function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function snoozePresets() {
  const hour = new Date(Date.now() + 3600_000);
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date();
  monday.setDate(monday.getDate() + (((8 - monday.getDay()) % 7) || 7));
  monday.setHours(9, 0, 0, 0);
  return [
    { key: 'conv.snooze.1h', until: hour },
    { key: 'conv.snooze.tomorrow', until: tomorrow },
    { key: 'conv.snooze.nextWeek', until: monday },
  ];
}

customElements.define('sb-conversation', SbConversation);

import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { Localized, t, timestamp, fullDate } from '../i18n/i18n.js';
import { shared, initials, avatarColour } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { WorkClock } from './work-clock.js';
import { smsSegments } from './sms.js';

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
      .title { display: flex; flex-direction: column; min-width: 0; flex: 1; }
      .title h1 { margin: 0; font-size: 16px; font-weight: 650; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .title .sub { display: flex; align-items: center; gap: 6px; color: var(--sb-muted); font-size: 12.5px; flex-wrap: wrap; }
      .actions { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
      .snooze { position: relative; }
      .menu { position: absolute; right: 0; top: 34px; z-index: 5; min-width: 200px; padding: 4px; background: var(--sb-surface);
        border: 1px solid var(--sb-border); border-radius: var(--sb-radius); box-shadow: 0 6px 24px rgba(20, 30, 50, .14); }
      .menu button { width: 100%; border: 0; justify-content: flex-start; }
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
    if (changed.has('api') && this.api && !this.clock) this.clock = new WorkClock(this.api);
    if (changed.has('conversationId')) {
      this.conversation = null;
      this.messages = [];
      this.error = null;
      this.draft = '';
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
      if (data.unreadCount) this.api.markRead(id).catch(() => {});
    } catch (e) {
      if (id === this.conversationId) this.error = e.message;
    }
  }

  /** Something changed on the server: read the conversation and its newest messages again. */
  async refresh() {
    const id = this.conversationId;
    if (!id) return;
    if (this.refreshing) {
      this.refreshAgain = true; // an event arrived meanwhile: read once more when this read is done
      return;
    }
    this.refreshing = true;
    this.refreshAgain = false;
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
    } finally {
      this.refreshing = false;
      if (this.refreshAgain) this.refresh();
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

  resolve() {
    if (this.conversation && this.conversation.status !== 'RESOLVED') return this.setStatus('RESOLVED');
  }

  snooze(until) {
    this.menuOpen = false;
    return this.setStatus('SNOOZED', until.toISOString());
  }

  assignToMe() {
    return this.act(() => this.api.assign(this.conversationId, this.me.id));
  }

  focusComposer(mode) {
    this.mode = mode;
    this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus());
  }

  async send() {
    const text = this.draft.trim();
    if (!text || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      await this.api.send(this.conversationId, this.mode, text);
      this.draft = '';
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
    return html`
      <header>
        <button class="ghost back" @click=${() => (location.hash = '')} aria-label=${t('conv.back')}>${icon('back')}</button>
        <div class="title">
          <h1>${name}</h1>
          <div class="sub">
            ${icon(c.channelKind)}<span>${t('kind.' + c.channelKind)}</span>
            ${c.contact?.name && c.contact?.handle ? html`<span>${c.contact.handle}</span>` : ''}
            <span class="pill ${c.status}" data-testid="status">${t('status.' + c.status)}</span>
            ${c.status === 'SNOOZED' && c.snoozedUntil ? html`<span>${t('conv.snoozedUntil', { time: fullDate(c.snoozedUntil) })}</span>` : ''}
            <span data-testid="assignee">${c.assigneeId === this.me.id
              ? t('conv.assignedToYou')
              : c.assigneeId
                ? t('conv.assignedTo', { name: this.operatorName(c.assigneeId) })
                : t('inbox.unassigned')}</span>
            ${(c.labels || []).map((l) => html`<span class="label">${l}</span>`)}
          </div>
        </div>
        <div class="actions">
          ${c.assigneeId !== this.me.id
            ? html`<button data-action="assign-me" @click=${this.assignToMe} ?disabled=${this.busy}>${icon('user')}${t('conv.assignMe')}</button>`
            : ''}
          ${c.status === 'RESOLVED'
            ? html`<button @click=${() => this.setStatus('OPEN')} ?disabled=${this.busy}>${t('conv.reopen')}</button>`
            : html`
                ${c.status !== 'PENDING' ? html`<button @click=${() => this.setStatus('PENDING')} ?disabled=${this.busy}>${t('conv.pending')}</button>` : ''}
                <div class="snooze">
                  <button
                    aria-haspopup="menu"
                    aria-expanded=${this.menuOpen ? 'true' : 'false'}
                    ?disabled=${this.busy}
                    @click=${() => (this.menuOpen = !this.menuOpen)}
                  >${icon('clock')}${t('conv.snooze')}</button>
                  ${this.menuOpen
                    ? html`<div class="menu" role="menu" @keydown=${(e) => e.key === 'Escape' && (this.menuOpen = false)}>
                        ${snoozePresets().map((p) => html`<button role="menuitem" @click=${() => this.snooze(p.until)}>${t(p.key)}</button>`)}
                      </div>`
                    : ''}
                </div>
                <button class="primary" data-action="resolve" @click=${this.resolve} ?disabled=${this.busy}>${icon('check')}${t('conv.resolve')}</button>
              `}
        </div>
      </header>
      ${others.length
        ? html`<div class="presence" role="status">
            ${others.map((w) => html`<span class="avatar" style="background:${avatarColour(w.operatorId)}">${initials(w.name)}</span>`)}
            ${others.length === 1 ? t('conv.workingOne', { name: others[0].name }) : t('conv.working', { names: others.map((w) => w.name).join(', ') })}
          </div>`
        : ''}
      <div class="thread" role="log" aria-live="polite">
        ${this.olderCursor ? html`<button class="older ghost" @click=${this.loadOlder}>${t('conv.olderMessages')}</button>` : ''}
        ${repeat(this.messages, (m) => m.id, (m) => this.message(m, name))}
      </div>
      ${c.status === 'RESOLVED' ? html`<div class="banner">${t('conv.resolvedBanner')}</div>` : this.composer(c, name)}
    `;
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
          ? html`· <span class="delivery ${m.deliveryStatus}" data-testid="delivery">${icon(DELIVERY_ICON[m.deliveryStatus] || 'clock')}${t('delivery.' + m.deliveryStatus)}</span>`
          : ''}
      </div>
    </div>`;
  }

  composer(c, name) {
    const sms = c.channelKind === 'SMS' && this.mode === 'REPLY' && this.draft ? smsSegments(this.draft) : null;
    return html`<div class="composer ${this.mode}">
      <div role="tablist" aria-label=${t('conv.reply')}>
        <button role="tab" aria-selected=${this.mode === 'REPLY' ? 'true' : 'false'} @click=${() => this.focusComposer('REPLY')}>${t('conv.reply')}</button>
        <button role="tab" aria-selected=${this.mode === 'NOTE' ? 'true' : 'false'} @click=${() => this.focusComposer('NOTE')}>${t('conv.note')}</button>
      </div>
      <textarea
        aria-label=${this.mode === 'REPLY' ? t('conv.reply') : t('conv.note')}
        placeholder=${this.mode === 'REPLY' ? t('conv.replyPlaceholder', { name }) : t('conv.notePlaceholder')}
        .value=${this.draft}
        @input=${(e) => (this.draft = e.target.value)}
        @keydown=${this.onKey}
      ></textarea>
      <div class="send">
        <span class="hint">${sms ? t('conv.sms', { chars: sms.units, segments: sms.segments, encoding: sms.encoding }) : t('conv.sendHint')}</span>
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : ''}
        <button class="primary" data-action="send" @click=${this.send} ?disabled=${this.busy || !this.draft.trim()}>
          ${this.busy ? t('conv.sending') : this.mode === 'REPLY' ? t('conv.send') : t('conv.addNote')}
        </button>
      </div>
    </div>`;
  }
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

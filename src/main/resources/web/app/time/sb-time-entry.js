import { LitElement, html, css } from 'lit';
import { Localized, t, currentLocale, timestamp } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { forms, problemOf, problemBox, localInput } from '../shell/forms.js';
import { icon } from '../shell/icons.js';
import './messages.js';

const KINDS = ['PHONE', 'CHAT', 'SMS', 'X', 'FACEBOOK', 'EMAIL', 'API'];

/** "1 h 05 min", "45 min". */
function duration(seconds) {
  const minutes = Math.round(seconds / 60);
  const unit = (unit, value) =>
    new Intl.NumberFormat(currentLocale(), { style: 'unit', unit, unitDisplay: 'short' }).format(value);
  if (minutes < 60) return unit('minute', Math.max(1, minutes));
  return `${unit('hour', Math.floor(minutes / 60))} ${unit('minute', minutes % 60)}`;
}

function when(iso) {
  return iso ? new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
}

/**
 * Manual time entries: phone calls and other off-system work, logged by hand (POST /work-sessions, source MANUAL),
 * corrected (PATCH, which keeps who changed what: the entry's history) and deleted. Agents log and see their own;
 * managers may log for anyone and see everyone's, as the API allows.
 */
class SbTimeEntry extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    operators: { attribute: false },
    params: { attribute: false },
    form: { state: true },
    editing: { state: true },
    problem: { state: true },
    notice: { state: true },
    entries: { state: true },
    nextCursor: { state: true },
    whose: { state: true },
    history: { state: true },
    found: { state: true },
    busy: { state: true },
  };

  static styles = [
    shared,
    forms,
    css`
      .layout { display: grid; grid-template-columns: minmax(300px, 380px) 1fr; gap: 16px; align-items: start; }
      .suggestions { list-style: none; margin: 4px 0 0; padding: 0; border: 1px solid var(--sb-border);
        border-radius: var(--sb-radius); background: var(--sb-surface); }
      .suggestions button { width: 100%; height: auto; padding: 6px 8px; border: 0; border-radius: 0;
        justify-content: flex-start; white-space: normal; text-align: left; }
      .attached { display: flex; align-items: center; gap: 8px; font-size: 13px; padding: 4px 0; }
      td.note { max-width: 260px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .meta { color: var(--sb-muted); font-size: 12px; min-width: 150px; }
      tr.history td { background: var(--sb-surface-alt); }
      .history ol { margin: 0; padding-left: 18px; font-size: 12.5px; }
      .history li { margin: 3px 0; }
      .row-actions { display: flex; gap: 4px; justify-content: flex-end; }
      .row-actions button { height: 26px; padding: 0 8px; font-size: 12.5px; }
      @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
    `,
  ];

  constructor() {
    super();
    this.form = this.blank();
    this.entries = [];
    this.history = {};
    this.found = [];
    this.whose = 'me';
  }

  get manager() {
    return (this.me?.roles || []).some((r) => r === 'manager' || r === 'admin');
  }

  blank() {
    return { operatorId: '', kind: 'PHONE', start: localInput(new Date(Date.now() - 15 * 60_000)), minutes: '15', note: '', conversation: null };
  }

  willUpdate(changed) {
    if (changed.has('api') && this.api && !this.loadedOnce) {
      this.loadedOnce = true;
      this.load();
    }
  }

  async load(more = false) {
    try {
      const query = { source: 'MANUAL', limit: 25, cursor: more ? this.nextCursor : undefined };
      if (this.whose !== 'all') query.operator = this.whose;
      const page = await this.api.workSessions(query);
      this.entries = more ? [...this.entries, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  name(id) {
    return this.operators?.[id]?.name || id || '';
  }

  set(field, value) {
    this.form = { ...this.form, [field]: value };
  }

  /** The body the API takes, or a problem found before asking it. */
  body() {
    const minutes = Number(this.form.minutes);
    const fields = {};
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) fields.durationSeconds = t('time.invalidDuration');
    const start = this.form.start ? new Date(this.form.start) : null;
    if (!start || Number.isNaN(start.getTime())) fields.startedAt = t('time.invalidStart');
    if (Object.keys(fields).length) return { problem: { message: t('time.fixFields'), fields } };
    return {
      body: {
        channelKind: this.form.kind,
        startedAt: start.toISOString(),
        durationSeconds: minutes * 60,
        note: this.form.note,
      },
    };
  }

  async save(e) {
    e.preventDefault();
    const { body, problem } = this.body();
    this.problem = problem;
    this.notice = null;
    if (problem) return;
    this.busy = true;
    try {
      if (this.editing) {
        await this.api.updateWorkSession(this.editing.id, body);
        if (this.history[this.editing.id]) this.history = { ...this.history, [this.editing.id]: await this.api.workSessionHistory(this.editing.id) };
      } else {
        if (this.form.operatorId) body.operatorId = this.form.operatorId;
        if (this.form.conversation) body.conversationId = this.form.conversation.id;
        if (!body.note) delete body.note;
        await this.api.logWork(body);
      }
      this.notice = 'time.saved';
      this.editing = null;
      this.form = this.blank();
      await this.load();
    } catch (err) {
      this.problem = problemOf(err);
    } finally {
      this.busy = false;
    }
  }

  edit(entry) {
    this.editing = entry;
    this.problem = null;
    this.notice = null;
    this.form = {
      operatorId: entry.operatorId,
      kind: entry.channelKind,
      start: localInput(entry.startedAt),
      minutes: String(Math.round(entry.durationSeconds / 60)),
      note: entry.note || '',
      conversation: entry.conversationId ? { id: entry.conversationId } : null,
    };
    this.renderRoot.querySelector('#time-kind')?.focus();
  }

  cancel() {
    this.editing = null;
    this.problem = null;
    this.form = this.blank();
  }

  async remove(entry) {
    if (!confirm(t('time.confirmDelete'))) return;
    try {
      await this.api.deleteWorkSession(entry.id);
      this.notice = 'time.deleted';
      if (this.editing?.id === entry.id) this.cancel();
      await this.load();
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  async toggleHistory(entry) {
    if (this.history[entry.id]) {
      const { [entry.id]: _, ...rest } = this.history;
      this.history = rest;
      return;
    }
    try {
      this.history = { ...this.history, [entry.id]: await this.api.workSessionHistory(entry.id) };
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  async search(q) {
    clearTimeout(this.searchTimer);
    if (!q.trim()) {
      this.found = [];
      return;
    }
    this.searchTimer = setTimeout(async () => {
      try {
        this.found = (await this.api.conversations({ q, limit: 6 })).items;
      } catch (e) {
        this.found = [];
      }
    }, 250);
  }

  attach(conversation) {
    this.found = [];
    this.form = { ...this.form, conversation, kind: this.form.kind === 'PHONE' ? 'PHONE' : conversation.channelKind };
  }

  fieldError(field) {
    const message = this.problem?.fields?.[field];
    return message ? html`<small class="error" id="err-${field}">${message}</small>` : '';
  }

  renderForm() {
    const f = this.form;
    const invalid = (field) => (this.problem?.fields?.[field] ? 'true' : 'false');
    const kinds = f.conversation?.channelKind ? ['PHONE', f.conversation.channelKind] : KINDS;
    return html`
      <form class="card" @submit=${this.save} data-testid="time-form" novalidate>
        <header><h2>${this.editing ? t('time.editing') : t('time.new')}</h2></header>
        <div class="grid two">
          ${this.manager && !this.editing
            ? html`<label class="field wide"><span>${t('time.operator')}</span>
                <select data-field="operator" .value=${f.operatorId} @change=${(e) => this.set('operatorId', e.target.value)}>
                  <option value="">${this.me.name}</option>
                  ${Object.values(this.operators || {})
                    .filter((o) => o.id !== this.me.id)
                    .map((o) => html`<option value=${o.id} ?selected=${o.id === f.operatorId}>${o.name}</option>`)}
                </select>${this.fieldError('operatorId')}</label>`
            : ''}
          <label class="field wide"><span>${t('time.kind')}</span>
            <select id="time-kind" data-field="kind" aria-invalid=${invalid('channelKind')} @change=${(e) => this.set('kind', e.target.value)}>
              ${kinds.map((k) => html`<option value=${k} ?selected=${k === f.kind}>${t(`kind.${k}`)}</option>`)}
            </select>${this.fieldError('channelKind')}</label>
          <label class="field"><span>${t('time.start')}</span>
            <input type="datetime-local" data-field="start" .value=${f.start} max=${localInput()} aria-invalid=${invalid('startedAt')}
              @input=${(e) => this.set('start', e.target.value)} />${this.fieldError('startedAt')}</label>
          <label class="field"><span>${t('time.duration')}</span>
            <input type="number" data-field="minutes" min="1" max="1440" step="1" .value=${f.minutes} aria-invalid=${invalid('durationSeconds')}
              @input=${(e) => this.set('minutes', e.target.value)} />${this.fieldError('durationSeconds')}</label>
          <label class="field wide"><span>${t('time.note')}</span>
            <textarea data-field="note" maxlength="2000" placeholder=${t('time.notePlaceholder')} .value=${f.note} aria-invalid=${invalid('note')}
              @input=${(e) => this.set('note', e.target.value)}></textarea>${this.fieldError('note')}</label>
          <div class="field wide"><span>${t('time.conversation')}</span>
            ${f.conversation
              ? html`<div class="attached" data-testid="attached">${icon(f.conversation.channelKind || 'CHAT')}
                  <span>${f.conversation.contact?.name || f.conversation.contact?.handle || f.conversation.id}</span>
                  ${this.editing ? '' : html`<button type="button" class="ghost" @click=${() => this.set('conversation', null)}>${t('time.conversationClear')}</button>`}</div>`
              : this.editing
                ? html`<span class="muted">${t('time.conversationNone')}</span>`
                : html`<input type="search" data-field="conversation" placeholder=${t('time.conversationSearch')}
                      aria-label=${t('time.conversationSearch')} @input=${(e) => this.search(e.target.value)} />
                    ${this.found.length
                      ? html`<ul class="suggestions">${this.found.map(
                          (c) => html`<li><button type="button" @click=${() => this.attach(c)}>${icon(c.channelKind)}
                            <span><strong>${c.contact?.name || c.contact?.handle || ''}</strong>
                            <span class="muted">${c.lastMessagePreview || ''}</span></span></button></li>`,
                        )}</ul>`
                      : ''}`}
            <small>${t('time.conversationKindHint')}</small>${this.fieldError('conversationId')}
          </div>
        </div>
        ${problemBox(this.problem, (f) => t(`time.field.${f}`))}
        ${this.notice ? html`<div class="done" role="status">${t(this.notice)}</div>` : ''}
        <div class="actions">
          <button class="primary" type="submit" data-action="save-time" ?disabled=${this.busy}>${icon('check')}${this.editing ? t('time.saveChanges') : t('time.save')}</button>
          ${this.editing ? html`<button type="button" @click=${this.cancel}>${t('time.cancel')}</button>` : ''}
        </div>
      </form>
    `;
  }

  renderHistory(entry) {
    const changes = this.history[entry.id];
    return html`<tr class="history" data-testid="history"><td colspan="7">
      ${changes.length
        ? html`<ol>${changes.map(
            (c) => html`<li><strong>${t(`time.action.${c.action}`)}</strong> ${t('time.enteredBy', { who: this.name(c.changedBy), when: when(c.changedAt) })}:
              ${t(`kind.${c.entry.channelKind}`)}, ${when(c.entry.startedAt)}, ${duration(c.entry.durationSeconds)}${c.entry.note ? html` — “${c.entry.note}”` : ''}</li>`,
          )}</ol>`
        : html`<span class="muted">${t('time.historyEmpty')}</span>`}
    </td></tr>`;
  }

  renderList() {
    return html`
      <section class="card" data-testid="time-list">
        <header>
          <h2>${t('time.list')}</h2>
          ${this.manager
            ? html`<label class="check">${t('time.listOf')}
                <select data-field="whose" @change=${(e) => { this.whose = e.target.value; this.load(); }}>
                  <option value="me">${this.me.name}</option>
                  <option value="all">${t('time.everyone')}</option>
                  ${Object.values(this.operators || {})
                    .filter((o) => o.id !== this.me.id)
                    .map((o) => html`<option value=${o.id}>${o.name}</option>`)}
                </select></label>`
            : ''}
        </header>
        ${this.entries.length
          ? html`<div class="scroll"><table class="cards">
              <thead><tr>
                <th>${t('time.col.when')}</th><th>${t('time.col.kind')}</th><th class="num">${t('time.col.duration')}</th>
                ${this.whose === 'me' ? '' : html`<th>${t('time.col.who')}</th>`}
                <th>${t('time.col.note')}</th><th class="hide-narrow">${t('time.col.entered')}</th><th></th>
              </tr></thead>
              <tbody>
                ${this.entries.map(
                  (e) => html`<tr data-entry=${e.id} class=${this.editing?.id === e.id ? 'selected' : ''}>
                      <td class="when">${when(e.startedAt)}</td>
                      <td><span class="kind">${icon(e.channelKind)}${t(`kind.${e.channelKind}`)}</span></td>
                      <td class="num">${duration(e.durationSeconds)}</td>
                      ${this.whose === 'me' ? '' : html`<td>${this.name(e.operatorId)}</td>`}
                      <td class="note" title=${e.note || ''}>${e.note || ''}</td>
                      <td class="meta hide-narrow">${t('time.enteredBy', { who: this.name(e.createdBy), when: timestamp(e.createdAt) })}
                        ${e.updatedBy ? html`<br />${t('time.editedBy', { who: this.name(e.updatedBy), when: timestamp(e.updatedAt) })}` : ''}</td>
                      <td><div class="row-actions">
                        <button data-action="edit-entry" @click=${() => this.edit(e)}>${t('time.edit')}</button>
                        <button data-action="history" aria-expanded=${this.history[e.id] ? 'true' : 'false'} @click=${() => this.toggleHistory(e)}>${this.history[e.id] ? t('time.hideHistory') : t('time.history')}</button>
                        <button class="danger" data-action="delete-entry" @click=${() => this.remove(e)}>${t('time.delete')}</button>
                      </div></td>
                    </tr>
                    ${this.history[e.id] ? this.renderHistory(e) : ''}`,
                )}
              </tbody></table></div>
              ${this.nextCursor ? html`<div class="actions"><button @click=${() => this.load(true)}>${t('time.more')}</button></div>` : ''}`
          : html`<p class="empty">${t('time.empty')}</p>`}
      </section>
    `;
  }

  render() {
    if (!this.me) return '';
    return html`<div class="page">
      <div><h1>${t('time.title')}</h1><p class="lead">${t('time.lead')}</p></div>
      <div class="layout">${this.renderForm()}${this.renderList()}</div>
    </div>`;
  }
}

customElements.define('sb-time-entry', SbTimeEntry);

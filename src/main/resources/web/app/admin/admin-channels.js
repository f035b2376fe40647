import { LitElement, html } from 'lit';
import { Localized, t, timestamp } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { forms, problemOf, problemBox, copyText } from '../shell/forms.js';
import { icon } from '../shell/icons.js';
import { formatDuration } from '../dashboard/format.js';

/** A setting's label: the catalogue's where it has one, else its name. */
function fieldLabel(name) {
  const key = `admin.cfg.${name}`;
  const label = t(key);
  return label === key ? name : label;
}

/**
 * Channels: the list with each one's webhook URL (copy button), a form per kind generated from the kind's settings
 * (GET /channel-kinds), secrets write-only (never shown back; an empty secret field keeps the stored one), enable and
 * disable.
 */
class SbAdminChannels extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    channels: { state: true },
    kinds: { state: true },
    editing: { state: true },
    values: { state: true },
    problem: { state: true },
    notice: { state: true },
    created: { state: true },
    copied: { state: true },
    busy: { state: true },
  };

  static styles = [shared, forms];

  constructor() {
    super();
    this.channels = [];
    this.kinds = [];
    this.values = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.classList.add('section');
    this.load();
  }

  async load() {
    try {
      const [kinds, channels] = await Promise.all([this.api.channelKinds(), this.api.channels()]);
      this.kinds = kinds.filter((k) => k.connectable);
      this.channels = channels.items;
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  kind(name) {
    return this.kinds.find((k) => k.kind === name);
  }

  /** Opens the form: a new channel of the first kind, or an existing channel (its public settings filled in). */
  open(channel) {
    this.problem = null;
    this.notice = null;
    this.created = null;
    if (channel) {
      const values = { name: channel.name };
      const flat = (prefix, obj) => {
        for (const [k, v] of Object.entries(obj || {})) {
          if (v && typeof v === 'object') flat(`${prefix}${k}.`, v);
          else values[`${prefix}${k}`] = String(v);
        }
      };
      flat('', channel.config);
      // The channel's own first-response target, in the unit it reads best in; empty while the kind's default holds.
      const own = channel.firstResponseTargetIsKindDefault ? null : channel.firstResponseTargetSeconds;
      const unit = own != null && own % 3600 === 0 ? 'h' : 'min';
      values.target = own == null ? '' : String(own / (unit === 'h' ? 3600 : 60));
      values.targetUnit = unit;
      this.editing = { channel, kind: channel.kind };
      this.values = values;
      this.initial = { ...values };
    } else {
      this.editing = { channel: null, kind: 'SMS' };
      this.values = { name: '' };
    }
  }

  close() {
    this.editing = null;
    this.problem = null;
  }

  async save(e) {
    e.preventDefault();
    const { channel, kind } = this.editing;
    const config = {};
    for (const field of this.kind(kind).configFields) {
      const value = (this.values[field.name] ?? '').trim();
      if (channel) {
        // Only what changed: secrets are sent only when typed (rotation); a cleared optional setting is removed.
        if (field.secret) {
          if (value) config[field.name] = value;
        } else if (value !== (this.initial[field.name] ?? '')) {
          config[field.name] = value || null;
        }
      } else if (value) {
        config[field.name] = value;
      }
    }
    this.busy = true;
    this.problem = null;
    try {
      if (channel) {
        const changes = { name: this.values.name, config };
        const target = (this.values.target ?? '').trim();
        if (target !== this.initial.target || this.values.targetUnit !== this.initial.targetUnit) {
          // Empty goes back to the kind's default; the API refuses a target out of its range.
          const amount = Number(target.replace(',', '.'));
          if (target !== '' && !(amount > 0)) {
            this.problem = { message: t('admin.channels.targetInvalid'), fields: { firstResponseTargetSeconds: t('admin.channels.targetInvalid') } };
            return;
          }
          changes.firstResponseTargetSeconds = target === ''
            ? null
            : Math.round(amount * (this.values.targetUnit === 'h' ? 3600 : 60));
        }
        const saved = await this.api.updateChannel(channel.id, changes);
        this.notice = ['admin.channels.saved', { name: saved.name }];
      } else {
        this.created = await this.api.createChannel({ kind, name: this.values.name, config });
        this.notice = null;
      }
      this.editing = null;
      await this.load();
    } catch (err) {
      this.problem = problemOf(err);
    } finally {
      this.busy = false;
    }
  }

  async setEnabled(channel, enabled) {
    if (!enabled && !confirm(t('admin.channels.confirmDisable', { name: channel.name }))) return;
    try {
      if (enabled) await this.api.updateChannel(channel.id, { enabled: true });
      else await this.api.disableChannel(channel.id);
      this.notice = [enabled ? 'admin.channels.enabledNotice' : 'admin.channels.disabledNotice', { name: channel.name }];
      await this.load();
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  async copy(url, input, id) {
    const ok = await copyText(url, input);
    this.copied = ok ? id : null;
  }

  webhook(channel, testid = 'webhook') {
    return html`<div class="copy" data-testid=${testid}>
      <input type="text" readonly .value=${channel.webhookUrl} aria-label=${t('admin.channels.webhookUrl')}
        data-testid="webhook-url" @focus=${(e) => e.target.select()} />
      <button type="button" data-action="copy-webhook" @click=${(e) => this.copy(channel.webhookUrl, e.target.closest('.copy').querySelector('input'), channel.id)}>
        ${icon(this.copied === channel.id ? 'check' : 'checks')}${this.copied === channel.id ? t('admin.channels.copied') : t('admin.channels.copy')}</button>
    </div>`;
  }

  renderForm() {
    const { channel, kind } = this.editing;
    const definition = this.kind(kind);
    if (!definition) return '';
    const set = (name, value) => (this.values = { ...this.values, [name]: value });
    const error = (name) => this.problem?.fields?.[name];
    return html`<form class="card" data-testid="channel-form" @submit=${this.save} novalidate>
      <header><h2>${channel ? t('admin.channels.edit', { name: channel.name }) : t('admin.channels.new')}</h2></header>
      <div class="grid">
        <label class="field"><span>${t('admin.channels.kind')}</span>
          <select data-field="kind" ?disabled=${!!channel} @change=${(e) => (this.editing = { ...this.editing, kind: e.target.value })}>
            ${this.kinds.map((k) => html`<option value=${k.kind} ?selected=${k.kind === kind}>${t(`kind.${k.kind}`)}</option>`)}
          </select></label>
        <label class="field"><span>${t('admin.channels.name')} <span class="req" aria-hidden="true">*</span></span>
          <input type="text" data-field="name" required .value=${this.values.name || ''} aria-invalid=${error('name') ? 'true' : 'false'}
            @input=${(e) => set('name', e.target.value)} />
          ${error('name') ? html`<small class="error">${error('name')}</small>` : ''}</label>
        ${definition.configFields.map((f) => {
          const message = error(`config.${f.name}`);
          const configured = channel?.secretsConfigured?.includes(f.name);
          return html`<label class="field">
            <span>${fieldLabel(f.name)} ${f.required ? html`<span class="req" title=${t('admin.required')}>*</span>` : ''}
              ${f.secret ? html`<span class="pill" title=${t('admin.channels.secretHint')}>${t('admin.channels.secret')}</span>` : ''}</span>
            <input type=${f.secret ? 'password' : 'text'} data-config=${f.name} autocomplete=${f.secret ? 'new-password' : 'off'}
              .value=${this.values[f.name] || ''} aria-invalid=${message ? 'true' : 'false'}
              placeholder=${f.secret && configured ? t('admin.channels.secretKept') : ''}
              @input=${(e) => set(f.name, e.target.value)} />
            ${message ? html`<small class="error">${message}</small>` : ''}
            ${f.formatHint && !message ? html`<small>${f.formatHint}</small>` : ''}
            ${f.secret ? html`<small>${configured ? t('admin.channels.secretSet') : t('admin.channels.secretWriteOnly')}</small>` : ''}
          </label>`;
        })}
        ${channel ? this.renderTarget(channel, set, error('firstResponseTargetSeconds')) : ''}
      </div>
      ${definition.configFields.length || channel ? '' : html`<p class="lead">${t('admin.channels.noSettings')}</p>`}
      ${problemBox(this.problem, (f) => (f.startsWith('config.') ? fieldLabel(f.slice(7)) : t(`admin.channels.${f}`)))}
      <div class="actions">
        <button class="primary" type="submit" data-action="save-channel" ?disabled=${this.busy}>${channel ? t('admin.save') : t('admin.channels.create')}</button>
        <button type="button" @click=${this.close}>${t('admin.cancel')}</button>
      </div>
    </form>`;
  }

  /** The channel's own first-response target, or the kind's default when left empty. */
  renderTarget(channel, set, message) {
    const kindDefault = this.kind(channel.kind)?.firstResponseTargetSeconds;
    return html`<div class="field" role="group" aria-labelledby="target-label" data-testid="response-target">
      <span id="target-label">${t('admin.channels.target')}</span>
      <div style="display: flex; gap: 6px">
        <input type="text" inputmode="decimal" data-field="target" .value=${this.values.target || ''}
          aria-label=${t('admin.channels.target')} aria-invalid=${message ? 'true' : 'false'}
          placeholder=${kindDefault ? formatDuration(kindDefault) : ''} @input=${(e) => set('target', e.target.value)} />
        <select data-field="targetUnit" style="width: 96px; flex: none" aria-label=${t('admin.channels.targetUnit')}
          @change=${(e) => set('targetUnit', e.target.value)}>
          ${['min', 'h'].map((u) => html`<option value=${u} ?selected=${u === this.values.targetUnit}>${t(`admin.channels.unit.${u}`)}</option>`)}
        </select>
      </div>
      ${message ? html`<small class="error">${message}</small>` : ''}
      <small>${kindDefault
        ? t('admin.channels.targetHint', { kind: t(`kind.${channel.kind}`), target: formatDuration(kindDefault) })
        : t('admin.channels.targetHintNone', { kind: t(`kind.${channel.kind}`) })}</small>
    </div>`;
  }

  /** The target in force in the list: the channel's own, or its kind's default (marked so). */
  target(c) {
    if (c.firstResponseTargetSeconds == null) return html`<span class="muted">—</span>`;
    return html`${formatDuration(c.firstResponseTargetSeconds)}${c.firstResponseTargetIsKindDefault
      ? html` <span class="muted">${t('admin.channels.kindDefault')}</span>` : ''}`;
  }

  render() {
    return html`
      ${this.created
        ? html`<section class="card" data-testid="channel-created">
            <header><h2>${icon(this.created.kind)} ${t('admin.channels.createdTitle', { name: this.created.name })}</h2></header>
            <p class="lead">${t('admin.channels.pasteHint')}</p>
            ${this.webhook(this.created, 'created-webhook')}
          </section>`
        : ''}
      ${this.editing ? this.renderForm() : ''}
      <section class="card">
        <header><h2>${t('admin.channels.title')}</h2>
          ${this.editing ? '' : html`<button class="primary" data-action="new-channel" @click=${() => this.open(null)}>${t('admin.channels.new')}</button>`}
        </header>
        ${this.notice ? html`<div class="done" role="status">${t(...this.notice)}</div>` : ''}
        ${!this.editing ? problemBox(this.problem) : ''}
        ${this.channels.length
          ? html`<div class="scroll"><table class="cards" data-testid="channels">
              <thead><tr><th>${t('admin.channels.name')}</th><th>${t('admin.channels.kind')}</th><th>${t('admin.channels.status')}</th>
                <th>${t('admin.channels.webhookUrl')}</th><th class="hide-narrow">${t('admin.channels.target')}</th>
                <th class="hide-narrow">${t('admin.channels.secrets')}</th><th></th></tr></thead>
              <tbody>${this.channels.map(
                (c) => html`<tr data-channel=${c.id}>
                  <td><strong>${c.name}</strong><div class="muted" style="font-size: 12px">${timestamp(c.createdAt)}</div></td>
                  <td><span class="kind">${icon(c.kind)}${t(`kind.${c.kind}`)}</span></td>
                  <td><span class="pill ${c.enabled ? 'on' : 'off'}">${c.enabled ? t('admin.channels.enabled') : t('admin.channels.disabled')}</span></td>
                  <td class="full" style="min-width: 320px">${this.webhook(c)}</td>
                  <td class="hide-narrow" data-testid="target">${this.target(c)}</td>
                  <td class="hide-narrow">${c.secretsConfigured.length
                    ? c.secretsConfigured.map((s) => html`<span class="label">${fieldLabel(s)}</span> `)
                    : html`<span class="muted">—</span>`}</td>
                  <td><div class="actions" style="margin: 0; flex-wrap: nowrap">
                    <button data-action="edit-channel" @click=${() => this.open(c)}>${t('admin.edit')}</button>
                    ${c.enabled
                      ? html`<button class="danger" data-action="disable-channel" @click=${() => this.setEnabled(c, false)}>${t('admin.channels.disable')}</button>`
                      : html`<button data-action="enable-channel" @click=${() => this.setEnabled(c, true)}>${t('admin.channels.enable')}</button>`}
                  </div></td>
                </tr>`,
              )}</tbody></table></div>`
          : html`<p class="empty">${t('admin.channels.empty')}</p>`}
      </section>
    `;
  }
}

customElements.define('sb-admin-channels', SbAdminChannels);

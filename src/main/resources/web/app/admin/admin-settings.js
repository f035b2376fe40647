import { LitElement, html } from 'lit';
import { Localized, t, currentLocale } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { forms, problemOf, problemBox } from '../shell/forms.js';

const KINDS = ['CHAT', 'SMS', 'X', 'FACEBOOK', 'EMAIL', 'API', 'PHONE'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** A day's intervals as typed: "09:00-12:30, 14:00-18:00"; empty: closed. Throws on what is not that shape. */
export function parseDayHours(text) {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d{1,2})[:h](\d{2})\s*[-–]\s*(\d{1,2})[:h](\d{2})$/.exec(part);
      if (!m) throw new Error(part);
      const hhmm = (h, min) => `${h.padStart(2, '0')}:${min}`;
      return { open: hhmm(m[1], m[2]), close: hhmm(m[3], m[4]) };
    });
}

function zones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/**
 * The tenant's settings, one card per settings document of the API: time zone (reports' days), business hours
 * (response targets count only the hours open), publishing approval,
 * request rates and daily caps on paid messages (with the platform's maxima and today's use), default capacities.
 */
class SbAdminSettings extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    tenant: { state: true },
    publishing: { state: true },
    limits: { state: true },
    capacity: { state: true },
    edits: { state: true },
    problems: { state: true },
    notices: { state: true },
  };

  static styles = [shared, forms];

  constructor() {
    super();
    this.edits = { tenant: {}, publishing: {}, limits: {}, capacity: {}, hours: {} };
    this.problems = {};
    this.notices = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.classList.add('section');
    this.load();
  }

  async load() {
    try {
      [this.tenant, this.publishing, this.limits, this.capacity] = await Promise.all(
        ['tenant', 'publishing', 'limits', 'capacity'].map((name) => this.api.settings(name)),
      );
    } catch (e) {
      this.problems = { ...this.problems, load: problemOf(e) };
    }
  }

  edit(doc, field, value) {
    this.edits = { ...this.edits, [doc]: { ...this.edits[doc], [field]: value } };
  }

  number(value) {
    return value === '' || value == null ? null : Number(value);
  }

  /** The body of each document's PUT/PATCH from what is shown and what was typed. */
  body(doc) {
    const e = this.edits[doc];
    if (doc === 'tenant') return { timeZone: e.timeZone ?? this.tenant.timeZone };
    if (doc === 'publishing') return { approvalRequired: e.approvalRequired ?? this.publishing.approvalRequired };
    if (doc === 'capacity') {
      return { capacity: Object.fromEntries(Object.entries(e).map(([k, v]) => [k, this.number(v)])) };
    }
    const own = this.limits.overrides || {};
    const value = (name, current) => (name in e ? this.number(e[name]) : current ?? null);
    // A rate is set whole: the half left empty keeps the value in force.
    const rate = (prefix, current) => {
      const perMinute = value(`${prefix}.perMinute`, current?.perMinute);
      const burst = value(`${prefix}.burst`, current?.burst);
      if (perMinute == null && burst == null) return null;
      return { perMinute: perMinute ?? this.limits[prefix].perMinute, burst: burst ?? this.limits[prefix].burst };
    };
    return {
      api: rate('api', own.api),
      publicEndpoints: rate('publicEndpoints', own.publicEndpoints),
      smsPerDay: value('smsPerDay', own.smsPerDay),
      emailPerDay: value('emailPerDay', own.emailPerDay),
    };
  }

  async save(doc, e) {
    e.preventDefault();
    try {
      const saved = await this.api.putSettings(doc, this.body(doc));
      this[doc] = saved;
      this.edits = { ...this.edits, [doc]: {} };
      this.problems = { ...this.problems, [doc]: null };
      this.notices = { ...this.notices, [doc]: 'admin.settings.saved' };
    } catch (err) {
      this.problems = { ...this.problems, [doc]: problemOf(err) };
      this.notices = { ...this.notices, [doc]: null };
    }
  }

  hoursText(day) {
    return (this.tenant.businessHours?.[day] || []).map((i) => `${i.open}–${i.close}`).join(', ');
  }

  /** Saves the week as shown and typed; a week with no open hours at all clears them (always open). */
  async saveHours(e) {
    e.preventDefault();
    const body = {};
    const fields = {};
    for (const day of DAYS) {
      try {
        body[day] = parseDayHours(this.edits.hours[day] ?? this.hoursText(day));
      } catch (err) {
        fields[day] = t('admin.hours.format', { text: err.message });
      }
    }
    if (Object.keys(fields).length) {
      this.problems = { ...this.problems, hours: { message: t('admin.hours.invalid'), fields } };
      this.notices = { ...this.notices, hours: null };
      return;
    }
    await this.changeHours(() =>
      Object.values(body).some((d) => d.length) ? this.api.putBusinessHours(body) : this.api.deleteBusinessHours(),
    );
  }

  async changeHours(call) {
    try {
      await call();
      this.tenant = await this.api.settings('tenant');
      this.edits = { ...this.edits, hours: {} };
      this.problems = { ...this.problems, hours: null };
      this.notices = { ...this.notices, hours: 'admin.settings.saved' };
    } catch (err) {
      this.problems = { ...this.problems, hours: problemOf(err) };
      this.notices = { ...this.notices, hours: null };
    }
  }

  renderHours() {
    const set = this.tenant.businessHours != null;
    return html`<form class="card" data-testid="business-hours" @submit=${(e) => this.saveHours(e)}>
      <header><h2>${t('admin.hours.title')}</h2></header>
      <p class="lead" data-testid="hours-state">${set ? t('admin.hours.set', { zone: this.tenant.timeZone }) : t('admin.hours.always')}</p>
      <div class="grid" style="grid-template-columns: 110px 1fr; gap: 6px 10px; align-items: center; margin-top: 10px">
        ${DAYS.map((day) => {
          const error = this.problems.hours?.fields?.[day] || Object.entries(this.problems.hours?.fields || {}).find(([k]) => k.startsWith(`${day}[`))?.[1];
          return html`<label for="hours-${day}">${t(`admin.hours.${day}`)}</label>
            <span style="display: flex; flex-direction: column; gap: 2px"><input id="hours-${day}" data-day=${day} .value=${this.edits.hours[day] ?? this.hoursText(day)} placeholder=${t('admin.hours.closed')}
              aria-invalid=${error ? 'true' : 'false'} @input=${(e) => this.edit('hours', day, e.target.value)} />
            ${error ? html`<small class="error">${error}</small>` : ''}</span>`;
        })}
      </div>
      <p class="lead">${t('admin.hours.hint')}</p>
      ${problemBox(this.problems.hours, (field) => {
        const day = field.split(/[[.]/)[0];
        return DAYS.includes(day) ? t(`admin.hours.${day}`) + field.slice(day.length) : field;
      })}
      ${this.notices.hours ? html`<div class="done" role="status">${t(this.notices.hours)}</div>` : ''}
      <div class="actions">
        ${set ? html`<button type="button" data-action="always-open" @click=${() => this.changeHours(() => this.api.deleteBusinessHours())}>${t('admin.hours.clear')}</button>` : ''}
        <button class="primary" type="submit" data-action="save-hours" ?disabled=${!Object.keys(this.edits.hours).length}>${t('admin.save')}</button>
      </div>
    </form>`;
  }

  footer(doc) {
    return html`${problemBox(this.problems[doc])}
      ${this.notices[doc] ? html`<div class="done" role="status">${t(this.notices[doc])}</div>` : ''}
      <div class="actions"><button class="primary" type="submit" data-action="save-${doc}" ?disabled=${!Object.keys(this.edits[doc]).length}>${t('admin.save')}</button></div>`;
  }

  limitInput(name, inForce, own, max) {
    const error = this.problems.limits?.fields?.[name];
    return html`<label class="field"><span>${t(`admin.limits.${name}`)}</span>
      <input type="number" min="0" max=${max ?? ''} data-limit=${name} .value=${this.edits.limits[name] ?? (own ?? '')}
        placeholder=${t('admin.limits.default', { value: inForce })} aria-invalid=${error ? 'true' : 'false'}
        @input=${(e) => this.edit('limits', name, e.target.value)} />
      ${error ? html`<small class="error">${error}</small>` : ''}
      <small>${t('admin.limits.inForce', { value: new Intl.NumberFormat(currentLocale()).format(inForce) })}${max != null ? ` · ${t('admin.limits.max', { value: new Intl.NumberFormat(currentLocale()).format(max) })}` : ''}</small>
    </label>`;
  }

  render() {
    if (this.problems.load) return problemBox(this.problems.load);
    if (!this.tenant || !this.publishing || !this.limits || !this.capacity) return html`<p class="empty">${t('admin.loading')}</p>`;
    const l = this.limits;
    const own = l.overrides || {};
    const n = (v) => new Intl.NumberFormat(currentLocale()).format(v);
    const zone = this.edits.tenant.timeZone ?? this.tenant.timeZone;
    return html`
      <div class="grid" style="grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); align-items: start; gap: 16px">
        <form class="card" data-testid="tenant-settings" @submit=${(e) => this.save('tenant', e)}>
          <header><h2>${t('admin.settings.tenant')}</h2></header>
          <p class="lead">${this.tenant.name} (${this.tenant.id})</p>
          <label class="field" style="margin-top: 10px"><span>${t('admin.settings.timeZone')}</span>
            <select data-field="time-zone" @change=${(e) => this.edit('tenant', 'timeZone', e.target.value)}>
              ${[...new Set([zone, ...zones()])].map((z) => html`<option ?selected=${z === zone}>${z}</option>`)}
            </select><small>${t('admin.settings.timeZoneHint')}</small></label>
          ${this.footer('tenant')}
        </form>
        ${this.renderHours()}
        <form class="card" data-testid="publishing-settings" @submit=${(e) => this.save('publishing', e)}>
          <header><h2>${t('admin.settings.publishing')}</h2></header>
          <label class="check"><input type="checkbox" data-field="approval" .checked=${this.edits.publishing.approvalRequired ?? this.publishing.approvalRequired}
            @change=${(e) => this.edit('publishing', 'approvalRequired', e.target.checked)} />${t('admin.settings.approval')}</label>
          <p class="lead">${t('admin.settings.approvalHint')}</p>
          ${this.footer('publishing')}
        </form>
        <form class="card" data-testid="limit-settings" @submit=${(e) => this.save('limits', e)} style="grid-column: 1 / -1">
          <header><h2>${t('admin.settings.limits')}</h2></header>
          <p class="lead">${t('admin.limits.lead')}</p>
          <div class="grid" style="margin-top: 10px">
            ${this.limitInput('api.perMinute', l.api.perMinute, own.api?.perMinute, l.maximums.apiPerMinute)}
            ${this.limitInput('api.burst', l.api.burst, own.api?.burst)}
            ${this.limitInput('publicEndpoints.perMinute', l.publicEndpoints.perMinute, own.publicEndpoints?.perMinute, l.maximums.publicEndpointsPerMinute)}
            ${this.limitInput('publicEndpoints.burst', l.publicEndpoints.burst, own.publicEndpoints?.burst)}
            ${this.limitInput('smsPerDay', l.smsPerDay, own.smsPerDay, l.maximums.smsPerDay)}
            ${this.limitInput('emailPerDay', l.emailPerDay, own.emailPerDay, l.maximums.emailPerDay)}
          </div>
          <p class="lead" data-testid="usage">${t('admin.limits.usage', { day: l.usageToday.day, sms: n(l.usageToday.sms), smsLeft: n(l.usageToday.smsRemaining), email: n(l.usageToday.email), emailLeft: n(l.usageToday.emailRemaining) })}</p>
          ${this.footer('limits')}
        </form>
        <form class="card" data-testid="capacity-settings" @submit=${(e) => this.save('capacity', e)} style="grid-column: 1 / -1">
          <header><h2>${t('admin.settings.capacity')}</h2></header>
          <p class="lead">${t('admin.settings.capacityHint')}</p>
          <div class="grid" style="grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); margin-top: 10px">
            ${KINDS.map(
              (k) => html`<label class="field"><span>${t(`kind.${k}`)}</span>
                <input type="number" min="0" max="100" data-capacity=${k} .value=${this.edits.capacity[k] ?? (this.capacity.capacity?.[k] ?? '')}
                  placeholder=${String(this.capacity.productDefaults?.[k] ?? '')} @input=${(e) => this.edit('capacity', k, e.target.value)} />
                <small>${t('admin.settings.productDefault', { value: this.capacity.productDefaults?.[k] ?? '—' })}</small></label>`,
            )}
          </div>
          ${this.footer('capacity')}
        </form>
      </div>
    `;
  }
}

customElements.define('sb-admin-settings', SbAdminSettings);

import { LitElement, html, css } from 'lit';
import { Localized, t, currentLocale, timestamp } from '../i18n/i18n.js';
import { shared, initials, avatarColour } from '../shell/styles.js';
import { forms, problemOf, problemBox, money, toMinor } from '../shell/forms.js';

const KINDS = ['CHAT', 'SMS', 'X', 'FACEBOOK', 'EMAIL', 'API', 'PHONE'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN'];

/**
 * Operators: who they are, their availability (set here for one who left without saying so), the hourly cost in force and its
 * history with effective dates, and their capacity per channel kind (their own, else the tenant's, else the
 * product's).
 */
class SbAdminOperators extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    operators: { state: true },
    selected: { state: true },
    rates: { state: true },
    rate: { state: true },
    capacity: { state: true },
    problem: { state: true },
    notice: { state: true },
  };

  static styles = [
    shared,
    forms,
    css`
      .layout { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(320px, 1fr); gap: 16px; align-items: start; }
      tr[data-operator] { cursor: pointer; }
      tr[data-operator]:hover td { background: var(--sb-hover); }
      .who { display: flex; align-items: center; gap: 8px; }
      .capacity { display: grid; grid-template-columns: repeat(auto-fill, minmax(110px, 1fr)); gap: 8px 12px; }
      @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    `,
  ];

  constructor() {
    super();
    this.operators = [];
    this.rates = [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.classList.add('section');
    this.load();
  }

  async load() {
    try {
      this.operators = (await this.api.operators()).items;
      if (this.selected) this.select(this.operators.find((o) => o.id === this.selected.id));
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  name(id) {
    return this.operators.find((o) => o.id === id)?.name || id;
  }

  async select(operator) {
    if (!operator) return;
    this.selected = operator;
    this.problem = null;
    this.rate = {
      amount: '',
      currency: operator.hourlyCost?.currency || this.rates[0]?.currency || 'EUR',
      from: '',
    };
    this.capacity = {};
    try {
      this.rates = (await this.api.operatorRates(operator.id)).items;
      if (!operator.hourlyCost && this.rates.length) this.rate = { ...this.rate, currency: this.rates[0].currency };
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  async saveRate(e) {
    e.preventDefault();
    const amountMinor = toMinor(this.rate.amount, this.rate.currency);
    if (amountMinor == null) {
      this.problem = { message: t('admin.operators.badAmount'), fields: {} };
      return;
    }
    const hourlyCost = { amountMinor, currency: this.rate.currency };
    if (this.rate.from) hourlyCost.effectiveFrom = new Date(this.rate.from).toISOString();
    await this.change({ hourlyCost }, 'admin.operators.rateSaved');
  }

  async saveCapacity(e) {
    e.preventDefault();
    const capacity = {};
    for (const [kind, value] of Object.entries(this.capacity)) capacity[kind] = value === '' ? null : Number(value);
    await this.change({ capacity }, 'admin.operators.capacitySaved');
    this.capacity = {};
  }

  async change(body, notice) {
    this.problem = null;
    this.notice = null;
    try {
      const operator = await this.api.updateOperator(this.selected.id, body);
      this.notice = notice;
      this.operators = this.operators.map((o) => (o.id === operator.id ? operator : o));
      await this.select(operator);
      this.notice = notice;
    } catch (err) {
      this.problem = problemOf(err);
    }
  }

  async setAvailability(o, availability, select) {
    this.problem = null;
    try {
      const operator = o.id === this.me.id
        ? await this.api.setMyAvailability(availability)
        : await this.api.setOperatorAvailability(o.id, availability);
      this.operators = this.operators.map((x) => (x.id === operator.id ? operator : x));
      if (this.selected?.id === operator.id) this.selected = operator;
      // The top bar shows the signed-in operator's own availability.
      this.dispatchEvent(new CustomEvent('operator-changed', { detail: operator, bubbles: true, composed: true }));
    } catch (e) {
      select.value = o.availability;
      this.problem = problemOf(e);
    }
  }

  availability(o) {
    return html`<span class="pill ${o.availability}">${t(`admin.availability.${o.availability}`)}</span>`;
  }

  renderDetail() {
    const o = this.selected;
    if (!o) return html`<section class="card"><p class="empty">${t('admin.operators.pick')}</p></section>`;
    const fieldError = (name) => this.problem?.fields?.[name];
    const inForce = this.rates.filter((r) => Date.parse(r.effectiveFrom) <= Date.now()).pop();
    return html`<section class="card" data-testid="operator-detail">
      <header><h2>${o.name}</h2>${this.availability(o)}</header>
      <p class="lead">${o.username}${o.email ? ` · ${o.email}` : ''} · ${o.roles.join(', ')}
        ${o.availabilitySince ? html`<br />${t('admin.operators.since', { when: timestamp(o.availabilitySince) })}` : ''}</p>
      <label class="field" style="max-width: 220px; margin-top: 8px"><span>${t('admin.operators.availability')}</span>
        <select data-field="availability" @change=${(e) => this.setAvailability(o, e.target.value, e.target)}>
          ${['ONLINE', 'AWAY', 'OFFLINE'].map((a) => html`<option value=${a} ?selected=${a === o.availability}>${t(`admin.availability.${a}`)}</option>`)}
        </select></label>
      <p class="lead">${t('admin.operators.availabilityHelp')}</p>

      <h3>${t('admin.operators.rates')}</h3>
      ${this.rates.length
        ? html`<table data-testid="rates"><thead><tr><th>${t('admin.operators.effectiveFrom')}</th><th class="num">${t('admin.operators.hourlyCost')}</th>
              <th class="hide-narrow">${t('admin.operators.setBy')}</th></tr></thead>
            <tbody>${[...this.rates].reverse().map(
              (r) => html`<tr class=${r === inForce ? 'selected' : ''}><td>${timestamp(r.effectiveFrom)}
                ${r === inForce ? html` <span class="pill ONLINE">${t('admin.operators.inForce')}</span>` : ''}</td>
                <td class="num">${money(r.amountMinor, r.currency, currentLocale())}</td>
                <td class="hide-narrow muted">${this.name(r.setBy)}, ${timestamp(r.createdAt)}</td></tr>`,
            )}</tbody></table>`
        : html`<p class="empty" data-testid="no-rate">${t('admin.operators.noRate')}</p>`}
      <form @submit=${this.saveRate} data-testid="rate-form" novalidate>
        <div class="grid rate">
          <label class="field"><span>${t('admin.operators.newRate')}</span>
            <input type="text" inputmode="decimal" data-field="amount" placeholder="32.50" .value=${this.rate.amount}
              aria-invalid=${fieldError('hourlyCost.amountMinor') ? 'true' : 'false'}
              @input=${(e) => (this.rate = { ...this.rate, amount: e.target.value })} /></label>
          <label class="field"><span>${t('admin.operators.currency')}</span>
            <select data-field="currency" ?disabled=${this.rates.length > 0} @change=${(e) => (this.rate = { ...this.rate, currency: e.target.value })}>
              ${[...new Set([this.rate.currency, ...CURRENCIES])].map((c) => html`<option ?selected=${c === this.rate.currency}>${c}</option>`)}
            </select></label>
          <label class="field"><span>${t('admin.operators.from')}</span>
            <input type="datetime-local" data-field="effective-from" .value=${this.rate.from} @input=${(e) => (this.rate = { ...this.rate, from: e.target.value })} />
            <small>${t('admin.operators.fromHint')}</small></label>
        </div>
        <div class="actions"><button class="primary" type="submit" data-action="save-rate">${t('admin.operators.addRate')}</button></div>
      </form>

      <h3>${t('admin.operators.capacity')}</h3>
      <p class="lead">${t('admin.operators.capacityHint')}</p>
      <form @submit=${this.saveCapacity} data-testid="capacity-form" novalidate>
        <div class="capacity" style="margin-top: 8px">
          ${KINDS.map(
            (k) => html`<label class="field"><span>${t(`kind.${k}`)}</span>
              <input type="number" min="0" max="100" data-capacity=${k} placeholder=${String(o.capacity?.[k] ?? '')}
                .value=${this.capacity[k] ?? ''} aria-invalid=${fieldError(`capacity.${k}`) ? 'true' : 'false'}
                @input=${(e) => (this.capacity = { ...this.capacity, [k]: e.target.value })} /></label>`,
          )}
        </div>
        <div class="actions"><button type="submit" data-action="save-capacity" ?disabled=${!Object.keys(this.capacity).length}>${t('admin.save')}</button></div>
      </form>
      ${problemBox(this.problem)}
      ${this.notice ? html`<div class="done" role="status">${t(this.notice)}</div>` : ''}
    </section>`;
  }

  render() {
    return html`<div class="layout">
      <section class="card">
        <header><h2>${t('admin.operators.title')}</h2></header>
        <div class="scroll"><table data-testid="operators">
          <thead><tr><th>${t('admin.operators.name')}</th><th>${t('admin.operators.availability')}</th>
            <th class="num">${t('admin.operators.hourlyCost')}</th><th class="hide-narrow">${t('admin.operators.capacityShort')}</th></tr></thead>
          <tbody>${this.operators.map(
            (o) => html`<tr data-operator=${o.id} class=${this.selected?.id === o.id ? 'selected' : ''} tabindex="0"
                @click=${() => this.select(o)} @keydown=${(e) => e.key === 'Enter' && this.select(o)}>
              <td><span class="who"><span class="avatar" style="background:${avatarColour(o.id)}" aria-hidden="true">${initials(o.name)}</span>
                <span><strong>${o.name}</strong><br /><span class="muted">${o.roles.join(', ')}</span></span></span></td>
              <td>${this.availability(o)}</td>
              <td class="num">${o.hourlyCost ? money(o.hourlyCost.amountMinor, o.hourlyCost.currency, currentLocale()) : html`<span class="pill AWAY">${t('admin.operators.uncosted')}</span>`}</td>
              <td class="hide-narrow muted">${KINDS.filter((k) => o.capacity?.[k] != null).map((k) => `${t(`kind.${k}`)} ${o.capacity[k]}`).join(' · ')}</td>
            </tr>`,
          )}</tbody></table></div>
      </section>
      ${this.renderDetail()}
    </div>`;
  }
}

customElements.define('sb-admin-operators', SbAdminOperators);

import { LitElement, html, css } from 'lit';
import { Localized, t } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { PRESETS, GROUPINGS, presetRange, today, addDays } from './range.js';
import './messages.js';

/**
 * Picks a report range and its grouping: a preset ending today in the tenant's time zone (last 7, 30, 90 days, this
 * month, last month, 12 months) or custom dates (the last day included), and day / week / month. Fires
 * `range-change` with {preset, from, to, groupBy} (`to` exclusive, as the reports API takes it).
 *
 *   <sb-range-picker .timeZone=${zone} .value=${range} @range-change=${(e) => this.load(e.detail)}></sb-range-picker>
 */
export class SbRangePicker extends Localized(LitElement) {
  static properties = {
    value: { type: Object },
    timeZone: { type: String },
  };

  static styles = [
    shared,
    css`
      :host { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 8px; }
      input[type='date'] { height: 30px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 0 6px; font-size: 13px; background: var(--sb-surface); }
      .segmented { display: inline-flex; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); overflow: hidden; background: var(--sb-surface); }
      .segmented button { border: 0; border-radius: 0; height: 28px; padding: 0 10px; }
      .segmented button + button { border-left: 1px solid var(--sb-border); }
      .segmented button[aria-pressed='true'] { background: var(--sb-accent); color: var(--sb-accent-text); }
      label { display: inline-flex; align-items: center; gap: 5px; font-size: 12.5px; color: var(--sb-muted); }
    `,
  ];

  /** The default range: the last 30 days, by day. */
  static initial(timeZone) {
    return { preset: '30d', ...presetRange('30d', today(timeZone)) };
  }

  emit(next) {
    this.value = next;
    this.dispatchEvent(new CustomEvent('range-change', { detail: next, bubbles: true, composed: true }));
  }

  choosePreset(preset) {
    if (preset === 'custom') {
      this.emit({ ...this.value, preset });
      return;
    }
    this.emit({ preset, ...presetRange(preset, today(this.timeZone)) });
  }

  chooseDates(fromInput, lastInput) {
    const from = fromInput || this.value.from;
    const last = lastInput || addDays(this.value.to, -1);
    if (from > last) return;
    this.emit({ ...this.value, preset: 'custom', from, to: addDays(last, 1) });
  }

  render() {
    const v = this.value || SbRangePicker.initial(this.timeZone);
    return html`
      <label>
        <span class="visually-hidden">${t('dash.range')}</span>
        <select data-testid="range-preset" aria-label=${t('dash.range')} @change=${(e) => this.choosePreset(e.target.value)}>
          ${[...Object.keys(PRESETS), 'custom'].map(
            (p) => html`<option value=${p} ?selected=${p === v.preset}>${t(`dash.preset.${p}`)}</option>`,
          )}
        </select>
      </label>
      ${v.preset === 'custom'
        ? html`
            <label>${t('dash.from')}
              <input type="date" data-testid="range-from" .value=${v.from} @change=${(e) => this.chooseDates(e.target.value, null)} />
            </label>
            <label>${t('dash.to')}
              <input type="date" data-testid="range-to" .value=${addDays(v.to, -1)} @change=${(e) => this.chooseDates(null, e.target.value)} />
            </label>
          `
        : ''}
      <div class="segmented" role="group" aria-label=${t('dash.groupBy')}>
        ${GROUPINGS.map(
          (g) => html`<button type="button" data-group=${g} aria-pressed=${g === v.groupBy ? 'true' : 'false'}
            @click=${() => this.emit({ ...v, groupBy: g })}>${t(`dash.group.${g}`)}</button>`,
        )}
      </div>
    `;
  }
}

customElements.define('sb-range-picker', SbRangePicker);

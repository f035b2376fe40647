import { LitElement, html, css } from 'lit';
import { Localized, t } from '../i18n/i18n.js';
import { shared } from './styles.js';

export const SHORTCUTS = [
  ['Alt+J', 'keys.next'],
  ['Alt+K', 'keys.prev'],
  ['Alt+R', 'keys.reply'],
  ['Alt+P', 'keys.note'],
  ['Alt+E', 'keys.resolve'],
  ['Alt+Shift+E', 'keys.resolveNext'],
  ['Alt+S', 'keys.snooze'],
  ['/', 'keys.search'],
  ['?', 'keys.help'],
];

/** The keyboard help overlay (?). */
class SbShortcuts extends Localized(LitElement) {
  static styles = [
    shared,
    css`
      dialog { border: 1px solid var(--sb-border); border-radius: 10px; padding: 18px 20px; min-width: 300px;
        box-shadow: 0 12px 40px rgba(20, 30, 50, .25); }
      dialog::backdrop { background: rgba(15, 20, 30, .35); }
      h2 { margin: 0 0 12px; font-size: 15px; }
      dl { display: grid; grid-template-columns: auto 1fr; gap: 8px 16px; margin: 0 0 16px; }
      dt kbd { font-family: var(--sb-mono); font-size: 12px; padding: 2px 6px; border: 1px solid var(--sb-border);
        border-bottom-width: 2px; border-radius: 4px; background: var(--sb-surface-alt); }
      dd { margin: 0; }
    `,
  ];

  toggle() {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }

  render() {
    return html`<dialog aria-labelledby="keys-title">
      <h2 id="keys-title">${t('keys.title')}</h2>
      <dl>${SHORTCUTS.map(([keys, label]) => html`<dt><kbd>${keys}</kbd></dt><dd>${t(label)}</dd>`)}</dl>
      <button class="primary" @click=${() => this.renderRoot.querySelector('dialog').close()}>${t('keys.close')}</button>
    </dialog>`;
  }
}

customElements.define('sb-shortcuts', SbShortcuts);

import { LitElement, html } from 'lit';
import { Localized, t } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { forms } from '../shell/forms.js';
import { screenLink } from '../shell/routes.js';
import './messages.js';
import './admin-channels.js';
import './admin-operators.js';
import './admin-teams.js';
import './admin-settings.js';

const SECTIONS = ['channels', 'operators', 'teams', 'settings'];

/**
 * The admin screens (#/admin/{section}): channels, operators, teams and routing, tenant settings. Only admins reach
 * them through the navigation (routes.js); the API refuses everyone else whatever the console shows.
 */
class SbAdmin extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    params: { attribute: false },
  };

  static styles = [shared, forms];

  section() {
    return SECTIONS.includes(this.params?.[0]) ? this.params[0] : 'channels';
  }

  renderSection(section) {
    switch (section) {
      case 'operators':
        return html`<sb-admin-operators .api=${this.api} .me=${this.me}></sb-admin-operators>`;
      case 'teams':
        return html`<sb-admin-teams .api=${this.api}></sb-admin-teams>`;
      case 'settings':
        return html`<sb-admin-settings .api=${this.api}></sb-admin-settings>`;
      default:
        return html`<sb-admin-channels .api=${this.api}></sb-admin-channels>`;
    }
  }

  render() {
    if (!this.api) return '';
    const current = this.section();
    return html`<div class="page">
      <div><h1>${t('admin.title')}</h1><p class="lead">${t('admin.lead')}</p></div>
      <nav class="tabs" aria-label=${t('admin.sections')}>
        ${SECTIONS.map(
          (s) => html`<a href=${screenLink('admin', s)} data-section=${s} aria-current=${s === current ? 'page' : 'false'}>${t(`admin.section.${s}`)}</a>`,
        )}
      </nav>
      ${this.renderSection(current)}
    </div>`;
  }
}

customElements.define('sb-admin', SbAdmin);

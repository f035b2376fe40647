import { LitElement, html, css } from 'lit';
import { Auth } from '../api/auth.js';
import { Api } from '../api/client.js';
import { LiveStream } from '../api/stream.js';
import { Localized, t, locales, currentLocale, setLocale } from '../i18n/i18n.js';
import { shared, initials, avatarColour } from './styles.js';
import { icon } from './icons.js';
import '../inbox/sb-inbox.js';
import '../conversation/sb-conversation.js';
import './sb-shortcuts.js';

/**
 * The console's frame: signs the operator in, holds the API client and the live stream every screen shares, and
 * routes between the inbox and a conversation (#/c/{id}).
 */
class SbApp extends Localized(LitElement) {
  static properties = {
    me: { state: true },
    operators: { state: true },
    route: { state: true },
    online: { state: true },
    failure: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: flex; flex-direction: column; height: 100vh; height: 100dvh; }
      header {
        flex: none; display: flex; align-items: center; gap: 12px; height: var(--sb-topbar); padding: 0 12px 0 14px;
        background: #161b26; color: #e9ecf2;
      }
      .brand { display: flex; align-items: center; gap: 8px; font-weight: 700; font-size: 15px; color: #fff; }
      .brand svg { width: 22px; height: 22px; color: #4f7cf0; }
      .spacer { flex: 1; }
      .offline { display: flex; align-items: center; gap: 6px; padding: 3px 9px; border-radius: 12px;
        background: #5c2a00; color: #ffd8b0; font-size: 12px; font-weight: 600; }
      header select { background: transparent; color: #e9ecf2; border-color: #3a4254; height: 28px; }
      header select option { color: #1b1f27; }
      .who { display: flex; align-items: center; gap: 8px; min-width: 0; }
      .who .text { display: flex; flex-direction: column; line-height: 1.2; min-width: 0; }
      .who .name { font-weight: 600; font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .who .meta { font-size: 11.5px; color: #a9b1c2; white-space: nowrap; }
      .avatar { width: 28px; height: 28px; font-size: 11px; }
      header button.ghost { color: #e9ecf2; }
      header button.ghost:hover { background: #262d3d; }
      main { flex: 1; display: flex; min-height: 0; }
      sb-inbox { flex: none; width: 400px; border-right: 1px solid var(--sb-border); }
      sb-conversation { flex: 1; min-width: 0; }
      .loading, .failure { margin: auto; color: var(--sb-muted); text-align: center; }
      .failure strong { display: block; color: var(--sb-danger); margin-bottom: 6px; }
      @media (max-width: 760px) {
        .who .text, .lang { display: none; }
        sb-inbox { width: 100%; border-right: 0; }
        main.reading sb-inbox, main:not(.reading) sb-conversation { display: none; }
      }
    `,
  ];

  constructor() {
    super();
    this.route = parseRoute();
    this.online = true;
    window.addEventListener('hashchange', () => (this.route = parseRoute()));
    window.addEventListener('keydown', (e) => this.shortcut(e));
  }

  /** Keyboard first: see sb-shortcuts for the list the help overlay shows. */
  shortcut(e) {
    if (!this.me) return;
    const inbox = this.renderRoot.querySelector('sb-inbox');
    const conversation = this.renderRoot.querySelector('sb-conversation');
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.composedPath()[0]?.tagName || '');
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const action = {
        KeyJ: () => this.open(inbox.neighbour(1)),
        KeyK: () => this.open(inbox.neighbour(-1)),
        KeyR: () => conversation.focusComposer('REPLY'),
        KeyP: () => conversation.focusComposer('NOTE'),
        KeyE: () => conversation.resolve(),
      }[e.code];
      if (action) {
        e.preventDefault();
        action();
      }
    } else if (!typing && e.key === '/') {
      e.preventDefault();
      inbox.focusSearch();
    } else if (!typing && e.key === '?') {
      e.preventDefault();
      this.renderRoot.querySelector('sb-shortcuts').toggle();
    }
  }

  open(id) {
    if (id) location.hash = `#/c/${encodeURIComponent(id)}`;
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.auth = await Auth.start();
      this.api = new Api(this.auth);
      this.stream = new LiveStream(this.auth);
      this.stream.addEventListener('online', () => (this.online = true));
      this.stream.addEventListener('offline', () => (this.online = false));
      const [me, operators] = await Promise.all([this.api.me(), this.api.operators()]);
      this.operators = Object.fromEntries(operators.items.map((o) => [o.id, o]));
      this.me = me;
      this.stream.start();
    } catch (e) {
      this.failure = e.message || String(e);
    }
  }

  render() {
    if (this.failure) {
      return html`<div class="failure" role="alert"><strong>${t('app.error')}</strong>${this.failure}</div>`;
    }
    if (!this.me) return html`<div class="loading">${t('app.loading')}</div>`;
    const reading = this.route.conversation != null;
    return html`
      <header>
        <div class="brand">${icon('logo')}<span>${t('app.title')}</span></div>
        <div class="spacer"></div>
        ${this.online ? '' : html`<div class="offline" role="status">${icon('alert')}${t('app.offline')}</div>`}
        <label class="lang">
          <span class="visually-hidden">${t('app.language')}</span>
          <select @change=${(e) => setLocale(e.target.value)} aria-label=${t('app.language')}>
            ${locales.map((l) => html`<option value=${l} ?selected=${l === currentLocale()}>${l.toUpperCase()}</option>`)}
          </select>
        </label>
        <div class="who" data-testid="operator">
          <span class="avatar" style="background:${avatarColour(this.me.id)}" aria-hidden="true">${initials(this.me.name)}</span>
          <div class="text">
            <span class="name">${this.me.name}</span>
            <span class="meta">${this.me.tenant} · ${this.me.roles.join(', ')}</span>
          </div>
        </div>
        <button class="ghost" data-action="sign-out" @click=${() => this.auth.signOut()}>${t('app.signOut')}</button>
      </header>
      <main class=${reading ? 'reading' : ''}>
        <sb-inbox
          .api=${this.api}
          .me=${this.me}
          .operators=${this.operators}
          .stream=${this.stream}
          .selected=${this.route.conversation}
        ></sb-inbox>
        <sb-conversation
          .api=${this.api}
          .me=${this.me}
          .operators=${this.operators}
          .stream=${this.stream}
          .conversationId=${this.route.conversation}
          @navigate=${(e) => (location.hash = e.detail)}
        ></sb-conversation>
      </main>
      <sb-shortcuts></sb-shortcuts>
    `;
  }
}

/** #/c/{id} opens a conversation; anything else is the inbox alone. */
function parseRoute() {
  const [screen, id] = location.hash.replace(/^#\/?/, '').split('/');
  return { conversation: screen === 'c' && id ? decodeURIComponent(id) : null };
}

customElements.define('sb-app', SbApp);

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
import { screens, visibleScreens, allowed, landingScreen, parseRoute, screenLink } from './routes.js';

/**
 * The console's frame: signs the operator in, holds the API client and the live stream every screen shares, shows
 * the navigation of the screens the user's roles allow (routes.js), and routes between them: the inbox with a
 * conversation (#/c/{id}) or any other screen (#/{path}/...), loaded the first time it is opened.
 */
class SbApp extends Localized(LitElement) {
  static properties = {
    me: { state: true },
    operators: { state: true },
    route: { state: true },
    online: { state: true },
    availabilityProblem: { state: true },
    failure: { state: true },
    loaded: { state: true },
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
      .availability { position: relative; display: flex; align-items: center; }
      .availability select { padding-left: 22px; }
      .availability .dot { position: absolute; left: 9px; width: 8px; height: 8px; border-radius: 50%; pointer-events: none; }
      .dot.ONLINE { background: #2fb36d; }
      .dot.AWAY { background: #e0a31a; }
      .dot.OFFLINE { background: #7d8597; }
      header button.ghost { color: #e9ecf2; }
      .sign-out svg.icon { display: none; }
      header button.ghost:hover { background: #262d3d; }
      nav { display: flex; align-items: center; gap: 2px; margin-left: 14px; min-width: 0; overflow-x: auto; }
      nav a { display: flex; align-items: center; gap: 6px; height: 30px; padding: 0 10px; border-radius: var(--sb-radius);
        color: #c9cfdb; text-decoration: none; font-size: 13px; font-weight: 500; white-space: nowrap; }
      nav a:hover { background: #262d3d; color: #fff; }
      nav a[aria-current='page'] { background: #2a3347; color: #fff; }
      nav.group { flex: none; margin: 0; padding: 6px 12px; gap: 4px; background: var(--sb-surface);
        border-bottom: 1px solid var(--sb-border); }
      nav.group a { color: var(--sb-muted); }
      nav.group a:hover { background: var(--sb-hover); color: var(--sb-text); }
      nav.group a[aria-current='page'] { background: var(--sb-accent-soft); color: var(--sb-accent); }
      main { flex: 1; display: flex; min-height: 0; }
      main > .screen { flex: 1; min-width: 0; overflow: auto; }
      sb-inbox { flex: none; width: 400px; border-right: 1px solid var(--sb-border); }
      sb-conversation { flex: 1; min-width: 0; }
      .loading, .failure { margin: auto; color: var(--sb-muted); text-align: center; }
      .failure strong { display: block; color: var(--sb-danger); margin-bottom: 6px; }
      @media (max-width: 760px) {
        .who .text, .lang, .brand span { display: none; }
        .availability select { width: 34px; padding-right: 0; color: transparent; }
        header nav a span, .sign-out span { display: none; }
        .sign-out svg.icon { display: block; }
        header nav a, .sign-out { padding: 0 8px; }
        nav { scrollbar-width: none; }
        nav.group a:not([aria-current='page']) span { display: none; }
        sb-inbox { width: 100%; border-right: 0; }
        main.reading sb-inbox, main:not(.reading) sb-conversation { display: none; }
      }
    `,
  ];

  constructor() {
    super();
    this.route = parseRoute();
    this.online = true;
    this.loaded = new Set(['inbox']);
    window.addEventListener('hashchange', () => (this.route = parseRoute()));
    window.addEventListener('keydown', (e) => this.shortcut(e));
    // A screen changed an operator (a manager's availability select): the top bar and the other screens follow.
    this.addEventListener('operator-changed', (e) => (this.operators = { ...this.operators, [e.detail.id]: e.detail }));
  }

  /** Keyboard first: see sb-shortcuts for the list the help overlay shows. */
  shortcut(e) {
    if (!this.me || this.current()?.path !== 'inbox') return;
    const inbox = this.renderRoot.querySelector('sb-inbox');
    const conversation = this.renderRoot.querySelector('sb-conversation');
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.composedPath()[0]?.tagName || '');
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const action = {
        KeyJ: () => this.open(inbox.neighbour(1)),
        KeyK: () => this.open(inbox.neighbour(-1)),
        KeyR: () => conversation.focusComposer('REPLY'),
        KeyP: () => conversation.focusComposer('NOTE'),
        KeyE: () => (e.shiftKey ? this.resolveAndNext() : conversation.resolve()),
        KeyS: () => conversation.openSnoozeMenu(),
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

  /** Resolve the open conversation, then open the next one of the list (Alt+Shift+E, or its button). */
  async resolveAndNext() {
    const inbox = this.renderRoot.querySelector('sb-inbox');
    const conversation = this.renderRoot.querySelector('sb-conversation');
    const current = this.route.conversation;
    if (!current) return;
    const next = inbox.after(current);
    if ((await conversation.resolve()) && this.route.conversation === current) {
      if (next) this.open(next);
      else location.hash = '';
    }
  }

  /**
   * The operator's availability beside their name: only ONLINE operators get conversations by auto-assignment, so
   * an agent says here when they take work (AWAY for a break, OFFLINE at the end of the day).
   */
  renderAvailability() {
    const current = this.operators?.[this.me.id]?.availability || 'OFFLINE';
    return html`${this.availabilityProblem ? html`<div class="offline" role="alert">${icon('alert')}${this.availabilityProblem}</div>` : ''}<label class="availability" title=${t('app.availability.help')}>
      <span class="dot ${current}" aria-hidden="true"></span>
      <span class="visually-hidden">${t('app.availability')}</span>
      <select data-testid="availability" aria-label=${t('app.availability')} @change=${(e) => this.setAvailability(e.target.value, e.target)}>
        ${['ONLINE', 'AWAY', 'OFFLINE'].map((a) => html`<option value=${a} ?selected=${a === current}>${t(`app.availability.${a}`)}</option>`)}
      </select>
    </label>`;
  }

  async setAvailability(availability, select) {
    try {
      const operator = await this.api.setMyAvailability(availability);
      this.operators = { ...this.operators, [operator.id]: operator };
    } catch (e) {
      // Unchanged on the server: show what is true, and why.
      select.value = this.operators?.[this.me.id]?.availability || 'OFFLINE';
      this.availabilityProblem = `${t('app.availability.failed')} ${e.message || e}`;
      setTimeout(() => (this.availabilityProblem = null), 8000);
    }
  }

  open(id) {
    if (id) location.hash = `#/c/${encodeURIComponent(id)}`;
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.auth = await Auth.start();
      // Sign-in went through Keycloak and back: the route the page was opened on (a conversation's link, a reload)
      // is restored without a hashchange.
      this.route = parseRoute();
      this.api = new Api(this.auth);
      this.stream = new LiveStream(this.auth);
      this.stream.addEventListener('online', () => (this.online = true));
      this.stream.addEventListener('offline', () => (this.online = false));
      const [me, operators] = await Promise.all([this.api.me(), this.api.operators()]);
      this.operators = Object.fromEntries(operators.items.map((o) => [o.id, o]));
      this.me = me;
      this.stream.start();
      // The operator's own availability may change elsewhere: a manager sets it, or the service sets AWAY after
      // every console closed. Read again when the stream (re)connects and every minute while the console is seen.
      this.stream.addEventListener('online', () => this.refreshOperator(this.me.id));
      this.availabilityTimer = setInterval(() => {
        if (document.visibilityState === 'visible') this.refreshOperator(this.me.id);
      }, 60000);
    } catch (e) {
      this.failure = e.message || String(e);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.availabilityTimer);
  }

  async refreshOperator(id) {
    try {
      const operator = await this.api.operator(id);
      this.operators = { ...this.operators, [operator.id]: operator };
    } catch {
      // Offline or signed out: the stream's state says so; the next refresh tries again.
    }
  }

  /** The screen the route names, or the user's landing screen at #/ and on unknown paths. */
  current() {
    if (!this.me) return null;
    const named = screens.find((s) => s.path === this.route.screen);
    return named || landingScreen(this.me.roles);
  }

  /** Fetches a screen's code the first time it is shown. */
  load(screen) {
    if (this.loaded.has(screen.path) || !screen.load) return;
    screen
      .load()
      .then(() => (this.loaded = new Set([...this.loaded, screen.path])))
      .catch((e) => (this.failure = `${t('app.screenFailed')} ${e.message || e}`));
  }

  /** The screens of the current screen's group (the reports), as tabs under the top bar; nothing for one screen. */
  renderGroup(screen, visible) {
    const members = screen.group ? visible.filter((s) => s.group === screen.group) : [];
    if (members.length < 2) return '';
    return html`<nav class="group" aria-label=${t(`nav.group.${screen.group}`)}>
      ${members.map(
        (s) => html`<a href=${screenLink(s.path)} data-screen=${s.path}
          aria-current=${s === screen ? 'page' : 'false'}>${icon(s.icon)}<span>${t(s.label)}</span></a>`,
      )}
    </nav>`;
  }

  renderScreen(screen) {
    if (!allowed(screen, this.me.roles)) {
      return html`<div class="failure" role="alert" data-testid="forbidden">
        <strong>${t('app.forbidden', { role: screen.role, roles: this.me.roles.join(', ') })}</strong>
      </div>`;
    }
    if (screen.path === 'inbox') {
      return html`
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
          @resolve-next=${() => this.resolveAndNext()}
        ></sb-conversation>
      `;
    }
    this.load(screen);
    if (!this.loaded.has(screen.path)) return html`<div class="loading">${t('app.loading')}</div>`;
    // One element per screen, kept while the console runs, so its state (range, filters) survives navigation.
    this._screens ??= new Map();
    let el = this._screens.get(screen.path);
    if (!el) {
      el = document.createElement(screen.tag);
      el.classList.add('screen');
      this._screens.set(screen.path, el);
    }
    Object.assign(el, {
      api: this.api,
      me: this.me,
      operators: this.operators,
      stream: this.stream,
      params: this.route.params,
    });
    return el;
  }

  render() {
    if (this.failure) {
      return html`<div class="failure" role="alert"><strong>${t('app.error')}</strong>${this.failure}</div>`;
    }
    if (!this.me) return html`<div class="loading">${t('app.loading')}</div>`;
    const reading = this.route.conversation != null;
    const screen = this.current();
    const visible = visibleScreens(this.me.roles);
    return html`
      <header>
        <div class="brand">${icon('logo')}<span>${t('app.title')}</span></div>
        ${visible.length > 1
          ? html`<nav aria-label=${t('app.nav')}>
              ${navEntries(visible).map((s) => {
                const current = s === screen || (s.group && s.group === screen.group);
                return html`<a href=${screenLink(s.path)} data-screen=${s.path}
                  aria-current=${current ? 'page' : 'false'}>${icon(s.group ? 'chart' : s.icon)}<span
                    >${t(s.group ? `nav.group.${s.group}` : s.label)}</span></a>`;
              })}
            </nav>`
          : ''}
        <div class="spacer"></div>
        ${this.online ? '' : html`<div class="offline" role="status">${icon('alert')}${t('app.offline')}</div>`}
        <label class="lang">
          <span class="visually-hidden">${t('app.language')}</span>
          <select @change=${(e) => setLocale(e.target.value)} aria-label=${t('app.language')}>
            ${locales.map((l) => html`<option value=${l} ?selected=${l === currentLocale()}>${l.toUpperCase()}</option>`)}
          </select>
        </label>
        ${this.renderAvailability()}
        <div class="who" data-testid="operator">
          <span class="avatar" style="background:${avatarColour(this.me.id)}" aria-hidden="true">${initials(this.me.name)}</span>
          <div class="text">
            <span class="name">${this.me.name}</span>
            <span class="meta">${this.me.tenant} · ${this.me.roles.join(', ')}</span>
          </div>
        </div>
        <button class="ghost sign-out" data-action="sign-out" aria-label=${t('app.signOut')} @click=${() => this.auth.signOut()}
          >${icon('signOut')}<span>${t('app.signOut')}</span></button>
      </header>
      ${this.renderGroup(screen, visible)}
      <main class=${reading ? 'reading' : ''} data-screen=${screen.path}>
        ${this.renderScreen(screen)}
      </main>
      <sb-shortcuts></sb-shortcuts>
    `;
  }
}

customElements.define('sb-app', SbApp);

/** The top bar's entries: each screen, but a group of screens (the reports) once, as its first visible screen. */
function navEntries(visible) {
  const seen = new Set();
  return visible.filter((s) => {
    if (!s.group) return true;
    if (seen.has(s.group)) return false;
    seen.add(s.group);
    return true;
  });
}

import Keycloak from 'keycloak-js';

/**
 * Sign-in with Keycloak: authorization code with PKCE (S256) through the realm's public client. Tokens live in
 * this object's memory only; a reload signs in again through Keycloak's session (no password asked while it lasts).
 * keycloak-js keeps only the short-lived state of a login in progress (state, nonce, PKCE verifier) in storage.
 */
export class Auth {
  static async start() {
    const config = await (await fetch('/console/config.json', { cache: 'no-store' })).json();
    const server = new URL(config.authServerUrl);
    const at = server.pathname.indexOf('/realms/');
    const keycloak = new Keycloak({
      url: server.origin + server.pathname.slice(0, at),
      realm: decodeURIComponent(server.pathname.slice(at + '/realms/'.length).split('/')[0]),
      clientId: config.clientId,
    });
    const route = location.hash;
    if (route && !route.includes('state=')) sessionStorage.setItem('sb.route', route);
    await keycloak.init({
      onLoad: 'login-required',
      pkceMethod: 'S256',
      checkLoginIframe: false,
      redirectUri: location.origin + '/',
    });
    const saved = sessionStorage.getItem('sb.route');
    sessionStorage.removeItem('sb.route');
    if (saved && !location.hash) history.replaceState(null, '', saved);
    return new Auth(keycloak);
  }

  constructor(keycloak) {
    this.keycloak = keycloak;
    // Silent refresh: the access token is renewed with the refresh token before it runs out.
    keycloak.onTokenExpired = () => this.token().catch(() => {});
    this.refresher = setInterval(() => this.token().catch(() => {}), 30_000);
  }

  /** A valid access token, refreshed when it has less than 30 s left; a lost session signs in again. */
  async token() {
    try {
      await this.keycloak.updateToken(30);
    } catch (e) {
      await this.keycloak.login();
      throw e;
    }
    return this.keycloak.token;
  }

  get claims() {
    return this.keycloak.tokenParsed || {};
  }

  signOut() {
    clearInterval(this.refresher);
    return this.keycloak.logout({ redirectUri: location.origin + '/' });
  }
}

import { t } from '../i18n/i18n.js';

/** A problem document (RFC 9457) from the API, or a network failure, as an Error with a readable message. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || t('app.error'));
    this.status = status;
    this.problem = problem;
  }
}

/**
 * The one way the console talks to the API: bearer token, JSON, problem documents, the ETag of what it read and
 * an Idempotency-Key for sends. Components never call fetch themselves.
 */
export class Api {
  constructor(auth, base = '/api/v1') {
    this.auth = auth;
    this.base = base;
  }

  url(path, query) {
    const url = new URL(this.base + path, location.origin);
    for (const [name, value] of Object.entries(query || {})) {
      if (value === undefined || value === null || value === '') continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
    }
    return url;
  }

  async request(method, path, options = {}) {
    // A 503 with Retry-After (a read shed under load, a write the database rolled back) is asked again after the
    // wait it names, twice at most and only for short waits: the operator sees the answer a moment later instead of
    // an error. Reads, and sends that carry an Idempotency-Key (a repeat gets the reply the first one stored, if it
    // did), may be asked twice; other writes are left to the operator.
    const repeatable = method === 'GET' || Boolean(options.headers && options.headers['Idempotency-Key']);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce(method, path, options);
      } catch (e) {
        const wait = e.retryAfter == null ? NaN : Number(e.retryAfter);
        if (!repeatable || e.status !== 503 || attempt >= 2 || !(wait >= 0 && wait <= 10)) throw e;
        await new Promise((resolve) => setTimeout(resolve, wait * 1000 + Math.random() * 250));
      }
    }
  }

  async requestOnce(method, path, { query, body, headers = {}, keepalive = false } = {}) {
    const token = await this.auth.token();
    const init = {
      method,
      keepalive,
      // Always the server's current answer: a conversation's ETag is its version, which leaves out presence
      // (workingNow), so a browser revalidating with If-None-Match would be told 304 and show who worked before.
      cache: 'no-store',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...headers },
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(this.url(path, query), init);
    } catch (e) {
      throw new ApiError(0, { title: e.message });
    }
    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch {
        problem = { title: response.statusText, status: response.status };
      }
      const error = new ApiError(response.status, problem);
      error.retryAfter = response.headers.get('Retry-After');
      throw error;
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    return { data, etag: response.headers.get('ETag') };
  }

  async get(path, query) {
    return (await this.request('GET', path, { query })).data;
  }

  /** A link the API gave (a report row's drill-down, '/api/v1/...'), read as JSON, with query values added. */
  follow(link, query) {
    const url = new URL(link, location.origin);
    const params = Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)]));
    return this.get(url.pathname.replace(this.base, ''), { ...params, ...query });
  }

  /** A report (channel-costs, operator-workload, ...) as JSON. */
  report(name, query) {
    return this.get(`/reports/${name}`, query);
  }

  /** A report in the API's CSV form (Accept: text/csv), as text. */
  async reportCsv(name, query) {
    return (await this.csvResponse(`/reports/${name}`, query)).text();
  }

  async csvResponse(path, query) {
    const token = await this.auth.token();
    const response = await fetch(this.url(path, query), {
      cache: 'no-store',
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/csv' },
    });
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    return response;
  }

  /** The tenant right now: conversations per channel, operators' load, the longest waits (managers). */
  overview() {
    return this.get('/overview');
  }

  /** The tenant's settings (time zone), for managers. */
  tenantSettings() {
    return this.get('/settings/tenant');
  }

  me() {
    return this.get('/me');
  }

  operators() {
    return this.get('/operators', { limit: 200 });
  }

  /** The tenant's teams (read by every operator; changed by managers). */
  teams() {
    return this.get('/teams', { limit: 200 });
  }

  conversations(query) {
    return this.get('/conversations', query);
  }

  conversation(id) {
    return this.request('GET', `/conversations/${encodeURIComponent(id)}`);
  }

  messages(id, cursor) {
    return this.get(`/conversations/${encodeURIComponent(id)}/messages`, { limit: 50, cursor });
  }

  /** A reply or a note; a reply with `sendAt` (ISO instant) is scheduled. */
  send(id, type, text, sendAt) {
    return this.request('POST', `/conversations/${encodeURIComponent(id)}/messages`, {
      body: sendAt ? { type, text, sendAt } : { type, text },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
  }

  cancelReply(id, messageId) {
    return this.request('POST', `/conversations/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}/cancel`);
  }

  contact(id) {
    return this.get(`/contacts/${encodeURIComponent(id)}`);
  }

  update(id, changes, etag) {
    return this.request('PATCH', `/conversations/${encodeURIComponent(id)}`, {
      body: changes,
      headers: etag ? { 'If-Match': etag } : {},
    });
  }

  assign(id, operatorId) {
    return this.request('PUT', `/conversations/${encodeURIComponent(id)}/assignee`, { body: { operatorId } });
  }

  /** Hands the conversation to a team (null: out of any team's queue). */
  assignTeam(id, teamId) {
    return this.request('PUT', `/conversations/${encodeURIComponent(id)}/team`, { body: { teamId } });
  }

  markRead(id) {
    return this.request('POST', `/conversations/${encodeURIComponent(id)}/read`);
  }

  heartbeat(id) {
    return this.request('POST', `/conversations/${encodeURIComponent(id)}/work/heartbeat`);
  }

  stopWork(id) {
    return this.request('POST', `/conversations/${encodeURIComponent(id)}/work/stop`, { keepalive: true });
  }

  // Publishing (scheduling): posts, the calendar, the composer's channels and audience counts.

  postWorkHeartbeat(id) {
    return this.request('POST', `/posts/${encodeURIComponent(id)}/work/heartbeat`);
  }

  stopPostWork(id) {
    return this.request('POST', `/posts/${encodeURIComponent(id)}/work/stop`, { keepalive: true });
  }

  publishingChannels() {
    return this.get('/posts/channels');
  }

  publishingSettings() {
    return this.get('/settings/publishing');
  }

  calendar(from, to) {
    return this.get('/posts', { from, to });
  }

  posts(query) {
    return this.get('/posts', query);
  }

  post(id) {
    return this.request('GET', `/posts/${encodeURIComponent(id)}`);
  }

  createPost(body) {
    return this.request('POST', '/posts', { body, headers: { 'Idempotency-Key': crypto.randomUUID() } });
  }

  updatePost(id, body, version) {
    return this.request('PATCH', `/posts/${encodeURIComponent(id)}`, { body, headers: ifMatch(version) });
  }

  deletePost(id, version) {
    return this.request('DELETE', `/posts/${encodeURIComponent(id)}`, { headers: ifMatch(version) });
  }

  /** submit, approve or cancel. */
  postAction(id, action, version) {
    return this.request('POST', `/posts/${encodeURIComponent(id)}/${action}`, { headers: ifMatch(version) });
  }

  sendBackPost(id, comment, version) {
    return this.request('POST', `/posts/${encodeURIComponent(id)}/send-back`, { body: { comment }, headers: ifMatch(version) });
  }

  audienceCount(channelId, label) {
    return this.get('/posts/audience', { channelId, label });
  }

  // Writes for the manual time entries and the admin screens: the answer's body, problems thrown as ApiError.
  async write(method, path, body) {
    return (await this.request(method, path, { body })).data;
  }

  workSessions(query) {
    return this.get('/work-sessions', query);
  }

  logWork(entry) {
    return this.write('POST', '/work-sessions', entry);
  }

  updateWorkSession(id, changes) {
    return this.write('PATCH', `/work-sessions/${encodeURIComponent(id)}`, changes);
  }

  deleteWorkSession(id) {
    return this.write('DELETE', `/work-sessions/${encodeURIComponent(id)}`);
  }

  workSessionHistory(id) {
    return this.get(`/work-sessions/${encodeURIComponent(id)}/history`);
  }

  channelKinds() {
    return this.get('/channel-kinds');
  }

  channels(cursor) {
    return this.get('/channels', { limit: 200, cursor });
  }

  createChannel(channel) {
    return this.write('POST', '/channels', channel);
  }

  updateChannel(id, changes) {
    return this.write('PATCH', `/channels/${encodeURIComponent(id)}`, changes);
  }

  disableChannel(id) {
    return this.write('DELETE', `/channels/${encodeURIComponent(id)}`);
  }

  channelRouting(id) {
    return this.get(`/channels/${encodeURIComponent(id)}/routing`);
  }

  setChannelRouting(id, routing) {
    return this.write('PUT', `/channels/${encodeURIComponent(id)}/routing`, routing);
  }

  createTeam(team) {
    return this.write('POST', '/teams', team);
  }

  updateTeam(id, changes) {
    return this.write('PATCH', `/teams/${encodeURIComponent(id)}`, changes);
  }

  operatorRates(id) {
    return this.get(`/operators/${encodeURIComponent(id)}/rates`, { limit: 200 });
  }

  updateOperator(id, changes) {
    return this.write('PATCH', `/operators/${encodeURIComponent(id)}`, changes);
  }

  setMyAvailability(availability) {
    return this.write('PUT', '/operators/me/availability', { availability });
  }

  /** Another operator's availability, for managers (an operator who left without saying so). */
  setOperatorAvailability(id, availability) {
    return this.write('PUT', `/operators/${encodeURIComponent(id)}/availability`, { availability });
  }

  operator(id) {
    return this.get(`/operators/${encodeURIComponent(id)}`);
  }

  /** One of the tenant's settings documents: tenant, publishing, limits or capacity. */
  settings(name) {
    return this.get(`/settings/${name}`);
  }

  /** The workspace's weekly opening hours ({monday: [{open, close}], ...}); answers the tenant settings. */
  putBusinessHours(hours) {
    return this.write('PUT', '/settings/tenant/business-hours', hours);
  }

  /** No business hours: always open. */
  deleteBusinessHours() {
    return this.write('DELETE', '/settings/tenant/business-hours');
  }

  putSettings(name, settings) {
    return this.write(name === 'capacity' ? 'PATCH' : 'PUT', `/settings/${name}`, settings);
  }
}

function ifMatch(version) {
  return version == null ? {} : { 'If-Match': `"${version}"` };
}

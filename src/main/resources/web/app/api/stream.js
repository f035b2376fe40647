/**
 * The API's live event stream, read with fetch so that it carries the bearer token (EventSource cannot). Events are
 * dispatched as 'live' CustomEvents ({type, conversationId, messageId}); 'online' and 'offline' tell the connection's
 * state. Every event (and the id-only message a stream opens with) carries its position in the server's event log;
 * the stream reconnects with the last one in Last-Event-ID, and the server first sends what was missed meanwhile, so
 * nothing needs reloading. When it cannot (the connection was down longer than its retention, 15 minutes by
 * default), it sends one 'resync' event, dispatched as a 'resync' Event: lists reload then. The server ends each
 * stream when the access token it was opened with expires; the stream then reconnects with a fresh token.
 */
export class LiveStream extends EventTarget {
  constructor(auth, path = '/api/v1/stream') {
    super();
    this.auth = auth;
    this.path = path;
    this.online = false;
    this.lastEventId = null;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.loop();
  }

  stop() {
    this.running = false;
    this.controller?.abort();
  }

  async loop() {
    let delay = 1000;
    while (this.running) {
      let ended = false;
      try {
        // A fresh token each time: the server ends the stream when the token it was opened with expires, and
        // auth.token() renews one that has less than 30 s left.
        const token = await this.auth.token();
        this.controller = new AbortController();
        const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
        if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
        const response = await fetch(this.path, { headers, signal: this.controller.signal, cache: 'no-store' });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        this.setOnline(true);
        delay = 1000;
        const opened = Date.now();
        await this.read(response.body);
        // A stream that ends at once again and again is an outage, and backs off like one.
        ended = Date.now() - opened > 5000;
      } catch (e) {
        if (!this.running) break;
      }
      if (ended && this.running) {
        // The server ended the stream (its token expired, or the server shuts down): connect again at once,
        // without showing the operator an outage; it resumes after the last event received.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 250));
        continue;
      }
      this.setOnline(false);
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * 500));
      delay = Math.min(delay * 2, 30_000);
    }
  }

  async read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        this.parse(block);
      }
    }
  }

  parse(block) {
    let name = 'message';
    let id = null;
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    // An id without data names the stream's position; it is kept like an event's.
    if (id) this.lastEventId = id;
    if (!data.length) return;
    if (name === 'resync') {
      this.dispatchEvent(new Event('resync'));
      return;
    }
    let detail;
    try {
      detail = JSON.parse(data.join('\n'));
    } catch {
      return;
    }
    this.dispatchEvent(new CustomEvent('live', { detail: { type: detail.type || name, ...detail } }));
  }

  setOnline(online) {
    if (this.online === online) return;
    this.online = online;
    this.dispatchEvent(new Event(online ? 'online' : 'offline'));
  }
}

import { LitElement, html, css } from 'lit';
import { Localized, t, currentLocale } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { screenLink } from '../shell/routes.js';
import { wallClock, instantOf, isoDate, addDays, weekday, pad, zones } from './zones.js';
import { measure } from './limits.js';
import { WorkClock } from '../time/work-clock.js';
import './messages.js';

const EDITABLE = ['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED'];

/**
 * Publishing: the calendar of posts (month and week, in the workspace's time zone, recurring posts expanded by the
 * API), drafts, the approval queue (managers), the composer (one text per target, each channel's limits counted as
 * the API counts them, media, schedule and recurrence in a chosen zone, a broadcast's recipients before sending) and
 * a post's page (per-target status, provider ids, errors, engagement; the broadcast's deliveries).
 *
 * Routes: #/publishing (calendar), #/publishing/drafts, #/publishing/queue, #/publishing/new,
 * #/publishing/post/{id}, #/publishing/edit/{id}.
 */
class SbPublishing extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    me: { attribute: false },
    operators: { attribute: false },
    stream: { attribute: false },
    params: { attribute: false },
    context: { state: true },
    view: { state: true },
    anchor: { state: true },
    entries: { state: true },
    list: { state: true },
    post: { state: true },
    audienceNow: { state: true },
    form: { state: true },
    problems: { state: true },
    busy: { state: true },
    error: { state: true },
    approvalRequired: { state: true },
    sendingBack: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; background: var(--sb-bg); }
      .page { max-width: 1200px; margin: 0 auto; padding: 16px 20px 40px; }
      h1 { font-size: 20px; margin: 0; }
      h2 { font-size: 15px; margin: 0 0 8px; }
      .head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
      nav.tabs { display: flex; gap: 2px; flex-wrap: wrap; }
      nav.tabs a { display: inline-flex; align-items: center; height: 32px; padding: 0 12px; border-radius: var(--sb-radius);
        color: var(--sb-muted); text-decoration: none; font-weight: 600; font-size: 13px; }
      nav.tabs a:hover { background: var(--sb-hover); color: var(--sb-text); }
      nav.tabs a[aria-current='page'] { background: var(--sb-accent-soft); color: var(--sb-accent); }
      nav.tabs a.primary { background: var(--sb-accent); color: var(--sb-accent-text); margin-left: 6px; }
      .spacer { flex: 1; }
      .card { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: 8px; padding: 14px 16px; }
      .card + .card { margin-top: 12px; }
      .toolbar { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 10px; }
      .toolbar .period { font-weight: 700; font-size: 15px; min-width: 12ch; }
      .seg { display: inline-flex; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); overflow: hidden; }
      .seg button { border: 0; border-radius: 0; height: 28px; }
      .seg button[aria-pressed='true'] { background: var(--sb-accent-soft); color: var(--sb-accent); }
      .grid { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); border-left: 1px solid var(--sb-border);
        border-top: 1px solid var(--sb-border); background: var(--sb-surface); border-radius: 8px; overflow: hidden; }
      .dow { padding: 6px 8px; font-size: 12px; font-weight: 600; color: var(--sb-muted); border-right: 1px solid var(--sb-border);
        border-bottom: 1px solid var(--sb-border); background: var(--sb-surface-alt); }
      .day { min-height: 110px; padding: 4px 5px 6px; border-right: 1px solid var(--sb-border); border-bottom: 1px solid var(--sb-border);
        display: flex; flex-direction: column; gap: 3px; min-width: 0; }
      .week .day { min-height: 360px; }
      .day.other { background: var(--sb-surface-alt); }
      .day.other .num { color: #8a93a3; }
      .day .num { font-size: 12px; font-weight: 600; color: var(--sb-muted); }
      .day.today .num { color: var(--sb-accent-text); background: var(--sb-accent); border-radius: 10px; padding: 0 6px; align-self: flex-start; }
      a.entry { display: flex; flex-direction: column; gap: 1px; padding: 3px 6px; border-radius: 5px; text-decoration: none; color: var(--sb-text);
        background: var(--sb-accent-soft); border-left: 3px solid var(--sb-accent); font-size: 12px; min-width: 0; }
      a.entry:hover { filter: brightness(.97); }
      a.entry .line { display: flex; align-items: center; gap: 4px; min-width: 0; }
      a.entry .time { font-weight: 700; font-variant-numeric: tabular-nums; }
      a.entry .text { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      a.entry svg.icon { width: 13px; height: 13px; }
      a.entry.PENDING_APPROVAL { background: #fff1d6; border-left-color: #b57600; }
      a.entry.PUBLISHED { background: #e3f4ea; border-left-color: var(--sb-success); }
      a.entry.FAILED, a.entry.PARTIALLY_FAILED, a.entry.MISSED { background: #fde7e4; border-left-color: var(--sb-danger); }
      a.entry.past { opacity: .85; }
      .week a.entry .text { white-space: normal; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; }
      .note { font-size: 12.5px; color: var(--sb-muted); }
      .pill.DRAFT { background: #eceef2; color: #3d4452; }
      .pill.PENDING_APPROVAL { background: #fff1d6; color: var(--sb-warning); }
      .pill.SCHEDULED { background: var(--sb-accent-soft); color: var(--sb-accent); }
      .pill.PUBLISHING { background: #ece8fb; color: #5a3fc0; }
      .pill.PUBLISHED, .pill.SENT, .pill.DELIVERED { background: #e3f4ea; color: var(--sb-success); }
      .pill.FAILED, .pill.PARTIALLY_FAILED, .pill.MISSED { background: #fde7e4; color: var(--sb-danger); }
      label.field { display: flex; flex-direction: column; gap: 4px; font-size: 12.5px; font-weight: 600; color: var(--sb-muted); }
      input[type='date'], input[type='time'], input[type='number'], input[type='url'], input[type='text'] {
        height: 32px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); background: var(--sb-surface);
        padding: 0 8px; font-size: 13.5px; color: var(--sb-text); min-width: 0; }
      select { height: 32px; }
      textarea { width: 100%; min-height: 90px; resize: vertical; padding: 8px 10px; border: 1px solid var(--sb-border);
        border-radius: var(--sb-radius); font: inherit; font-size: 14px; line-height: 1.45; color: var(--sb-text); }
      .composer { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr); gap: 12px; align-items: start; }
      .row { display: flex; gap: 10px; flex-wrap: wrap; align-items: flex-end; }
      .row > * { flex: 1 1 140px; }
      .targets { display: flex; flex-wrap: wrap; gap: 8px; }
      .chip { display: inline-flex; align-items: center; gap: 6px; height: 32px; padding: 0 10px; border: 1px solid var(--sb-border);
        border-radius: 16px; background: var(--sb-surface); cursor: pointer; font-size: 13px; font-weight: 500; color: var(--sb-text); }
      .chip input { margin: 0; }
      .chip:has(input:checked) { border-color: var(--sb-accent); background: var(--sb-accent-soft); }
      .target { border: 1px solid var(--sb-border); border-radius: 8px; padding: 10px 12px; margin-top: 10px; }
      .target header { display: flex; align-items: center; gap: 8px; font-weight: 600; margin-bottom: 6px; }
      .preview { white-space: pre-wrap; word-break: break-word; font-size: 13.5px; background: var(--sb-surface-alt); border-radius: 6px;
        padding: 8px 10px; color: var(--sb-text); }
      .counter { font-size: 12.5px; font-variant-numeric: tabular-nums; color: var(--sb-muted); margin-top: 4px; display: flex; gap: 8px; align-items: center; }
      .counter.over { color: var(--sb-danger); font-weight: 700; }
      .bar { flex: 1; height: 4px; border-radius: 2px; background: var(--sb-hover); overflow: hidden; max-width: 160px; }
      .bar span { display: block; height: 100%; background: var(--sb-accent); }
      .counter.over .bar span { background: var(--sb-danger); }
      .problem { color: var(--sb-danger); font-size: 12.5px; margin-top: 4px; }
      .error { color: var(--sb-danger); margin: 8px 0; }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 14px; }
      .media li { display: flex; gap: 8px; align-items: center; font-size: 13px; }
      .media ul { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-direction: column; gap: 4px; }
      .media a { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--sb-accent); }
      .audience-count { margin-top: 6px; font-size: 13px; }
      .audience-count strong { font-size: 15px; }
      table { width: 100%; border-collapse: collapse; font-size: 13px; }
      th { text-align: left; font-weight: 600; color: var(--sb-muted); font-size: 12px; padding: 6px 8px; border-bottom: 1px solid var(--sb-border); }
      td { padding: 8px; border-bottom: 1px solid var(--sb-border); vertical-align: top; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      td code { font-family: var(--sb-mono); font-size: 12px; word-break: break-all; }
      .metrics { display: flex; gap: 14px; flex-wrap: wrap; font-size: 12.5px; }
      .metrics b { display: block; font-size: 15px; font-variant-numeric: tabular-nums; }
      .banner { display: flex; gap: 10px; align-items: flex-start; padding: 10px 12px; border-radius: 8px; background: #fff1d6;
        color: #5c3c00; margin-bottom: 12px; }
      .banner svg.icon { margin-top: 2px; }
      .list { list-style: none; padding: 0; margin: 0; }
      .list li { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 6px 12px; padding: 12px 0; border-bottom: 1px solid var(--sb-border); }
      .list li:last-child { border-bottom: 0; }
      .list .text { white-space: pre-wrap; word-break: break-word; }
      .list .meta { font-size: 12.5px; color: var(--sb-muted); display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
      .list .buttons { display: flex; gap: 6px; align-items: flex-start; flex-wrap: wrap; justify-content: flex-end; }
      .sendback { grid-column: 1 / -1; }
      .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(100px, 1fr)); gap: 8px; }
      .stats div { background: var(--sb-surface-alt); border-radius: 6px; padding: 8px 10px; font-size: 12px; color: var(--sb-muted); }
      .stats b { display: block; font-size: 18px; color: var(--sb-text); font-variant-numeric: tabular-nums; }
      @media (max-width: 760px) {
        .page { padding: 10px 10px 30px; }
        .composer { grid-template-columns: minmax(0, 1fr); }
        .grid.month .dow { padding: 4px 2px; font-size: 11px; text-align: center; }
        .grid.month .day { min-height: 64px; padding: 2px; }
        .grid.month a.entry { padding: 2px 3px; font-size: 11px; }
        .grid.month a.entry .text, .grid.month a.entry .kinds { display: none; }
        .grid.week { grid-template-columns: minmax(0, 1fr); }
        .grid.week .dow { display: none; }
        .week .day { min-height: 0; }
        .list li { grid-template-columns: minmax(0, 1fr); }
        .list .buttons { justify-content: flex-start; }
        table.targets-table thead { display: none; }
        table.targets-table td { display: block; border: 0; padding: 3px 0; }
        table.targets-table tr { display: block; border-bottom: 1px solid var(--sb-border); padding: 6px 0; }
      }
    `,
  ];

  constructor() {
    super();
    this.view = 'month';
    this.entries = [];
    this.problems = [];
  }

  get route() {
    const [section = 'calendar', id] = this.params || [];
    return { section, id };
  }

  get manager() {
    return (this.me?.roles || []).some((r) => r === 'manager' || r === 'admin');
  }

  get zone() {
    return this.context?.timeZone || 'UTC';
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.clock?.dispose();
    this.clock = null;
  }

  /**
   * Publishing time: the work clock runs while an existing post is open in the composer, or awaits the manager's
   * approval on its page, as long as the post can still change; it stops on leaving (like a conversation's).
   */
  timeWork() {
    if (!this.api) return;
    if (!this.clock) {
      this.clock = new WorkClock({ beat: (id) => this.api.postWorkHeartbeat(id), stop: (id) => this.api.stopPostWork(id) });
    }
    const { section, id } = this.route;
    const p = this.post && this.post.id === id ? this.post : null;
    const editing = section === 'edit' && p && EDITABLE.includes(p.status);
    const approving = section === 'post' && p && p.status === 'PENDING_APPROVAL' && this.manager;
    this.clock.watch(editing || approving ? id : null, Boolean(editing || approving));
  }

  willUpdate(changed) {
    if ((changed.has('api') || changed.has('params') || changed.has('post') || changed.has('me')) && this.api) this.timeWork();
    if ((changed.has('api') || changed.has('params')) && this.api) {
      const key = JSON.stringify(this.params || []);
      if (key !== this._loadedFor) {
        this._loadedFor = key;
        this.load();
      }
    }
  }

  async load() {
    this.error = null;
    try {
      if (!this.context) {
        const [context, settings] = await Promise.all([
          this.api.publishingChannels(),
          this.api.publishingSettings().catch(() => ({ approvalRequired: true })),
        ]);
        this.context = context;
        this.approvalRequired = settings.approvalRequired;
        if (!this.anchor) this.anchor = isoDate(wallClock(Date.now(), this.zone));
      }
      const { section, id } = this.route;
      if (section === 'calendar') await this.loadCalendar();
      else if (section === 'drafts') this.list = (await this.api.posts({ status: 'DRAFT', limit: 100 })).items;
      else if (section === 'queue') this.list = (await this.api.posts({ status: 'PENDING_APPROVAL', limit: 100 })).items;
      else if (section === 'post' && id) await this.loadPost(id);
      else if (section === 'new') this.startForm(null);
      else if (section === 'edit' && id) {
        await this.loadPost(id);
        this.startForm(this.post);
      }
    } catch (e) {
      this.error = e.message;
    }
  }

  async loadPost(id) {
    const { data, etag } = await this.api.post(id);
    this.post = data;
    this.etag = etag;
    this.audienceNow = null;
    if (data.audience && EDITABLE.includes(data.status)) {
      this.api
        .audienceCount(data.audience.channelId, data.audience.label)
        .then((c) => (this.audienceNow = c))
        .catch(() => {});
    }
  }

  // ---- calendar -------------------------------------------------------------------------------------------------

  range() {
    if (this.view === 'week') {
      const start = addDays(this.anchor, -weekday(this.anchor));
      return { from: start, to: addDays(start, 7), first: start, days: 7 };
    }
    const first = `${this.anchor.slice(0, 8)}01`;
    const start = addDays(first, -weekday(first));
    return { from: start, to: addDays(start, 42), first, days: 42 };
  }

  async loadCalendar() {
    const { from, to } = this.range();
    const answer = await this.api.calendar(from, to);
    this.entries = answer.items;
  }

  move(direction) {
    if (this.view === 'week') this.anchor = addDays(this.anchor, 7 * direction);
    else {
      const [y, m] = this.anchor.split('-').map(Number);
      const month = new Date(Date.UTC(y, m - 1 + direction, 1));
      this.anchor = `${month.getUTCFullYear()}-${pad(month.getUTCMonth() + 1)}-01`;
    }
    this.loadCalendar().catch((e) => (this.error = e.message));
  }

  setView(view) {
    this.view = view;
    this.loadCalendar().catch((e) => (this.error = e.message));
  }

  today() {
    this.anchor = isoDate(wallClock(Date.now(), this.zone));
    this.loadCalendar().catch((e) => (this.error = e.message));
  }

  periodLabel() {
    const [y, m, d] = this.anchor.split('-').map(Number);
    if (this.view === 'month') {
      return new Intl.DateTimeFormat(currentLocale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
    }
    const { first } = this.range();
    const [fy, fm, fd] = first.split('-').map(Number);
    const end = addDays(first, 6).split('-').map(Number);
    const f = new Intl.DateTimeFormat(currentLocale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    return f.formatRange ? f.formatRange(Date.UTC(fy, fm - 1, fd), Date.UTC(end[0], end[1] - 1, end[2])) : `${first}`;
  }

  localTime(iso, zone = this.zone) {
    return new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(iso));
  }

  dateTime(iso, zone = this.zone) {
    if (!iso) return '';
    return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(iso));
  }

  renderCalendar() {
    const { first, from, days } = this.range();
    const byDay = new Map();
    for (const e of this.entries) {
      const day = isoDate(wallClock(Date.parse(e.occurrenceAt), this.zone));
      if (!byDay.has(day)) byDay.set(day, []);
      byDay.get(day).push(e);
    }
    const today = isoDate(wallClock(Date.now(), this.zone));
    const month = first.slice(0, 7);
    const dows = [...Array(7)].map((_, i) =>
      new Intl.DateTimeFormat(currentLocale(), { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + i)),
    );
    const cells = [...Array(days)].map((_, i) => addDays(from, i));
    const limit = this.view === 'month' ? 3 : 50;
    return html`
      <div class="toolbar">
        <button class="ghost" @click=${() => this.move(-1)} aria-label=${t('pub.previous')}>${icon('back')}</button>
        <button @click=${() => this.today()}>${t('pub.today')}</button>
        <button class="ghost" @click=${() => this.move(1)} aria-label=${t('pub.next')}>
          <span style="display:inline-flex;transform:scaleX(-1)">${icon('back')}</span>
        </button>
        <span class="period" data-testid="period">${this.periodLabel()}</span>
        <span class="spacer"></span>
        <span class="note">${t('pub.zoneNote', { zone: this.zone })}</span>
        <div class="seg" role="group">
          <button aria-pressed=${this.view === 'month'} data-view="month" @click=${() => this.setView('month')}>${t('pub.month')}</button>
          <button aria-pressed=${this.view === 'week'} data-view="week" @click=${() => this.setView('week')}>${t('pub.week')}</button>
        </div>
      </div>
      <div class="grid ${this.view}" data-testid="calendar">
        ${dows.map((d) => html`<div class="dow">${d}</div>`)}
        ${cells.map((day) => {
          const items = (byDay.get(day) || []).sort((a, b) => a.occurrenceAt.localeCompare(b.occurrenceAt));
          const other = this.view === 'month' && day.slice(0, 7) !== month;
          const label = new Intl.DateTimeFormat(currentLocale(), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
            .format(Date.parse(`${day}T00:00:00Z`));
          return html`<div class="day ${other ? 'other' : ''} ${day === today ? 'today' : ''}" data-day=${day}>
            <span class="num">${this.view === 'week' ? label : Number(day.slice(8))}</span>
            ${items.slice(0, limit).map((e) => this.renderEntry(e))}
            ${items.length > limit
              ? html`<button class="ghost" style="height:22px;font-size:12px" @click=${() => {
                  this.anchor = day;
                  this.setView('week');
                }}>${t('pub.more', { n: items.length - limit })}</button>`
              : ''}
          </div>`;
        })}
      </div>
      ${this.entries.length === 0 ? html`<p class="note">${t('pub.nothing')}</p>` : ''}
    `;
  }

  renderEntry(e) {
    const w = wallClock(Date.parse(e.occurrenceAt), this.zone);
    return html`<a class="entry ${e.status} ${e.past ? 'past' : ''}" href=${screenLink('publishing', 'post', e.postId)}
      data-post=${e.postId} data-time="${pad(w.hour)}:${pad(w.minute)}"
      title="${t(`pub.status.${e.status}`)} · ${this.dateTime(e.occurrenceAt)}">
      <span class="line">
        <span class="time">${this.localTime(e.occurrenceAt)}</span>
        <span class="kinds">${e.kinds.map((k) => icon(k, t(`kind.${k}`)))}</span>
        ${e.recurring ? html`<span aria-label=${t('pub.recurring')} title=${t('pub.recurring')}>↻</span>` : ''}
      </span>
      <span class="text">${e.text || ''}</span>
    </a>`;
  }

  // ---- lists: drafts and the approval queue ---------------------------------------------------------------------

  name(id) {
    return this.operators?.[id]?.name || id || '';
  }

  channel(id) {
    return this.context?.items.find((c) => c.id === id);
  }

  channelName(id, kind) {
    return this.channel(id)?.name || t(`kind.${kind}`);
  }

  renderList(kind) {
    const items = this.list || [];
    if (kind === 'queue' && !this.approvalRequired) {
      return html`<div class="card"><p class="note">${t('pub.queue.off')}</p></div>`;
    }
    if (!items.length) {
      return html`<div class="card"><p class="note" data-testid="empty">${t(kind === 'queue' ? 'pub.queue.empty' : 'pub.drafts.empty')}</p></div>`;
    }
    return html`<div class="card"><ul class="list" data-testid=${kind}>
      ${items.map((p) => html`<li data-post=${p.id}>
        <div>
          <div class="meta">
            ${[...p.targets.map((x) => x.kind), ...(p.audience ? [p.audience.kind] : [])].map((k) => icon(k, t(`kind.${k}`)))}
            <span>${t('pub.when', { time: this.dateTime(p.scheduledAt, p.timeZone), zone: p.timeZone })}</span>
            <span>· ${t('pub.detail.by', { name: this.name(p.authorId) })}</span>
            <span class="pill ${p.status}">${t(`pub.status.${p.status}`)}</span>
          </div>
          <a class="text" href=${screenLink('publishing', 'post', p.id)} style="color:inherit">${p.text || p.targets[0]?.text || p.audience?.text || '—'}</a>
          ${p.sentBack && p.status === 'DRAFT'
            ? html`<div class="problem" data-testid="sent-back">${t('pub.drafts.sentBack', { comment: p.sentBack.comment })}</div>`
            : ''}
        </div>
        <div class="buttons">${this.renderActions(p)}</div>
        ${this.sendingBack === p.id ? this.renderSendBack(p) : ''}
      </li>`)}
    </ul></div>`;
  }

  renderActions(p) {
    const own = p.authorId === this.me.id;
    const buttons = [];
    if (EDITABLE.includes(p.status) && (own || this.manager)) {
      buttons.push(html`<button data-action="edit" @click=${() => (location.hash = screenLink('publishing', 'edit', p.id))}>${t('pub.action.edit')}</button>`);
    }
    if (p.status === 'DRAFT' && (own || this.manager)) {
      buttons.push(html`<button class="primary" data-action="submit" @click=${() => this.act(p, 'submit')}>${t('pub.action.submit')}</button>`);
    }
    if (p.status === 'PENDING_APPROVAL' && this.manager) {
      buttons.push(html`<button class="primary" data-action="approve" @click=${() => this.act(p, 'approve')}>${icon('check')}${t('pub.action.approve')}</button>`);
      buttons.push(html`<button data-action="send-back" @click=${() => (this.sendingBack = p.id)}>${t('pub.action.sendBack')}</button>`);
    }
    return buttons;
  }

  renderSendBack(p) {
    return html`<div class="sendback card">
      <label class="field">${t('pub.action.comment')}
        <textarea id="comment" data-testid="comment" maxlength="2000"></textarea>
      </label>
      <div class="actions">
        <button class="primary" data-action="confirm-send-back" @click=${() => this.sendBack(p)}>${t('pub.action.confirmSendBack')}</button>
        <button class="ghost" @click=${() => (this.sendingBack = null)}>${t('pub.action.close')}</button>
      </div>
    </div>`;
  }

  async act(p, action) {
    this.error = null;
    try {
      await this.api.postAction(p.id, action, p.version);
      await this.load();
    } catch (e) {
      this.error = e.message;
    }
  }

  async sendBack(p) {
    const comment = this.renderRoot.querySelector('#comment')?.value || '';
    this.error = null;
    try {
      await this.api.sendBackPost(p.id, comment, p.version);
      this.sendingBack = null;
      await this.load();
    } catch (e) {
      this.error = e.message;
    }
  }

  // ---- a post -----------------------------------------------------------------------------------------------------

  renderPost() {
    const p = this.post;
    if (!p) return html`<p class="note">${t('pub.loading')}</p>`;
    const own = p.authorId === this.me.id;
    return html`
      ${p.sentBack && p.status === 'DRAFT'
        ? html`<div class="banner" role="status" data-testid="sent-back">${icon('alert')}<div>
            <strong>${t('pub.detail.sentBack', { name: this.name(p.sentBack.by), time: this.dateTime(p.sentBack.at) })}</strong>
            <div>“${p.sentBack.comment}”</div></div></div>`
        : ''}
      <div class="card" data-testid="post">
        <div class="head" style="margin-bottom:6px">
          <span class="pill ${p.status}" data-testid="post-status">${t(`pub.status.${p.status}`)}</span>
          <span class="note">${t('pub.detail.by', { name: this.name(p.authorId) })}</span>
          <span class="spacer"></span>
          ${this.renderActions(p)}
          ${EDITABLE.includes(p.status) && (own || this.manager)
            ? html`<button class="ghost" data-action="cancel" @click=${() => this.act(p, 'cancel')}>${t('pub.action.cancel')}</button>`
            : ''}
          ${p.status === 'DRAFT' && (own || this.manager)
            ? html`<button class="ghost" data-action="delete" @click=${() => this.remove(p)}>${t('pub.action.delete')}</button>`
            : ''}
        </div>
        ${this.sendingBack === p.id ? this.renderSendBack(p) : ''}
        <p class="preview">${p.text || '—'}</p>
        <p class="note" data-testid="post-when">
          ${t('pub.detail.scheduled', { time: t('pub.when', { time: this.dateTime(p.scheduledAt, p.timeZone), zone: p.timeZone }) })}
          ${p.timeZone !== this.zone ? html` · ${t('pub.when', { time: this.dateTime(p.scheduledAt), zone: this.zone })}` : ''}
          ${p.nextRunAt && p.nextRunAt !== p.scheduledAt ? html`<br />${t('pub.detail.next', { time: this.dateTime(p.nextRunAt, p.timeZone) })}` : ''}
          ${p.recurrence ? html`<br />${t('pub.detail.repeats', { rule: this.ruleText(p.recurrence, p.timeZone) })}` : ''}
          ${p.approvedBy ? html`<br />${t('pub.detail.approvedBy', { name: this.name(p.approvedBy), time: this.dateTime(p.approvedAt) })}` : ''}
        </p>
        ${p.media.length
          ? html`<div class="media"><ul>${p.media.map((m) => html`<li>${icon('API')}<a href=${m.url} target="_blank" rel="noopener">${m.name || m.url}</a></li>`)}</ul></div>`
          : ''}
      </div>
      ${p.targets.length ? this.renderTargets(p) : ''}
      ${p.audience ? this.renderAudience(p) : ''}
      ${p.publications.length ? this.renderPublications(p) : ''}
    `;
  }

  ruleText(r, zone) {
    const until = r.until ? ` ${t('pub.detail.until', { date: this.dateTime(r.until, zone) })}` : '';
    return (r.everyDays ? t('pub.detail.everyDays', { n: r.everyDays }) : `cron ${r.cron}`) + until;
  }

  renderTargets(p) {
    const n = new Intl.NumberFormat(currentLocale());
    return html`<div class="card"><h2>${t('pub.detail.targets')}</h2>
      <table class="targets-table" data-testid="targets">
        <thead><tr><th>${t('pub.detail.channel')}</th><th>${t('pub.detail.status')}</th><th>${t('pub.detail.providerId')}</th><th>${t('pub.detail.metrics')}</th></tr></thead>
        <tbody>${p.targets.map((x) => html`<tr data-kind=${x.kind}>
          <td>${icon(x.kind)} ${this.channelName(x.channelId, x.kind)}
            ${x.text ? html`<div class="preview" style="margin-top:4px">${x.text}</div>` : ''}</td>
          <td>${x.status ? html`<span class="pill ${x.status}">${t(`delivery.${x.status}`)}</span>` : html`<span class="note">${t('pub.detail.notYet')}</span>`}
            ${x.sentAt ? html`<div class="note">${this.dateTime(x.sentAt)}</div>` : ''}
            ${x.error ? html`<div class="problem" data-testid="target-error">${x.error}</div>` : ''}</td>
          <td>${x.providerId ? html`<code data-testid="provider-id">${x.providerId}</code>` : '—'}</td>
          <td>${x.metrics
            ? html`<div class="metrics">
                ${[['views', x.metrics.views], ['reactions', x.metrics.reactions], ['comments', x.metrics.comments], ['shares', x.metrics.shares], ['engagements', x.metrics.engagements]]
                  .filter(([, v]) => v != null)
                  .map(([k, v]) => html`<span>${t(`pub.detail.${k}`)}<b>${n.format(v)}</b></span>`)}
                <span class="note">${t('pub.detail.fetchedAt', { time: this.dateTime(x.metrics.fetchedAt) })}</span>
              </div>`
            : '—'}</td>
        </tr>`)}</tbody>
      </table></div>`;
  }

  renderAudience(p) {
    const a = p.audience;
    const n = new Intl.NumberFormat(currentLocale());
    return html`<div class="card" data-testid="audience">
      <h2>${icon(a.kind)} ${t('pub.detail.audience', { label: a.label })} · ${this.channelName(a.channelId, a.kind)}</h2>
      ${this.audienceNow ? html`<p class="audience-count" data-testid="audience-now">${t('pub.detail.recipientsNow', { n: n.format(this.audienceNow.recipients) })}</p>` : ''}
      ${a.text ? html`<p class="preview">${a.text}</p>` : ''}
      <div class="stats">
        ${['recipients', 'pending', 'sent', 'delivered', 'failed'].map((k) => html`<div data-stat=${k}>${t(`pub.detail.${k}`)}<b>${n.format(a[k])}</b></div>`)}
      </div>
    </div>`;
  }

  renderPublications(p) {
    return html`<div class="card"><h2>${t('pub.detail.publications')}</h2>
      <table><thead><tr><th>${t('pub.detail.occurrence')}</th><th>${t('pub.detail.status')}</th><th>${t('pub.detail.recipients')}</th><th>${t('pub.detail.failureReason')}</th></tr></thead>
      <tbody>${p.publications.map((x) => html`<tr>
        <td>${this.dateTime(x.occurrenceAt, p.timeZone)}</td>
        <td><span class="pill ${x.status}">${t(`pub.status.${x.status}`)}</span></td>
        <td class="num">${x.recipients}</td>
        <td>${x.failureReason || ''}</td></tr>`)}</tbody></table></div>`;
  }

  async remove(p) {
    try {
      await this.api.deletePost(p.id, p.version);
      location.hash = screenLink('publishing', 'drafts');
    } catch (e) {
      this.error = e.message;
    }
  }

  // ---- composer -----------------------------------------------------------------------------------------------

  startForm(post) {
    const zone = post?.timeZone || this.zone;
    const start = post ? Date.parse(post.scheduledAt) : Date.now() + 3600_000;
    const w = wallClock(start, zone);
    const r = post?.recurrence;
    let repeat = 'none';
    if (r?.everyDays) repeat = 'days';
    else if (r?.cron) repeat = r.cron === '' ? 'none' : /\* \* MON-FRI$/.test(r.cron) ? 'weekdays' : 'cron';
    this.form = {
      id: post?.id,
      version: post?.version,
      text: post?.text || '',
      targets: Object.fromEntries((post?.targets || []).map((x) => [x.channelId, { own: x.text != null, text: x.text || '' }])),
      audienceChannel: post?.audience?.channelId || '',
      label: post?.audience?.label || '',
      audienceText: post?.audience?.text || '',
      subject: post?.subject || '',
      media: (post?.media || []).map((m) => ({ url: m.url, name: m.name || '' })),
      date: isoDate(w),
      time: `${pad(w.hour)}:${pad(post ? w.minute : 0)}`,
      zone,
      repeat,
      everyDays: r?.everyDays || 1,
      cron: r?.cron || '0 9 * * MON-FRI',
      until: r?.until ? isoDate(wallClock(Date.parse(r.until), zone)) : '',
    };
    this.problems = [];
    this.audienceCount = null;
    if (this.form.audienceChannel && this.form.label) this.countAudience();
  }

  set(changes) {
    this.form = { ...this.form, ...changes };
  }

  setTarget(id, changes) {
    const targets = { ...this.form.targets };
    if (changes === null) delete targets[id];
    else targets[id] = { ...(targets[id] || { own: false, text: '' }), ...changes };
    this.set({ targets });
  }

  countAudience() {
    clearTimeout(this._countTimer);
    const { audienceChannel, label } = this.form;
    if (!audienceChannel || !label.trim()) {
      this.audienceCount = null;
      this.requestUpdate();
      return;
    }
    this._countTimer = setTimeout(async () => {
      try {
        this.audienceCount = await this.api.audienceCount(audienceChannel, label);
      } catch (e) {
        this.audienceCount = { error: e.message };
      }
      this.requestUpdate();
    }, 250);
  }

  body() {
    const f = this.form;
    const at = instantOf(f.date, f.time, f.zone);
    let recurrence = null;
    const local = wallClock(at.getTime(), f.zone);
    if (f.repeat === 'days') recurrence = { everyDays: Number(f.everyDays) };
    else if (f.repeat === 'weekdays') recurrence = { cron: `${local.minute} ${local.hour} * * MON-FRI` };
    else if (f.repeat === 'weekly') recurrence = { cron: `${local.minute} ${local.hour} * * ${['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'][weekday(f.date)]}` };
    else if (f.repeat === 'cron') recurrence = { cron: f.cron };
    if (recurrence && f.until) recurrence.until = instantOf(f.until, '23:59', f.zone).toISOString();
    const body = {
      text: f.text,
      subject: f.subject || null,
      media: f.media.filter((m) => m.url).map((m) => ({ url: m.url, name: m.name || null })),
      targets: Object.entries(f.targets).map(([channelId, x]) => ({ channelId, text: x.own ? x.text : null })),
      scheduledAt: at.toISOString(),
      timeZone: f.zone,
    };
    if (f.audienceChannel) body.audience = { channelId: f.audienceChannel, label: f.label, text: f.audienceText || null };
    if (!f.id || recurrence) body.recurrence = recurrence;
    return body;
  }

  async save(submit) {
    this.problems = [];
    this.error = null;
    if (!Object.keys(this.form.targets).length && !this.form.audienceChannel) {
      this.error = t('pub.composer.needsTarget');
      return;
    }
    this.busy = true;
    try {
      const body = this.body();
      let post;
      if (this.form.id) {
        post = (await this.api.updatePost(this.form.id, body, this.form.version)).data;
      } else {
        post = (await this.api.createPost(body)).data;
      }
      if (submit && post.status === 'DRAFT') post = (await this.api.postAction(post.id, 'submit', post.version)).data;
      location.hash = screenLink('publishing', 'post', post.id);
    } catch (e) {
      this.error = e.message;
      this.problems = e.problem?.errors || [];
    } finally {
      this.busy = false;
    }
  }

  problemsFor(field) {
    return this.problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`));
  }

  renderCounter(channel, text, media, testid) {
    const m = measure(channel, text, this.form.media.filter((x) => x.url));
    const parts = [];
    if (m.maxSegments != null) parts.push(t('pub.count.sms', m));
    else if (m.max != null) parts.push(t(m.unit === 'X_WEIGHTED' ? 'pub.count.x' : 'pub.count.utf16', { used: m.used, max: new Intl.NumberFormat(currentLocale()).format(m.max) }));
    if (!parts.length) return '';
    const ratio = m.maxSegments != null ? m.segments / m.maxSegments : m.used / m.max;
    return html`<div class="counter ${m.over ? 'over' : ''}" data-testid=${testid} data-used=${m.used} data-max=${m.max ?? ''}
      data-segments=${m.segments ?? ''} data-encoding=${m.encoding ?? ''}>
      <span class="bar" aria-hidden="true"><span style="width:${Math.min(100, Math.round(ratio * 100))}%"></span></span>
      <span>${parts.join(' ')}</span>${m.over ? html`<strong>${t('pub.count.over')}</strong>` : ''}
    </div>`;
  }

  renderComposer() {
    const f = this.form;
    if (!f || !this.context) return html`<p class="note">${t('pub.loading')}</p>`;
    const feeds = this.context.items.filter((c) => c.mode === 'FEED');
    const broadcasts = this.context.items.filter((c) => c.mode === 'BROADCAST');
    const chosen = feeds.filter((c) => f.targets[c.id]);
    const broadcast = broadcasts.find((c) => c.id === f.audienceChannel);
    const n = new Intl.NumberFormat(currentLocale());
    let inTenant = '';
    try {
      const at = instantOf(f.date, f.time, f.zone);
      if (f.zone !== this.zone) inTenant = t('pub.composer.inTenantZone', { time: this.dateTime(at.toISOString()), zone: this.zone });
    } catch {
      inTenant = '';
    }
    return html`
      <div class="composer" data-testid="composer">
        <div>
          <div class="card">
            <label class="field">${t('pub.composer.text')}
              <textarea data-testid="text" .value=${f.text} @input=${(e) => this.set({ text: e.target.value })}></textarea>
            </label>
            <p class="note">${t('pub.composer.textHint')}</p>
            <h2 style="margin-top:12px">${t('pub.composer.targets')}</h2>
            ${feeds.length
              ? html`<div class="targets">${feeds.map((c) => html`<label class="chip">
                  <input type="checkbox" data-target=${c.id} data-kind=${c.kind} .checked=${!!f.targets[c.id]}
                    @change=${(e) => this.setTarget(c.id, e.target.checked ? {} : null)} />${icon(c.kind)}${c.name}</label>`)}</div>`
              : html`<p class="note">${t('pub.composer.noChannels')}</p>`}
            ${chosen.map((c, i) => {
              const x = f.targets[c.id];
              const index = Object.keys(f.targets).indexOf(c.id);
              return html`<section class="target" data-channel=${c.id} data-kind=${c.kind}>
                <header>${icon(c.kind)}<span>${c.name}</span><span class="spacer"></span>
                  <button class="ghost" data-action="own-text" @click=${() => this.setTarget(c.id, { own: !x.own, text: x.own ? '' : f.text })}>
                    ${x.own ? t('pub.composer.useSharedText') : t('pub.composer.useOwnText')}</button></header>
                ${x.own
                  ? html`<label class="visually-hidden" for="t-${c.id}">${t('pub.composer.ownText', { name: c.name })}</label>
                      <textarea id="t-${c.id}" data-testid="target-text" .value=${x.text} @input=${(e) => this.setTarget(c.id, { text: e.target.value })}></textarea>`
                  : html`<div class="preview">${f.text || '—'}</div>`}
                ${this.renderCounter(c, x.own ? x.text : f.text, f.media, `counter-${c.kind}`)}
                ${this.problemsFor(`targets[${index}]`).map((p) => html`<div class="problem">${p.message}</div>`)}
              </section>`;
            })}
          </div>
          <div class="card">
            <h2>${t('pub.composer.broadcast')}</h2>
            <div class="row">
              <label class="field">${t('pub.composer.broadcastChannel')}
                <select data-testid="audience-channel" @change=${(e) => { this.set({ audienceChannel: e.target.value }); this.countAudience(); }}>
                  <option value="" ?selected=${!f.audienceChannel}>${t('pub.composer.noBroadcast')}</option>
                  ${broadcasts.map((c) => html`<option value=${c.id} ?selected=${c.id === f.audienceChannel}>${t(`kind.${c.kind}`)} · ${c.name}</option>`)}
                </select>
              </label>
              <label class="field">${t('pub.composer.label')}
                <input type="text" data-testid="audience-label" .value=${f.label} ?disabled=${!f.audienceChannel}
                  @input=${(e) => { this.set({ label: e.target.value }); this.countAudience(); }} />
              </label>
            </div>
            ${broadcast
              ? html`
                  ${this.audienceCount
                    ? html`<p class="audience-count" data-testid="audience-count" aria-live="polite">
                        ${this.audienceCount.error
                          ? html`<span class="problem">${this.audienceCount.error}</span>`
                          : html`<strong data-recipients=${this.audienceCount.recipients}>${t('pub.composer.recipients', { n: n.format(this.audienceCount.recipients) })}</strong>
                              ${this.audienceCount.remainingToday != null ? html` · ${t('pub.composer.capLeft', { n: n.format(this.audienceCount.remainingToday) })}` : ''}`}
                      </p>`
                    : ''}
                  ${broadcast.limits?.subjectRequired
                    ? html`<label class="field" style="margin-top:8px">${t('pub.composer.subject')}
                        <input type="text" data-testid="subject" maxlength=${broadcast.limits.maxSubjectLength} .value=${f.subject} @input=${(e) => this.set({ subject: e.target.value })} /></label>`
                    : ''}
                  <label class="field" style="margin-top:8px">${t('pub.composer.broadcastText')}
                    <textarea data-testid="audience-text" .value=${f.audienceText} @input=${(e) => this.set({ audienceText: e.target.value })}></textarea>
                  </label>
                  ${this.renderCounter(broadcast, f.audienceText || f.text, f.media, `counter-${broadcast.kind}`)}
                  ${this.problemsFor('audience').map((p) => html`<div class="problem">${p.message}</div>`)}`
              : ''}
          </div>
        </div>
        <div>
          <div class="card media">
            <h2>${t('pub.composer.media')}</h2>
            <ul>${f.media.map((m, i) => html`<li>${icon('API')}<a href=${m.url} target="_blank" rel="noopener">${m.name || m.url}</a>
              <span class="spacer"></span><button class="ghost" @click=${() => this.set({ media: f.media.filter((_, j) => j !== i) })}>${t('pub.composer.remove')}</button></li>`)}</ul>
            <div class="row">
              <input type="url" id="medium-url" placeholder=${t('pub.composer.mediaUrl')} aria-label=${t('pub.composer.mediaUrl')} />
              <input type="text" id="medium-name" placeholder=${t('pub.composer.mediaName')} aria-label=${t('pub.composer.mediaName')} />
              <button style="flex:0 0 auto" ?disabled=${f.media.length >= 10} @click=${() => this.addMedium()}>${t('pub.composer.addMedium')}</button>
            </div>
            ${this.problemsFor('media').map((p) => html`<div class="problem">${p.field}: ${p.message}</div>`)}
          </div>
          <div class="card">
            <h2>${t('pub.composer.when')}</h2>
            <div class="row">
              <label class="field">${t('pub.composer.date')}<input type="date" data-testid="date" .value=${f.date} @change=${(e) => this.set({ date: e.target.value })} /></label>
              <label class="field">${t('pub.composer.time')}<input type="time" data-testid="time" .value=${f.time} @change=${(e) => this.set({ time: e.target.value })} /></label>
            </div>
            <label class="field" style="margin-top:8px">${t('pub.composer.zone')}
              <select data-testid="zone" @change=${(e) => this.set({ zone: e.target.value })}>
                ${zones().map((z) => html`<option value=${z} ?selected=${z === f.zone}>${z.replaceAll('_', ' ')}</option>`)}
              </select>
            </label>
            ${inTenant ? html`<p class="note" data-testid="in-tenant-zone">${inTenant}</p>` : ''}
            <label class="field" style="margin-top:8px">${t('pub.composer.repeat')}
              <select data-testid="repeat" @change=${(e) => this.set({ repeat: e.target.value })}>
                ${['none', 'days', 'weekdays', 'weekly', 'cron'].map((r) => html`<option value=${r} ?selected=${r === f.repeat}>${t(`pub.composer.repeat.${r}`)}</option>`)}
              </select>
            </label>
            ${f.repeat === 'days'
              ? html`<label class="field" style="margin-top:8px">${t('pub.composer.everyDays')}<input type="number" min="1" max="366" .value=${String(f.everyDays)} @input=${(e) => this.set({ everyDays: e.target.value })} /></label>`
              : ''}
            ${f.repeat === 'cron'
              ? html`<label class="field" style="margin-top:8px">${t('pub.composer.cron')}<input type="text" .value=${f.cron} @input=${(e) => this.set({ cron: e.target.value })} /></label>`
              : ''}
            ${f.repeat !== 'none'
              ? html`<label class="field" style="margin-top:8px">${t('pub.composer.until')}<input type="date" .value=${f.until} @change=${(e) => this.set({ until: e.target.value })} /></label>`
              : ''}
            ${['scheduledAt', 'timeZone', 'recurrence'].flatMap((k) => this.problemsFor(k)).map((p) => html`<div class="problem">${p.field}: ${p.message}</div>`)}
          </div>
          ${this.error ? html`<p class="error" role="alert" data-testid="error">${this.error}</p>` : ''}
          <div class="actions">
            <button data-action="save-draft" ?disabled=${this.busy} @click=${() => this.save(false)}>${t('pub.composer.saveDraft')}</button>
            <button class="primary" data-action="submit-post" ?disabled=${this.busy} @click=${() => this.save(true)}>
              ${this.busy ? t('pub.composer.saving') : this.approvalRequired ? t('pub.composer.submit') : t('pub.composer.schedule')}</button>
          </div>
        </div>
      </div>`;
  }

  addMedium() {
    const url = this.renderRoot.querySelector('#medium-url');
    const name = this.renderRoot.querySelector('#medium-name');
    if (!url.value.trim()) return;
    this.set({ media: [...this.form.media, { url: url.value.trim(), name: name.value.trim() }] });
    url.value = '';
    name.value = '';
  }

  render() {
    const { section } = this.route;
    const tabs = [
      ['calendar', 'pub.tab.calendar'],
      ['drafts', 'pub.tab.drafts'],
      ...(this.manager ? [['queue', 'pub.tab.queue']] : []),
    ];
    let body;
    if (section === 'calendar') body = this.renderCalendar();
    else if (section === 'drafts' || section === 'queue') body = this.renderList(section);
    else if (section === 'post') body = this.renderPost();
    else body = this.renderComposer();
    const title = section === 'new' ? 'pub.composer.title' : section === 'edit' ? 'pub.composer.edit' : 'pub.title';
    return html`<div class="page">
      <div class="head">
        <h1>${t(title)}</h1>
        <nav class="tabs" aria-label=${t('pub.title')}>
          ${tabs.map(([path, label]) => html`<a href=${screenLink('publishing', path)} data-tab=${path}
            aria-current=${section === path ? 'page' : 'false'}>${t(label)}</a>`)}
          <a class="primary" href=${screenLink('publishing', 'new')} data-tab="new">${t('pub.tab.new')}</a>
        </nav>
      </div>
      ${this.error && section !== 'new' && section !== 'edit' ? html`<p class="error" role="alert" data-testid="error">${this.error}</p>` : ''}
      ${this.context ? body : html`<p class="note">${t('pub.loading')}</p>`}
    </div>`;
  }
}

customElements.define('sb-publishing', SbPublishing);

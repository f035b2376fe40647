import { LitElement, html, css } from 'lit';
import { Localized, t } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { icon } from '../shell/icons.js';
import { reportStyles, apiLink, downloadRowsCsv, dateTime, duration, money } from './kit.js';

/**
 * The rows behind a report figure, read from the drill-down link the API gave with it: work sessions
 * (/work-sessions), conversations with what each contributed (/reports/conversations) or the posts calendar
 * (/posts?from=&to=). Pages on with the list's cursor; the rows shown download as CSV.
 */
class SbReportDrill extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    operators: { attribute: false },
    zone: {},
    link: {},
    heading: {},
    items: { state: true },
    next: { state: true },
    error: { state: true },
  };

  static styles = [
    shared,
    reportStyles,
    css`
      :host { display: block; }
      section.card { border-color: var(--sb-accent); }
      .title { font-weight: 700; }
    `,
  ];

  updated(changed) {
    if (changed.has('link') && this.link) this.load(true);
  }

  kindOf() {
    const { path } = apiLink(this.link);
    if (path.startsWith('/work-sessions')) return 'sessions';
    if (path.startsWith('/reports/conversations')) return 'conversations';
    return 'posts';
  }

  async load(first) {
    const { path, query } = apiLink(this.link);
    if (first) {
      this.items = null;
      this.next = null;
      this.error = null;
    }
    try {
      const page = await this.api.get(path, { ...query, limit: 200, cursor: first ? undefined : this.next });
      this.items = [...(first ? [] : this.items || []), ...page.items];
      this.next = page.nextCursor;
    } catch (e) {
      this.error = e.message;
    }
  }

  name(id) {
    return this.operators?.[id]?.name || id || '';
  }

  table() {
    const kind = this.kindOf();
    if (kind === 'sessions') {
      return {
        header: ['reports.col.start', 'reports.col.end', 'reports.col.duration', 'reports.col.operator', 'reports.kind', 'reports.col.source', 'reports.col.conversation', 'reports.col.note'],
        csv: ['id', 'startedAt', 'endedAt', 'durationSeconds', 'operatorId', 'channelKind', 'source', 'conversationId', 'note', 'createdBy', 'updatedBy'],
        csvRow: (s) => [s.id, s.startedAt, s.endedAt, s.durationSeconds, s.operatorId, s.channelKind, s.source, s.conversationId, s.note, s.createdBy, s.updatedBy],
        row: (s) => html`<tr data-session=${s.id}>
          <td>${dateTime(s.startedAt, this.zone)}</td><td>${dateTime(s.endedAt, this.zone)}</td>
          <td data-seconds=${s.durationSeconds}>${duration(s.durationSeconds)}</td><td class="text">${this.name(s.operatorId)}</td>
          <td class="text"><span class="kind">${icon(s.channelKind)}${t(`kind.${s.channelKind}`)}</span></td>
          <td class="text"><span class="tag ${s.source}">${t(`reports.source.${s.source}`)}</span></td>
          <td class="text">${s.conversationId ? html`<a href="#/c/${encodeURIComponent(s.conversationId)}">${t('reports.open')}</a>` : '—'}</td>
          <td class="text">${s.note || ''}</td></tr>`,
      };
    }
    if (kind === 'conversations') {
      return {
        header: ['reports.col.conversation', 'reports.kind', 'reports.col.contributed'],
        csv: ['conversationId', 'channelId', 'kind', 'count'],
        csvRow: (c) => [c.conversationId, c.channelId, c.kind, c.count],
        row: (c) => html`<tr><td><a href="#/c/${encodeURIComponent(c.conversationId)}">${c.conversationId}</a></td>
          <td><span class="kind">${icon(c.kind)}${t(`kind.${c.kind}`)}</span></td><td>${c.count}</td></tr>`,
      };
    }
    return {
      header: ['reports.col.scheduled', 'reports.col.status', 'reports.kind', 'reports.col.text'],
      csv: ['postId', 'occurrenceAt', 'status', 'kinds', 'text'],
      csvRow: (p) => [p.postId, p.occurrenceAt, p.status, (p.kinds || []).join(' '), p.text],
      row: (p) => html`<tr><td>${dateTime(p.occurrenceAt, this.zone)}</td><td>${p.status}</td>
        <td>${(p.kinds || []).map((k) => t(`kind.${k}`)).join(', ')}</td><td class="text">${p.text || ''}</td></tr>`,
    };
  }

  render() {
    if (!this.link) return '';
    const table = this.table();
    return html`<section class="card" data-testid="drill">
      <div class="card-head">
        <div><span class="title">${this.heading || t('reports.drill.title')}</span>
          ${this.items ? html`<span class="muted"> · ${t('reports.drill.count', { n: this.items.length })}</span>` : ''}</div>
        <div>
          <button data-action="drill-csv" ?disabled=${!this.items?.length}
            @click=${() => downloadRowsCsv(`${this.kindOf()}.csv`, table.csv, this.items.map(table.csvRow))}>${t('reports.csv')}</button>
          <button class="ghost" @click=${() => this.dispatchEvent(new CustomEvent('close'))}>${t('reports.close')}</button>
        </div>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${!this.items && !this.error ? html`<p class="empty">${t('reports.loading')}</p>` : ''}
      ${this.items
        ? this.items.length
          ? html`<div class="scroll"><table class="report">
              <thead><tr>${table.header.map((h) => html`<th>${t(h)}</th>`)}</tr></thead>
              <tbody>${this.items.map(table.row)}</tbody></table></div>`
          : html`<p class="empty">${t('reports.empty')}</p>`
        : ''}
      ${this.next ? html`<button @click=${() => this.load(false)}>${t('reports.more')}</button>` : ''}
    </section>`;
  }
}
customElements.define('sb-report-drill', SbReportDrill);

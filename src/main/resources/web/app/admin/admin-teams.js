import { LitElement, html, css } from 'lit';
import { Localized, t } from '../i18n/i18n.js';
import { shared } from '../shell/styles.js';
import { forms, problemOf, problemBox } from '../shell/forms.js';
import { icon } from '../shell/icons.js';

const MODES = ['OFF', 'ROUND_ROBIN', 'LEAST_LOADED'];

/**
 * Teams (name and members) and the routing rules: each channel's team and how its new conversations are assigned
 * (PUT /channels/{id}/routing).
 */
class SbAdminTeams extends Localized(LitElement) {
  static properties = {
    api: { attribute: false },
    teams: { state: true },
    operators: { state: true },
    channels: { state: true },
    routing: { state: true },
    draft: { state: true },
    team: { state: true },
    problem: { state: true },
    notice: { state: true },
  };

  static styles = [
    shared,
    forms,
    css`
      .members { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 6px 12px; margin-top: 6px; }
      .layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.3fr); gap: 16px; align-items: start; }
      @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    `,
  ];

  constructor() {
    super();
    this.teams = [];
    this.operators = [];
    this.channels = [];
    this.routing = {};
    this.draft = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.classList.add('section');
    this.load();
  }

  async load() {
    try {
      const [teams, operators, channels] = await Promise.all([this.api.teams(), this.api.operators(), this.api.channels()]);
      this.teams = teams.items;
      this.operators = operators.items;
      this.channels = channels.items.filter((c) => c.enabled);
      const routes = await Promise.all(this.channels.map((c) => this.api.channelRouting(c.id)));
      this.routing = Object.fromEntries(routes.map((r) => [r.channelId, r]));
      this.draft = {};
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  name(id) {
    return this.operators.find((o) => o.id === id)?.name || id;
  }

  editTeam(team) {
    this.problem = null;
    this.notice = null;
    this.team = team ? { id: team.id, name: team.name, members: [...team.members] } : { id: null, name: '', members: [] };
  }

  toggleMember(id, on) {
    const members = this.team.members.filter((m) => m !== id);
    this.team = { ...this.team, members: on ? [...members, id] : members };
  }

  async saveTeam(e) {
    e.preventDefault();
    try {
      const body = { name: this.team.name, members: this.team.members };
      const saved = this.team.id ? await this.api.updateTeam(this.team.id, body) : await this.api.createTeam(body);
      this.notice = ['admin.teams.saved', { name: saved.name }];
      this.team = null;
      await this.load();
    } catch (err) {
      this.problem = problemOf(err);
    }
  }

  async saveRouting(channel) {
    const current = { ...this.routing[channel.id], ...this.draft[channel.id] };
    try {
      const saved = await this.api.setChannelRouting(channel.id, {
        teamId: current.teamId || null,
        autoAssignment: current.autoAssignment,
      });
      this.routing = { ...this.routing, [channel.id]: saved };
      const { [channel.id]: _, ...rest } = this.draft;
      this.draft = rest;
      this.notice = ['admin.routing.saved', { name: channel.name }];
      this.problem = null;
    } catch (e) {
      this.problem = problemOf(e);
    }
  }

  setDraft(channelId, change) {
    this.draft = { ...this.draft, [channelId]: { ...this.draft[channelId], ...change } };
  }

  renderTeamForm() {
    return html`<form class="card" data-testid="team-form" @submit=${this.saveTeam} novalidate>
      <header><h2>${this.team.id ? t('admin.teams.edit') : t('admin.teams.new')}</h2></header>
      <label class="field"><span>${t('admin.teams.name')} <span class="req" aria-hidden="true">*</span></span>
        <input type="text" data-field="team-name" .value=${this.team.name} @input=${(e) => (this.team = { ...this.team, name: e.target.value })} /></label>
      <fieldset style="border: 0; padding: 0; margin: 12px 0 0"><legend style="font-size: 12.5px; font-weight: 600">${t('admin.teams.members')}</legend>
        <div class="members">${this.operators.map(
          (o) => html`<label class="check"><input type="checkbox" data-member=${o.id} .checked=${this.team.members.includes(o.id)}
            @change=${(e) => this.toggleMember(o.id, e.target.checked)} />${o.name}</label>`,
        )}</div></fieldset>
      ${problemBox(this.problem)}
      <div class="actions"><button class="primary" type="submit" data-action="save-team">${t('admin.save')}</button>
        <button type="button" @click=${() => (this.team = null)}>${t('admin.cancel')}</button></div>
    </form>`;
  }

  render() {
    return html`
      ${this.notice ? html`<div class="done" role="status">${t(...this.notice)}</div>` : ''}
      ${!this.team ? problemBox(this.problem) : ''}
      <div class="layout">
        <div style="display: flex; flex-direction: column; gap: 16px; min-width: 0">
          ${this.team ? this.renderTeamForm() : ''}
          <section class="card">
            <header><h2>${t('admin.teams.title')}</h2>
              <button class="primary" data-action="new-team" @click=${() => this.editTeam(null)}>${t('admin.teams.new')}</button></header>
            ${this.teams.length
              ? html`<table data-testid="teams"><thead><tr><th>${t('admin.teams.name')}</th><th>${t('admin.teams.members')}</th><th></th></tr></thead>
                  <tbody>${this.teams.map(
                    (team) => html`<tr><td><strong>${team.name}</strong></td>
                      <td>${team.members.map((m) => this.name(m)).join(', ') || html`<span class="muted">—</span>`}</td>
                      <td><button data-action="edit-team" @click=${() => this.editTeam(team)}>${t('admin.edit')}</button></td></tr>`,
                  )}</tbody></table>`
              : html`<p class="empty">${t('admin.teams.empty')}</p>`}
          </section>
        </div>
        <section class="card">
          <header><h2>${t('admin.routing.title')}</h2></header>
          <p class="lead">${t('admin.routing.lead')}</p>
          ${this.channels.length
            ? html`<div class="scroll"><table data-testid="routing"><thead><tr><th>${t('admin.channels.name')}</th>
                  <th>${t('admin.routing.team')}</th><th>${t('admin.routing.mode')}</th><th></th></tr></thead>
                <tbody>${this.channels.map((c) => {
                  const r = { ...this.routing[c.id], ...this.draft[c.id] };
                  return html`<tr data-channel=${c.id}>
                    <td><span class="kind">${icon(c.kind)}${c.name}</span></td>
                    <td><select aria-label=${t('admin.routing.team')} @change=${(e) => this.setDraft(c.id, { teamId: e.target.value || null })}>
                      <option value="" ?selected=${!r.teamId}>${t('admin.routing.noTeam')}</option>
                      ${this.teams.map((team) => html`<option value=${team.id} ?selected=${team.id === r.teamId}>${team.name}</option>`)}
                    </select></td>
                    <td><select aria-label=${t('admin.routing.mode')} @change=${(e) => this.setDraft(c.id, { autoAssignment: e.target.value })}>
                      ${MODES.map((m) => html`<option value=${m} ?selected=${m === r.autoAssignment}>${t(`admin.routing.${m}`)}</option>`)}
                    </select></td>
                    <td><button data-action="save-routing" ?disabled=${!this.draft[c.id]} @click=${() => this.saveRouting(c)}>${t('admin.save')}</button></td>
                  </tr>`;
                })}</tbody></table></div>`
            : html`<p class="empty">${t('admin.channels.empty')}</p>`}
        </section>
      </div>
    `;
  }
}

customElements.define('sb-admin-teams', SbAdminTeams);

import { css } from 'lit';

/** The look of every dashboard screen: a page with a header, figure cards, panels and tables. */
export const dashboard = css`
  :host { display: block; background: var(--sb-bg); }
  .page { max-width: 1320px; margin: 0 auto; padding: 18px 20px 40px; display: flex; flex-direction: column; gap: 16px; }
  .head { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; }
  .head h1 { margin: 0; font-size: 19px; font-weight: 700; }
  .head .sub { color: var(--sb-muted); font-size: 12.5px; }
  .head .grow { flex: 1; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
  .card { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: 8px; padding: 12px 14px; min-width: 0; }
  .card .name { font-size: 12px; color: var(--sb-muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
  .card .value { font-size: 24px; font-weight: 700; margin-top: 4px; line-height: 1.15; font-variant-numeric: tabular-nums; }
  .card .value.small { font-size: 18px; }
  .card .note { font-size: 12px; color: var(--sb-muted); margin-top: 4px; }
  .card.alert { border-color: #f1b8b2; background: #fff6f5; }
  .card.alert .value { color: var(--sb-danger); }
  .panel { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: 8px; min-width: 0; }
  .panel > header { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; padding: 10px 14px; border-bottom: 1px solid var(--sb-border); }
  .panel > header h2 { margin: 0; font-size: 14.5px; font-weight: 700; flex: 1; min-width: 160px; }
  .panel .body { padding: 12px 14px; }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { padding: 7px 10px; text-align: right; border-bottom: 1px solid var(--sb-border); white-space: nowrap; font-variant-numeric: tabular-nums; }
  th { font-size: 11.5px; font-weight: 600; color: var(--sb-muted); text-transform: uppercase; letter-spacing: .02em; background: var(--sb-surface-alt); }
  th:first-child, td:first-child { text-align: left; }
  td.text, th.text { text-align: left; }
  tr:last-child td { border-bottom: 0; }
  tfoot td { font-weight: 700; background: var(--sb-surface-alt); }
  th button.sort { height: auto; padding: 0; border: 0; background: none; font: inherit; color: inherit; text-transform: inherit; letter-spacing: inherit; }
  .channel { display: inline-flex; align-items: center; gap: 7px; font-weight: 600; }
  .channel .kind { font-weight: 400; color: var(--sb-muted); font-size: 12px; }
  button.figure { height: auto; padding: 1px 4px; margin: -1px -4px; border: 0; background: none; color: var(--sb-accent); font-weight: 500;
    text-decoration: underline; text-decoration-color: #b9c8ef; text-underline-offset: 2px; font-variant-numeric: tabular-nums; }
  button.figure:hover { background: var(--sb-accent-soft); }
  .delta { display: block; font-size: 11.5px; color: var(--sb-muted); }
  .delta.up { color: var(--sb-danger); }
  .delta.down { color: var(--sb-success); }
  .delta.good.up { color: var(--sb-success); }
  .delta.good.down { color: var(--sb-danger); }
  .banner { display: flex; align-items: flex-start; gap: 8px; padding: 10px 14px; border-radius: 8px; background: #fff4dc;
    border: 1px solid #efd08a; color: #5c3d00; font-size: 13px; }
  .banner svg { margin-top: 2px; }
  .empty { padding: 28px 14px; text-align: center; color: var(--sb-muted); }
  .error { color: var(--sb-danger); padding: 10px 14px; }
  .segmented { display: inline-flex; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); overflow: hidden; background: var(--sb-surface); }
  .segmented button { border: 0; border-radius: 0; height: 28px; }
  .segmented button + button { border-left: 1px solid var(--sb-border); }
  .segmented button[aria-pressed='true'] { background: var(--sb-accent); color: var(--sb-accent-text); }
  .chart { width: 100%; height: 340px; }
  @media (max-width: 760px) {
    .page { padding: 12px 10px 32px; gap: 12px; }
    .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
    .card .value { font-size: 20px; }
    .chart { height: 280px; }
  }
`;

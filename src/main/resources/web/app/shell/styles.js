import { css } from 'lit';

/** Controls shared by every screen: buttons, pills, avatars, inputs. */
export const shared = css`
  :host { font-family: var(--sb-font); color: var(--sb-text); }
  *, *::before, *::after { box-sizing: border-box; }
  button, select, input, textarea { font: inherit; color: inherit; }
  button {
    display: inline-flex; align-items: center; gap: 6px;
    height: 30px; padding: 0 12px; border-radius: var(--sb-radius);
    border: 1px solid var(--sb-border); background: var(--sb-surface); cursor: pointer;
    font-weight: 500; font-size: 13px; white-space: nowrap;
  }
  button:hover { background: var(--sb-hover); }
  button:disabled { opacity: .55; cursor: default; }
  button.primary { background: var(--sb-accent); border-color: var(--sb-accent); color: var(--sb-accent-text); }
  button.primary:hover { filter: brightness(1.08); }
  button.ghost { border-color: transparent; background: transparent; }
  button.ghost:hover { background: var(--sb-hover); }
  :focus-visible { outline: none; box-shadow: var(--sb-focus); border-radius: var(--sb-radius); }
  select, input[type='search'], input[type='text'] {
    height: 30px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
    background: var(--sb-surface); padding: 0 8px; font-size: 13px; min-width: 0;
  }
  .pill {
    display: inline-flex; align-items: center; height: 20px; padding: 0 7px; border-radius: 10px;
    font-size: 11.5px; font-weight: 600; background: var(--sb-hover); color: var(--sb-muted); white-space: nowrap;
  }
  .pill.OPEN { background: #e3f4ea; color: var(--sb-success); }
  .pill.PENDING { background: #fff1d6; color: var(--sb-warning); }
  .pill.SNOOZED { background: #ece8fb; color: #5a3fc0; }
  .pill.RESOLVED { background: #eceef2; color: var(--sb-muted); }
  .label { display: inline-flex; align-items: center; height: 18px; padding: 0 6px; border-radius: 4px;
    font-size: 11.5px; background: var(--sb-accent-soft); color: var(--sb-accent); white-space: nowrap; }
  .avatar {
    display: inline-grid; place-items: center; flex: none; width: 24px; height: 24px; border-radius: 50%;
    font-size: 10.5px; font-weight: 700; color: #fff; letter-spacing: .02em;
  }
  .muted { color: var(--sb-muted); }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  svg.icon { width: 16px; height: 16px; flex: none; }
`;

const AVATAR_COLOURS = ['#2150c8', '#127a3e', '#9c3d00', '#7a2db0', '#0f6e7a', '#b0245c', '#4d5a12', '#5b4636'];

export function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/);
  return ((parts[0]?.[0] || '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

export function avatarColour(key) {
  let hash = 0;
  for (const c of String(key || '')) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return AVATAR_COLOURS[Math.abs(hash) % AVATAR_COLOURS.length];
}

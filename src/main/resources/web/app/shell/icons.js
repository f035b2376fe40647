import { html, svg } from 'lit';

const paths = {
  CHAT: svg`<path d="M3 4.5A1.5 1.5 0 0 1 4.5 3h11A1.5 1.5 0 0 1 17 4.5v8a1.5 1.5 0 0 1-1.5 1.5H8l-3.6 3v-3H4.5A1.5 1.5 0 0 1 3 12.5z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>`,
  SMS: svg`<rect x="5.5" y="2.5" width="9" height="15" rx="1.8" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8.5 14.8h3" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`,
  EMAIL: svg`<rect x="2.5" y="4.5" width="15" height="11" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="m3 5.5 7 5.5 7-5.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>`,
  X: svg`<path d="M4 3.5h3.6l8.4 13H12.4zM15.6 3.5 4.4 16.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>`,
  FACEBOOK: svg`<circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M11.2 17.3V10.6h2l.3-2.2h-2.3V7c0-.6.2-1 1-1h1.3V4.1" fill="none" stroke="currentColor" stroke-width="1.5"/>`,
  PHONE: svg`<path d="M5.2 3h2.6l1.3 3.4-1.7 1.1a8.6 8.6 0 0 0 5.1 5.1l1.1-1.7 3.4 1.3v2.6A1.7 1.7 0 0 1 15.3 17 12.3 12.3 0 0 1 3 4.7 1.7 1.7 0 0 1 5.2 3z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>`,
  API: svg`<path d="m7 6-4 4 4 4M13 6l4 4-4 4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>`,
  search: svg`<circle cx="9" cy="9" r="5.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="m13.2 13.2 3.8 3.8" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`,
  check: svg`<path d="m4.5 10.5 3.5 3.5 7.5-8" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`,
  checks: svg`<path d="m2.5 10.5 3.5 3.5 7.5-8M9 13.5l.5.5 7.5-8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>`,
  clock: svg`<circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M10 6v4l2.5 2" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`,
  alert: svg`<circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M10 6.3v4.4M10 13.4v.3" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>`,
  back: svg`<path d="M12.5 4.5 7 10l5.5 5.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`,
  user: svg`<circle cx="10" cy="7" r="3.2" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M3.8 17c.8-3.2 3.3-4.8 6.2-4.8s5.4 1.6 6.2 4.8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`,
  inbox: svg`<path d="M3 11.5 5 4.5h10l2 7v4a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M3.3 11.5h3.9l1 2h3.6l1-2h3.9" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>`,
  chart: svg`<path d="M3.5 16.5h13M6 13.5v-4M10 13.5v-8M14 13.5v-6" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/>`,
  gear: svg`<circle cx="10" cy="10" r="2.6" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M10 2.8v2M10 15.2v2M2.8 10h2M15.2 10h2M4.9 4.9l1.4 1.4M13.7 13.7l1.4 1.4M4.9 15.1l1.4-1.4M13.7 6.3l1.4-1.4" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`,
  calendar: svg`<rect x="3" y="4.5" width="14" height="12" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M3 8.5h14M7 2.8v3M13 2.8v3" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`,
  signOut: svg`<path d="M8 4.5H5a1.5 1.5 0 0 0-1.5 1.5v8A1.5 1.5 0 0 0 5 15.5h3M12.5 6.5 16 10l-3.5 3.5M16 10H8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>`,
  logo: svg`<rect x="1" y="1" width="18" height="18" rx="5" fill="currentColor"/><path d="M5.5 7.5h9M5.5 10h6M5.5 12.5h7.5" stroke="#fff" stroke-width="1.7" stroke-linecap="round"/>`,
};

/** An inline icon by name (channel kinds are names too); decorative unless given a label. */
export function icon(name, label) {
  return html`<svg class="icon" viewBox="0 0 20 20" role=${label ? 'img' : 'presentation'} aria-hidden=${label ? 'false' : 'true'} aria-label=${label || ''}>${paths[name] || paths.CHAT}</svg>`;
}

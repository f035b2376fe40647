/**
 * The console's screens. Each has a hash path (#/{path}/{params...}), the least role that sees it (the API enforces
 * the same roles; this only keeps screens a user cannot use out of the navigation), a label key, an icon and, for
 * every screen but the inbox, a loader: screens are separate chunks fetched the first time they are opened, so the
 * inbox never downloads charts or admin forms.
 *
 * A screen element receives .api, .me, .operators, .stream and .params (the path segments after its own).
 * Screens of one `group` (the reports) share one entry in the top bar and show each other as tabs.
 * `landing` lists the roles for which the screen is the one shown at #/ (the first match wins).
 */
import '../reports/nav.js';

export const screens = [
  { path: 'inbox', role: 'agent', label: 'nav.inbox', icon: 'inbox', landing: ['agent'] },
  {
    path: 'overview',
    group: 'reports',
    role: 'manager',
    label: 'nav.overview',
    icon: 'chart',
    landing: ['manager', 'admin'],
    tag: 'sb-overview',
    load: () => import('../dashboard/sb-overview.js'),
  },
  {
    path: 'costs',
    group: 'reports',
    role: 'manager',
    label: 'nav.costs',
    icon: 'clock',
    tag: 'sb-costs',
    load: () => import('../dashboard/sb-costs.js'),
  },
  // Agents open the workload page for their own figures (the API gives them nothing else).
  { path: 'workload', group: 'reports', role: 'agent', label: 'nav.workload', icon: 'user', tag: 'sb-workload', load: () => import('../reports/sb-workload.js') },
  { path: 'response-times', group: 'reports', role: 'manager', label: 'nav.responseTimes', icon: 'clock', tag: 'sb-response-times', load: () => import('../reports/sb-response-times.js') },
  { path: 'volume', group: 'reports', role: 'manager', label: 'nav.volume', icon: 'chart', tag: 'sb-volume', load: () => import('../reports/sb-volume.js') },
  { path: 'return', group: 'reports', role: 'manager', label: 'nav.return', icon: 'check', tag: 'sb-return', load: () => import('../reports/sb-return.js') },
  {
    path: 'publishing',
    role: 'agent',
    label: 'nav.publishing',
    icon: 'calendar',
    tag: 'sb-publishing',
    load: () => import('../publishing/sb-publishing.js'),
  },
  { path: 'time', role: 'agent', label: 'nav.time', icon: 'clock', tag: 'sb-time-entry', load: () => import('../time/sb-time-entry.js') },
  { path: 'admin', role: 'admin', label: 'nav.admin', icon: 'gear', tag: 'sb-admin', load: () => import('../admin/sb-admin.js') },
];

const RANK = { agent: 1, manager: 2, admin: 3 };

/** The highest role the user holds, as a rank (admins hold manager's and agent's rights too). */
function rank(roles) {
  return Math.max(0, ...(roles || []).map((r) => RANK[r] || 0));
}

export function allowed(screen, roles) {
  return rank(roles) >= (RANK[screen.role] || 99);
}

export function visibleScreens(roles) {
  return screens.filter((s) => allowed(s, roles));
}

/** The screen a user lands on at #/: the first screen whose landing roles include the user's highest role. */
export function landingScreen(roles) {
  const highest = Object.keys(RANK).find((r) => RANK[r] === rank(roles));
  return screens.find((s) => s.landing?.includes(highest) && allowed(s, roles)) || screens[0];
}

/**
 * The route in the address: #/c/{id} is a conversation in the inbox; #/{path}/{params...} a screen; #/ (or anything
 * unknown) the user's landing screen, resolved by the caller.
 */
export function parseRoute(hash = location.hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'c' && parts[1]) return { screen: 'inbox', conversation: parts[1], params: [] };
  const screen = screens.find((s) => s.path === parts[0]);
  return { screen: screen ? screen.path : null, conversation: null, params: screen ? parts.slice(1) : [] };
}

export function screenLink(path, ...params) {
  return `#/${[path, ...params].map(encodeURIComponent).join('/')}`;
}

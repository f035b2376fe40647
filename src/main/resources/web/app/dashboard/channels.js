/**
 * Names of the tenant's channels for dashboard screens (managers cannot list channels, an admin screen; the
 * overview names them all), read once per console session and shared by every screen that labels report rows.
 */
import { t } from '../i18n/i18n.js';
import './messages.js';

let names;

/** {channelId: {name, kind, enabled}} */
export function channelNames(api) {
  names ??= api
    .overview()
    .then((o) => Object.fromEntries(o.channels.map((c) => [c.channelId, c])))
    .catch((e) => {
      names = null;
      throw e;
    });
  return names;
}

/** The label of a report row: its channel's name, or for work no channel carries, its kind ('Phone (logged)'). */
export function rowLabel(channels, channelId, kind) {
  if (channelId) return channels?.[channelId]?.name || channelId;
  return kind === 'PHONE' ? t('dash.kind.PHONE') : t('dash.manual', { kind: t(`dash.kind.${kind}`) });
}

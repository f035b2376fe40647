/**
 * Names of the tenant's channels for the manager's screens (dashboard and reports), whose rows carry channel ids:
 * read from the channel directory (GET /api/v1/channel-directory: every operator may read it, without settings or
 * secrets; the channel list itself is an admin's), once per signed-in client, and shared by every screen.
 */
import { t } from '../i18n/i18n.js';
import './messages.js';

const directories = new WeakMap();

/** {channelId: {name, kind, enabled}}, disabled channels included (their history still shows). */
export function channelNames(api) {
  let names = directories.get(api);
  if (!names) {
    names = readAll(api).catch((e) => {
      directories.delete(api);
      throw e;
    });
    directories.set(api, names);
  }
  return names;
}

async function readAll(api) {
  const channels = {};
  let cursor;
  do {
    const page = await api.get('/channel-directory', { limit: 200, cursor });
    page.items.forEach((c) => (channels[c.id] = c));
    cursor = page.nextCursor;
  } while (cursor);
  return channels;
}

/**
 * The label of a report row: its channel's name, or for work no channel carries, its kind ('Phone (logged)'). A
 * channel the directory does not know (yet) shows as its kind and the start of its id.
 */
export function rowLabel(channels, channelId, kind) {
  if (channelId) return channels?.[channelId]?.name || `${t(`dash.kind.${kind}`)} ${channelId.slice(0, 8)}`;
  return kind === 'PHONE' ? t('dash.kind.PHONE') : t('dash.manual', { kind: t(`dash.kind.${kind}`) });
}

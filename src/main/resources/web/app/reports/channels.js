import { t } from '../i18n/i18n.js';

/**
 * Channel names for report rows, which carry channel ids. The channel list is an admin's (GET /api/v1/channels);
 * for anyone else a channel is shown by its kind and the start of its id.
 */
export async function channelNames(api) {
  const names = {};
  try {
    let cursor;
    do {
      const page = await api.get('/channels', { limit: 200, cursor });
      page.items.forEach((c) => (names[c.id] = c.name));
      cursor = page.nextCursor;
    } while (cursor);
  } catch {
    // 403 below admin: ids it is.
  }
  return names;
}

export function channelLabel(names, id, kind) {
  if (!id) return t('reports.noChannel');
  return names?.[id] || `${t(`kind.${kind}`)} ${id.slice(0, 8)}`;
}

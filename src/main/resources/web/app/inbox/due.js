import { currentLocale } from '../i18n/i18n.js';

/** A short length of time, "45 sec", "12 min", "3 hr 5 min", "2 days", in the current locale. */
export function shortDuration(ms) {
  const locale = currentLocale();
  const unit = (value, name) => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return unit(seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${unit(hours, 'hour')} ${unit(minutes % 60, 'minute')}` : unit(hours, 'hour');
  return unit(Math.floor(hours / 24), 'day');
}

/** Where a conversation stands against its channel's response target: null when no reply is owed. */
export function replyDue(conversation, now = Date.now()) {
  if (!conversation.replyDueAt) return null;
  const left = Date.parse(conversation.replyDueAt) - now;
  return { overdue: left <= 0, left: Math.abs(left), soon: left > 0 && left < 5 * 60_000 };
}

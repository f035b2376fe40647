import { messages } from './messages.js';

const STORAGE_KEY = 'sb.locale';
const listeners = new Set();

function initialLocale() {
  const chosen = sessionStorage.getItem(STORAGE_KEY);
  if (chosen && messages[chosen]) return chosen;
  const browser = (navigator.languages || [navigator.language]).map((l) => String(l).slice(0, 2));
  return browser.find((l) => messages[l]) || 'en';
}

let locale = initialLocale();
document.documentElement.lang = locale;

export const locales = Object.keys(messages);

export function currentLocale() {
  return locale;
}

export function setLocale(next) {
  if (!messages[next] || next === locale) return;
  locale = next;
  sessionStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  listeners.forEach((listener) => listener(next));
}

export function onLocaleChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Adds a screen's own catalogue ({en: {...}, fr: {...}}) to the shared one, so that each screen folder keeps its
 * strings beside its code. Keys must be new: a clash is a programming error and throws.
 */
export function addMessages(catalogue) {
  for (const [lang, entries] of Object.entries(catalogue)) {
    if (!messages[lang]) throw new Error(`Unknown locale ${lang}`);
    for (const key of Object.keys(entries)) {
      if (key in messages[lang]) throw new Error(`Message ${key} is defined twice`);
    }
    Object.assign(messages[lang], entries);
  }
}

/** The string for key in the current locale, with {name} placeholders filled from params. */
export function t(key, params = {}) {
  const text = messages[locale][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 min", "2 h", "3 d": how long ago, short, for dense lists. */
export function since(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const format = new Intl.NumberFormat(locale, { style: 'unit', unitDisplay: 'narrow', unit: 'second' });
  if (seconds < 60) return locale === 'fr' ? 'maintenant' : 'now';
  for (const [unit, size] of UNITS) {
    if (seconds >= size) {
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(Math.floor(seconds / size));
    }
  }
  return format.format(seconds);
}

/** A timestamp for a message: time today, date and time otherwise. */
export function timestamp(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function fullDate(iso) {
  return iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso)) : '';
}

/** Mixin: the element renders again when the locale changes. */
export const Localized = (Base) =>
  class extends Base {
    connectedCallback() {
      super.connectedCallback();
      this._unlisten = onLocaleChange(() => this.requestUpdate());
    }

    disconnectedCallback() {
      super.disconnectedCallback();
      this._unlisten?.();
    }
  };

import { smsSegments } from './sms.js';

// The limits the API's reply senders enforce (XReplySender, XPostLength, FacebookReplySender), counted the same way.
const X_POST = 280;
const X_LINK = 23;
const X_DM = 10_000;
const MESSENGER = 2000;
const FACEBOOK_COMMENT = 8000;
export const MESSENGER_WINDOW_MS = 24 * 3600_000;

const LINK = /https?:\/\/\S+/gi;
const graphemes = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
const EMOJI = /\p{Emoji_Presentation}/u;
const EMOJI_ANY = /\p{Emoji}/u;

function light(codePoint) {
  return codePoint <= 4351 || (codePoint >= 8192 && codePoint <= 8205) || (codePoint >= 8208 && codePoint <= 8223)
    || (codePoint >= 8242 && codePoint <= 8247);
}

function weigh(text) {
  const clusters = graphemes ? [...graphemes.segment(text)].map((s) => s.segment) : [...text];
  let weight = 0;
  for (const cluster of clusters) {
    const first = String.fromCodePoint(cluster.codePointAt(0));
    if (EMOJI.test(first) || (EMOJI_ANY.test(first) && cluster.length > first.length)) weight += 2;
    else for (const ch of cluster) weight += light(ch.codePointAt(0)) ? 1 : 2;
  }
  return weight;
}

/** X's weighted length (twitter-text v3), as the API counts it: NFC, links 23, emoji and CJK 2. */
export function xWeightedLength(text) {
  const normalised = text.normalize('NFC');
  let length = 0;
  let from = 0;
  for (const match of normalised.matchAll(LINK)) {
    length += weigh(normalised.slice(from, match.index)) + X_LINK;
    from = match.index + match[0].length;
  }
  return length + weigh(normalised.slice(from));
}

const codePoints = (text) => [...text].length;

/**
 * What the reply box shows for a draft on this conversation's channel: `{kind, used, max, over, parts}` for the
 * counters, and for Messenger the end of the 24-hour window (`windowEndsAt`, null when the contact never wrote).
 */
export function replyLimits(conversation, text) {
  switch (conversation.channelKind) {
    case 'SMS': {
      const sms = smsSegments(text);
      return { kind: 'sms', used: sms.units, segments: sms.segments, encoding: sms.encoding };
    }
    case 'X':
      return conversation.publicThread
        ? { kind: 'x-post', used: xWeightedLength(text), max: X_POST }
        : { kind: 'x-dm', used: codePoints(text), max: X_DM };
    case 'FACEBOOK': {
      if (conversation.publicThread) return { kind: 'fb-comment', used: codePoints(text), max: FACEBOOK_COMMENT };
      const last = conversation.lastInboundAt ? Date.parse(conversation.lastInboundAt) : null;
      return {
        kind: 'messenger',
        used: codePoints(text),
        max: MESSENGER,
        windowEndsAt: last === null ? null : new Date(last + MESSENGER_WINDOW_MS),
      };
    }
    default:
      return null;
  }
}

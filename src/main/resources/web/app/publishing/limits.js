import { smsSegments } from '../conversation/sms.js';

// X's weighted length, as the API counts it (channel/x/XPostLength: twitter-text v3): NFC; code points up to
// U+10FF and three punctuation ranges weigh 1, others 2; an emoji (however many code points) 2; a link 23.
const LINK = /https?:\/\/\S+/gi;
const LINK_LENGTH = 23;

function light(cp) {
  return cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
}

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
const EMOJI = /^\p{Emoji}/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}/u;

function weigh(text) {
  let weight = 0;
  const clusters = segmenter ? [...segmenter.segment(text)].map((s) => s.segment) : [...text];
  for (const cluster of clusters) {
    const first = cluster.codePointAt(0);
    const firstChar = String.fromCodePoint(first);
    const emoji = EMOJI_PRESENTATION.test(firstChar) || (EMOJI.test(firstChar) && cluster.length > firstChar.length);
    if (emoji) weight += 2;
    else for (const ch of cluster) weight += light(ch.codePointAt(0)) ? 1 : 2;
  }
  return weight;
}

export function xWeightedLength(text) {
  const normalised = text.normalize('NFC');
  let length = 0;
  let from = 0;
  for (const m of normalised.matchAll(LINK)) {
    length += weigh(normalised.slice(from, m.index)) + LINK_LENGTH;
    from = m.index + m[0].length;
  }
  return length + weigh(normalised.slice(from));
}

/** The text a channel that carries text only publishes: the text, then each medium's link on a line (OutboundPost). */
export function textWithLinks(text, media) {
  let out = (text || '').trim();
  for (const m of media) {
    if (out) out += '\n';
    if (m.name && m.name.trim()) out += `${m.name.trim()}: `;
    out += m.url;
  }
  return out;
}

/**
 * What a channel's limits say about a text: { used, max, unit, over, segments?, encoding? } counted as the API does
 * (GET /api/v1/posts/channels gives each channel's limits). Facebook's first medium is the post's link, not text.
 */
export function measure(channel, text, media) {
  const limits = channel.limits || {};
  const shown = channel.kind === 'FACEBOOK' ? textWithLinks(text, media.slice(1)) : limits.mediaAsLinks ? textWithLinks(text, media) : (text || '').trim();
  const result = { max: limits.maxLength, unit: limits.lengthUnit, over: false };
  if (limits.lengthUnit === 'X_WEIGHTED') result.used = xWeightedLength(shown);
  else if (limits.lengthUnit === 'UTF16') result.used = shown.length;
  else result.used = [...shown].length;
  if (limits.maxLength != null && result.used > limits.maxLength) result.over = true;
  if (limits.maxSegments != null) {
    const sms = smsSegments(shown);
    result.segments = shown ? sms.segments : 0;
    result.encoding = sms.encoding;
    result.maxSegments = limits.maxSegments;
    if (result.segments > limits.maxSegments) result.over = true;
  }
  if (limits.maxMedia != null && media.length > limits.maxMedia) result.over = true;
  return result;
}

// GSM 03.38: the basic set counts one septet, its extension table two; anything else makes the message UCS-2.
// The same rules as the service's SmsSegments (adapter/sms), which the browser tests compare it with.
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENDED = '^{}\\[~]|€\f';

/**
 * How an SMS of this text is carried: encoding, length in its units (septets for GSM-7, an extension character
 * counting two; UTF-16 code units for UCS-2, an emoji counting two), and the parts it takes: 160 / 70 alone, 153 / 67
 * per part once split, and an escape pair or a surrogate pair never split across two parts. An empty text takes none.
 */
export function smsSegments(text) {
  const chars = [...text];
  const gsm = chars.every((ch) => BASIC.includes(ch) || EXTENDED.includes(ch));
  const width = gsm ? (ch) => (EXTENDED.includes(ch) ? 2 : 1) : (ch) => ch.length;
  const [single, perPart] = gsm ? [160, 153] : [70, 67];
  const units = chars.reduce((sum, ch) => sum + width(ch), 0);
  let segments = units === 0 ? 0 : 1;
  if (units > single) {
    let used = 0;
    for (const ch of chars) {
      if (used + width(ch) > perPart) {
        segments++;
        used = 0;
      }
      used += width(ch);
    }
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments };
}

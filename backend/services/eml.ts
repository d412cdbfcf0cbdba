// An email as an .eml file (RFC 5322 with MIME): UTF-8 throughout, the subject and names encoded (RFC 2047) so æ, ø
// and å survive every mail program, the body quoted-printable. "X-Unsent: 1" makes Outlook open it as a draft to send.

import crypto from 'node:crypto';

/** RFC 2047 encoded-words (base64, UTF-8), split so no encoded-word is longer than 75 characters. */
export function encodeWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    const next = chunk + ch;
    if (Buffer.byteLength(next, 'utf8') > 45) {
      words.push(chunk);
      chunk = ch;
    } else chunk = next;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** Quoted-printable (RFC 2045) of UTF-8 text, lines at most 76 characters, CRLF line ends. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const bytes = Buffer.from(line, 'utf8');
    let encoded = '';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const last = i === bytes.length - 1;
      const plain = (b >= 33 && b <= 126 && b !== 61) || (b === 32 && !last) || (b === 9 && !last);
      encoded += plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    let rest = encoded;
    while (rest.length > 76) {
      let cut = 75;
      // never split an =XX escape
      if (rest[cut - 1] === '=') cut -= 1;
      else if (rest[cut - 2] === '=') cut -= 2;
      out.push(`${rest.slice(0, cut)}=`);
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join('\r\n');
}

function address(name: string, email: string): string {
  return name ? `${encodeWord(name.replace(/["\\]/g, ''))} <${email}>` : email;
}

export interface EmlInput {
  fromName: string;
  fromEmail: string;
  to: string;
  subject: string;
  body: string;
  date?: Date;
}

export function buildEml(m: EmlInput): string {
  const date = (m.date ?? new Date()).toUTCString().replace('GMT', '+0000');
  const domain = m.fromEmail.split('@')[1] ?? 'localhost';
  const headers = [
    `From: ${address(m.fromName, m.fromEmail)}`,
    `To: ${m.to}`,
    `Subject: ${encodeWord(m.subject)}`,
    `Date: ${date}`,
    `Message-ID: <${crypto.randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    'X-Unsent: 1',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${quotedPrintable(m.body)}\r\n`;
}

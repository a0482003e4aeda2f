/**
 * Bytes in a message. Webview messages travel as JSON, so binary data (checkpoint weights, a PNG
 * of a chart) is sent as base64 or as an array of byte values; text as it is. Pure TypeScript:
 * no `Buffer` (Node), no `atob` (DOM), so both sides share it.
 */

export type Payload =
  | { encoding: 'utf8'; data: string }
  | { encoding: 'base64'; data: string }
  /** Byte values 0…255, for small blobs or code that already holds a number array. */
  | { encoding: 'bytes'; data: number[] };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

/** Decodes base64 (padding optional, whitespace ignored); throws on any other character. */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/[\s=]+/g, '');
  if (clean.length % 4 === 1) throw new Error('invalid base64: wrong length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    const digit = LOOKUP.get(char);
    if (digit === undefined) throw new Error(`invalid base64 character ${JSON.stringify(char)}`);
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

export function textPayload(text: string): Payload {
  return { encoding: 'utf8', data: text };
}

export function bytesPayload(bytes: Uint8Array): Payload {
  return { encoding: 'base64', data: encodeBase64(bytes) };
}

/** The bytes a payload holds; throws on malformed base64 or byte values out of range. */
export function payloadBytes(payload: Payload): Uint8Array {
  switch (payload.encoding) {
    case 'utf8':
      return new TextEncoder().encode(payload.data);
    case 'base64':
      return decodeBase64(payload.data);
    case 'bytes': {
      const bytes = new Uint8Array(payload.data.length);
      payload.data.forEach((value, i) => {
        if (!Number.isInteger(value) || value < 0 || value > 255) {
          throw new Error(`byte ${i} is ${String(value)}, not an integer from 0 to 255`);
        }
        bytes[i] = value;
      });
      return bytes;
    }
  }
}

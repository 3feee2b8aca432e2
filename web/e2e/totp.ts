import { createHmac } from 'node:crypto';

/** Seconds per TOTP time step (RFC 6238's default, what the server uses). */
export const TOTP_PERIOD = 30;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 → bytes; spaces, dashes and padding are ignored, case too. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The time step a moment falls in: floor(unix seconds / 30). */
export function timeStep(nowMs = Date.now()): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD);
}

/** HOTP (RFC 4226) over the step: HMAC-SHA1 of the 8-byte big-endian counter, dynamic truncation. */
export function totpAt(secret: string, step: number, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/**
 * A code to type now, and its step. With less than `marginSeconds` left in the
 * current step, waits for the next one, so the code is still current when the
 * server checks it.
 */
export async function freshCode(secret: string, marginSeconds = 4): Promise<{ code: string; step: number }> {
  const left = TOTP_PERIOD - ((Date.now() / 1000) % TOTP_PERIOD);
  if (left < marginSeconds) await sleep(left * 1000 + 100);
  const step = timeStep();
  return { code: totpAt(secret, step), step };
}

/**
 * The server accepts each step's code once (replay protection): after a code
 * of `usedStep` was accepted, waits until a later step begins and returns its code.
 */
export async function codeAfter(secret: string, usedStep: number): Promise<{ code: string; step: number }> {
  const next = (usedStep + 1) * TOTP_PERIOD * 1000;
  const wait = next - Date.now();
  if (wait > 0) await sleep(wait + 100);
  return freshCode(secret);
}

/** A 6-digit code that none of the steps around `step` produces: a surely wrong code. */
export function wrongCode(secret: string, step: number): string {
  const near = new Set([-2, -1, 0, 1, 2].filter((d) => step + d >= 0).map((d) => totpAt(secret, step + d)));
  for (const candidate of ['000000', '111111', '222222', '999999']) {
    if (!near.has(candidate)) return candidate;
  }
  throw new Error('no wrong code found');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** Soft line breaks removed and =XX escapes decoded (nodemailer sends text as quoted-printable). */
function decodeQuotedPrintable(s: string): string {
  const joined = s.replace(/=\r?\n/g, '');
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

/** One message as the real SMTP server received it. */
export interface ReceivedMail {
  to: string[];
  /** Headers and the body, quoted-printable decoded (what a mail client shows). */
  raw: string;
  subject: string;
  deliveryId: string | null;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package): PumpWatch talks SMTP to it exactly as to a
 * clinic's mail server. `reject` makes it answer 451 (a temporary failure) to every message.
 */
export async function startSmtp(): Promise<{
  url: string;
  mails: ReceivedMail[];
  reject: boolean;
  close(): Promise<void>;
}> {
  const state = { mails: [] as ReceivedMail[], reject: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.reject) {
          const err = new Error('mailbox busy') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        const raw = decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8'));
        state.mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '',
          deliveryId: /^X-PumpWatch-Delivery: (.*)$/im.exec(raw)?.[1]?.trim() ?? null,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

/**
 * A real HTTP receiver on loopback, like a pager gateway. `answer` decides each status (default 200);
 * every request is kept, answered or not.
 */
export async function startReceiver(): Promise<{
  url: string;
  hooks: ReceivedHook[];
  answer: (n: number) => number;
  delayMs: number;
  close(): Promise<void>;
}> {
  const state = { hooks: [] as ReceivedHook[], answer: (() => 200) as (n: number) => number, delayMs: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      state.hooks.push({ headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
      const status = state.answer(state.hooks.length);
      setTimeout(() => {
        res.statusCode = status;
        res.end();
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** What a receiver computes to check a delivery: HMAC-SHA256 of the raw body with the shared secret. */
export const expectedSignature = (secret: string, raw: string) =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

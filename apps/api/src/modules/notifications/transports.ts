import http from 'node:http';
import https from 'node:https';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/config';
import { SEND_TIMEOUT_MS, signature, type MailBody } from './notification-rules';

/** A refused try, with the reason kept in the delivery log (no secrets, no bodies). */
export class SendError extends Error {}

/**
 * POSTs the stored body bytes with the delivery's headers. 2xx = delivered; a redirect is not followed (a pager
 * endpoint that moved must be re-registered, not guessed); any other answer, a network error or no complete
 * answer within SEND_TIMEOUT_MS is a failure.
 */
export function postWebhook(
  url: string,
  secret: string,
  delivery: { deliveryId: string; event: string; body: string },
): Promise<void> {
  const target = new URL(url);
  const bytes = Buffer.from(delivery.body, 'utf8');
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<void>((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(bytes.length),
          'User-Agent': 'PumpWatch-Notifications',
          'X-PumpWatch-Event': delivery.event,
          'X-PumpWatch-Delivery': delivery.deliveryId,
          'X-PumpWatch-Signature': signature(secret, delivery.body),
        },
      },
      (res) => {
        res.resume(); // the answer's body is not read, only drained
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new SendError(`webhook answered HTTP ${status}`));
        });
        res.on('error', (e) => reject(new SendError(`webhook answer broken: ${e.message}`)));
      },
    );
    // the whole exchange, not just an idle socket: a receiver trickling bytes must not hold a delivery
    const timer = setTimeout(
      () => req.destroy(new SendError(`no answer within ${SEND_TIMEOUT_MS / 1000} s`)),
      SEND_TIMEOUT_MS,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e) => reject(e instanceof SendError ? e : new SendError(`webhook not reached: ${e.message}`)));
    req.end(bytes);
  });
}

/** SMTP through nodemailer, one transport per process; 4xx/5xx answers reject (and so are retried). */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private transport: Transporter | null = null;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return !!this.config.smtpUrl;
  }

  async send(mail: MailBody, deliveryId: string): Promise<void> {
    if (!this.config.smtpUrl) throw new SendError('e-mail is not configured (PUMPWATCH_SMTP_URL)');
    // the url sets host, port, TLS and credentials; the timeouts apply where it says nothing
    this.transport ??= nodemailer.createTransport({
      url: this.config.smtpUrl,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    try {
      await this.transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        // the same id on every retry: a duplicate after a crash can be recognised
        messageId: `<${deliveryId}@pumpwatch>`,
        headers: { 'X-PumpWatch-Delivery': deliveryId },
      });
    } catch (e) {
      const err = e as Error & { responseCode?: number };
      throw new SendError(`SMTP ${err.responseCode ? `answered ${err.responseCode}` : 'failed'}: ${err.message}`);
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

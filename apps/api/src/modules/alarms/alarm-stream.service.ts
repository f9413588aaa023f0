import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { Subject, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';
import { AlarmQueries, type CursoredAlarm } from './alarm-queries.service';
import { ALARM_CHANNEL } from './alarm.mapper';

/**
 * Fan-out of alarm changes to SSE clients. Changes arrive by Postgres LISTEN/NOTIFY (sent inside each
 * changing transaction, so delivered only on commit, and from every API instance), on one dedicated
 * connection opened when the first client subscribes.
 */
@Injectable()
export class AlarmStream implements OnModuleDestroy {
  private readonly logger = new Logger('AlarmStream');
  private readonly changes = new Subject<CursoredAlarm>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: AlarmQueries,
    /** Open streams end (with a reconnect hint) when this instance drains before stopping. */
    readonly shutdown: ShutdownState,
  ) {}

  get live(): Observable<CursoredAlarm> {
    return this.changes.asObservable();
  }

  /** Opens the LISTEN connection once; later callers share it. */
  ensureListening(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url });
    client.on('notification', (msg) => {
      if (msg.channel !== ALARM_CHANNEL || !msg.payload) return;
      void this.publish(JSON.parse(msg.payload) as string[]);
    });
    client.on('error', (err) => {
      this.logger.warn(`LISTEN connection lost: ${err.message}; reconnecting on next subscriber`);
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
    });
    await client.connect();
    await client.query(`LISTEN ${ALARM_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private async publish(ids: string[]): Promise<void> {
    try {
      for (const row of await this.queries.byIds(ids)) this.changes.next(row);
    } catch (e) {
      this.logger.error(`could not load changed alarms: ${(e as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.changes.complete();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

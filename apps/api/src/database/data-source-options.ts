import { SnakeNamingStrategy } from '../common/db/naming';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    migrationsTransactionMode: 'each',
    // fail fast when the database is down so requests get a clear 503 instead of hanging
    extra: { max: 20, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 },
    ...extra,
  } as DataSourceOptions;
}

import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Arbitrary constant: one advisory lock so two API instances never migrate at once.
const MIGRATION_LOCK = 734_201;

/** Runs pending migrations under an advisory lock; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}

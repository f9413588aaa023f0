// DataSource for the TypeORM CLI (migration:generate); the app builds its own from the same options.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pumpwatch_migrations'),
);

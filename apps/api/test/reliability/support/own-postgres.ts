import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');

export interface OwnPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and deletes its folder. */
  destroy(): Promise<void>;
  /** Stops the cluster and keeps its folder (e.g. a round-one data folder for the upgrade test). */
  release(): Promise<void>;
}

/**
 * A private embedded PostgreSQL cluster (own folder under .data/reliability-<random>, own port) that a test may stop
 * and start without disturbing the server every other test uses. It runs in a child process (pg-child.mjs).
 */
export async function startOwnPostgres(
  database = 'pumpwatch',
  opts: { dir?: string; port?: number } = {},
): Promise<OwnPostgres> {
  const dir = opts.dir ?? path.join(REPO_ROOT, '.data', `reliability-${randomBytes(4).toString('hex')}`);
  const port = opts.port ?? 54350 + Math.floor(Math.random() * 600);
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [path.join(__dirname, 'pg-child.mjs'), dir, String(port), database],
    { stdio: 'pipe' },
  );
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  lines.on('line', (line) => waiting.shift()?.(line));
  const answer = (timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`embedded PostgreSQL did not answer: ${stderr}`)), timeoutMs);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const send = async (command: string) => {
    const reply = answer();
    child.stdin.write(`${command}\n`);
    const line = await reply;
    if (line !== `ok ${command}`) throw new Error(`embedded PostgreSQL: ${line} ${stderr}`);
  };
  const ready = await answer(120_000);
  if (ready !== 'ok ready') throw new Error(`embedded PostgreSQL failed to start: ${ready} ${stderr}`);
  return {
    url: `postgres://pumpwatch:pumpwatch-local@127.0.0.1:${port}/${database}`,
    port,
    stop: () => send('stop'),
    start: () => send('start'),
    release: async () => {
      await send('exit').catch(() => undefined);
      child.kill('SIGKILL');
    },
    destroy: async () => {
      await send('exit').catch(() => undefined);
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

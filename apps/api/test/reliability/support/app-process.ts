import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A `node dist/main.js` child process with its output collected (the tests read what an operator would see). */
export interface AppProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM (a graceful stop, which also stops the embedded database), SIGKILL after 20 s. */
  stop(): Promise<void>;
}

export function spawnApp(main: string, env: NodeJS.ProcessEnv, cwd?: string): AppProcess {
  const child = spawn(process.execPath, [main], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Milliseconds until GET /api/health answered 200; throws (with the app's output) when it did not within `limitMs`. */
export async function waitHealthy(app: AppProcess, port: number, limitMs: number): Promise<number> {
  const started = Date.now();
  let exitedWith: number | string | undefined;
  void app.exited.then((c) => (exitedWith = c));
  while (Date.now() - started < limitMs && exitedWith === undefined) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return Date.now() - started;
    await sleep(200);
  }
  throw new Error(
    `not healthy after ${Date.now() - started} ms (exit: ${exitedWith ?? 'still running'})\n` +
      `stdout:\n${app.stdout().slice(-3000)}\nstderr:\n${app.stderr().slice(-3000)}`,
  );
}

/** True when nothing accepts connections on 127.0.0.1:port (e.g. the embedded PostgreSQL has stopped). */
export async function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** The lines an operator reads on stderr, without Node's own runtime warnings. */
export function stderrLines(app: AppProcess): string[] {
  return app
    .stderr()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('(node:') && !l.startsWith('(Use `node --trace'));
}

/** Removes a folder whatever its modes (the embedded cluster belongs to another user when run as root). */
export function removeTree(dir: string): void {
  spawnSync('rm', ['-rf', dir]);
}

/**
 * `node dist/main.js` (`main`) as a real separate process on `databaseUrl`, without the demo clinic, the alarm
 * schedule or the dashboard; `env` adds to or overrides that. Resolves once GET /api/health answers 200 (30 s at
 * most; the child is killed otherwise). Its output is discarded: the SIGKILL tests read the database, not logs.
 */
export async function startServerProcess(
  main: string,
  databaseUrl: string,
  port: number,
  env: Record<string, string>,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      PUMPWATCH_SEED: 'none',
      PUMPWATCH_ALARM_CRON: 'off',
      PUMPWATCH_WEB_DIST: '/nonexistent',
      ...env,
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return child;
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error('the API did not start');
}

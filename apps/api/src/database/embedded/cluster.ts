import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { portProblem } from '../../common/startup/ports';
import { StartupError } from '../../common/startup/startup-error';
import { spawnIdentity, type RunAs } from './run-as';

export interface ClusterSpec {
  /** The cluster folder as PostgreSQL sees it (no symbolic link on the way). */
  clusterDir: string;
  port: number;
  /** Folder with bin/, lib/ and share/ of the PostgreSQL distribution. */
  binDir: string;
  runAs: RunAs | undefined;
  log: (message: string) => void;
}

export const PORT_VARIABLE = 'PUMPWATCH_EMBEDDED_PG_PORT';

export const portInUseMessage = (port: number): string =>
  portProblem({ code: 'EADDRINUSE' }, 'embedded PostgreSQL', port, '127.0.0.1', PORT_VARIABLE)!;

/** A UTF-8 locale the operating system has (C.UTF-8 sorts the same everywhere), else plain C. */
function bestLocale(): string {
  const res = spawnSync('locale', ['-a'], { encoding: 'utf8' });
  const have = new Set((res.stdout ?? '').split('\n').map((l) => l.trim()));
  return ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((l) => have.has(l)) ?? 'C';
}

/** Runs a program as `runAs`, resolving with its stderr; a failure becomes a one-line StartupError. */
function runAsChild(spec: ClusterSpec, program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(spec.binDir, 'bin', program), args, {
      ...spawnIdentity(spec.runAs),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => spec.log(d.toString().trim()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', (err) => reject(new StartupError(`could not run ${program}: ${err.message}`)));
    child.once('close', (code) => {
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
      reject(new StartupError(`${program} failed for ${spec.clusterDir}: ${last}`));
    });
  });
}

/** initdb with the superuser's password (read from a 0600 file only `runAs` can open, removed afterwards). */
export async function initCluster(spec: ClusterSpec, superuser: string, password: string): Promise<void> {
  const work = fs.mkdtempSync(path.join(path.dirname(spec.clusterDir), '.initdb-'));
  const pwfile = path.join(work, 'pw');
  try {
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (spec.runAs) {
      fs.chownSync(work, spec.runAs.uid, spec.runAs.gid);
      fs.chownSync(pwfile, spec.runAs.uid, spec.runAs.gid);
    }
    await runAsChild(spec, 'initdb', [
      `--pgdata=${spec.clusterDir}`,
      `--username=${superuser}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      `--locale=${bestLocale()}`,
      '--lc-messages=C',
    ]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** postmaster.pid: line 1 the pid, line 8 the state ("ready" once connections are accepted). */
function readPidFile(clusterDir: string): { pid?: number; status?: string } {
  try {
    const lines = fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, status: lines[7]?.trim() };
  } catch {
    return {};
  }
}

/** A postmaster from an earlier run (e.g. orphaned by SIGKILL) still holds this cluster. */
export function postmasterAlive(clusterDir: string): boolean {
  const { pid } = readPidFile(clusterDir);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another account
  }
}

export function removeStalePid(clusterDir: string): void {
  if (readPidFile(clusterDir).pid !== undefined && !postmasterAlive(clusterDir)) {
    fs.rmSync(path.join(clusterDir, 'postmaster.pid'), { force: true });
  }
}

export interface RunningPostgres {
  stop(): Promise<void>;
}

const PORT_CLASH = /could not bind|Address already in use|another postmaster already running on port/i;

/**
 * Starts `postgres` as `runAs` (loopback only, no Unix socket: two installations never meet in /tmp) and waits
 * until postmaster.pid says "ready", the way pg_ctl does. A failure is one line naming what to change.
 */
export async function startPostgres(spec: ClusterSpec): Promise<RunningPostgres> {
  const child: ChildProcess = spawn(
    path.join(spec.binDir, 'bin', 'postgres'),
    [
      '-D',
      spec.clusterDir,
      '-p',
      String(spec.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    { ...spawnIdentity(spec.runAs), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // the server logs to stderr for its whole life: keep draining it (a full pipe would stall it), remember the tail
  const tail: string[] = [];
  const onOutput = (d: Buffer) => {
    for (const line of d.toString().split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      spec.log(line);
    }
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.once('error', (err) => tail.push(`FATAL: ${err.message}`));
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);

  const deadline = Date.now() + 60_000;
  while (!exited) {
    const state = readPidFile(spec.clusterDir);
    if (state.pid === child.pid && state.status === 'ready') break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new StartupError(`the embedded PostgreSQL in ${spec.clusterDir} was not ready after 60 s.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (exited) {
    process.removeListener('exit', stopOnExit);
    const text = tail.join('\n');
    if (PORT_CLASH.test(text)) throw new StartupError(portInUseMessage(spec.port));
    const fatal = tail.filter((l) => /FATAL|PANIC|ERROR/.test(l)).pop() ?? tail.pop() ?? 'no output';
    throw new StartupError(`the embedded PostgreSQL in ${spec.clusterDir} did not start: ${fatal.trim()}`);
  }
  return {
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      if (exited) return;
      child.kill('SIGINT'); // fast shutdown: open transactions roll back, the cluster is left consistent
      const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

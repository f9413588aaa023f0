import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, portClosed, removeTree } from '../../reliability/support/app-process';

/** Debian's nginx (`apt-get install nginx`); PUMPWATCH_NGINX overrides. */
export const NGINX = process.env.PUMPWATCH_NGINX ?? '/usr/sbin/nginx';

/** The shipped site (docker-compose.yml mounts it too): what this test proves is what hospital IT runs. */
export const SITE_FILE = path.resolve(__dirname, '../../../../../deploy/nginx/pumpwatch.conf');

/**
 * The shipped site with its upstream servers replaced by the test's instances and its `listen 80` by a free
 * loopback port, inside a minimal nginx.conf of the test's own (temp paths, an access log naming the upstream).
 * Beyond the site it adds an X-Upstream header, so the test can tell which instance holds each alarm stream.
 */
export function nginxConfig(dir: string, port: number, upstreamPorts: number[]): string {
  const site = fs.readFileSync(SITE_FILE, 'utf8');
  const servers = /^\s*server\s+api:3000\b([^;]*);$/m.exec(site);
  if (!servers || !/^\s*listen 80;$/m.test(site))
    throw new Error(`${SITE_FILE}: no \`server api:3000\` or \`listen 80\``);
  const local = site
    .replace(servers[0], upstreamPorts.map((p) => `    server 127.0.0.1:${p}${servers[1]};`).join('\n'))
    .replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`);
  fs.writeFileSync(path.join(dir, 'pumpwatch.conf'), local);
  return `
worker_processes 1;
${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format cluster '$msec $request_method $uri $status upstream=$upstream_addr upstream_status=$upstream_status';
  access_log ${dir}/access.log cluster;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  add_header X-Upstream $upstream_addr always;
  # autocannon (the load client) does not honour \`Connection: close\`: it writes its next request into the connection
  # nginx is closing after a client's 1,000th request (nginx's default), and that request is lost at the client
  # (browsers open a new connection). Unlimited here, so every request the test counts reached the proxy.
  keepalive_requests ${CLIENT_KEEPALIVE_REQUESTS};
  include ${dir}/pumpwatch.conf;
}
`;
}

/** See the comment in nginxConfig; \`PUMPWATCH_CLUSTER_KEEPALIVE_REQUESTS\` lowers it to show what it prevents. */
const CLIENT_KEEPALIVE_REQUESTS = Number(process.env.PUMPWATCH_CLUSTER_KEEPALIVE_REQUESTS ?? 1_000_000);

export interface Nginx {
  port: number;
  base: string;
  dir: string;
  child: ChildProcess;
  accessLog(): string[];
  errorLog(): string;
  stop(): Promise<void>;
}

export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  if (!fs.existsSync(NGINX)) throw new Error(`${NGINX} not found: apt-get install -y nginx`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cluster-nginx-'));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(dir, port, upstreamPorts));
  const test = spawnSync(NGINX, ['-t', '-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
  const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100 && (await portClosed(port)); i++) await new Promise((r) => setTimeout(r, 50));
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    dir,
    child,
    accessLog: () => read('access.log').split('\n').filter(Boolean),
    errorLog: () => read('error.log'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      removeTree(dir);
    },
  };
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, portClosed, removeTree } from '../../reliability/support/app-process';

/** Debian's nginx (`apt-get install nginx`); PUMPWATCH_NGINX overrides. */
export const NGINX = process.env.PUMPWATCH_NGINX ?? '/usr/sbin/nginx';

/**
 * The proxy site of DEPLOYMENT.md without TLS, on loopback, for the cluster test. Beyond the documented site it
 * names the upstream that answered (X-Upstream) so the test can tell which instance holds each alarm stream.
 */
export function nginxConfig(dir: string, port: number, upstreamPorts: number[]): string {
  const servers = upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`).join('\n');
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

  upstream pumpwatch {
${servers}
    keepalive 32;
    # below Node's keep-alive timeout (5 s): nginx closes an idle connection before the app would, so a request is
    # never written into a connection the app is closing (a POST could not be resent)
    keepalive_timeout 4s;
  }
  # writes that carry an Idempotency-Key on routes that honour it: resending one to another instance is safe
  # (the first attempt's result is replayed, never applied twice)
  map "$request_method $uri $http_idempotency_key" $pumpwatch_keyed_write {
    default 0;
    "~^POST /api/(appointments|pumps/[^/]+/(refills|dose-programs)) ." 1;
  }

  server {
    listen 127.0.0.1:${port};
    client_max_body_size 11m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Request-Id $request_id;
    # an instance that is down or stopping: try the next one (GET/HEAD always; POST only if nothing was sent)
    proxy_next_upstream error timeout http_502 http_503;
    proxy_connect_timeout 2s;
    add_header X-Upstream $upstream_addr always;

    location = /metrics { deny all; }
    location = /api/alarms/stream {
      proxy_pass http://pumpwatch;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
    location / {
      if ($pumpwatch_keyed_write) { rewrite ^ /__keyed$uri last; }
      proxy_pass http://pumpwatch;
    }
    location ^~ /__keyed/ {
      internal;
      rewrite ^/__keyed(/.*)$ $1 break;
      proxy_pass http://pumpwatch;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
    }
  }
}
`;
}

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

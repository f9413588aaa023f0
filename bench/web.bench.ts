// Web: (1) gzipped JS loaded on first page load of the production build (apps/web/dist/index.html's scripts and
// modulepreload links, and the static imports they pull in) against the 250 KB target; (2) time to first render
// of the alarm board with 1,000 alarms in Chromium (playwright-core), with /api/* answered by page.route so it
// measures the web app only, plus a scroll to the end of the virtualised list.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { appendResults, machine, table } from './lib/report';

const DIST = path.resolve(__dirname, '../apps/web/dist');
// playwright-core is a dependency of the e2e workspace (through @playwright/test), not of the root.
const { chromium } = createRequire(path.resolve(__dirname, '../e2e/package.json'))(
  '@playwright/test',
) as typeof import('@playwright/test');
const ALARMS = Number(process.env.BENCH_ALARMS ?? 1000);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const BUDGET_KB = 250;

/** Entry scripts and modulepreloads of index.html, then their static `import … from "./x.js"` closure. */
function firstLoadScripts(): string[] {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]);
  const seen = new Set<string>();
  const queue = refs.map((ref) => path.join(DIST, ref.replace(/^\//, '')));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || !fs.existsSync(file)) continue;
    seen.add(file);
    const code = fs.readFileSync(file, 'utf8');
    // Static imports only (dynamic import() chunks load later, per route). Minified: import{a as b}from"./x.js"
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},*\s]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(path.resolve(path.dirname(file), m[1]));
    }
  }
  return [...seen];
}

function gzipKb(file: string): { raw: number; gz: number } {
  const buf = fs.readFileSync(file);
  return { raw: buf.length / 1024, gz: zlib.gzipSync(buf, { level: 9 }).length / 1024 };
}

function syntheticAlarms(n: number): unknown[] {
  const codes = ['LOW_RESERVOIR', 'REFILL_OVERDUE', 'REFILL_NOT_BOOKED', 'APPOINTMENT_MISSED', 'BATTERY_ERI_SOON'];
  const priorities = ['critical', 'high', 'medium', 'low'];
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    pumpId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    patientId: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    code: codes[i % codes.length],
    priority: priorities[Math.floor((i / n) * 4)],
    status: 'open',
    raisedAt: new Date(now - i * 60_000).toISOString(),
    updatedAt: new Date(now - i * 60_000).toISOString(),
    acknowledgedBy: null,
    acknowledgedAt: null,
    acknowledgeNote: null,
    snoozedUntil: null,
    snoozeReason: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    escalated: false,
    escalatedAt: null,
    details: null,
    version: 1,
    patient: {
      id: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      mrn: `B${i}`,
      givenName: 'Ada',
      familyName: `Patient ${i}`,
    },
    highRisk: i % 7 === 0,
    reservoirNowMl: 2 + (i % 18),
    lowReservoirAlarmAt: new Date(now + i * 3_600_000).toISOString(),
    projectedEmptyAt: new Date(now + i * 7_200_000).toISOString(),
    refillDueDate: new Date(now + i * 86_400_000).toISOString().slice(0, 10),
  }));
}

/**
 * Static server for the production build with the SPA fallback, plus an event stream that stays open (the API
 * itself is never contacted).
 */
function serveDist(): Promise<http.Server> {
  const types: Record<string, string> = {
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.html': 'text/html',
    '.svg': 'image/svg+xml',
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/alarms/stream') {
      // an open alarm stream without events, as the API's when nothing changes
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
      res.write('retry: 600000\n\n');
      return;
    }
    let file = path.join(DIST, decodeURIComponent(url.pathname));
    if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory())
      file = path.join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function boardTimings(baseUrl: string, body: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const results: { renderMs: number; scrollMs: number; rowsInDom: number }[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.route('**/api/**', async (route) => {
        const url = new URL(route.request().url());
        if (process.env.BENCH_DEBUG) console.error('api', Date.now() % 100000, url.pathname + url.search);
        if (url.pathname === '/api/auth/login')
          return route.fulfill({
            json: {
              accessToken: 'bench',
              user: { id: 'u1', email: 'physician@bench.example', name: 'Dr Bench', role: 'physician' },
            },
          });
        if (url.pathname === '/api/health') return route.fulfill({ json: { status: 'ok', database: 'up' } });
        if (url.pathname === '/api/alarms') return route.fulfill({ body, contentType: 'application/json' });
        // the board reads its first page once the live stream is open: the static server keeps one open (a
        // fulfilled response never opens an EventSource)
        if (url.pathname.startsWith('/api/alarms/stream')) return route.continue();
        if (url.pathname === '/api/alarms/summary')
          return route.fulfill({
            json: { total: ALARMS, byPriority: { critical: 250, high: 250, medium: 250, low: 250 } },
          });
        if (url.pathname === '/api/patients')
          return route.fulfill({ json: { items: [], total: 0, page: 1, pageSize: 500 } });
        return route.fulfill({ json: [] });
      });
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email').fill('physician@bench.example');
      await page.getByLabel('Password').fill('bench-password');
      const t0 = Date.now();
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/alarms/, { timeout: 30_000 }).catch(() => page.goto(`${baseUrl}/alarms`));
      await page
        .locator('[data-testid="alarm-row"]')
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(async (error: Error) => {
          if (process.env.BENCH_DEBUG) {
            await page.screenshot({ path: path.join(__dirname, '.work/web-board.png') });
            console.error(page.url(), (await page.locator('body').innerText()).slice(0, 500));
          }
          throw error;
        });
      const renderMs = Date.now() - t0;
      const rowsInDom = await page.locator('[role="listitem"]').count();
      const t1 = Date.now();
      await page.evaluate(() => {
        // The list scrolls inside .alarm-list or with the window, depending on the layout: scroll both.
        const list = document.querySelector('.alarm-list');
        if (list) list.scrollTop = list.scrollHeight;
        window.scrollTo(0, document.body.scrollHeight);
      });
      await page.locator(`[role="listitem"][data-index="${ALARMS - 1}"]`).waitFor({ timeout: 30_000 });
      results.push({ renderMs, scrollMs: Date.now() - t1, rowsInDom });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('run `pnpm -s build` first');
  const scripts = firstLoadScripts();
  const sizes = scripts.map((f) => ({ file: path.relative(DIST, f), ...gzipKb(f) }));
  const totalGz = sizes.reduce((a, s) => a + s.gz, 0);
  const totalRaw = sizes.reduce((a, s) => a + s.raw, 0);
  const sizeRows = sizes
    .sort((a, b) => b.gz - a.gz)
    .map((s) => [s.file, s.raw.toFixed(1), s.gz.toFixed(1)] as (string | number)[]);
  sizeRows.push(['**total first load**', totalRaw.toFixed(1), totalGz.toFixed(1)]);

  const server = await serveDist();
  const port = (server.address() as { port: number }).port;
  let renderText: string;
  try {
    const runs = await boardTimings(`http://127.0.0.1:${port}`, JSON.stringify(syntheticAlarms(ALARMS)));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    renderText =
      table(
        ['alarm board, 1,000 alarms', 'median ms', 'min ms', 'max ms'],
        [
          [
            'login submit → first alarm row rendered',
            median(runs.map((r) => r.renderMs)),
            Math.min(...runs.map((r) => r.renderMs)),
            Math.max(...runs.map((r) => r.renderMs)),
          ],
          [
            'scroll to end → last alarm rendered',
            median(runs.map((r) => r.scrollMs)),
            Math.min(...runs.map((r) => r.scrollMs)),
            Math.max(...runs.map((r) => r.scrollMs)),
          ],
        ],
      ) +
      `\nRows in the DOM after first render: ${runs[0].rowsInDom} of ${ALARMS} (virtualised). ${RUNS} runs, fresh browser context each; /api/* served by page.route.\n`;
  } catch (error) {
    renderText = `Alarm board render not measured: ${(error as Error).message.split('\n')[0]}\n`;
  } finally {
    server.close();
  }
  const text =
    table(['first-load JS (apps/web/dist)', 'raw KB', 'gzip KB'], sizeRows) +
    `\nTarget: ≤ ${BUDGET_KB} KB gzipped JS on first load → ${totalGz <= BUDGET_KB ? 'met' : 'NOT met'} (${totalGz.toFixed(1)} KB; route chunks load on navigation).\n\n` +
    renderText +
    `1-minute load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.\n`;
  console.log(text);
  appendResults('Web bundle and alarm board', `${machine()}\n\n${text}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

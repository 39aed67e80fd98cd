// The browser test of the dashboards: the demonstration province
// (`cardex demo`), its coordinator logs in and drills down province →
// commune → cell by clicking, and from the commune to a station's days;
// a cell secretary is refused the province. Screenshots are kept as test
// artifacts.
//
//   node drilldown.mjs --cardex PATH --artifacts DIR
//
// Exit 0: passed; 1: failed; 77: skipped (no chromium or no node_modules:
// run `npm ci --prefix tests/browser`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SKIP = 77;
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const cardex = args.cardex && resolve(args.cardex);
const artifacts = args.artifacts || join(process.cwd(), 'browser-artifacts');
const chromiumPath = process.env.CARDEX_CHROMIUM || '/usr/bin/chromium';

if (!existsSync(chromiumPath)) {
  console.log(`SKIP: no chromium at ${chromiumPath} (apt-get install chromium)`);
  process.exit(SKIP);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log('SKIP: playwright-core is not installed (npm ci --prefix tests/browser)');
  process.exit(SKIP);
}
if (!cardex) {
  console.error('usage: node drilldown.mjs --cardex PATH [--artifacts DIR]');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'cardex-drilldown-'));
mkdirSync(artifacts, { recursive: true });
const db = join(work, 'demo.db');
const PASSWORD = 'demo-cardex-2025';  // the demonstration accounts' (demo_builder.h)
let server = null;
const contexts = [];
const problems = [];

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
  console.log('ok   ' + what);
}

// Builds the demonstration (the smallest province it makes) and serves it.
async function startDemo() {
  server = spawn(cardex, ['--db', db, 'demo', '--members', '8000', '--port', '0', '--quiet'],
    { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error('the demo did not start: ' + err)), 240000);
    server.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/on http:\/\/([\d.]+):(\d+)\//);
      if (m) { clearTimeout(timer); resolve(`http://${m[1]}:${m[2]}`); }
    });
    server.on('exit', (code) => reject(new Error(`the demo exited (${code}): ${err}`)));
  });
}

async function browserFor(who) {
  const dir = mkdtempSync(join(work, 'profile-' + who + '-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1024, height: 768 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  contexts.push(context);
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => problems.push(`${who}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`${who}: console: ${m.text()}`);
  });
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

async function logIn(page, base, login, next) {
  await page.goto(base + next);
  check(page.url().includes('/login?next='), `${login}: ${next} without a session redirects to the login page`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('#login-form button[type=submit]')]);
}

// Clicks the first unit below (the one most at risk) and returns its code.
async function drillDown(page) {
  const row = page.locator('tr[data-child]').first();
  const code = await row.getAttribute('data-child');
  await Promise.all([page.waitForURL(`**/dashboard/${code}`), row.locator('a.row-link').click()]);
  await page.waitForSelector(`[data-dashboard="${code}"]`);
  return code;
}

async function expectChart(page, where) {
  check(await page.locator('svg.chart[data-chart="progress"] polyline[data-series="received"]').count() === 1,
    `${where}: the day-by-day chart is drawn in SVG`);
  check(await page.locator('svg.chart polyline[data-series="straight_line"]').count() === 1,
    `${where}: with the straight line to the deadline`);
  check(await page.locator('.forecast[data-forecast]').count() === 1, `${where}: and the forecast`);
}

async function main() {
  const base = await startDemo();
  console.log('demo at ' + base);

  const prov = await browserFor('tinh');
  await logIn(prov, base, 'tinh', '/dashboard/LD');
  check(new URL(prov.url()).pathname === '/dashboard/LD', 'the province coordinator opens the province dashboard');
  await expectChart(prov, 'province');
  check((await prov.locator('h2').first().innerText()).includes('Tiến độ'), 'the dashboard is in Vietnamese by default');
  const risks = await prov.locator('tr[data-child]').evaluateAll((rows) => rows.map((r) => r.dataset.risk));
  const order = ['at_risk', 'tight', 'not_started', 'on_track', 'unknown', 'done'];
  check(risks.length > 1 && risks.every((r, i) => i === 0 || order.indexOf(risks[i - 1]) <= order.indexOf(r)),
    `the province's ${risks.length} communes are listed at risk first`);
  await shot(prov, 'drill-01-province');

  const commune = await drillDown(prov);
  check(commune.startsWith('LD.'), `province → commune ${commune}`);
  await expectChart(prov, 'commune');
  check(await prov.locator('a[data-up]').getAttribute('href') === '/dashboard/LD', 'the commune links back up to the province');
  await shot(prov, 'drill-02-commune');

  const station = prov.locator('li[data-station] a').first();
  const hasStation = await station.count() > 0;
  if (hasStation) {
    const stationCode = await prov.locator('li[data-station]').first().getAttribute('data-station');
    const communeUrl = prov.url();
    await Promise.all([prov.waitForURL(`**/dashboard/stations/${stationCode}`), station.click()]);
    check(await prov.locator('svg.chart[data-chart="daily"]').count() === 1, `commune → station ${stationCode}: its days in SVG`);
    check(await prov.locator('tr[data-day]').count() > 0, 'the station has days with members received');
    await shot(prov, 'drill-03-station');
    await prov.goto(communeUrl);
  }

  const cell = await drillDown(prov);
  check(cell.startsWith(commune + '.'), `commune → cell ${cell}`);
  await expectChart(prov, 'cell');
  check(await prov.locator(`a[href="/units/${cell}"]`).count() === 1, 'the cell links to its member list');
  await shot(prov, 'drill-04-cell');

  await prov.goto(base + '/dashboard/LD?lang=en');
  check((await prov.locator('html').getAttribute('lang')) === 'en', 'the English switch');
  check((await prov.content()).includes('Units below (at risk first)'), 'the dashboard in English');
  await shot(prov, 'drill-05-province-en');

  // Scope: a cell secretary sees their cell, not the province.
  const sec = await browserFor('chibo');
  await logIn(sec, base, 'chibo', '/dashboard/LD.HAMTHANH.C01');
  await sec.waitForSelector('[data-dashboard="LD.HAMTHANH.C01"]');
  check(await sec.locator('a[data-up]').count() === 0, 'the cell secretary gets no link up to the commune');
  const refused = await sec.goto(base + '/dashboard/LD');
  check(refused.status() === 403, 'the province dashboard answers 403 to the cell secretary');
  await shot(sec, 'drill-06-refused');

  check(problems.length === 0, 'no script errors in any page' + (problems.length ? ': ' + problems.join('; ') : ''));
}

let status = 0;
try {
  await main();
  console.log(`PASS (screenshots in ${artifacts})`);
} catch (e) {
  console.error('FAIL: ' + (e.stack || e));
  for (const c of contexts) {
    for (const p of c.pages()) {
      await p.screenshot({ path: join(artifacts, 'drill-failure-' + Date.now() + '.png'), fullPage: true }).catch(() => {});
    }
  }
  status = 1;
} finally {
  for (const c of contexts) await c.close().catch(() => {});
  if (server && server.exitCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 10000))]);
  }
  rmSync(work, { recursive: true, force: true });
}
process.exit(status);

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
import { join } from 'node:path';
import { harness } from './harness.mjs';

const h = await harness('drilldown.mjs', 'cardex-drilldown-');
const { cardex, work } = h;
const db = join(work, 'demo.db');
const PASSWORD = 'demo-cardex-2025';  // the demonstration accounts' (demo_builder.h)

// Builds the demonstration (the smallest province it makes) and serves it.
async function startDemo() {
  h.server = spawn(cardex, ['--db', db, 'demo', '--members', '8000', '--port', '0', '--quiet'],
    { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error('the demo did not start: ' + err)), 240000);
    h.server.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/(?:on |"url":")http:\/\/([\d.]+):(\d+)\//);
      if (m) { clearTimeout(timer); resolve(`http://${m[1]}:${m[2]}`); }
    });
    h.server.on('exit', (code) => reject(new Error(`the demo exited (${code}): ${err}`)));
  });
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
  h.check(await page.locator('svg.chart[data-chart="progress"] polyline[data-series="received"]').count() === 1,
    `${where}: the day-by-day chart is drawn in SVG`);
  h.check(await page.locator('svg.chart polyline[data-series="straight_line"]').count() === 1,
    `${where}: with the straight line to the deadline`);
  h.check(await page.locator('.forecast[data-forecast]').count() === 1, `${where}: and the forecast`);
}

async function main() {
  const base = await startDemo();
  console.log('demo at ' + base);

  const prov = await h.browserFor('tinh');
  await h.logIn(prov, base, 'tinh', PASSWORD, '/dashboard/LD');
  h.check(new URL(prov.url()).pathname === '/dashboard/LD', 'the province coordinator opens the province dashboard');
  await expectChart(prov, 'province');
  h.check((await prov.locator('h2').first().innerText()).includes('Tiến độ'), 'the dashboard is in Vietnamese by default');
  const risks = await prov.locator('tr[data-child]').evaluateAll((rows) => rows.map((r) => r.dataset.risk));
  const order = ['at_risk', 'behind', 'tight', 'unscheduled', 'not_started', 'scheduled', 'on_track', 'unknown', 'done'];
  h.check(risks.length > 1 && risks.every((r, i) => i === 0 || order.indexOf(risks[i - 1]) <= order.indexOf(r)),
    `the province's ${risks.length} communes are listed at risk first`);
  await h.shot(prov, 'drill-01-province');

  const commune = await drillDown(prov);
  h.check(commune.startsWith('LD.'), `province → commune ${commune}`);
  await expectChart(prov, 'commune');
  h.check(await prov.locator('a[data-up]').getAttribute('href') === '/dashboard/LD', 'the commune links back up to the province');
  await h.shot(prov, 'drill-02-commune');

  const station = prov.locator('li[data-station] a').first();
  const hasStation = await station.count() > 0;
  if (hasStation) {
    const stationCode = await prov.locator('li[data-station]').first().getAttribute('data-station');
    const communeUrl = prov.url();
    await Promise.all([prov.waitForURL(`**/dashboard/stations/${stationCode}`), station.click()]);
    h.check(await prov.locator('svg.chart[data-chart="daily"]').count() === 1, `commune → station ${stationCode}: its days in SVG`);
    h.check(await prov.locator('tr[data-day]').count() > 0, 'the station has days with members received');
    await h.shot(prov, 'drill-03-station');
    await prov.goto(communeUrl);
  }

  const cell = await drillDown(prov);
  h.check(cell.startsWith(commune + '.'), `commune → cell ${cell}`);
  await expectChart(prov, 'cell');
  h.check(await prov.locator(`a[href="/units/${cell}"]`).count() === 1, 'the cell links to its member list');
  await h.shot(prov, 'drill-04-cell');

  await prov.goto(base + '/dashboard/LD?lang=en');
  h.check((await prov.locator('html').getAttribute('lang')) === 'en', 'the English switch');
  h.check((await prov.content()).includes('Units below (at risk first)'), 'the dashboard in English');
  await h.shot(prov, 'drill-05-province-en');

  // Scope: a cell secretary sees their cell, not the province.
  const sec = await h.browserFor('chibo');
  await h.logIn(sec, base, 'chibo', PASSWORD, '/dashboard/LD.HAMTHANH.C01');
  await sec.waitForSelector('[data-dashboard="LD.HAMTHANH.C01"]');
  h.check(await sec.locator('a[data-up]').count() === 0, 'the cell secretary gets no link up to the commune');
  const refused = await sec.goto(base + '/dashboard/LD');
  h.check(refused.status() === 403, 'the province dashboard answers 403 to the cell secretary');
  await h.shot(sec, 'drill-06-refused');

  h.check(h.problems.length === 0, 'no script errors in any page' + (h.problems.length ? ': ' + h.problems.join('; ') : ''));
}

await h.run(main);

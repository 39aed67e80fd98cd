// The browser test of the notices (issue 21, docs/notices.md): a small
// province planned from the day after tomorrow, its notices prepared and
// sent to a fake SMS gateway on loopback that refuses some numbers; then a
// cell secretary opens their cell's page and sees, in Vietnamese, which of
// their members the notices have not reached and why, phones masked and no
// citizen id; English through the language switch. Screenshots at 360 px
// and at a desk's width are kept as test artifacts.
//
//   node notices.mjs --cardex PATH --artifacts DIR
//
// Exit 0: passed; 1: failed; 77: skipped (no chromium or no node_modules).
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness } from './harness.mjs';

const h = await harness('notices.mjs', 'cardex-notices-');
const { cardex, work } = h;
const db = join(work, 'cardex.db');
const PASSWORD = 'notices-test-2025';
const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 900 };

function run(...argv) {
  return execFileSync(cardex, ['--db', db, ...argv], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
// The same without blocking: the fake gateway answers from this process.
function runAsync(...argv) {
  return new Promise((resolve, reject) => {
    const p = spawn(cardex, ['--db', db, ...argv], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cardex ${argv.join(' ')} exited ${code}: ${err}`))));
  });
}
function csv(path) {
  const rows = [];
  for (const line of readFileSync(path, 'utf8').trim().split('\n')) {
    const out = []; let cur = ''; let q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) { if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c; }
      else if (c === '"') q = true; else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
    }
    out.push(cur.replace(/\r$/, ''));
    rows.push(out);
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(r.map((v, i) => [head[i], v])));
}
// Vietnam's date `days` from now (UTC+7), YYYY-MM-DD.
function vnDate(days) {
  return new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

// The operator's gateway: takes each message once, refuses numbers ending
// in 7 (400 invalid_number), answers a repeated id as a duplicate.
async function startGateway() {
  const seen = new Map();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const m = JSON.parse(body);
      const answer = (status, o) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(o)); };
      if (req.url !== '/sms/messages' || req.headers['idempotency-key'] !== m.id) return answer(400, { error: 'malformed' });
      if (m.to.endsWith('7')) return answer(400, { id: m.id, error: 'invalid_number' });
      if (seen.has(m.id)) return answer(200, { id: m.id, status: 'duplicate' });
      seen.set(m.id, m);
      return answer(202, { id: m.id, status: 'accepted' });
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, seen, url: `http://127.0.0.1:${server.address().port}/sms` };
}

async function startServer() {
  h.server = spawn(cardex, ['--db', db, 'serve', '--port', '0', '--quiet'], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error('the server did not start: ' + err)), 30000);
    h.server.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/http:\/\/([\d.]+):(\d+)\//);
      if (m) { clearTimeout(timer); resolve(`http://${m[1]}:${m[2]}`); }
    });
    h.server.on('exit', (code) => reject(new Error(`the server exited (${code}): ${err}`)));
  });
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function main() {
  const from = vnDate(2), to = vnDate(11);
  run('gen', '--members', '600', '--citizens', '1200', '--seed', '21', '--from', from, '--to', to, '--out', join(work, 'data'));
  run('init');
  for (const kind of ['units', 'members', 'citizens', 'stations', 'shifts']) run('import', kind, join(work, 'data', kind + '.csv'));
  run('reconcile', '--full', '--out', join(work, 'reconcile.csv'));
  run('plan', '--from', from, '--to', to, '--out', join(work, 'schedule.csv'));

  const prepared = run('notices', 'prepare');
  const m = prepared.match(/prepared (\d+) notices: (\d+) invitations/);
  h.check(m && Number(m[1]) > 0 && m[1] === m[2], `prepare: ${prepared.trim().split('\n')[0]}`);
  h.check(!/\+84|\b0\d{9}\b/.test(prepared), 'prepare prints no phone number');
  h.check(/prepared 0 notices/.test(run('notices', 'prepare')), 'preparing again prepares nothing (once only)');

  const gateway = await startGateway();
  const sent = await runAsync('notices', 'send', '--gateway-url', gateway.url, '--quiet-hours', '00:00-00:00', '--backoff-ms', '10');
  h.check(/sent \d+ notices/.test(sent) && /[1-9]\d* refused by the gateway/.test(sent), `send: ${sent.trim()}`);
  h.check(gateway.seen.size > 0, `the gateway took ${gateway.seen.size} messages`);
  const texts = [...gateway.seen.values()].map((x) => x.text);
  // Septets: an extension character (^{}\[~]|) is two.
  const septets = (t) => t.length + (t.match(/[\^{}\\\[~\]|]/g) || []).length;
  h.check(texts.every((t) => /^[\x20-\x5f\x61-\x7e]+$/.test(t) && septets(t) <= 160 && /Ma moi: \S+$/.test(t)),
    `every text is unaccented GSM-7 within 160 septets and ends with the code (longest ${Math.max(...texts.map(septets))})`);
  h.check(/sent 0 notices/.test(await runAsync('notices', 'send', '--gateway-url', gateway.url, '--quiet-hours', '00:00-00:00')),
    'sending again sends nothing');
  gateway.server.close();

  // A cell with someone the notices did not reach (no phone, or refused).
  const members = csv(join(work, 'data', 'members.csv'));
  const schedule = csv(join(work, 'schedule.csv'));
  const invited = new Set(schedule.map((r) => r.member_no));
  const unreached = (r) => invited.has(r.member_no) && (!r.phone || r.phone.endsWith('7'));
  const counts = {};
  for (const r of members) if (unreached(r)) counts[r.unit_code] = (counts[r.unit_code] || 0) + 1;
  const cell = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
  const expected = counts[cell];
  execFileSync(cardex, ['--db', db, 'user', 'add', 'bithu', '--role', 'cell_secretary', '--scope', cell, '--name', 'Phạm Thị Hoa'],
    { input: PASSWORD + '\n', stdio: ['pipe', 'pipe', 'pipe'] });
  const base = await startServer();

  const sec = await h.browserFor('bithu', PHONE);
  await h.logIn(sec, base, 'bithu', PASSWORD, `/units/${cell}`);
  await sec.waitForSelector('[data-notices="unreached"]');
  const section = sec.locator('[data-notices="unreached"]');
  h.check((await section.locator('h2').innerText()).includes('Đảng viên chưa nhận được thông báo'), 'the section is in Vietnamese');
  const rows = section.locator('tr[data-unreached]');
  h.check(await rows.count() === expected, `the ${expected} members of ${cell} not reached are listed`);
  const whys = await rows.evaluateAll((trs) => trs.map((t) => t.dataset.why));
  h.check(whys.includes('failed') || whys.includes('no_phone'), `with why: ${[...new Set(whys)].join(', ')}`);
  const text = await section.innerText();
  h.check(text.includes('Gửi không thành công') || text.includes('Chưa có số điện thoại di động'), 'the reasons are in Vietnamese');
  const phones = await rows.evaluateAll((trs) => trs.map((t) => t.cells[1].textContent.trim()));
  h.check(phones.every((p) => p === '—' || /^0\d\d\*{4}\d{3}$/.test(p)), 'phones are masked (091****678)');
  h.check(!/\d{12}/.test(text) && !/\d{10}/.test(text.replace(/\d\d\/\d\d\/\d{4}/g, '')), 'no citizen id and no whole phone number on the section');
  const reached = members.filter((r) => r.unit_code === cell && invited.has(r.member_no) && !unreached(r)).map((r) => r.member_no);
  const listed = new Set(await rows.evaluateAll((trs) => trs.map((t) => t.dataset.unreached)));
  h.check(reached.length > 0 && reached.every((no) => !listed.has(no)), `none of the ${reached.length} members reached is listed`);
  h.check(await overflow(sec) <= 0, 'the phone page does not scroll sideways');
  await section.scrollIntoViewIfNeeded();
  await h.shot(sec, 'notices-01-secretary-phone', false);
  await h.shot(sec, 'notices-01b-secretary-phone-full');

  await sec.goto(base + `/units/${cell}?lang=en`);
  const en = sec.locator('[data-notices="unreached"]');
  h.check((await en.locator('h2').innerText()).includes('Members not reached by notices'), 'English through the language switch');
  await en.scrollIntoViewIfNeeded();
  await h.shot(sec, 'notices-02-secretary-phone-en', false);

  const desk = await h.browserFor('bithu-desk', DESK);
  await h.logIn(desk, base, 'bithu', PASSWORD, `/units/${cell}?lang=vi`);
  await desk.waitForSelector('[data-notices="unreached"]');
  await desk.locator('[data-notices="unreached"]').scrollIntoViewIfNeeded();
  await h.shot(desk, 'notices-03-secretary-desk', false);

  h.check(h.problems.length === 0, 'no script errors: ' + h.problems.join('; '));
}

await h.run(main);

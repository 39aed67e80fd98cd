// The member's own page (issue 21) on a 360×740 phone, without JavaScript
// (the server's scripts are blocked: the page is plain forms), and at a
// desk's width: sign in with the invitation code and the birth date, the
// appointment with its QR code and .ics, a wrong birth date and an unknown
// code answered alike, a move, a second, the third refused, "I cannot come",
// and a page locked by wrong birth dates that the cell secretary unlocks.
//
//   node member_page.mjs --cardex PATH --artifacts DIR
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness } from './harness.mjs';

const h = await harness('member_page.mjs', 'cardex-member-page-');
const { cardex, work } = h;
const db = join(work, 'cardex.db');
const PASSWORD = 'member-page-2025';

function run(...argv) {
  return execFileSync(cardex, ['--db', db, ...argv], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const dmy = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

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
// A page with no script at all: what a phone without JavaScript gets.
async function noScript(page) {
  await page.route('**/*.js*', (route) => route.abort());
}
async function submit(page, selector) {
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}
async function signIn(page, base, code, birth) {
  await page.goto(base + '/member');
  await page.fill('input[name=code]', code);
  await page.fill('input[name=birth_date]', birth);
  await submit(page, 'form[action="/member"] button[type=submit]');
}

async function main() {
  // A campaign that starts in three days: moves need 24 hours' notice.
  const from = day(3), to = day(12);
  run('gen', '--members', '400', '--citizens', '800', '--seed', '21', '--from', from, '--to', to, '--out', join(work, 'data'));
  run('init');
  for (const kind of ['units', 'members', 'citizens', 'stations', 'shifts']) run('import', kind, join(work, 'data', kind + '.csv'));
  run('reconcile', '--full', '--out', join(work, 'reconcile.csv'));
  run('plan', '--from', from, '--to', to, '--out', join(work, 'schedule.csv'));
  const members = Object.fromEntries(csv(join(work, 'data', 'members.csv')).map((r) => [r.member_no, r]));
  const schedule = csv(join(work, 'schedule.csv')).filter((r) => r.mode === 'station' && /^\d{4}-\d\d-\d\d$/.test(members[r.member_no].birth_date));
  run('appointments', '--out', join(work, 'codes.csv'));
  const codes = Object.fromEntries(csv(join(work, 'codes.csv')).map((r) => [r.member_no, r.invitation_code]));
  const [alice, bob, carol] = schedule.filter((r) => r.slot_start.slice(0, 10) >= day(2)).slice(0, 3);
  h.check(alice && bob && carol, `three invited members with full birth dates (${alice && alice.member_no}, ${bob && bob.member_no}, ${carol && carol.member_no})`);
  execFileSync(cardex, ['--db', db, 'user', 'add', 'chibo', '--role', 'cell_secretary', '--scope', carol.unit_code, '--name', 'Lê Thị Chi'],
    { input: PASSWORD + '\n', stdio: ['pipe', 'pipe', 'pipe'] });

  run('station', 'address', alice.station_code, 'Số 12 đường Trần Hưng Đạo, tổ dân phố 3');
  const base = await startServer();
  console.log('server at ' + base);
  const phone = await h.browserFor('member-phone', { width: 360, height: 740 });
  await noScript(phone);

  // The sign-in form, Vietnamese by default.
  await phone.goto(base + '/member');
  h.check((await phone.getAttribute('html', 'lang')) === 'vi', 'the member page is Vietnamese by default');
  h.check((await phone.textContent('h1')).includes('Tra cứu lịch hẹn đổi thẻ đảng viên'), 'phone: the sign-in form');
  h.check(await overflow(phone) <= 0, 'phone: the sign-in form fits 360 px');
  await h.shot(phone, 'member-phone-01-sign-in');

  // Wrong birth date and unknown code: the same answer.
  await signIn(phone, base, codes[alice.member_no], '01/01/1901');
  const wrongDate = (await phone.textContent('[data-member-error]')).trim();
  await h.shot(phone, 'member-phone-02-wrong');
  await signIn(phone, base, '0000000000' + '0', dmy(members[alice.member_no].birth_date));
  const wrongCode = (await phone.textContent('[data-member-error]')).trim();
  h.check(wrongDate === wrongCode && wrongDate.startsWith('Mã mời hoặc ngày sinh không đúng'),
    `a wrong birth date and an unknown code are answered alike ("${wrongDate}")`);

  // In: the appointment.
  await signIn(phone, base, codes[alice.member_no], dmy(members[alice.member_no].birth_date));
  h.check(phone.url().endsWith('/member/appointment'), 'code and birth date open the appointment');
  const name = (await phone.textContent('[data-member-name]')).trim();
  h.check(name === members[alice.member_no].full_name.trim() || name.length > 3, `the member's own name (${name})`);
  h.check((await phone.getAttribute('[data-station]', 'data-station')) === alice.station_code, 'the station of the appointment');
  h.check((await phone.textContent('[data-time]')).includes(alice.slot_start.slice(11, 16)), 'the time of the appointment');
  h.check((await phone.textContent('[data-address]')).includes('Số 12 đường Trần Hưng Đạo'), "the station's address");
  h.check(await phone.isVisible('[data-qr] svg'), 'the QR code is shown');
  h.check((await phone.textContent('[data-code]')).trim() === codes[alice.member_no], 'the invitation code under it');
  h.check((await phone.textContent('.bring')).includes('Căn cước công dân') && (await phone.textContent('.bring')).includes('Thẻ đảng viên cũ'),
    'what to bring: CCCD and the old card');
  h.check((await phone.getAttribute('[data-stage="invited"]', 'aria-current')) === 'step', 'the stage: invited');
  const body = await phone.textContent('body');
  h.check(!body.includes(members[alice.member_no].citizen_id) && !body.includes(dmy(members[alice.member_no].birth_date)),
    'no citizen id and no birth date on the page');
  h.check(await overflow(phone) <= 0, 'phone: the appointment fits 360 px');
  await h.shot(phone, 'member-phone-03-appointment');
  const ics = await phone.request.get(base + '/member/appointment.ics');
  const icsText = await ics.text();
  h.check(ics.headers()['content-type'].startsWith('text/calendar') &&
    icsText.includes('DTSTART;TZID=Asia/Ho_Chi_Minh:' + alice.slot_start.replace(/[-:]/g, '') + '00') &&
    icsText.includes('BEGIN:VTIMEZONE'), 'the .ics names Asia/Ho_Chi_Minh with its VTIMEZONE');
  const headers = (await phone.request.get(base + '/member/appointment')).headers();
  h.check(headers['content-security-policy'].includes("default-src 'self'") && headers['x-content-type-options'] === 'nosniff' &&
    headers['cache-control'] === 'no-store', 'the page sends the same security headers as the others');

  // English on request.
  await phone.goto(base + '/member/appointment?lang=en');
  h.check((await phone.textContent('h1')).includes('Your card exchange appointment'), 'English via the language switch');
  await h.shot(phone, 'member-phone-04-appointment-en');
  await phone.goto(base + '/member/appointment?lang=vi');

  // A move, then a second; the third is refused.
  const before = codes[alice.member_no];
  for (const n of [1, 2]) {
    await submit(phone, '[data-move-link]');
    h.check(phone.url().endsWith('/member/slots'), `move ${n}: the free slots`);
    h.check(await overflow(phone) <= 0, `phone: the slots fit 360 px (move ${n})`);
    if (n === 1) await h.shot(phone, 'member-phone-05-slots');
    // Not back into the slot first held (that would give its code back).
    const slots = await phone.$$eval('button[data-slot]', (bs) => bs.map((b) => b.dataset.slot));
    const slot = slots.find((s) => s !== `${alice.station_code} ${alice.slot_start}`);
    await submit(phone, `button[data-slot="${slot}"]`);
    h.check(phone.url().includes('done=moved'), `move ${n}: taken (${slot})`);
    const [station, start] = slot.split(' ');
    h.check((await phone.getAttribute('[data-station]', 'data-station')) === station &&
      (await phone.textContent('[data-time]')).includes(start.slice(11, 16)), `move ${n}: the new slot is shown`);
    if (n === 1) await h.shot(phone, 'member-phone-06-moved');
  }
  const after = (await phone.textContent('[data-code]')).trim();
  h.check(after !== before, `the move gave a new code (${before} → ${after})`);
  h.check(!(await phone.isVisible('[data-move-link]')) &&
    (await phone.getAttribute('[data-move-refused]', 'data-move-refused')) === 'member.move.limit',
    'a third move is refused, and the page says why');
  await phone.goto(base + '/member/slots');
  h.check((await phone.textContent('[data-member-error]')).includes('đã đổi lịch hẹn 2 lần'), 'the slots page refuses the third move in Vietnamese');
  await h.shot(phone, 'member-phone-07-move-refused');
  // The printed (superseded) code still signs in and shows the new slot.
  await phone.goto(base + '/member/appointment');
  await submit(phone, 'form.sign-out button');
  await signIn(phone, base, before, dmy(members[alice.member_no].birth_date));
  h.check((await phone.textContent('[data-code]')).trim() === after, 'the superseded code signs in and shows the current appointment');
  await submit(phone, 'form.sign-out button');

  // I cannot come: elderly, a home visit.
  await signIn(phone, base, codes[bob.member_no], dmy(members[bob.member_no].birth_date));
  await submit(phone, '[data-cannot-come-link]');
  h.check(await overflow(phone) <= 0, 'phone: the cannot-come form fits 360 px');
  await phone.check('input[name=reason][value=elderly]');
  await phone.fill('textarea[name=note]', 'Chân yếu, không đi xa được');
  await h.shot(phone, 'member-phone-08-cannot-come');
  await submit(phone, 'form[action="/member/cannot-come"] button[type=submit]');
  h.check(phone.url().includes('done=request') && (await phone.getAttribute('[data-request]', 'data-request')) === 'home_visit',
    '"I cannot come" (elderly) is recorded as a home-visit request');
  await h.shot(phone, 'member-phone-09-request-recorded');
  await submit(phone, 'form.sign-out button');

  // Five wrong birth dates lock carol's page; the right one is then told so.
  for (let i = 0; i < 5; i++) await signIn(phone, base, codes[carol.member_no], '02/02/1902');
  await signIn(phone, base, codes[carol.member_no], dmy(members[carol.member_no].birth_date));
  h.check((await phone.textContent('[data-member-error]')).includes('bí thư chi bộ để mở khóa'), 'a locked page says to ask the cell secretary');
  await h.shot(phone, 'member-phone-10-locked');

  // The cell secretary sees it, with the moves and requests, and unlocks.
  const sec = await h.browserFor('secretary', { width: 1280, height: 800 });
  await h.logIn(sec, base, 'chibo', PASSWORD, '/units/' + carol.unit_code);
  await sec.waitForSelector(`[data-self-service="${carol.member_no}"] [data-locked]`);
  await h.shot(sec, 'member-desk-11-secretary');
  await sec.click(`button[data-unlock="${carol.member_no}"]`);
  await sec.waitForFunction((no) => !document.querySelector(`[data-self-service="${no}"] [data-locked]`) ||
    document.querySelector('[data-cell-self-service] .msg:not([hidden])'), carol.member_no, { timeout: 10000 });
  await signIn(phone, base, codes[carol.member_no], dmy(members[carol.member_no].birth_date));
  h.check(phone.url().endsWith('/member/appointment'), 'after the secretary unlocks, the member is in again');

  // At a desk's width.
  const wide = await h.browserFor('member-desk', { width: 1280, height: 800 });
  await noScript(wide);
  await signIn(wide, base, after, dmy(members[alice.member_no].birth_date));
  await h.shot(wide, 'member-desk-12-appointment');
  h.check(h.problems.length === 0, 'no script errors: ' + h.problems.join('; '));
}

await h.run(main);

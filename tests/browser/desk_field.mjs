// The desk in the field (issue 14), at a phone's 390×844 and a desk's
// 1280×800: finding a member by the registry's citizen id and by name
// (never checking them in), the QR camera path in a browser without
// BarcodeDetector (frames decoded by the server), and a member whose record
// the registry contradicts: confirm refused in Vietnamese, "the registry is
// right" applied and read back, then confirmed and submitted.
//
//   node desk_field.mjs --cardex PATH --artifacts DIR
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { harness } from './harness.mjs';

const h = await harness('desk_field.mjs', 'cardex-desk-field-');
const { cardex, work } = h;
const db = join(work, 'cardex.db');
const PASSWORD = 'desk-field-2025';

function run(...argv) {
  return execFileSync(cardex, ['--db', db, ...argv], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
// RFC 4180, enough for the generator's files (quoted names with commas).
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
function fold(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toUpperCase();
}
function png(w, hgt) {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type, 'ascii'), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(hgt, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc(hgt * (1 + 3 * w));
  for (let y = 0; y < hgt; y++) for (let x = 0; x < w; x++) { const o = y * (1 + 3 * w) + 1 + 3 * x; raw[o] = 120; raw[o + 1] = 140 + (y % 50); raw[o + 2] = 170; }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
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

const state = (page) => page.locator('.member').getAttribute('data-state');
// Nothing wider than the screen: the page scrolls down, never sideways.
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
async function step(page, selector, expectState) {
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
  await page.waitForSelector(`.member[data-state="${expectState}"]`, { timeout: 10000 });
}
async function find(page, base, date, query) {
  await page.goto(base + `/desk?date=${date}`);
  await page.fill('#lookup-code', query);
  await page.click('#lookup-form button[type=submit]');
  await page.waitForFunction(() => location.pathname.startsWith('/desk/member/') ||
    document.querySelector('#lookup-results li') || !document.querySelector('#lookup-form').parentElement.querySelector('.msg').hidden);
}

async function main() {
  run('gen', '--members', '600', '--citizens', '1200', '--seed', '11', '--out', join(work, 'data'));
  run('init');
  for (const kind of ['units', 'members', 'citizens', 'stations', 'shifts']) run('import', kind, join(work, 'data', kind + '.csv'));
  run('reconcile', '--full', '--out', join(work, 'reconcile.csv'));
  run('plan', '--from', '2025-08-05', '--to', '2025-08-14', '--out', join(work, 'schedule.csv'));
  const results = Object.fromEntries(csv(join(work, 'reconcile.csv')).map((r) => [r.member_no, r]));
  const members = Object.fromEntries(csv(join(work, 'data', 'members.csv')).map((r) => [r.member_no, r]));
  const citizens = Object.fromEntries(csv(join(work, 'data', 'citizens.csv')).map((r) => [r.citizen_id, r]));
  const schedule = csv(join(work, 'schedule.csv')).filter((r) => r.mode === 'station');
  // One station with a member the registry contradicts and one whose
  // recorded id is wrong but has a confident suggestion.
  let mismatch, wrongId;
  for (const r of schedule) {
    const v = results[r.member_no];
    if (!mismatch && v.verdict === 'mismatch' && v.fields.includes('birth_date')) mismatch = r;
  }
  h.check(mismatch, `the plan invited a member with a birth-date mismatch (${mismatch && mismatch.member_no})`);
  wrongId = schedule.find((r) => r.station_code === mismatch.station_code && results[r.member_no].suggested_citizen_id);
  h.check(wrongId, `the same station receives a member with a wrong id and a suggestion (${wrongId && wrongId.member_no})`);
  const date = mismatch.slot_start.slice(0, 10);
  execFileSync(cardex, ['--db', db, 'user', 'add', 'desk1', '--role', 'station_officer', '--scope', mismatch.station_code, '--name', 'Trần Văn Bàn'],
    { input: PASSWORD + '\n', stdio: ['pipe', 'pipe', 'pipe'] });

  // A printed invitation's QR code, cut out of the PDF, for the camera.
  const cell = wrongId.unit_code;
  run('invitations', '--unit', cell, '--out', join(work, 'inv'));
  const pdf = readdirSync(join(work, 'inv')).find((f) => f.endsWith('.pdf'));
  // The list of the cell comes first; the invitations (one QR code each)
  // follow: the first page that scans.
  execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '12', join(work, 'inv', pdf), join(work, 'inv', 'page')]);
  let pagePng = null, xml = '';
  for (const f of readdirSync(join(work, 'inv')).filter((f) => f.startsWith('page') && f.endsWith('.png')).sort()) {
    try {
      xml = execFileSync('zbarimg', ['--xml', '-q', '-Sdisable', '-Sqrcode.enable', join(work, 'inv', f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (e) { xml = ''; }
    if (xml.includes('CDATA')) { pagePng = join(work, 'inv', f); break; }
  }
  // zbarimg (0.23) names the page's codes but not where they are, and a
  // card's code sits at its right edge: find the first 480 px square of
  // the page (150 dpi) that scans on its own, and film that.
  const pageCodes = [...xml.matchAll(/<data><!\[CDATA\[([^\]]+)\]\]><\/data>/g)].map((m) => m[1]);
  const size = execFileSync('pdfinfo', [join(work, 'inv', pdf)], { encoding: 'utf8' });
  const pts = size.match(/Page size:\s+([\d.]+) x ([\d.]+)/);
  const pageW = Math.round(+pts[1] * 150 / 72), pageH = Math.round(+pts[2] * 150 / 72);
  const pageNo = pagePng ? String(+pagePng.match(/page-0*(\d+)\.png$/)[1]) : '1';
  let qrBox = null, boxCode = '';
  const SIDE = 480, STEP = 160;
  for (let y = 0; !qrBox && y + SIDE <= pageH; y += STEP) {
    for (let x = 0; !qrBox && x + SIDE <= pageW + STEP; x += STEP) {
      const cx = Math.min(x, pageW - SIDE);
      const out = join(work, 'inv', 'crop');
      execFileSync('pdftoppm', ['-png', '-r', '150', '-f', pageNo, '-l', pageNo, '-x', String(cx), '-y', String(y),
        '-W', String(SIDE), '-H', String(SIDE), '-singlefile', join(work, 'inv', pdf), out]);
      let found = '';
      try {
        found = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', out + '.png'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch (e) { found = ''; }
      if (found && !found.includes('\n')) { qrBox = { x: cx, y, w: SIDE, h: SIDE, margin: 0 }; boxCode = found; }
    }
  }
  h.check(qrBox && pageCodes.includes(boxCode), `one invitation's QR code located on the page (${boxCode} at ${qrBox && qrBox.x},${qrBox && qrBox.y})`);
  h.check(pagePng && pageCodes.length > 0, `the printed invitations carry QR codes (${pageCodes.join(', ')})`);
  let qrText = pageCodes[0];
  const pageDataUrl = 'data:image/png;base64,' + readFileSync(pagePng).toString('base64');

  const base = await startServer();
  console.log('server at ' + base);

  for (const [label, viewport] of [['phone', { width: 390, height: 844 }], ['desk', { width: 1280, height: 800 }]]) {
    const page = await h.browserFor('desk1-' + label, viewport);
    // No BarcodeDetector (as in Chromium on Linux and Firefox), and a camera
    // that films the printed invitation.
    await page.context().addInitScript(({ src, box }) => {
      delete window.BarcodeDetector;
      if (!navigator.mediaDevices) return;
      navigator.mediaDevices.getUserMedia = async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 480; canvas.height = 680;
        const ctx = canvas.getContext('2d');
        const img = new Image();
        img.src = src;
        await img.decode();
        const margin = box.margin;
        const paint = () => {
          ctx.fillStyle = '#888'; ctx.fillRect(0, 0, 480, 680);
          ctx.drawImage(img, box.x - margin, box.y - margin, box.w + 2 * margin, box.h + 2 * margin, 0, 0, 480, Math.round(480 * box.h / box.w));
        };
        paint();
        setInterval(paint, 100);
        return canvas.captureStream(10);
      };
    }, { src: pageDataUrl, box: qrBox });
    await h.logIn(page, base, 'desk1', PASSWORD, `/desk?date=${date}`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    h.check(height < 9000, `${label}: the day list is paged (${height} px tall)`);
    await h.shot(page, `field-${label}-01-day`, false);
    if (label === 'phone') {
      await page.selectOption('form.filter select[name=status]', 'waiting');
      await Promise.all([page.waitForEvent('load'), page.click('form.filter button')]);
      h.check(new URL(page.url()).searchParams.get('status') === 'waiting', 'phone: the day list filters by status');
      await h.shot(page, 'field-phone-02-filtered', false);
    }

    // By the registry's citizen id: found, shown, not checked in.
    const suggested = results[wrongId.member_no].suggested_citizen_id;
    await find(page, base, date, suggested);
    h.check(page.url().endsWith('/desk/member/' + wrongId.member_no), `${label}: the registry's citizen id finds member ${wrongId.member_no}`);
    h.check(['invited', 'checked_in'].includes(await state(page)) && (label === 'desk' || (await state(page)) === 'invited'),
      `${label}: finding a member does not check them in`);
    await h.shot(page, `field-${label}-03-found-by-registry-id`);

    // By name without diacritics, with the birth year.
    const m = members[mismatch.member_no];
    await find(page, base, date, fold(m.full_name) + ' ' + m.birth_date.slice(0, 4));
    if (!page.url().includes('/desk/member/')) {
      await page.waitForSelector(`#lookup-results a[data-member="${mismatch.member_no}"]`);
      await h.shot(page, `field-${label}-04-found-by-name`, false);
      await Promise.all([page.waitForEvent('load'), page.click(`#lookup-results a[data-member="${mismatch.member_no}"]`)]);
    }
    h.check(page.url().endsWith('/desk/member/' + mismatch.member_no), `${label}: the name and birth year find member ${mismatch.member_no}`);
    if (label === 'desk') {
      // Settled on the phone: its comparison has the standardised column too.
      h.check(await page.locator('table.compare thead th').count() === 4 && (await overflow(page)) <= 0,
        'desk: the settled member\'s four-column comparison fits 1280 px');
      await h.shot(page, 'field-desk-04-settled-member');
    }

    if (label === 'phone') {
      // The mismatch: check in, photo, confirm refused in Vietnamese.
      h.check((await state(page)) === 'invited', 'phone: found by name, still invited');
      await step(page, 'form.action[data-url$="/check-in"] button', 'checked_in');
      // The photo picker speaks the page's language, not the browser's ("Choose File").
      const picker = page.locator('form.photo-form .file-picker');
      h.check((await picker.innerText()).includes('Chụp / chọn ảnh') && (await picker.innerText()).includes('Chưa chọn ảnh'),
        'phone: the photo picker says "Chụp / chọn ảnh" and "Chưa chọn ảnh"');
      const native = await page.locator('form.photo-form input[type=file]').boundingBox();
      h.check(native !== null && native.width <= 1 && native.height <= 1, 'phone: the browser\'s own file button is hidden');
      await page.click('form.photo-form button[type=submit]');
      await page.waitForSelector('.steps .msg:not([hidden])');
      h.check((await page.locator('.steps .msg').innerText()).includes('Chưa chọn ảnh'), 'phone: uploading with no photo says so in Vietnamese');
      await page.setInputFiles('form.photo-form input[type=file]', { name: 'p.png', mimeType: 'image/png', buffer: png(120, 160) });
      h.check((await picker.locator('.file-name').innerText()) === 'p.png', 'phone: the chosen photo\'s name replaces "Chưa chọn ảnh"');
      await h.shot(page, 'field-phone-04b-photo-chosen');
      await step(page, 'form.photo-form button[type=submit]', 'captured');
      h.check(await page.locator('.unclean').isVisible(), 'phone: the page says the registry contradicts the record');
      await page.check('input[data-ack]');
      await page.click('form.action[data-url$="/confirm"] button');
      await page.waitForSelector('.steps .msg:not([hidden])');
      const refusal = await page.locator('.steps .msg').innerText();
      h.check(/sai lệch với CSDL dân cư/.test(refusal) && /ngày sinh/.test(refusal), `phone: confirm is refused in Vietnamese (${refusal.slice(0, 80)}…)`);
      h.check((await state(page)) === 'captured', 'phone: the member stays captured');
      await h.shot(page, 'field-phone-05-confirm-refused');
      // "The registry is right": applied, then read back on the confirm box.
      await step(page, 'form.action[data-url$="/settle"] button', 'captured');
      const birth = await page.locator('.confirm-box dl.card-data dd').nth(1).innerText();
      const registryBirth = citizens[members[mismatch.member_no].citizen_id].birth_date;
      h.check(birth === registryBirth, `phone: the read-back shows the registry's birth date (${birth})`);
      h.check(await page.locator('table.compare td[data-label]').count() >= 12,
        'phone: the comparison shows recorded, standardised and registry values');
      h.check((await overflow(page)) <= 0, `phone: the comparison fits 390 px (${await overflow(page)} px too wide)`);
      await h.shot(page, 'field-phone-06-settled-read-back');
      await page.check('input[data-ack]');
      await step(page, 'form.action[data-url$="/confirm"] button', 'confirmed');
      await step(page, 'form.action[data-url$="/submit"] button', 'submitted');
      await h.shot(page, 'field-phone-07-submitted');
    }

    // The camera, without BarcodeDetector: frames go to the server.
    await page.goto(base + `/desk?date=${date}`);
    h.check(await page.locator('[data-scan]').isVisible(), `${label}: the scan button shows without BarcodeDetector`);
    await Promise.all([page.waitForURL('**/desk/member/**', { timeout: 20000 }), page.click('[data-scan]')]);
    const codeShown = await page.locator('[data-invitation]').innerText().catch(() => '');
    h.check(codeShown === boxCode, `${label}: the QR code scanned through the server opens its member (${codeShown})`);
    qrText = codeShown;
    h.check((await overflow(page)) <= 0, `${label}: the member page fits its width (${await overflow(page)} px too wide)`);
    await h.shot(page, `field-${label}-08-scanned`);
    // Scanning shows the member; checking in stays the officer's step.
    if (label === 'phone') {
      h.check((await state(page)) === 'invited', 'phone: the scanned member is shown, not checked in');
      await step(page, 'form.action[data-url$="/check-in"] button', 'checked_in');
      h.check((await state(page)) === 'checked_in', 'phone: the scanned member is checked in by the explicit step');
    }

    // A handheld scanner types the code and Enter into whatever has the
    // focus: nothing editable focused, the keys still reach the lookup.
    await page.goto(base + `/desk?date=${date}`);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await Promise.all([page.waitForURL('**/desk/member/**', { timeout: 20000 }),
      page.keyboard.type(qrText, { delay: 5 }).then(() => page.keyboard.press('Enter'))]);
    const typed = await page.locator('[data-invitation]').innerText().catch(() => '');
    h.check(typed === qrText, `${label}: a handheld scanner's code and Enter open its member (${typed})`);
  }
  h.check(h.problems.length === 0, 'no script errors in any page' + (h.problems.length ? ': ' + h.problems.join('; ') : ''));
}

await h.run(main);

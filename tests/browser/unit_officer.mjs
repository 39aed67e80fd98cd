// The browser test of a unit officer's pages, on the demonstration
// province (`cardex demo`).
// The corrections work list (/corrections): Hàm Thạnh's commune officer
// filters the list, applies the registry's values to a member, sends
// another for correction and closes it with evidence, then applies every
// form-only difference of the commune at once; a cell secretary sees their
// cell only, ids masked, and is refused the commune.
// The member list upload (/members/upload): a file with bad lines is
// refused whole, every bad line shown with its line, column and reason in
// Vietnamese, and nothing changed; the corrected file, saved with ';' as
// Excel does in a Vietnamese locale, is imported.
// Screenshots at desk and phone widths are kept as test artifacts.
//
//   node unit_officer.mjs --cardex PATH --artifacts DIR
//
// Exit 0: passed; 1: failed; 77: skipped (no chromium or no node_modules).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness } from './harness.mjs';

const h = await harness('unit_officer.mjs', 'cardex-unit-officer-');
const { cardex, work } = h;
const db = join(work, 'demo.db');
const PASSWORD = 'demo-cardex-2025';  // the demonstration accounts' (demo_builder.h)
const PHONE = { width: 360, height: 740 };

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

// The listed members' names, in page order.
async function names(page) {
  return page.locator('article.work-item h3').evaluateAll((hs) => hs.map((x) => x.firstChild.textContent.trim()));
}

// Vietnamese order of people: by given name (the last word), then the rest.
function inVietnameseOrder(list) {
  const vi = new Intl.Collator('vi');
  const key = (n) => { const w = n.split(/\s+/); return w[w.length - 1] + ' ' + w.slice(0, -1).join(' '); };
  return list.every((n, i) => i === 0 || vi.compare(key(list[i - 1]), key(n)) <= 0);
}

async function submitAndReload(page, form) {
  await Promise.all([page.waitForEvent('load'), form.locator('button[type=submit]').click()]);
}

async function main() {
  const base = await startDemo();
  console.log('demo at ' + base);

  const xa = await h.browserFor('hamthanh');
  xa.on('dialog', (d) => d.accept());
  await h.logIn(xa, base, 'hamthanh', PASSWORD, '/corrections');
  await xa.waitForSelector('[data-work-list="LD.HAMTHANH"]');
  const list = xa.locator('[data-work-list]');
  const total = Number(await list.getAttribute('data-total'));
  const fixable = Number(await list.getAttribute('data-fixable'));
  h.check(total > 0 && fixable > 0, `Hàm Thạnh's work list: ${total} members, ${fixable} differing only in form`);
  h.check((await xa.locator('h1').innerText()).includes('Chuẩn hóa dữ liệu đảng viên'), 'the page is in Vietnamese');
  h.check(await xa.locator('tr[data-backlog]').count() >= 2, 'each cell\'s backlog (count and age) is shown');
  h.check(await xa.locator('table.backlog thead').innerText().then((t) => t.includes('Lâu nhất')), 'with the oldest age');
  const shown = await names(xa);
  h.check(shown.length > 1 && inVietnameseOrder(shown), `the ${shown.length} members are in Vietnamese order by given name`);
  h.check(await xa.locator('article.work-item table.side thead th').nth(1).innerText() === 'Hồ sơ đảng viên', 'recorded, registry and suggestion side by side');
  await h.shot(xa, 'corrections-01-commune-desk', false);
  await xa.locator('article.work-item').first().scrollIntoViewIfNeeded();
  await h.shot(xa, 'corrections-01b-commune-item', false);

  // Filter: the mismatches only.
  await xa.selectOption('select[name=verdict]', 'mismatch');
  await Promise.all([xa.waitForURL('**/corrections?*verdict=mismatch*'), xa.click('form[data-filters] button')]);
  const verdicts = await xa.locator('article.work-item').evaluateAll((a) => a.map((x) => x.dataset.verdict));
  h.check(verdicts.length > 0 && verdicts.every((v) => v === 'mismatch'), `the verdict filter keeps ${verdicts.length} mismatches`);

  // Apply the registry's values to one mismatch without a correction open.
  const target = xa.locator('article.work-item:not([data-correction-open])').first();
  const applied = await target.getAttribute('data-member');
  await submitAndReload(xa, target.locator('form[data-do="apply-registry"]'));
  h.check(await xa.locator(`article[data-member="${applied}"]`).count() === 0, `member ${applied}: the registry's values applied, off the list`);

  // Send one member for correction with a note, then close it with evidence.
  await xa.goto(base + '/corrections?verdict=wrong_person');
  let item = xa.locator('article.work-item:not([data-correction-open])').first();
  if (await item.count() === 0) {
    await xa.goto(base + '/corrections');
    item = xa.locator('article.work-item:not([data-correction-open])').first();
  }
  const sent = await item.getAttribute('data-member');
  const note = 'Đề nghị chi bộ kiểm tra lại số CCCD theo thẻ căn cước gốc';
  await item.locator('textarea[name=note]').fill(note);
  await submitAndReload(xa, item.locator('form[data-do="send-to-correction"]'));
  const again = xa.locator(`article[data-member="${sent}"]`);
  h.check(await again.getAttribute('data-correction-open') !== null, `member ${sent}: sent to the unit for correction`);
  h.check((await again.locator('[data-correction]').innerText()).includes(note), 'the note is shown with the member');
  await again.scrollIntoViewIfNeeded();
  await h.shot(xa, 'corrections-02-sent', false);
  await again.locator('textarea[name=evidence]').fill('Đã đối chiếu thẻ căn cước gốc, chi bộ đã sửa hồ sơ');
  await submitAndReload(xa, again.locator('form[data-do="close-correction"]'));
  h.check(await xa.locator(`article[data-member="${sent}"][data-correction-open]`).count() === 0, `member ${sent}: the correction closed with its evidence`);

  // Every form-only difference of the commune at once.
  await xa.goto(base + '/corrections');
  await submitAndReload(xa, xa.locator('form[data-do="apply-fixable"]'));
  h.check(await xa.locator('[data-work-list]').getAttribute('data-fixable') === '0', 'every form-only difference of the commune applied');
  h.check(await xa.locator('form[data-do="apply-fixable"]').count() === 0, 'and the bulk button is gone');
  h.check(Number(await xa.locator('[data-work-list]').getAttribute('data-total')) <= total - fixable, 'the backlog shrank by as many');
  await h.shot(xa, 'corrections-03-after-bulk', false);

  const xaPhone = await h.browserFor('hamthanh-phone', PHONE);
  await h.logIn(xaPhone, base, 'hamthanh', PASSWORD, '/corrections');
  await xaPhone.waitForSelector('[data-work-list]');
  const overflow = await xaPhone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  h.check(overflow <= 1, `at 360 px the page does not scroll sideways (${overflow} px)`);
  await h.shot(xaPhone, 'corrections-04-commune-phone', false);
  await xaPhone.locator('article.work-item').first().scrollIntoViewIfNeeded();
  await h.shot(xaPhone, 'corrections-04b-commune-phone-item', false);

  // A cell secretary: their cell, ids masked, not the commune.
  const sec = await h.browserFor('chibo', PHONE);
  await h.logIn(sec, base, 'chibo', PASSWORD, '/corrections');
  await sec.waitForSelector('[data-work-list="LD.HAMTHANH.C01"]');
  const ids = await sec.locator('table.side tbody tr:first-child td').evaluateAll((tds) => tds.map((t) => t.textContent));
  h.check(ids.every((t) => t === '—' || t.includes('*')), 'the secretary sees citizen ids masked');
  await h.shot(sec, 'corrections-05-cell-phone');
  const refused = await sec.goto(base + '/corrections?unit=LD.HAMTHANH');
  h.check(refused.status() === 403, 'the commune\'s list answers 403 to the cell secretary');

  await uploadMemberList(base, xa);

  h.check(h.problems.length === 0, 'no script errors in any page' + (h.problems.length ? ': ' + h.problems.join('; ') : ''));
}

// The member list upload, by the commune officer (`xa`, logged in).
async function uploadMemberList(base, xa) {
  await xa.goto(base + '/units/LD.HAMTHANH');
  await Promise.all([xa.waitForURL('**/members/upload?unit=LD.HAMTHANH'), xa.click('a[data-upload-link]')]);
  h.check((await xa.locator('h1').innerText()).includes('Tải lên danh sách đảng viên'), 'the upload page, linked from the commune');

  // An existing member of the commune, to rename in the file.
  const known = await xa.evaluate(async () => {
    const list = await (await fetch('/api/corrections')).json();
    const no = list.items.length ? list.items[0].member_no : null;
    return no && (await (await fetch('/api/members/' + no)).json());
  });
  h.check(!!known, `an existing member to rename: ${known && known.member_no}`);
  const header = 'member_no,citizen_id,full_name,birth_date,gender,unit_code,status,phone,home_visit';
  const cell = known.unit_code;
  const rows = [
    `99000001,068199000001,Lò Văn Mới,1990-02-03,M,${cell},official,0912345678,`,
    `${known.member_no},${known.recorded.citizen_id},Tên Đã Đổi,${known.recorded.birth_date},${known.recorded.gender},${cell},${known.status},,`,
    `99000002,068199000002,Lò Thị Hai,1990-02-30,F,${cell},official,,`,
    `99000003,068199000003,Lò Văn Ba,1991-01-01,N,${cell},official,,`,
    `99000004,068199000004,Lò Văn Bốn,1991-01-01,M,LD.KHONGCO,official,,`,
  ];
  const bad = join(h.work, 'danh-sach-loi.csv');
  writeFileSync(bad, [header, ...rows].join('\n') + '\n');
  h.check((await xa.locator('#upload-form .file-picker').innerText()).includes('Chưa chọn tệp'), 'the file picker says "Chưa chọn tệp", not the browser\'s "No file chosen"');
  await xa.setInputFiles('#upload-form input[type=file]', bad);
  h.check((await xa.locator('#upload-form .file-name').innerText()) === 'danh-sach-loi.csv', 'the chosen file\'s name is shown');
  await xa.click('#upload-form button[type=submit]');
  await xa.waitForSelector('[data-upload][data-refused]');
  const lines = await xa.locator('#upload-issues tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  h.check(lines.length === 3, `the refused file: ${lines.length} bad lines listed`);
  h.check(lines[0][0] === '4' && lines[0][1] === '4 (birth_date)' && lines[0][2].includes('không phải ngày sinh hợp lệ'),
    'line 4: the birth date, its column and the reason in Vietnamese');
  h.check(lines[1][0] === '5' && lines[1][1].includes('gender'), 'line 5: the gender');
  h.check(lines[2][0] === '6' && lines[2][2].includes('không tồn tại'), 'line 6: a unit that does not exist');
  h.check((await xa.locator('[data-upload] .msg').innerText()).includes('Không có thay đổi nào được lưu'), 'the page says nothing was changed');
  await h.shot(xa, 'upload-01-refused');
  const after = await xa.evaluate(async (no) => {
    const one = await (await fetch('/api/members/' + no)).json();
    const fresh = await fetch('/api/members/99000001');
    return { name: one.recorded.full_name, fresh: fresh.status };
  }, known.member_no);
  h.check(after.name === known.recorded.full_name && after.fresh !== 200,
    'the refused file changed nothing: the rename and the good new member were not kept');

  // The corrected file, as Excel saves it in a Vietnamese locale: ';' and CRLF.
  const good = join(h.work, 'danh-sach.csv');
  const fixed = [header, rows[0], rows[1]].map((l) => l.replaceAll(',', ';')).join('\r\n') + '\r\n';
  writeFileSync(good, '\ufeff' + fixed);
  await xa.setInputFiles('#upload-form input[type=file]', good);
  await xa.click('#upload-form button[type=submit]');
  await xa.waitForSelector('[data-upload][data-imported]');
  h.check(await xa.locator('[data-upload]').getAttribute('data-imported') === '2', 'the corrected file, separated by \';\', imported 2 members');
  h.check(await xa.locator('#upload-issues').isHidden(), 'with no bad line left on the page');
  const now = await xa.evaluate(async () => (await (await fetch('/api/members/99000001')).json()).recorded.full_name);
  h.check(now === 'Lò Văn Mới', 'the new member is recorded');
  await h.shot(xa, 'upload-02-imported');

  const phone = await h.browserFor('hamthanh-upload-phone', PHONE);
  await h.logIn(phone, base, 'hamthanh', PASSWORD, '/members/upload?unit=LD.HAMTHANH');
  await phone.setInputFiles('#upload-form input[type=file]', bad);
  await phone.click('#upload-form button[type=submit]');
  await phone.waitForSelector('[data-upload][data-refused]');
  await h.shot(phone, 'upload-03-refused-phone');
}

await h.run(main);

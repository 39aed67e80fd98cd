// The member list upload (/members/upload): sends the chosen file as the
// request body, with the session's CSRF token and a fresh Idempotency-Key
// (as desk.js does for every button), and shows every refused line.
'use strict';
(function () {
  const form = document.getElementById('upload-form');
  if (!form) return;
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  const section = form.closest('section');
  const box = section.querySelector('.msg');
  const issuesBox = document.getElementById('upload-issues');

  function key() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }
  function say(text, ok) {
    box.textContent = text;
    box.classList.toggle('ok', !!ok);
    box.hidden = !text;
  }
  function cell(tr, text, tag) {
    const td = document.createElement(tag || 'td');
    td.textContent = text;
    tr.appendChild(td);
  }
  function showIssues(issues) {
    issuesBox.textContent = '';
    const table = document.createElement('table');
    table.className = 'issues';
    const head = document.createElement('tr');
    cell(head, form.dataset.hLine, 'th');
    cell(head, form.dataset.hCol, 'th');
    cell(head, form.dataset.hReason, 'th');
    const thead = document.createElement('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    const body = document.createElement('tbody');
    for (const i of issues) {
      const tr = document.createElement('tr');
      tr.dataset.line = String(i.line);
      cell(tr, i.line > 0 ? String(i.line) : '—');
      cell(tr, i.column ? (i.position ? i.position + ' (' + i.column + ')' : i.column) : '—');
      cell(tr, i.reason);
      body.appendChild(tr);
    }
    table.appendChild(body);
    const scroll = document.createElement('div');
    scroll.className = 'scroll';
    scroll.appendChild(table);
    issuesBox.appendChild(scroll);
    issuesBox.hidden = false;
  }

  // FilePicker (html.h): the chosen file's name beside the button, in place of the browser's own words.
  form.elements.file.addEventListener('change', () => {
    const f = form.elements.file.files[0];
    if (f) form.querySelector('.file-name').textContent = f.name;
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = form.elements.file.files[0];
    // No `required` on the hidden input: the browser's own warning would not be in the page's language.
    if (!file) { say(form.querySelector('.file-name').textContent, false); return; }
    issuesBox.hidden = true;
    if (file.size > Number(form.dataset.max)) { say(form.dataset.errSize, false); return; }
    const button = form.querySelector('button');
    button.disabled = true;
    say('', true);
    try {
      const type = /\.xlsx$/i.test(file.name)
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
      const res = await fetch(form.dataset.url, {
        method: 'POST', credentials: 'same-origin', body: file,
        headers: { 'X-CSRF-Token': csrf, 'Idempotency-Key': key(), 'Content-Type': type },
      });
      let data = null;
      try { data = await res.json(); } catch (e) { data = null; }
      if (res.ok) {
        say(form.dataset.ok.replace('{n}', data.imported.toLocaleString('vi-VN')), true);
        section.dataset.imported = String(data.imported);
        return;
      }
      if (res.status === 422 && data && data.issues) {
        say(form.dataset.refused.replace('{n}', String(data.issues.length) + (data.truncated ? '+' : '')), false);
        section.dataset.refused = String(data.issues.length);
        showIssues(data.issues);
        return;
      }
      if (res.status === 401) { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); return; }
      say(form.dataset.errOther + ': ' + ((data && data.error && data.error.message) || 'HTTP ' + res.status), false);
    } finally {
      button.disabled = false;
    }
  });
})();

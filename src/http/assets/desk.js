// The station desk's only script: plain JavaScript, no build step. Every
// state-changing call sends the session's CSRF token (X-CSRF-Token) and a
// fresh Idempotency-Key, so a retried click never takes a step twice.
'use strict';
(function () {
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function idempotencyKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Plain http on a station's network is not a secure context.
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  async function call(method, url, body, contentType) {
    // Errors come back in the page's language.
    const headers = { 'X-CSRF-Token': csrf, 'Idempotency-Key': idempotencyKey(),
      'Accept-Language': document.documentElement.lang || 'vi' };
    let payload = body;
    if (body !== undefined && !contentType) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    } else if (contentType) {
      headers['Content-Type'] = contentType;
    }
    const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    return { ok: res.ok, status: res.status, data };
  }

  function message(scope, text, ok) {
    const box = scope.querySelector('.msg') || (scope.closest('section') || document).querySelector('.msg');
    if (!box) { if (!ok) alert(text); return; }
    box.textContent = text;
    box.classList.toggle('ok', !!ok);
    box.hidden = !text;
  }

  // The form's own translation of an HTTP status, else the API's message.
  function errorText(form, res) {
    const own = form.dataset['err' + res.status];
    if (own) return own;
    if (res.status === 401) { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); return '…'; }
    return (res.data && res.data.error && res.data.error.message) || ('HTTP ' + res.status);
  }

  function busy(form, on) {
    form.querySelectorAll('button').forEach((b) => { b.disabled = on; });
    form.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  // Log in.
  const login = document.getElementById('login-form');
  if (login) {
    login.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      busy(login, true);
      const res = await call('POST', '/api/session',
        { login: login.elements.login.value.trim(), password: login.elements.password.value });
      busy(login, false);
      if (res.ok) { location.href = login.dataset.next || '/'; return; }
      message(login, errorText(login, res), false);
    });
  }

  // Log out.
  document.querySelectorAll('[data-logout]').forEach((b) => b.addEventListener('click', async () => {
    await call('DELETE', '/api/session');
    location.href = '/login';
  }));

  // Finding a member by invitation code (typed, scanned by camera, or typed
  // by a handheld scanner ending with Enter), member number, citizen id or
  // name with birth year. Finding only shows: check-in is the member page's
  // own button, pressed once the officer has seen who it is.
  const lookup = document.getElementById('lookup-form');
  function memberUrl(no) { return '/desk/member/' + encodeURIComponent(no); }
  if (lookup) {
    const results = document.getElementById('lookup-results');
    const input = lookup.elements.code;
    lookup.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      let value = input.value.trim();
      if (!value) return;
      // A QR code may carry a link: its last path segment or ?code= is the code.
      const m = value.match(/[?&]code=([^&#]+)/) || value.match(/^https?:\/\/.*\/([^/?#]+)\/?$/);
      if (m) value = decodeURIComponent(m[1]);
      busy(lookup, true);
      message(lookup.parentElement, '', true);
      results.textContent = '';
      try {
        const res = await call('POST', '/api/desk/lookup', { query: value });
        if (!res.ok) { message(lookup.parentElement, errorText(lookup, res), false); return; }
        const members = res.data.members;
        if (members.length === 1) { location.href = memberUrl(members[0].member_no); return; }
        for (const one of members) {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.className = 'hit';
          a.href = memberUrl(one.member_no);
          a.dataset.member = one.member_no;
          const name = document.createElement('b');
          name.textContent = one.full_name;
          const sub = document.createElement('span');
          sub.className = 'sub';
          sub.textContent = [one.birth_year, one.unit_name || one.unit_code, one.citizen_id, one.member_no].filter(Boolean).join(' · ');
          const st = document.createElement('span');
          st.className = 'badge state-' + one.state;
          st.textContent = one.state_label || one.state;
          a.append(name, sub, st);
          li.appendChild(a);
          results.appendChild(li);
        }
      } finally {
        busy(lookup, false);
        input.select();
      }
    });
    // A handheld scanner types into whatever has the focus: keys typed while
    // nothing editable is focused go to the lookup field.
    document.addEventListener('keydown', (ev) => {
      const t = ev.target;
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) return;
      if (ev.key.length === 1) { input.focus(); }
    });
  }

  // QR scanning with the camera: the browser's BarcodeDetector where it has
  // one, else frames sent to the server (grey pixels, decoded with libzbar).
  const scanButton = document.querySelector('[data-scan]');
  if (scanButton && lookup && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    scanButton.hidden = false;
    const panel = document.getElementById('scanner');
    const video = panel.querySelector('video');
    const canvas = document.createElement('canvas');
    let stream = null;
    const stop = () => {
      if (stream) stream.getTracks().forEach((t) => t.stop());
      stream = null;
      panel.hidden = true;
    };
    // One frame as 8-bit grey, at most 640 px wide.
    const greyFrame = () => {
      const w0 = video.videoWidth, h0 = video.videoHeight;
      if (!w0 || !h0) return null;
      const scale = Math.min(1, 640 / w0);
      const w = Math.round(w0 * scale), h = Math.round(h0 * scale);
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, w, h);
      const rgba = ctx.getImageData(0, 0, w, h).data;
      const grey = new Uint8Array(w * h);
      for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
        grey[i] = (rgba[j] * 77 + rgba[j + 1] * 150 + rgba[j + 2] * 29) >> 8;
      }
      return { w, h, grey };
    };
    const found = (text) => {
      lookup.elements.code.value = text;
      stop();
      lookup.requestSubmit();
    };
    panel.querySelector('[data-scan-stop]').addEventListener('click', stop);
    scanButton.addEventListener('click', async () => {
      try {
        const detector = 'BarcodeDetector' in window ? new BarcodeDetector({ formats: ['qr_code'] }) : null;
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        video.srcObject = stream;
        panel.hidden = false;
        await video.play();
        const tick = async () => {
          if (!stream) return;
          if (detector) {
            const codes = await detector.detect(video).catch(() => []);
            if (codes.length) { found(codes[0].rawValue); return; }
          } else {
            const f = greyFrame();
            if (f) {
              const res = await call('POST', '/api/desk/scan?w=' + f.w + '&h=' + f.h, f.grey, 'application/octet-stream');
              if (res.ok && res.data && res.data.text) { found(res.data.text); return; }
            }
          }
          setTimeout(tick, detector ? 250 : 400);
        };
        tick();
      } catch (e) {
        stop();
        message(lookup.parentElement, lookup.dataset.errCamera || String(e.message || e), false);
      }
    });
  }

  // FilePicker (html.h): the chosen file's name beside the button, in place of the browser's own words.
  document.querySelectorAll('.file-picker input[type=file]').forEach((input) => {
    input.addEventListener('change', () => {
      const name = input.closest('.file-picker').querySelector('.file-name');
      if (name && input.files[0]) name.textContent = input.files[0].name;
      if (input.files[0]) message(input.form.parentElement, '', true);
    });
  });

  // The photo: checked here for type and size (the server checks the content).
  const MAX_PHOTO = 2 * 1024 * 1024;
  document.querySelectorAll('form.photo-form input[type=file]').forEach((input) => {
    input.addEventListener('change', () => {
      const img = input.form.querySelector('.preview');
      const f = input.files[0];
      if (img && f) { img.src = URL.createObjectURL(f); img.hidden = false; }
    });
  });

  // Every step button: a form.action posts its fields to data-url and reloads.
  document.querySelectorAll('form.action').forEach((form) => {
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      // A bulk action asks first (data-confirm says what it will do).
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
      let res;
      busy(form, true);
      try {
        if (form.dataset.kind === 'photo') {
          const f = form.elements.photo.files[0];
          // No `required` on the hidden input: the browser's own warning would not be in the page's language.
          if (!f) { message(form.parentElement, form.querySelector('.file-name').textContent, false); return; }
          if (f.type !== 'image/jpeg' && f.type !== 'image/png') { message(form.parentElement, form.dataset.errType, false); return; }
          if (f.size > MAX_PHOTO) { message(form.parentElement, form.dataset.errSize, false); return; }
          let url = form.dataset.url;
          if (form.dataset.version) url += '?version=' + encodeURIComponent(form.dataset.version);
          res = await call(form.dataset.method, url, f, f.type);
        } else {
          const body = {};
          for (const el of form.elements) {
            if (!el.name || el.type === 'checkbox') continue;
            if (el.value !== '') body[el.name] = el.value;
          }
          if (form.dataset.version) body.version = Number(form.dataset.version);
          if (form.dataset.kind === 'inspection') {
            // One optional follow-up: its three fields become follow_ups[0].
            const f = { text: body.follow_up_text, owner: body.follow_up_owner, due: body.follow_up_due };
            delete body.follow_up_text; delete body.follow_up_owner; delete body.follow_up_due;
            body.follow_ups = f.text ? [f] : [];
          }
          res = await call(form.dataset.method, form.dataset.url, body);
        }
        if (res.ok) { location.reload(); return; }
        message(form.parentElement, errorText(form, res), false);
      } finally {
        busy(form, false);
      }
    });
  });

  // The new card, where there is one: its number also fills the hand-over field.
  document.querySelectorAll('[data-card-url]').forEach(async (p) => {
    const res = await fetch(p.dataset.cardUrl, { credentials: 'same-origin' });
    if (!res.ok) { p.querySelector('[data-card-no]').textContent = '—'; return; }
    const card = await res.json();
    p.querySelector('[data-card-no]').textContent = card.card_no;
    const label = card.state && p.getAttribute('data-l-' + card.state);
    p.querySelector('[data-card-state]').textContent = card.state ? '(' + (label || card.state) + ')' : '';
    p.dataset.loaded = 'true';
  });
})();

// What the browser tests share: their arguments, when they skip, a work
// directory, one fresh browser profile per person (as on separate
// tablets), checks, screenshots, logging in, and the frame that runs a
// test, keeps a screenshot of every page when it fails, and cleans up.
//
//   const h = await harness('journey.mjs', 'cardex-browser-');
//   ... h.server = spawn(...) ... 
//   await h.run(main);   // exits 0 passed, 1 failed; 77 skipped earlier
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SKIP = 77;

export async function harness(script, workPrefix) {
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
    console.error(`usage: node ${script} --cardex PATH [--artifacts DIR]`);
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), workPrefix));
  mkdirSync(artifacts, { recursive: true });
  const contexts = [];
  const h = {
    cardex, artifacts, work,
    server: null,  // the test's cardex process, stopped at the end
    problems: [],  // script errors seen in any page

    check(cond, what) {
      if (!cond) throw new Error('check failed: ' + what);
      console.log('ok   ' + what);
    },

    async browserFor(who, viewport = { width: 1024, height: 768 }) {
      const dir = mkdtempSync(join(work, 'profile-' + who + '-'));
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: chromiumPath,
        headless: true,
        viewport,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      contexts.push(context);
      const page = context.pages()[0] || (await context.newPage());
      page.on('pageerror', (e) => h.problems.push(`${who}: page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) h.problems.push(`${who}: console: ${m.text()}`);
      });
      return page;
    },

    async shot(page, name, fullPage = true) {
      await page.screenshot({ path: join(artifacts, name + '.png'), fullPage });
    },

    async logIn(page, base, login, password, next) {
      await page.goto(base + next);
      h.check(page.url().includes('/login?next='), `${login}: ${next} without a session redirects to the login page`);
      await page.fill('input[name=login]', login);
      await page.fill('input[name=password]', password);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('#login-form button[type=submit]')]);
    },

    async run(main) {
      let status = 0;
      try {
        await main();
        console.log(`PASS (screenshots in ${artifacts})`);
      } catch (e) {
        console.error('FAIL: ' + (e.stack || e));
        for (const c of contexts) {
          for (const p of c.pages()) {
            await p.screenshot({ path: join(artifacts, 'failure-' + Date.now() + '.png'), fullPage: true }).catch(() => {});
          }
        }
        status = 1;
      } finally {
        for (const c of contexts) await c.close().catch(() => {});
        if (h.server && h.server.exitCode === null) {
          const gone = new Promise((r) => h.server.once('exit', r));
          h.server.kill('SIGTERM');
          await Promise.race([gone, new Promise((r) => setTimeout(r, 10000))]);
        }
        rmSync(work, { recursive: true, force: true });
      }
      process.exit(status);
    },
  };
  return h;
}

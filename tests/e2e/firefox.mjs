// End-to-end in Firefox ESR (headless, puppeteer-core over WebDriver BiDi, no
// geckodriver): the Firefox build of the extension as a temporary add-on, the
// real host registered in a throw-away HOME, the same local issuer and pages.
// Firefox has no host-resolver flag: a local CONNECT proxy sends the imitated
// site names to the local HTTPS server and refuses every other name.
// The context-menu path: Firefox has no contextMenus.onClicked.dispatch, so the
// tests' copy of the extension (only the copy) records background.js's
// onClicked listeners and calls them with the click data when its own test
// page, at a moz-extension:// address pinned by extensions.webextensions.uuids,
// asks (see lib.mjs addMenuHook). The last line is "N passed, M failed".
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { OUT, HOST_BIN, extensionUnderTest, registerHostFirefox, testCertificate, runner, assert, equal, tmpDir } from './lib.mjs';
import { startSites, hostConfig, SITE_NAMES } from './site.mjs';

const FIREFOX = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';
setTimeout(() => { console.log('FAIL  firefox watchdog'); console.log('0 passed, 1 failed'); process.exit(1); }, 180000).unref();
const t = runner();
fs.mkdirSync(OUT, { recursive: true });

const ext = extensionUnderTest({ firefox: true, menuHook: true });
const UUID = '5b1e3c2a-7d4f-4e8a-9c6b-0a1b2c3d4e5f';
const site = await startSites({ cert: testCertificate(SITE_NAMES) });
const work = tmpDir('ff-run');
const configFile = hostConfig(site, work);
const O = site.origin;

// CONNECT proxy: only the imitated names, only to the local HTTPS server.
const proxy = http.createServer((req, res) => { res.writeHead(403); res.end(); });
proxy.on('connect', (req, client) => {
  const [name] = String(req.url).split(':');
  if (!SITE_NAMES.includes(name)) { client.end('HTTP/1.1 403 Forbidden\r\n\r\n'); return; }
  const upstream = net.connect(site.sitePort, '127.0.0.1', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.pipe(client); client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});
const proxyPort = await new Promise((r) => proxy.listen(0, '127.0.0.1', () => r(proxy.address().port)));

async function launch({ withHost = true } = {}) {
  const home = tmpDir('ff-home');
  const registered = withHost ? registerHostFirefox(home, ext.id) : null;
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true, acceptInsecureCerts: true,
    env: { ...process.env, HOME: home, BADGELENS_CONFIG: configFile },
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': proxyPort,
      'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': proxyPort,
      'network.proxy.allow_hijacking_localhost': false,
      'network.dns.native-is-localhost': true,
      'network.dns.disablePrefetch': true,
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      'extensions.webextensions.uuids': JSON.stringify({ [ext.id]: UUID }),
    },
  });
  const id = await browser.installExtension(ext.dir);
  return { browser, id, registered };
}

async function settled(page, n, timeout = 45000) {
  await page.waitForFunction((k) => {
    const ms = [...document.querySelectorAll('badgelens-marker')];
    return ms.length >= k && ms.every((m) => m.getAttribute('verdict') && m.getAttribute('verdict') !== 'pending');
  }, { timeout, polling: 100 }, n);
  return page.$$eval('badgelens-marker', (ms) => ms.map((m) => ({ verdict: m.getAttribute('verdict'), source: m.getAttribute('source'), parent: m.parentElement?.id })));
}

let run;
try {
  run = await launch();
  console.log(`# ${await run.browser.version()}, host ${HOST_BIN}, registered via ${run.registered.via}`);
  await t.test('Firefox: the add-on installs under its gecko id', async () => equal(run.id, 'badgelens@badgelens.org', 'add-on id'));
  await t.test('Firefox: LinkedIn credential links get markers with the host\'s verdicts', async () => {
    const page = await run.browser.newPage();
    await page.goto('https://www.linkedin.com/in/e2e-alice/');
    const ms = await settled(page, 6);
    equal(ms.length, 6, 'markers');
    for (const m of ms) assert(['verified', 'expired', 'revoked', 'invalid', 'unverifiable'].includes(m.verdict), `host verdict, got ${m.verdict} for ${m.source}`);
    equal(ms.map((m) => m.source).sort().join(' '), ['forged', 'revoked', 'expired', 'future', 'unknown', 'valid'].map((id) => `${O}/badges/${id}`).sort().join(' '), 'unwrapped sources');
    equal(await page.$$eval('#cred-coursera badgelens-marker', (x) => x.length), 0, 'no marker on a non-badge link');
    await page.screenshot({ path: path.join(OUT, 'firefox-linkedin.png') });
    await page.close();
  });

  // --- the context menu ---
  const plain = await run.browser.newPage();
  await plain.goto(`${O}/plain.html`);
  // Opened by the copy's test background at start (BiDi refuses to navigate to moz-extension://);
  // puppeteer may list it as about:blank, so ask each page where it is.
  const TEST_PAGE = `moz-extension://${UUID}/test-menu.html`;
  let testPage = null;
  for (let i = 0; i < 50 && !testPage; i++) {
    for (const p of await run.browser.pages()) {
      if (await p.evaluate(() => location.href).catch(() => '') === TEST_PAGE) testPage = p;
    }
    if (!testPage) await new Promise((r) => setTimeout(r, 100));
  }
  assert(testPage, `the test page ${TEST_PAGE} is open`);
  const click = (info) => testPage.evaluate((i, url) => browser.runtime.sendMessage({ type: 'test:menu', info: i, tabUrl: url }), info, `${O}/plain.html`);
  const menuMarker = async (selector) => {
    await plain.waitForFunction((sel) => {
      const m = document.querySelector(sel);
      return m && m.getAttribute('verdict') && m.getAttribute('verdict') !== 'pending';
    }, { timeout: 30000, polling: 100 }, selector);
    return plain.$eval(selector, (m) => ({ verdict: m.getAttribute('verdict'), source: m.getAttribute('source'), badge: (m.parentElement?.tagName === 'A' ? m.parentElement : m.previousElementSibling)?.getAttribute('data-badgelens-verdict') }));
  };
  await t.test('Firefox: the context menu items exist (update() accepts our ids, rejects others)', async () => {
    const r = await testPage.evaluate(async () => Promise.all(['verify-badge-image', 'verify-badge-link', 'no-such-item']
      .map((id) => browser.contextMenus.update(id, {}).then(() => 'ok', (e) => e.message))));
    equal(r[0], 'ok', 'image item');
    equal(r[1], 'ok', 'link item');
    assert(r[2] !== 'ok', 'an unknown id must be rejected, or this proves nothing');
  });
  await t.test('Firefox: a plain page has no marker before any right-click', async () => {
    equal(await plain.$$eval('badgelens-marker', (x) => x.length), 0, 'markers');
  });
  await t.test('Firefox: context menu "Verify badge" on a baked image: bytes sent, marker with the host\'s verdict after the image', async () => {
    const r = await click({ menuItemId: 'verify-badge-image', mediaType: 'image', srcUrl: `${O}/images/valid-badge.png`, pageUrl: `${O}/plain.html` });
    assert(r?.listeners >= 1, `the background's onClicked listener was reached: ${JSON.stringify(r)}`);
    const m = await menuMarker('#baked + badgelens-marker');
    equal(m.source, 'data:image/png;name=valid-badge.png', 'source (bytes read by the content script)');
    equal(m.verdict, 'verified', 'baked valid badge');
    equal(m.badge, 'verified', 'data-badgelens-verdict on the image');
  });
  await t.test('Firefox: context menu on a tampered baked image: invalid', async () => {
    await click({ menuItemId: 'verify-badge-image', mediaType: 'image', srcUrl: `${O}/images/tampered-badge.png`, pageUrl: `${O}/plain.html` });
    equal((await menuMarker('#tampered + badgelens-marker')).verdict, 'invalid', 'tampered');
  });
  await t.test('Firefox: context menu "Verify badge" on a link: page_url sent, marker inside the link', async () => {
    await click({ menuItemId: 'verify-badge-link', linkUrl: `${O}/badges/expired`, pageUrl: `${O}/plain.html` });
    const m = await menuMarker('#wrapped-img > badgelens-marker');
    equal(m.source, `${O}/badges/expired`, 'source');
    equal(m.verdict, 'expired', 'expired badge');
    equal(m.badge, 'expired', 'data-badgelens-verdict on the link');
  });
  await t.test('Firefox: context menu on a plain image: not_a_badge marker', async () => {
    await click({ menuItemId: 'verify-badge-image', mediaType: 'image', srcUrl: `${O}/images/plain.png`, pageUrl: `${O}/plain.html` });
    equal((await menuMarker('#plainimg + badgelens-marker')).verdict, 'not_a_badge', 'verdict');
  });
  await t.test('Firefox: the popup lists what the context menu verified in that tab', async () => {
    const tabId = await testPage.evaluate(async (url) => (await browser.tabs.query({})).find((x) => x.url === url)?.id, `${O}/plain.html`);
    const listed = await testPage.evaluate((id) => browser.tabs.sendMessage(id, { type: 'bl:list' }, { frameId: 0 }), tabId);
    const onPage = await plain.$$eval('badgelens-marker', (ms) => ms.map((m) => `${m.getAttribute('source')}=${m.getAttribute('verdict')}`).sort());
    equal(listed.map((e) => `${e.source}=${e.verdict}`).sort().join(' '), onPage.join(' '), 'listed = markers');
    await plain.screenshot({ path: path.join(OUT, 'firefox-context-menu.png') });
  });
  await testPage.close();
  await plain.close();
} catch (e) {
  await t.test('Firefox run', async () => { throw e; });
} finally {
  await run?.browser.close().catch(() => {});
}

let bare;
try {
  bare = await launch({ withHost: false });
  await t.test('Firefox: host not installed gives error markers with the install command', async () => {
    const page = await bare.browser.newPage();
    await page.goto('https://www.linkedin.com/in/e2e-credly/');
    const ms = await settled(page, 2);
    for (const m of ms) equal(m.verdict, 'error', `verdict for ${m.source}`);
    // Open the card (it is built when it opens), then read it.
    const text = await page.$eval('#cred-21 badgelens-marker', (m) => {
      m.shadowRoot?.querySelector('.pill')?.click();
      return m.shadowRoot?.querySelector('.card')?.textContent ?? '';
    });
    assert(text.includes('badgelens install --browser firefox'), `card: ${text}`);
  });
} catch (e) {
  await t.test('Firefox host-missing run', async () => { throw e; });
} finally {
  await bare?.browser.close().catch(() => {});
  site.stop();
  proxy.close();
}
process.exit(t.finish() ? 0 : 1);

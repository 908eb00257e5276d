// A real right-click, headed Chromium under Xvfb: the extension exactly as
// shipped (no extra host permission), so the page can only be read through
// the `activeTab` grant a real "Verify badge" click gives. Proves that grant
// plus `scripting` is enough on a site without automatic detection.
//   xvfb-run -a -s '-screen 0 1280x800x24' node real-click.mjs   (run.sh does this with HEADED=1)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { OUT, CHROMIUM, extensionUnderTest, registerHost, testCertificate, chromiumArgs, runner, assert, equal, tmpDir } from './lib.mjs';
import { startSites, hostConfig, SITE_NAMES } from './site.mjs';

setTimeout(() => { console.log('FAIL  real-click watchdog'); console.log('0 passed, 1 failed'); process.exit(1); }, 120000).unref();
const t = runner();
const ext = extensionUnderTest({ asShipped: true });
const site = await startSites({ cert: testCertificate(SITE_NAMES) });
const work = tmpDir('rc');
const configFile = hostConfig(site, work);
const O = site.origin;

/** Chromium's own context menu: the extension's single item sits just above "Inspect". */
async function menuClick(page, selector) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  await page.waitForTimeout(600);
  execFileSync('xdotool', ['key', '--delay', '120', 'Up', 'Up', 'Return']);
}

async function settled(page, selector) {
  await page.waitForFunction((sel) => {
    const m = document.querySelector(sel);
    return m && m.getAttribute('verdict') && m.getAttribute('verdict') !== 'pending';
  }, selector, { timeout: 20000, polling: 50 });
  return page.$eval(selector, (m) => ({ verdict: m.getAttribute('verdict'), source: m.getAttribute('source') }));
}

let ctx;
try {
  const udd = tmpDir('rc-profile');
  registerHost(udd, ext.id);
  ctx = await chromium.launchPersistentContext(udd, {
    executablePath: CHROMIUM, headless: false, viewport: { width: 900, height: 600 },
    args: chromiumArgs(ext.dir, site.sitePort, SITE_NAMES), env: { ...process.env, BADGELENS_CONFIG: configFile },
  });
  const page = ctx.pages()[0] ?? await ctx.newPage();
  await page.goto(`${O}/plain.html`);
  await t.test('real right-click > Verify badge on a baked image (activeTab only): marker with the host\'s answer', async () => {
    equal(ext.manifest.host_permissions.some((h) => h.includes('127.0.0.1')), false, 'no host permission for the page');
    await menuClick(page, '#baked');
    const m = await settled(page, '#baked + badgelens-marker');
    equal(m.source, 'data:image/png;name=valid-badge.png', 'the image bytes were read through the activeTab grant');
    assert(!['error', 'pending'].includes(m.verdict), `verdict ${m.verdict}`);
  });
  await t.test('real right-click > Verify badge on a link: marker inside the link', async () => {
    await menuClick(page, '#badgelink');
    const m = await settled(page, '#badgelink > badgelens-marker');
    equal(m.source, `${O}/badges/valid`, 'source');
  });
  await page.screenshot({ path: path.join(OUT, 'real-click.png') });
} catch (e) {
  await t.test('real-click run', async () => { throw e; });
} finally {
  await ctx?.close().catch(() => {});
  site.stop();
}
process.exit(t.finish() ? 0 : 1);

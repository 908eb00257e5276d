// One real hello round trip through Chromium to the host the Debian package
// registered system-wide: a fresh profile with no per-user manifest, so the
// only way Chromium can find `org.badgelens.host` is the manifest in
// /etc/chromium/native-messaging-hosts. tests/package/run.sh runs it inside
// a throw-away mount namespace, before the package is installed (EXPECT=absent:
// Chromium must not find the host) and after (EXPECT=present).
//   EXPECT=present|absent node system-host.mjs
import { chromium } from 'playwright-core';
import { CHROMIUM, HOST_NAME, extensionUnderTest, tmpDir, runner, assert, equal } from './lib.mjs';

const expect = process.env.EXPECT || 'present';
const ext = extensionUnderTest({ asShipped: true });
const t = runner();

await t.test(`Chromium ${expect === 'present' ? 'reaches' : 'does not find'} the system-wide host (fresh profile, no per-user manifest)`, async () => {
  const ctx = await chromium.launchPersistentContext(tmpDir('system-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${ext.dir}`, `--load-extension=${ext.dir}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  try {
    const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker', { timeout: 15000 });
    const answer = await sw.evaluate(async (host) => {
      try {
        return { reply: await chrome.runtime.sendNativeMessage(host, { type: 'hello', id: 1 }) };
      } catch (e) {
        return { error: String(e?.message || e) };
      }
    }, HOST_NAME);
    if (expect === 'present') {
      assert(answer.reply, `no answer: ${answer.error}`);
      equal(answer.reply.type, 'hello', 'answer type');
      equal(answer.reply.product, 'BadgeLens', 'product');
      assert(Array.isArray(answer.reply.capabilities), 'capabilities listed');
      console.log(`      host answered: BadgeLens ${answer.reply.version}, protocol ${answer.reply.protocol}`);
    } else {
      assert(answer.error && /not found/i.test(answer.error), `expected "host not found", got ${JSON.stringify(answer)}`);
    }
  } finally {
    await ctx.close();
  }
});

process.exitCode = t.finish() ? 0 : 1;

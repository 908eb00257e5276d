// What to tell the user when the host cannot help, one text per failure kind
// of host-port.js. Plain words, the exact command, and where it goes wrong
// most often (browsers packaged as snap or flatpak cannot start native hosts).

/** The extension id `badgelens install` allows when given no --extension-id. */
export const DEVELOPMENT_ID = 'peadbbggjabpafmgipjcgfolomncnjml';
export const INSTALL_URL = 'https://github.com/badgelens/badgelens#install';

const SANDBOX_NOTE =
  'If this browser is a snap or flatpak package (Ubuntu\'s default Chromium and Firefox are snaps), ' +
  'it cannot start programs installed outside its sandbox: use the browser from your distribution\'s ' +
  'deb/rpm packages or the vendor\'s own package.';

/** The install command for this browser and extension id. */
export function installCommand({ extensionId, browser } = {}) {
  const parts = ['badgelens install'];
  if (browser) parts.push(`--browser ${browser}`);
  if (extensionId && extensionId !== DEVELOPMENT_ID && /^[a-p]{32}$/.test(extensionId)) parts.push(`--extension-id ${extensionId}`);
  return parts.join(' ');
}

/**
 * { title, text, command } for a HostError kind. `command` is what to run.
 * @param {string} kind
 * @param {{extensionId?: string, browser?: string, message?: string}} ctx
 */
export function helpFor(kind, ctx = {}) {
  const install = installCommand(ctx);
  switch (kind) {
    case 'missing':
      return {
        title: 'BadgeLens helper not installed',
        text: `BadgeLens checks badges with a small helper program on your computer, and this browser cannot find it. ` +
          `Install BadgeLens (${INSTALL_URL}), then run the command below and reload this page. ${SANDBOX_NOTE}`,
        command: install,
      };
    case 'forbidden':
      return {
        title: 'BadgeLens helper installed for another extension',
        text: 'The helper is registered, but not for this copy of the extension. Register it for this one with the command below.',
        command: `badgelens install${ctx.browser ? ` --browser ${ctx.browser}` : ''} --extension-id ${ctx.extensionId || DEVELOPMENT_ID}`,
      };
    case 'too_old':
      return {
        title: 'BadgeLens helper too old',
        text: `The helper on this computer is older than this extension${ctx.message ? ` (${ctx.message})` : ''}. ` +
          'Update BadgeLens, run the command below to re-register it, and check it with `badgelens doctor`.',
        command: install,
      };
    case 'too_new':
      return {
        title: 'BadgeLens extension too old',
        text: 'The helper on this computer is newer than this extension. Update the extension from your browser\'s add-on store.',
        command: 'badgelens doctor',
      };
    case 'timeout':
      return {
        title: 'BadgeLens helper did not answer',
        text: 'The helper did not answer within 30 seconds. The issuer\'s server may be slow, or the helper is stuck. ' +
          'Run the command below to see what is wrong.',
        command: 'badgelens doctor',
      };
    case 'crashed':
    default:
      return {
        title: 'BadgeLens helper stopped',
        text: `The helper program stopped unexpectedly${ctx.message ? ` (${ctx.message})` : ''}. Run the command below to see why. ${SANDBOX_NOTE}`,
        command: 'badgelens doctor',
      };
  }
}

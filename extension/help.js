// What to tell the user when the host cannot help, one text per failure kind
// of host-port.js. Plain words, the exact command, and where it goes wrong
// most often (browsers packaged as snap or flatpak cannot start native hosts).

/** The extension id `badgelens install` allows when given no --extension-id. */
export const DEVELOPMENT_ID = 'peadbbggjabpafmgipjcgfolomncnjml';
export const INSTALL_URL = 'https://github.com/badgelens/badgelens#install';

import './i18n.js';

const t = (key, ...subs) => globalThis.BadgeLens.i18n.t(key, ...subs);
/** The reason in parentheses, or nothing. */
const detail = (message) => (message ? ` (${message})` : '');

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
        title: t('helpMissingTitle'),
        text: t('helpMissingText', INSTALL_URL, t('helpSandboxNote')),
        command: install,
      };
    case 'forbidden':
      return {
        title: t('helpForbiddenTitle'),
        text: t('helpForbiddenText'),
        command: `badgelens install${ctx.browser ? ` --browser ${ctx.browser}` : ''} --extension-id ${ctx.extensionId || DEVELOPMENT_ID}`,
      };
    case 'too_old':
      return {
        title: t('helpTooOldTitle'),
        text: t('helpTooOldText', detail(ctx.message)),
        command: install,
      };
    case 'too_new':
      return {
        title: t('helpTooNewTitle'),
        text: t('helpTooNewText'),
        command: 'badgelens doctor',
      };
    case 'timeout':
      return {
        title: t('helpTimeoutTitle'),
        text: t('helpTimeoutText'),
        command: 'badgelens doctor',
      };
    case 'crashed':
    default:
      return {
        title: t('helpCrashedTitle'),
        text: t('helpCrashedText', detail(ctx.message), t('helpSandboxNote')),
        command: 'badgelens doctor',
      };
  }
}

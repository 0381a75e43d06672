#!/usr/bin/env node
// `npm start`: build Hearth and open it in Chrome or Chromium with the extension loaded, on a
// profile of its own (.cache/profile), so that a person can try it without touching their
// everyday browser profile.
//
// The script drives the browser over --remote-debugging-pipe (a pipe private to this process,
// no port) only to open the side panel's page and confirm that it loaded. It stays in the
// foreground while the browser runs: Ctrl+C closes both. With HEARTH_HEADLESS=1 the browser
// runs headless and the script exits once the panel has loaded (a smoke test of this script).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXTENSION_DIR = path.join(ROOT, '.output', 'chrome-mv3');
const PROFILE_DIR = path.join(ROOT, '.cache', 'profile');
const BROWSER_LOG = path.join(ROOT, '.cache', 'browser.log');
const HEADLESS = process.env.HEARTH_HEADLESS === '1';
const isWindows = process.platform === 'win32';

const say = (message = '') => console.log(message ? `[hearth] ${message}` : '');
const fail = (message) => {
  console.error(`[hearth] ${message}`);
  process.exit(1);
};

const LOAD_UNPACKED_STEPS = [
  'Load it by hand, once (the profile keeps it):',
  '  1. open chrome://extensions in that window',
  '  2. switch on "Developer mode" (top right)',
  `  3. click "Load unpacked" and choose ${EXTENSION_DIR}`,
  'Then run `npm start` again, or click the Hearth icon in the toolbar.',
];

// ---------------------------------------------------------------------------------------
// Finding a browser. Chromium first: branded Google Chrome ignores --load-extension from
// version 137 on, so Chromium is the one that can load Hearth without a manual step.

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, isWindows ? `${name}.exe` : name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function browserCandidates() {
  const env = process.env;
  const win = (base, ...rest) => (base ? path.win32.join(base, ...rest) : undefined);
  const home = os.homedir();
  return [
    // [label, path or undefined]
    ['$HEARTH_CHROMIUM', env.HEARTH_CHROMIUM],
    ['chromium on PATH', onPath('chromium')],
    ['chromium-browser on PATH', onPath('chromium-browser')],
    ['/usr/bin/chromium', '/usr/bin/chromium'],
    ['macOS Chromium', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
    ['macOS Chromium (user)', path.join(home, 'Applications/Chromium.app/Contents/MacOS/Chromium')],
    ['Windows Chromium', win(env.LOCALAPPDATA, 'Chromium', 'Application', 'chrome.exe')],
    ['google-chrome on PATH', onPath('google-chrome')],
    ['google-chrome-stable on PATH', onPath('google-chrome-stable')],
    ['macOS Google Chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    [
      'macOS Google Chrome (user)',
      path.join(home, 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
    ],
    ['Windows Google Chrome', win(env.PROGRAMFILES, 'Google', 'Chrome', 'Application', 'chrome.exe')],
    [
      'Windows Google Chrome (x86)',
      win(env['PROGRAMFILES(X86)'], 'Google', 'Chrome', 'Application', 'chrome.exe'),
    ],
    ['Windows Google Chrome (user)', win(env.LOCALAPPDATA, 'Google', 'Chrome', 'Application', 'chrome.exe')],
  ];
}

function findBrowser() {
  const candidates = browserCandidates();
  if (process.env.HEARTH_CHROMIUM && !fs.existsSync(process.env.HEARTH_CHROMIUM)) {
    fail(`HEARTH_CHROMIUM is set to ${process.env.HEARTH_CHROMIUM}, which does not exist.`);
  }
  const found = candidates.find(([, file]) => file && fs.existsSync(file));
  if (found) return found[1];
  console.error('[hearth] No Chrome or Chromium found. Tried:');
  for (const [label, file] of candidates)
    console.error(`  - ${label}${file && file !== label ? `: ${file}` : ''}`);
  console.error(
    [
      '[hearth] Install one, then run `npm start` again:',
      '  Debian/Ubuntu: sudo apt-get install chromium   (Ubuntu: sudo snap install chromium)',
      '  Fedora:        sudo dnf install chromium',
      '  macOS:         brew install --cask chromium   (or Google Chrome from google.com/chrome)',
      '  Windows:       winget install Google.Chrome',
      '  or point HEARTH_CHROMIUM at a Chrome/Chromium binary.',
    ].join('\n'),
  );
  process.exit(1);
}

/** "Google Chrome 137.0.7151.55" → { branded: true, major: 137 }; unknown on Windows. */
function browserVersion(executable) {
  if (isWindows) return { text: undefined, branded: /Google[\\/]Chrome/i.test(executable), major: undefined };
  const out = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const text = `${out.stdout ?? ''}`.trim().split('\n').pop() || undefined;
  const major = Number(/(\d+)\./.exec(text ?? '')?.[1]) || undefined;
  const branded = /^Google Chrome(?! for Testing)/.test(text ?? '');
  return { text, branded, major };
}

// ---------------------------------------------------------------------------------------
// The extension id. Chrome names an unpacked extension after its absolute path: SHA-256 of
// the path's bytes (UTF-16 on Windows, with the drive letter upper-cased), first 32 hex
// digits, each mapped 0-f → a-p (crx_file::id_util::GenerateIdForPath).

function extensionIdForPath(dir) {
  let absolute = fs.realpathSync(dir);
  let bytes;
  if (isWindows) {
    absolute = absolute.replace(/^[a-z]:/, (drive) => drive.toUpperCase());
    bytes = Buffer.from(absolute, 'utf16le');
  } else {
    bytes = Buffer.from(absolute, 'utf8');
  }
  const hex = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

// ---------------------------------------------------------------------------------------
// A minimal DevTools protocol client over the pipe: fd 3 is what the browser reads, fd 4 what
// it writes; each message is JSON followed by a NUL byte.

function pipeClient(toBrowser, fromBrowser) {
  let nextId = 1;
  const pending = new Map();
  let buffered = '';
  let open = true;
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf('\0')) !== -1) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      const waiter = message.id !== undefined ? pending.get(message.id) : undefined;
      if (!waiter) continue; // events: not needed here
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter.resolve(message.result);
    }
  });
  const closed = () => {
    open = false;
    for (const waiter of pending.values()) waiter.reject(new Error('the browser closed'));
    pending.clear();
  };
  fromBrowser.on('close', closed);
  fromBrowser.on('error', closed);
  toBrowser.on('error', closed);
  return {
    isOpen: () => open,
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, method });
        toBrowser.write(`${JSON.stringify({ id, method, params })}\0`);
      });
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens chrome-extension://<id>/sidepanel.html in a tab and waits until it shows Hearth's
 * title. A tab opened while the browser is still loading its extensions can fail, so it is
 * reopened every few seconds until the deadline.
 */
async function openPanelTab(cdp, url) {
  const deadline = Date.now() + 20_000;
  let targetId;
  let openedAt = 0;
  while (Date.now() < deadline) {
    if (!targetId || Date.now() - openedAt > 4_000) {
      if (targetId) await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
      ({ targetId } = await cdp.send('Target.createTarget', { url }));
      openedAt = Date.now();
    }
    await sleep(250);
    const { targetInfos } = await cdp.send('Target.getTargets');
    const tab = targetInfos.find((t) => t.targetId === targetId);
    if (tab && tab.url === url && /Hearth/.test(tab.title)) return tab;
  }
  return undefined;
}

/** The browser quit before Hearth's page opened: say why, from the end of its log. */
function exitedEarly(code) {
  const reasons = fs
    .readFileSync(BROWSER_LOG, 'utf8')
    .split('\n')
    .filter((line) => /ERROR|FATAL/.test(line) && !/dbus|zygote/i.test(line))
    .slice(-4);
  console.error(`[hearth] The browser exited (code ${code}) before Hearth's page opened.`);
  for (const line of reasons) console.error(`  ${line}`);
  fail(
    `If another browser is already using ${PROFILE_DIR}, switch to it or close it. Full log: ${BROWSER_LOG}`,
  );
}

// ---------------------------------------------------------------------------------------

/**
 * A windowed browser on Linux needs a desktop session. Without one it would quit right after
 * the build with an unrelated-looking error, so say what to do before spending the build.
 */
function checkDisplay() {
  if (HEADLESS || process.platform !== 'linux') return;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return;
  fail(
    [
      'No display: $DISPLAY and $WAYLAND_DISPLAY are both unset, so a browser window cannot open here.',
      '  - Run `npm start` from a desktop session (or over ssh -X),',
      '  - or try it headless: HEARTH_HEADLESS=1 npm start (builds, loads Hearth, opens its panel page, exits),',
      '  - or build with `npm run build` and load .output/chrome-mv3 by hand on a machine with a desktop',
      '    (chrome://extensions → Developer mode → Load unpacked; see "Load the build by hand" in the README).',
    ].join('\n'),
  );
}

async function main() {
  checkDisplay();
  const executable = findBrowser();
  const version = browserVersion(executable);
  say(`Browser: ${executable}${version.text ? ` (${version.text})` : ''}`);
  if (version.branded && (version.major === undefined || version.major >= 137)) {
    say(
      'Note: Google Chrome 137 and later ignore --load-extension. If Hearth does not appear, the steps to load it by hand follow.',
    );
  }

  say('Building the extension (npx wxt build)…');
  const build = spawnSync(isWindows ? 'npx.cmd' : 'npx', ['wxt', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: isWindows,
  });
  if (build.status !== 0) fail('The build failed; see the output above.');
  if (!fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) fail(`No manifest in ${EXTENSION_DIR}.`);

  const extensionId = extensionIdForPath(EXTENSION_DIR);
  const panelUrl = `chrome-extension://${extensionId}/sidepanel.html`;
  fs.mkdirSync(PROFILE_DIR, { recursive: true });

  const args = [
    `--user-data-dir=${PROFILE_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
    // Re-enables --load-extension in the Chrome versions that still honour this switch.
    '--disable-features=DisableLoadExtensionCommandLineSwitch',
    '--remote-debugging-pipe',
    '--no-first-run',
    '--no-default-browser-check',
  ];
  // Chromium refuses to run as root with its sandbox on (containers, CI).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (HEADLESS) args.push('--headless=new');

  say(`Profile: ${PROFILE_DIR}${HEADLESS ? ' (headless)' : ''}`);
  say(`Browser log: ${BROWSER_LOG}`);
  const log = fs.openSync(BROWSER_LOG, 'w');
  const browser = spawn(executable, args, { stdio: ['ignore', log, log, 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => browser.once('exit', (code, signal) => resolve({ code, signal })));
  browser.once('error', (error) => fail(`Could not start ${executable}: ${error.message}`));
  const cdp = pipeClient(browser.stdio[3], browser.stdio[4]);

  const close = async () => {
    await Promise.race([cdp.send('Browser.close').catch(() => undefined), sleep(3_000)]);
    if (browser.exitCode === null) browser.kill();
    await exited;
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      stopping = true;
      say('Closing the browser…');
      close().then(() => process.exit(0));
    });
  }

  // The pipe closes when the browser quits (no display, profile already in use, a crash).
  const product = await cdp
    .send('Browser.getVersion')
    .then((v) => v.product)
    .catch(() => undefined);
  if (stopping) return;
  if (!product) exitedEarly((await exited).code);

  say(`Opening the side panel page: ${panelUrl}`);
  const tab = await openPanelTab(cdp, panelUrl).catch(() => undefined);
  if (stopping) return;
  if (!cdp.isOpen()) exitedEarly((await exited).code);
  if (tab) {
    say(`Side panel page loaded: ${tab.url} (title "${tab.title}", ${product}).`);
    say('In the browser, click the Hearth icon in the toolbar (pin it from the puzzle-piece menu)');
    say('or press Alt+Shift+H to open Hearth in the real side panel.');
  } else {
    say(`The browser (${product}) did not load Hearth from the command line.`);
    for (const line of LOAD_UNPACKED_STEPS) say(line);
    if (HEADLESS) {
      await close();
      process.exit(1);
    }
  }

  if (HEADLESS) {
    say('Headless run: the panel loaded, closing the browser.');
    await close();
    process.exit(0);
  }
  say('Hearth is running. Close the browser window or press Ctrl+C here to stop.');
  const { code, signal } = await exited;
  say(`The browser exited (${signal ?? `code ${code}`}).`);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));

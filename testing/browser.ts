// Real-browser harness shared by the browser example's tests and the browser benchmark: a static
// server over a built folder (Vite's preview server) and Debian's Chromium driven by playwright-core
// (no browser download: Playwright's own download cannot run here).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

/** Debian's chromium package; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags of a headless, sandbox-less run on a closed network: without the background-networking
 * ones Chromium keeps trying (and failing) to reach Google's hosts.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's chromium (scripts/ensure-test-packages.sh does, ` +
        `as root or with sudo) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a Vite build folder on a free loopback port. */
export async function serveBuild(root: string, outDir = 'dist'): Promise<StaticServer> {
  if (!existsSync(`${root}/${outDir}/index.html`))
    throw new Error(`no build at ${root}/${outDir}: run its build first`);
  const server: PreviewServer = await preview({
    root,
    configFile: false,
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its URL');
  return { url, close: () => server.close() };
}

/** Console errors and uncaught exceptions of a page, collected from now on. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

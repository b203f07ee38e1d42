// The screenshot in this folder's README: the built page in Debian's Chromium, a digit drawn and
// the prune slider at 90×. Run: pnpm --filter ./examples/browser build && pnpm --filter ./examples/browser screenshot
import { join } from 'node:path';
import { launchChromium, serveBuild } from '@l0prune/testing/browser';
import { RATIOS } from '../src/prune-panel.js';

const root = join(import.meta.dirname, '..');
const server = await serveBuild(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  await page.goto(server.url);
  await page.evaluate(() => window.l0prune.ready);
  const box = (await page.locator('#digit').boundingBox())!;
  // A "7": a top bar, then a diagonal down to the left.
  const path: Array<[number, number]> = [
    [0.25, 0.2],
    [0.5, 0.2],
    [0.75, 0.2],
    [0.62, 0.45],
    [0.5, 0.65],
    [0.42, 0.85],
  ];
  await page.mouse.move(box.x + box.width * path[0][0], box.y + box.height * path[0][1]);
  await page.mouse.down();
  for (const [x, y] of path.slice(1))
    await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 8 });
  await page.mouse.up();
  await page.locator('#prune-ratio').fill(String(RATIOS.indexOf(90)));
  await page.waitForSelector('#prune[data-state="ready"][data-ratio="90"]');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.screenshot({ path: join(root, 'screenshot.png'), fullPage: true });
  console.log(`wrote ${join(root, 'screenshot.png')}`);
} finally {
  await browser.close();
  await server.close();
}

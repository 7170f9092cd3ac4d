// Screenshot of one element of a local HTML page in headless Chromium (Debian's
// /usr/bin/chromium, driven by the playwright-core that web/test installs):
//   node scripts/screenshot.mjs PAGE.html '#follow' OUT.png [WIDTH]
// README's docs/follow-section.png is `fazhi-lint audit tests/fixtures/follow/set-dev/双桥市税务局*
// --format html -o page.html` then this script on the section's heading and tables.
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, 'web', 'test', 'package.json'));
const { chromium } = require('playwright-core');
const [page_, selector, out, width] = process.argv.slice(2);
if (!out) {
  console.error('usage: node scripts/screenshot.mjs PAGE.html SELECTOR OUT.png [WIDTH]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width || 1400), height: 900 }, locale: 'zh-CN' });
await page.goto(pathToFileURL(path.resolve(page_)).href);
// The element and every sibling after it up to the next <h2> (a section of the page).
const box = await page.evaluate((sel) => {
  const first = document.querySelector(sel);
  if (!first) return null;
  let r = first.getBoundingClientRect();
  let top = r.top, bottom = r.bottom, left = r.left, right = r.right;
  for (let n = first.nextElementSibling; n && n.tagName !== 'H2' && n.tagName !== 'SCRIPT'; n = n.nextElementSibling) {
    const b = n.getBoundingClientRect();
    bottom = Math.max(bottom, b.bottom); right = Math.max(right, b.right); left = Math.min(left, b.left);
  }
  return { x: left + window.scrollX, y: top + window.scrollY, width: right - left, height: bottom - top };
}, selector);
if (!box) {
  console.error(`no element ${selector}`);
  process.exit(1);
}
await page.screenshot({ path: out, fullPage: true, clip: { x: Math.max(0, box.x - 8), y: Math.max(0, box.y - 8), width: box.width + 16, height: box.height + 16 } });
await browser.close();
console.log(`${out}: ${Math.round(box.width)}×${Math.round(box.height)}`);

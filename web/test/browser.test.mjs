// The page in a real browser (Debian's chromium through playwright-core), opened from
// file://: a pasted report and opened files show the CLI's findings and parts, and no
// request leaves the page. Saves output/screenshot.png and prints the timings.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { CLI, cliCheck, DIST, expectedPartState, fixtureReports, gbkEncode, makeDocx, makeHtml, makeOdt, OUTPUT, tempDir, unzip, USER_RULES, withoutPath } from './support.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PAGE_URL = pathToFileURL(path.join(DIST, 'index.html')).href;

let browser;
let page;
let dir;
const requests = [];
const pageErrors = [];

before(async () => {
  dir = tempDir();
  fs.mkdirSync(OUTPUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(PAGE_URL);
  await page.waitForFunction(() => window.__fazhi && (window.__fazhi.ready || window.__fazhi.error), null, { timeout: 30000 });
});

after(async () => {
  if (browser) await browser.close();
});

/** What the page shows now: checklist states, findings as listed, and its raw result. */
async function shown() {
  return page.evaluate(() => ({
    parts: Object.fromEntries([...document.querySelectorAll('#checklist li')].map((li) => [li.dataset.key, li.dataset.state])),
    findings: [...document.querySelectorAll('#findings .finding')].map((f) => ({
      rule: f.dataset.rule,
      severity: f.dataset.severity,
      line: Number(f.dataset.line),
      column: Number(f.dataset.column),
      end_line: Number(f.dataset.endLine),
      end_column: Number(f.dataset.endColumn),
      message: f.querySelector('.message').textContent,
      help: (f.querySelector('.help') || { textContent: '' }).textContent.replace(/^修改建议：/, ''),
      quote: f.querySelector('.quote .tx').textContent,
      marked: [...f.querySelectorAll('.quote mark')].map((m) => m.textContent).join(''),
    })),
    result: window.__fazhi.result,
    status: document.getElementById('status').textContent,
    name: window.__fazhi.name,
  }));
}

/** Assert the page shows exactly the CLI's verdict on `text` (already checked in the page). */
async function assertMatchesCli(cliFile, text) {
  const expected = cliCheck(cliFile);
  const got = await shown();
  assert.deepEqual(withoutPath(got.result), expected, 'the page computed the CLI result');
  const expectedParts = Object.fromEntries(Object.entries(expected.elements).map(([k, e]) => [k, expectedPartState(k, e)]));
  assert.deepEqual(got.parts, expectedParts, 'checklist');
  // Listed by severity (error, warning, info), in position order within each.
  const rank = { error: 0, warning: 1, info: 2 };
  const order = expected.diagnostics
    .map((d, i) => [d, i])
    .sort((a, b) => rank[a[0].severity] - rank[b[0].severity] || a[1] - b[1])
    .map(([d]) => d);
  assert.equal(got.findings.length, order.length, 'number of findings');
  const lines = text.split(/\r\n|\r|\n/);
  got.findings.forEach((f, i) => {
    const d = order[i];
    const { quote, marked, ...rest } = f;
    assert.deepEqual(rest, { rule: d.rule, severity: d.severity, line: d.line, column: d.column, end_line: d.end_line, end_column: d.end_column, message: d.message, help: d.help });
    assert.equal(quote.replace(/‸/g, ''), lines[d.line - 1], `quoted line of ${d.rule}`);
    // The marked part of the quote is the finding's span on its first line (columns count code points).
    const chars = [...lines[d.line - 1]];
    const endCol = d.end_line === d.line ? d.end_column : chars.length + 1;
    assert.equal(marked, chars.slice(d.column - 1, endCol - 1).join(''), `span of ${d.rule}`);
  });
  return { expected, got };
}

async function openThroughPicker(name, bytes, mimeType) {
  await page.locator('#file-input').setInputFiles({ name, mimeType, buffer: bytes });
  await page.waitForFunction((n) => window.__fazhi.name === n || /无法读取/.test(document.getElementById('status').textContent), name);
}

test('the page loads from file:// and lists the rules', async () => {
  assert.deepEqual(pageErrors, []);
  const st = await page.evaluate(() => ({ ready: window.__fazhi.ready, initMs: window.__fazhi.initMs, rules: document.querySelectorAll('#rules .rule').length }));
  assert.equal(st.ready, true);
  assert.ok(st.rules > 0);
  console.log(`# page init (decode base64 + compile + instantiate wasm): ${st.initMs.toFixed(1)} ms`);
});

test('a pasted report shows the CLI findings and parts', async () => {
  for (const [name, text] of fixtureReports()) {
    await page.click('#clear-button');
    await page.focus('#report-input');
    await page.keyboard.insertText(text);
    await page.click('#check-button');
    await page.waitForFunction(() => window.__fazhi.result !== null);
    const file = path.join(dir, name);
    // The textarea keeps LF line ends; the CLI gets the same text.
    fs.writeFileSync(file, await page.inputValue('#report-input'));
    await assertMatchesCli(file, await page.inputValue('#report-input'));
  }
  const ms = await page.evaluate(() => window.__fazhi.firstCheckMs);
  console.log(`# first check in the page (check + outline): ${ms.toFixed(1)} ms`);
});

test('a long report is checked like the CLI checks it', async () => {
  // At least 60 000 characters (a long real report has ~20 000): the complete report
  // with one of its measures repeated under new numbers.
  const [, text] = fixtureReports().find(([n]) => n === 'complete.txt');
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('（二）'));
  const filler = [];
  for (let i = 3, size = 0; size < 60000; i++) {
    filler.push(`（${i}）${lines[at].slice(3)}`);
    size += filler[filler.length - 1].length;
  }
  const long = [...lines.slice(0, at + 1), ...filler, ...lines.slice(at + 1)].join('\n');
  await page.click('#clear-button');
  await page.evaluate((t) => {
    const input = document.getElementById('report-input');
    input.value = t;
    input.dispatchEvent(new Event('input'));
  }, long);
  await page.click('#check-button');
  await page.waitForFunction(() => window.__fazhi.result !== null);
  const file = path.join(dir, 'long.txt');
  fs.writeFileSync(file, long);
  await assertMatchesCli(file, long);
  const ms = await page.evaluate(() => window.__fazhi.checkMs[window.__fazhi.checkMs.length - 1]);
  console.log(`# check of a ${[...long].length}-character report in the page: ${ms.toFixed(1)} ms`);
});

test('parts and findings jump to their line in the highlighted text', async () => {
  const [, text] = fixtureReports().find(([n]) => n === 'gaps.txt');
  await page.click('#clear-button');
  await page.focus('#report-input');
  await page.keyboard.insertText(text);
  await page.click('#check-button');
  await page.waitForFunction(() => window.__fazhi.result !== null);
  const r = await page.evaluate(() => window.__fazhi.result);
  assert.ok(await page.isVisible('#report-view'), 'checking shows the highlighted text');
  assert.ok((await page.locator('#report-view mark.hl').count()) > 0, 'finding spans are highlighted');
  await page.click('#tab-edit');
  await page.click('#checklist li[data-key="next_year_plan"] button');
  assert.ok(await page.isVisible('#report-view'));
  const flashed = await page.getAttribute('#report-view .line.flash', 'data-line');
  assert.equal(Number(flashed), r.elements.next_year_plan.line);
  const last = r.diagnostics[r.diagnostics.length - 1];
  await page.click(`#findings .finding[data-rule="${last.rule}"]`);
  assert.equal(Number(await page.getAttribute('#report-view .line.flash', 'data-line')), last.line);
  await page.screenshot({ path: path.join(OUTPUT, 'screenshot.png') });
});

test('the 整改闭环 tab shows each shortcoming with the plan items answering it', async () => {
  const [, text] = fixtureReports().find(([n]) => n === 'complete.txt');
  await page.click('#clear-button');
  await page.focus('#report-input');
  await page.keyboard.insertText(text);
  await page.click('#check-button');
  await page.waitForFunction(() => window.__fazhi.result !== null);
  const r = await page.evaluate(() => window.__fazhi.result);
  const problems = r.elements.problems.items;
  const plans = r.elements.next_year_plan.items;
  assert.ok(problems.length >= 2 && plans.length >= 2, 'the shortcomings and the plan are cut into items');
  // The page shows exactly the links of the JSON contract.
  const measures = problems.flatMap((p) => p.measures);
  assert.ok(measures.length >= 2, 'the plan answers the shortcomings');
  await page.click('#tab-follow');
  assert.ok(await page.isVisible('#follow'));
  assert.equal(await page.locator('#follow .follow-measure').count(), measures.length);
  const answered = new Set(measures.map((m) => m.item));
  assert.equal(await page.locator('#follow .follow-link').count(), problems.length + plans.length - answered.size);
  assert.match(await page.textContent('#follow'), new RegExp(measures[0].terms[0].replace(/[／]/g, '.')));
  await page.click('#follow .follow-measure button');
  assert.equal(Number(await page.getAttribute('#report-view .line.flash', 'data-line')), plans[measures[0].item].line);
  await page.click('#tab-follow');
  await page.locator('#follow').screenshot({ path: path.join(OUTPUT, 'follow.png') });
});

test('a GB18030 .txt opened through the file picker is decoded in the page', async () => {
  const [name, text] = fixtureReports().find(([n]) => n === 'complete.txt');
  const bytes = gbkEncode(text);
  const file = path.join(dir, 'gb-' + name);
  fs.writeFileSync(file, bytes);
  await openThroughPicker('gb-' + name, bytes, 'text/plain');
  await assertMatchesCli(file, text);
  assert.match((await shown()).status, /已检查“gb-complete\.txt”/);
  assert.match(await page.textContent('#doc-info'), /GB18030|GBK/i);
});

test('a UTF-16 .txt dropped on the text pane is decoded and checked', async () => {
  const [name, text] = fixtureReports().find(([n]) => n === 'flat.txt');
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const file = path.join(dir, 'dropped-' + name);
  fs.writeFileSync(file, bytes);
  const transfer = await page.evaluateHandle(
    ([n, b]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], n, { type: 'text/plain' }));
      return dt;
    },
    ['dropped-' + name, [...bytes]],
  );
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer });
  await page.waitForFunction((n) => window.__fazhi.name === n, 'dropped-' + name);
  await assertMatchesCli(file, text);
  assert.match(await page.textContent('#doc-info'), /UTF-16/i);
});

for (const [ext, make, mime] of [
  ['docx', makeDocx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['html', makeHtml, 'text/html'],
]) {
  test(`a .${ext} opened through the file picker gives the CLI's findings`, async (t) => {
    const [, text] = fixtureReports().find(([n]) => n === 'gaps.txt');
    const bytes = make(text);
    const name = `report.${ext}`;
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const supported = JSON.parse(await page.evaluate(() => wasm_bindgen.supported_extensions())).includes(ext);
    await openThroughPicker(name, bytes, mime);
    const cli = cliCheck(file);
    if (cli.error) {
      // The CLI cannot read it either: the page must give the same reason.
      assert.equal((await shown()).status, `无法读取“${name}”：${cli.error}`);
    } else {
      assert.equal((await shown()).name, name);
      await assertMatchesCli(file, await page.evaluate(() => window.__fazhi.text));
    }
    if (!supported) {
      t.skip(`.${ext} is not in fazhi_lint::input::SUPPORTED_EXTENSIONS of this build (decoder not merged): page and CLI agree (${cli.error ? 'both refuse it' : 'both read it as plain text'}), but the decoded document is not tested`);
    }
  });
}

test('the same folder served over HTTP works and requests only its own files', async () => {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://x').pathname) || 'index.html';
    const file = path.join(DIST, name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(name)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const served = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const seen = [];
  served.on('request', (r) => seen.push(r.url()));
  try {
    await served.goto(origin + '/index.html');
    await served.waitForFunction(() => window.__fazhi && window.__fazhi.ready, null, { timeout: 30000 });
    const [name, text] = fixtureReports()[0];
    await served.fill('#report-input', text);
    await served.click('#check-button');
    await served.waitForFunction(() => window.__fazhi.result !== null);
    const result = await served.evaluate(() => window.__fazhi.result);
    const file = path.join(dir, 'served-' + name);
    fs.writeFileSync(file, text);
    assert.deepEqual(withoutPath(result), cliCheck(file));
  } finally {
    await served.close();
    server.close();
  }
  assert.ok(seen.length >= 5, 'requests were recorded');
  assert.deepEqual(seen.filter((u) => !u.startsWith(origin + '/') && !/^(data|blob):/.test(u)), []);
});

test('下载批注版 downloads the same annotated .docx the CLI writes', async () => {
  const [, text] = fixtureReports().find(([n]) => n === 'gaps.txt');
  for (const [name, bytes, mime] of [
    ['annotate-me.docx', makeDocx(text), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['annotate-me.txt', Buffer.from(text, 'utf8'), 'text/plain'],
  ]) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    await openThroughPicker(name, bytes, mime);
    assert.equal(await page.isDisabled('#annotate-button'), false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#annotate-button')]);
    assert.equal(download.suggestedFilename(), name.replace(/\.[^.]+$/, '') + '.批注.docx');
    const got = unzip(fs.readFileSync(await download.path()));
    const outDir = path.join(dir, 'cli-annotated');
    const run = spawnSync(CLI, ['annotate', file, '--no-config', '--output-dir', outDir], { encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const want = unzip(fs.readFileSync(path.join(outDir, name.replace(/\.[^.]+$/, '') + '.批注.docx')));
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
    // Byte for byte but for the comments' date (the time each was made).
    const undated = (b) => b.toString('utf8').replace(/(w:date="|<dcterms:modified[^>]*>)[^"<]*/g, '$1');
    for (const k of Object.keys(want)) assert.equal(undated(got[k]), undated(want[k]), k);
    const comments = got['word/comments.xml'].toString('utf8');
    const findings = await page.evaluate(() => window.__fazhi.result.diagnostics.length);
    assert.ok(findings > 0);
    assert.equal((comments.match(/<w:comment /g) || []).length, findings);
    assert.match(await page.textContent('#status'), /已生成/);
  }
});

test('下载批注版 of an .odt downloads the .odt itself with one office:annotation per finding', async () => {
  const [, text] = fixtureReports().find(([n]) => n === 'gaps.txt');
  const name = 'annotate-me.odt';
  const bytes = makeOdt(text);
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  await openThroughPicker(name, bytes, 'application/vnd.oasis.opendocument.text');
  assert.equal(await page.isDisabled('#annotate-button'), false);
  // The media type the page gives the download: the Blob handed to createObjectURL.
  await page.evaluate(() => {
    const make = URL.createObjectURL;
    window.__blobTypes = [];
    URL.createObjectURL = (b) => {
      window.__blobTypes.push(b.type);
      return make.call(URL, b);
    };
    window.__restoreObjectURL = () => (URL.createObjectURL = make);
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#annotate-button')]);
  const types = await page.evaluate(() => {
    window.__restoreObjectURL();
    return window.__blobTypes;
  });
  assert.deepEqual(types, ['application/vnd.oasis.opendocument.text']);
  assert.equal(download.suggestedFilename(), 'annotate-me.批注.odt');
  const got = unzip(fs.readFileSync(await download.path()));
  // The same copy the CLI writes, but for the comments' date.
  const outDir = path.join(dir, 'cli-annotated-odt');
  const run = spawnSync(CLI, ['annotate', file, '--no-config', '--output-dir', outDir], { encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  const want = unzip(fs.readFileSync(path.join(outDir, 'annotate-me.批注.odt')));
  assert.deepEqual(Object.keys(got), Object.keys(want));
  assert.equal(Object.keys(got)[0], 'mimetype');
  const undated = (b) => b.toString('utf8').replace(/<dc:date>[^<]*/g, '<dc:date>');
  for (const k of Object.keys(want)) assert.equal(undated(got[k]), undated(want[k]), k);
  // Every other entry as it was; the text kept; one annotation per finding.
  assert.equal(got['META-INF/manifest.xml'].toString('utf8'), unzip(bytes)['META-INF/manifest.xml'].toString('utf8'));
  const content = got['content.xml'].toString('utf8');
  const findings = await page.evaluate(() => window.__fazhi.result.diagnostics.length);
  assert.ok(findings > 0);
  assert.equal((content.match(/<office:annotation[ >]/g) || []).length, findings);
  const plain = (c) => c.replace(/<office:annotation[ >][\s\S]*?<\/office:annotation>/g, '').replace(/<[^>]*>/g, '');
  assert.equal(plain(content), plain(unzip(bytes)['content.xml'].toString('utf8')));
  assert.match(await page.textContent('#status'), /已生成“annotate-me\.批注\.odt”/);
});

test('添加规则文件 adds a part to the checklist and its rule to the findings', async () => {
  const rulesFile = path.join(dir, 'page-rules.yaml');
  fs.writeFileSync(rulesFile, USER_RULES);
  const [name, text] = fixtureReports().find(([n]) => n === 'complete.txt');
  await page.click('#clear-button');
  await page.locator('#rules-input').setInputFiles({ name: 'page-rules.yaml', mimeType: 'application/yaml', buffer: Buffer.from(USER_RULES) });
  await page.waitForFunction(() => window.__fazhi.userRules === 'page-rules.yaml');
  // Before any check the checklist already lists the added part, after the six.
  const listed = await page.evaluate(() => [...document.querySelectorAll('#checklist li')].map((li) => [li.dataset.key, li.querySelector('.part-name').textContent]));
  assert.equal(listed.length, 7);
  assert.deepEqual(listed[6], ['legal_advisers', '法律顾问工作']);
  assert.ok(await page.isVisible('#rules-clear-button'));
  assert.ok((await page.locator('#rules .rule code', { hasText: 'missing-legal-advisers' }).count()) === 1);
  await page.focus('#report-input');
  await page.keyboard.insertText(text);
  await page.click('#check-button');
  await page.waitForFunction(() => window.__fazhi.result !== null);
  const file = path.join(dir, 'rules-' + name);
  fs.writeFileSync(file, await page.inputValue('#report-input'));
  const expected = cliCheck(file, ['--rules', rulesFile]);
  const got = await shown();
  assert.deepEqual(withoutPath(got.result), expected);
  assert.equal(got.parts.legal_advisers, 'missing');
  assert.deepEqual(got.parts, Object.fromEntries(Object.entries(expected.elements).map(([k, e]) => [k, expectedPartState(k, e)])));
  assert.ok(got.findings.some((f) => f.rule === 'missing-legal-advisers'));

  // A broken file is refused with a Chinese message; the added rules stay in use.
  await page.locator('#rules-input').setInputFiles({ name: '坏.yaml', mimeType: 'application/yaml', buffer: Buffer.from('parts:\n  x:\n    nmae: 甲\n') });
  await page.waitForFunction(() => /无法添加规则文件/.test(document.getElementById('status').textContent));
  assert.match(await page.textContent('#status'), /无法添加规则文件“坏\.yaml”：规则文件 坏\.yaml 第 3 行/);
  assert.equal(await page.evaluate(() => window.__fazhi.userRules), 'page-rules.yaml');

  // Removing it checks again with the built-in rules alone.
  await page.click('#rules-clear-button');
  await page.waitForFunction(() => window.__fazhi.userRules === null && !('legal_advisers' in window.__fazhi.result.elements));
  assert.equal(await page.locator('#checklist li').count(), 6);
  assert.deepEqual(withoutPath((await shown()).result), cliCheck(file));
  await page.click('#clear-button');
});

test('fazhi-lint.html alone, opened from file://, is the whole page', async () => {
  // Copied alone into an empty folder: nothing beside it to load.
  const lone = tempDir();
  const single = path.join(lone, '法治报告检查.html');
  fs.copyFileSync(path.join(DIST, 'fazhi-lint.html'), single);
  const html = fs.readFileSync(single, 'utf8');
  assert.doesNotMatch(html, /<script[^>]*\ssrc=|<link[^>]*stylesheet/i, 'no file is referenced');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  assert.match(csp, /script-src( 'sha256-[A-Za-z0-9+/=]+'){3} 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /unsafe-inline|'self'|\*/);
  const lonePage = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const seen = [];
  const errors = [];
  lonePage.on('request', (r) => seen.push(r.url()));
  lonePage.on('pageerror', (e) => errors.push(String(e)));
  lonePage.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await lonePage.goto(pathToFileURL(single).href);
    await lonePage.waitForFunction(() => window.__fazhi && (window.__fazhi.ready || window.__fazhi.error), null, { timeout: 30000 });
    assert.equal(await lonePage.evaluate(() => window.__fazhi.ready), true);
    // The inline stylesheet applied (refused by the CSP, the header would be a block).
    assert.equal(await lonePage.evaluate(() => getComputedStyle(document.querySelector('header.bar')).display), 'flex');
    const [name, text] = fixtureReports()[0];
    await lonePage.fill('#report-input', text);
    await lonePage.click('#check-button');
    await lonePage.waitForFunction(() => window.__fazhi.result !== null);
    const result = await lonePage.evaluate(() => window.__fazhi.result);
    const file = path.join(dir, 'single-' + name);
    fs.writeFileSync(file, text);
    assert.deepEqual(withoutPath(result), cliCheck(file));
  } finally {
    await lonePage.close();
  }
  assert.deepEqual(errors, [], 'no script or style was refused');
  assert.deepEqual(seen.filter((u) => !/^(data|blob):/.test(u)), [pathToFileURL(single).href], 'only the file itself was loaded');
  const size = fs.statSync(single).size;
  console.log(`# fazhi-lint.html: ${size} bytes (${(size / 1048576).toFixed(1)} MiB)`);
});

test('no request left the page', () => {
  assert.ok(requests.some((u) => u.endsWith('/index.html')), 'requests were recorded');
  assert.ok(requests.some((u) => u.endsWith('/fazhi_lint_web_wasm.js')));
  const external = requests.filter((u) => !/^(file|data|blob):/.test(u));
  assert.deepEqual(external, []);
  assert.deepEqual(pageErrors, []);
  console.log(`# requests made by the page: ${requests.length}, all file:/data:/blob:`);
});

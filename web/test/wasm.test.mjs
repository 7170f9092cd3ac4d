// The page's checker (dist/, loaded in Node) gives exactly what the CLI gives:
// the JSON contract of `check`, the outline and the rule list, on the same input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { cliCheck, cliOutline, cliRules, fixtureReports, gbkEncode, loadPageWasm, tempDir, USER_RULES, withoutPath } from './support.mjs';

let wb;
let dir;
before(async () => {
  wb = await loadPageWasm();
  dir = tempDir();
});

for (const [name, text] of fixtureReports()) {
  test(`check and outline of ${name} equal the CLI's`, () => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const page = JSON.parse(wb.check(text, name));
    assert.equal(page.path, name);
    const expected = cliCheck(file);
    assert.deepEqual(withoutPath(page), expected);
    // The same bytes through the page's input layer.
    assert.deepEqual(withoutPath(JSON.parse(wb.check_bytes(fs.readFileSync(file), name))), expected);
    assert.deepEqual(withoutPath(JSON.parse(wb.outline(text, name))), cliOutline(file));
  });
}

test('GB18030 and UTF-16 files decode and check as in the CLI', () => {
  const [name, text] = fixtureReports()[0];
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const gb = gbkEncode(text);
  for (const [suffix, bytes] of [['utf16', utf16], ['gb18030', gb]]) {
    const file = path.join(dir, `${suffix}-${name}`);
    fs.writeFileSync(file, bytes);
    const page = JSON.parse(wb.check_bytes(bytes, path.basename(file)));
    assert.deepEqual(withoutPath(page), cliCheck(file), suffix);
    const decoded = JSON.parse(wb.decode(bytes, path.basename(file)));
    assert.equal(decoded.text.replace(/^\uFEFF/, ''), text, suffix);
  }
});

test('an unreadable file gives the contract error object, as in the CLI', () => {
  const page = JSON.parse(wb.check_bytes(new Uint8Array(0), 'empty.txt'));
  assert.deepEqual(Object.keys(page), ['path', 'error']);
  assert.match(page.error, /空/);
});

test('the rule list is the CLI list with help and explanation', () => {
  const page = JSON.parse(wb.rules());
  const cli = cliRules();
  assert.ok(cli.length > 0);
  assert.deepEqual(
    page.map(({ id, severity, group, message }) => ({ id, severity, group, message })),
    cli,
  );
  for (const r of page) {
    assert.ok(r.help.length > 0 && r.explanation.length > 0, r.id);
  }
});

// Every reader builds for the page: each form of the committed reports (written by
// python-docx, LibreOffice and easyofd) is judged in the page exactly as by the CLI.
const FORMS = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'tests', 'fixtures', 'forms');
for (const name of fs.readdirSync(FORMS).filter((n) => !n.endsWith('.md')).sort()) {
  test(`the page reads ${name} as the CLI does`, () => {
    const file = path.join(FORMS, name);
    const page = JSON.parse(wb.check_bytes(fs.readFileSync(file), name));
    assert.ok(!page.error, `${name}: ${page.error}`);
    assert.deepEqual(withoutPath(page), cliCheck(file));
  });
}

// The PDF producers of tests/pdf_producers.rs (Chromium, wkhtmltopdf, WeasyPrint,
// LibreOffice, reportlab, fpdf2, Ghostscript, OCRmyPDF, qpdf, hand-written font cases):
// the page reads each committed file as the CLI does.
const PRODUCERS = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'tests', 'fixtures', 'pdf', 'producers');
for (const name of fs.readdirSync(PRODUCERS).filter((n) => n.endsWith('.pdf')).sort()) {
  test(`the page reads ${name} as the CLI does`, () => {
    const file = path.join(PRODUCERS, name);
    const page = JSON.parse(wb.check_bytes(fs.readFileSync(file), name));
    assert.ok(!page.error, `${name}: ${page.error}`);
    assert.deepEqual(withoutPath(page), cliCheck(file));
  });
}

test('a user rule file adds its part and rule as --rules does in the CLI', () => {
  const rulesFile = path.join(dir, 'user-rules.yaml');
  fs.writeFileSync(rulesFile, USER_RULES);
  const ok = JSON.parse(wb.set_user_rules(USER_RULES, 'user-rules.yaml'));
  assert.equal(ok.ok, true, JSON.stringify(ok));
  assert.deepEqual(ok.parts.map((p) => p.key).slice(6), ['legal_advisers']);
  assert.deepEqual(JSON.parse(wb.parts()), ok.parts);
  try {
    for (const [name, text] of fixtureReports()) {
      const file = path.join(dir, 'with-rules-' + name);
      fs.writeFileSync(file, text);
      const page = JSON.parse(wb.check(text, name));
      assert.ok('legal_advisers' in page.elements, name);
      assert.deepEqual(withoutPath(page), cliCheck(file, ['--rules', rulesFile]), name);
    }
    // A broken file: a Chinese message naming the file and line; the rules in use stay.
    const bad = JSON.parse(wb.set_user_rules('parts:\n  x:\n    nmae: 甲\n', '坏.yaml'));
    assert.match(bad.error, /规则文件 坏\.yaml 第 3 行/);
    assert.equal(JSON.parse(wb.parts()).length, 7);
  } finally {
    const reset = JSON.parse(wb.set_user_rules('', ''));
    assert.equal(reset.parts.length, 6);
  }
  const [name, text] = fixtureReports()[0];
  assert.deepEqual(Object.keys(JSON.parse(wb.check(text, name)).elements).length, 6);
});

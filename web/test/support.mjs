// Shared helpers of the page tests: where things are, the CLI's answers for a file,
// the page's wasm loaded in Node, and synthetic .docx / .html files built in memory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import zlib from 'node:zlib';

export const TEST_DIR = path.dirname(fileURLToPath(import.meta.url));
export const WEB = path.dirname(TEST_DIR);
export const ROOT = path.dirname(WEB);
export const DIST = path.join(WEB, 'dist');
export const FIXTURES = path.join(TEST_DIR, 'fixtures');
export const OUTPUT = path.join(TEST_DIR, 'output');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
export const CLI = process.env.FAZHI_LINT_BIN || path.join(TARGET, 'debug', 'fazhi-lint');

/** The synthetic reports under fixtures/, as [name, text]. */
export function fixtureReports() {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => [f, fs.readFileSync(path.join(FIXTURES, f), 'utf8')]);
}

/** A fresh temporary folder for files handed to the CLI. */
export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-web-'));
}

/** A copy of a JSON object without its `path` (the page and the CLI name files differently). */
export function withoutPath(obj) {
  const copy = { ...obj };
  delete copy.path;
  return copy;
}

function cli(args) {
  if (!fs.existsSync(CLI)) {
    throw new Error(`CLI binary not found at ${CLI}: run cargo build first (web/test/run.sh does)`);
  }
  try {
    return execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // Exit code 2 with JSON on stdout: an unreadable file, reported in the contract.
    if (e.status === 2 && e.stdout) return e.stdout;
    throw e;
  }
}

/** What `fazhi-lint check --format json FILE` says about one file, without `path`. */
export function cliCheck(file, extra = []) {
  const [obj] = JSON.parse(cli(['check', '--format', 'json', '--fail-level', 'never', ...extra, file]));
  return withoutPath(obj);
}

/** A user rule file adding one required part and its rule (as in README "adding a required part"). */
export const USER_RULES = `parts:
  legal_advisers:
    name: 法律顾问工作
    order: 7
    heading_any: [法律顾问]
    text_any: [法律顾问]
rules:
  - id: missing-legal-advisers
    kind: required-part
    part: legal_advisers
    severity: warning
    message: 缺少法律顾问工作情况
    help: 写明法律顾问参与决策的情况。
    explanation: 本单位要求报告法律顾问工作。
`;

/** What `fazhi-lint outline --format json FILE` prints, without `path`. */
export function cliOutline(file) {
  return withoutPath(JSON.parse(cli(['outline', '--format', 'json', file])));
}

/** What `fazhi-lint rules --format json` prints. */
export function cliRules() {
  return JSON.parse(cli(['rules', '--format', 'json']));
}


/**
 * Load the built page's checker (dist/fazhi_lint_web.js + the base64 wasm) into a
 * sandbox, exactly the files the browser loads, and initialise it.
 */
export async function loadPageWasm() {
  const glue = fs.readFileSync(path.join(DIST, 'fazhi_lint_web.js'), 'utf8');
  const blob = fs.readFileSync(path.join(DIST, 'fazhi_lint_web_wasm.js'), 'utf8');
  // As in a browser: crypto.getRandomValues (lopdf's RC4 password check draws random
  // padding through getrandom's wasm_js backend).
  const ctx = vm.createContext({ TextEncoder, TextDecoder, WebAssembly, atob, console, Uint8Array, crypto: globalThis.crypto });
  vm.runInContext(glue, ctx, { filename: 'fazhi_lint_web.js' });
  vm.runInContext(blob, ctx, { filename: 'fazhi_lint_web_wasm.js' });
  ctx.wasmBytes = Buffer.from(vm.runInContext('FAZHI_WASM_BASE64', ctx), 'base64');
  // The options object must come from the sandbox's realm (the glue checks its prototype).
  await vm.runInContext('wasm_bindgen({ module_or_path: wasmBytes })', ctx);
  return vm.runInContext('wasm_bindgen', ctx);
}

/** The checklist state the page must show for one element of the JSON contract. */
export function expectedPartState(key, e) {
  if (!e.present) return 'missing';
  // Every element carries `standalone` (issue 24): a part of its own is 'present', a part
  // only embedded in another part or a paragraph (an embedded shortcomings part or plan,
  // the lead's duties in the achievements, the causes in the text) is 'embedded'.
  if (e.standalone !== undefined) return e.standalone ? 'present' : 'embedded';
  return e.heading ? 'present' : 'embedded';
}

// ------------------------------------------------------------------ synthetic files

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A zip archive (stored entries) of [name, content] pairs. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A minimal Word document with one paragraph per line of `text`. */
export function makeDocx(text) {
  const paras = text
    .split(/\r\n|\r|\n/)
    .map((l) => (l === '' ? '<w:p/>' : `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(l)}</w:t></w:r></w:p>`))
    .join('');
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paras}</w:body></w:document>`,
    ],
  ]);
}

/** A minimal OpenDocument text with one paragraph per line of `text` (the `mimetype`
 * entry first, stored, as ODF requires). */
export function makeOdt(text) {
  const ns =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  const paras = text
    .split(/\r\n|\r|\n/)
    .map((l) => (l === '' ? '<text:p/>' : `<text:p>${xmlEscape(l)}</text:p>`))
    .join('');
  return zip([
    ['mimetype', 'application/vnd.oasis.opendocument.text'],
    [
      'content.xml',
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns} office:version="1.3"><office:body><office:text>${paras}</office:text></office:body></office:document-content>`,
    ],
    [
      'META-INF/manifest.xml',
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    ],
  ]);
}

/** A small web page with one <p> per non-empty line of `text`. */
export function makeHtml(text) {
  const body = text
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => `<p>${xmlEscape(l)}</p>`)
    .join('\n');
  return Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>报告</title></head><body>\n${body}\n</body></html>\n`, 'utf8');
}

/** GBK (two-byte GB18030) bytes of `text`, by inverting TextDecoder over the two-byte range. */
export function gbkEncode(text) {
  const dec = new TextDecoder('gb18030');
  const table = new Map();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(hi, lo));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) out.push(cp);
    else if (table.has(ch)) out.push(...table.get(ch));
    else throw new Error(`no two-byte GBK code for ${ch}`);
  }
  return Buffer.from(out);
}

/** The entries of a zip archive (stored or deflated) as { name: Buffer }, read through
 * the central directory. */
export function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out[name] = method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

// fazhi-lint offline page: loads the checker (WebAssembly, embedded as base64 so the
// page works from file://), reads pasted text or opened files, and shows the required
// parts, the findings, the outline and the highlighted report text.
//
// Report text is untrusted: it only ever reaches the DOM through textContent.
'use strict';

(function () {
  /** The required parts of the rules in use, as the checklist lists them: key, label and
   * whether the result tells if the part stands alone (from the checker: the six of the
   * JSON contract first, then the parts of an added rule file). */
  let PARTS = [];
  const SEVERITIES = [
    ['error', '错误'],
    ['warning', '警告'],
    ['info', '提示'],
  ];
  const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };
  const PASTED_NAME = '粘贴的文本.txt';

  const $ = (id) => document.getElementById(id);
  const ui = {
    fileInput: $('file-input'),
    rulesInput: $('rules-input'),
    rulesClearButton: $('rules-clear-button'),
    rulesInfo: $('rules-info'),
    checkButton: $('check-button'),
    clearButton: $('clear-button'),
    annotateButton: $('annotate-button'),
    status: $('status'),
    dropZone: $('drop-zone'),
    input: $('report-input'),
    view: $('report-view'),
    tabEdit: $('tab-edit'),
    tabView: $('tab-view'),
    docInfo: $('doc-info'),
    meta: $('report-meta'),
    checklist: $('checklist'),
    findings: $('findings'),
    findingsCount: $('findings-count'),
    outline: $('outline'),
    follow: $('follow'),
    rules: $('rules'),
    tabFindings: $('tab-findings'),
    tabFollow: $('tab-follow'),
    tabOutline: $('tab-outline'),
    tabRules: $('tab-rules'),
    version: $('version'),
  };

  // What the page exposes for its own browser test and for curious users (read only).
  const state = {
    ready: false,
    initMs: null,
    checkMs: [],
    firstCheckMs: null,
    /** The name shown and passed to the checker (the opened file, or a pasted text). */
    name: PASTED_NAME,
    /** Text decoded from an opened file, used until the person edits it. */
    fileText: null,
    /** The opened file's bytes (the 批注版 of a .docx or .odt is that file with comments). */
    fileBytes: null,
    /** Size in bytes of the last 批注版 produced. */
    annotatedBytes: null,
    text: '',
    result: null,
    outline: null,
    error: null,
    /** The name of the user rule file added to the built-in rules, or null. */
    userRules: null,
    /** The parts the checklist lists (key, label, standalone). */
    parts: PARTS,
  };
  window.__fazhi = state;

  /** Create an element with a class and optional text (always as textContent). */
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function setStatus(message, kind) {
    ui.status.textContent = message;
    ui.status.dataset.kind = kind || 'info';
  }

  function base64ToBytes(b64) {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  /** Call into the checker; a trap (a bug in the checker) becomes a visible error. */
  function callWasm(fn, ...args) {
    try {
      return JSON.parse(fn(...args));
    } catch (e) {
      throw new Error('检查程序内部错误（' + (e && e.message ? e.message : e) + '），请报告此问题');
    }
  }

  // ---------------------------------------------------------------- text geometry

  /** Lines as the checker counts them: LF, CRLF and a lone CR each end a line. */
  function splitLines(text) {
    return text.split(/\r\n|\r|\n/);
  }

  /** UTF-16 offset of a 1-based character column in `line` (columns count code points). */
  function columnOffset(line, column) {
    let col = 1;
    let i = 0;
    while (col < column && i < line.length) {
      const c = line.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < line.length ? 2 : 1;
      col++;
    }
    return i;
  }

  /** The part of diagnostic `d` on 1-based line `n`, as UTF-16 offsets [start, end). */
  function rangeOnLine(d, n, line) {
    const start = n === d.line ? columnOffset(line, d.column) : 0;
    const end = n === d.end_line ? columnOffset(line, d.end_column) : line.length;
    return [start, Math.max(start, end)];
  }

  function isEmptySpan(d) {
    return d.line === d.end_line && d.column === d.end_column;
  }

  function maxSeverity(list) {
    let best = 'info';
    for (const d of list) if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[best]) best = d.severity;
    return best;
  }

  /**
   * Render one line with the given diagnostics highlighted: overlapping spans are split
   * into segments coloured by their most severe finding; an empty span (where a missing
   * part belongs) becomes a caret.
   */
  function renderLine(target, line, n, diags) {
    const ranges = diags.map((d) => ({ d, r: rangeOnLine(d, n, line) }));
    const cuts = new Set([0, line.length]);
    for (const { r } of ranges) {
      cuts.add(r[0]);
      cuts.add(r[1]);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let k = 0; k < points.length; k++) {
      const a = points[k];
      for (const { d, r } of ranges) {
        if (isEmptySpan(d) && r[0] === a) {
          const caret = el('span', 'caret sev-' + d.severity, '‸');
          caret.title = d.message;
          caret.dataset.finding = String(d.index);
          target.appendChild(caret);
        }
      }
      if (k + 1 >= points.length) break;
      const b = points[k + 1];
      if (b <= a) continue;
      const covering = ranges.filter(({ r }) => r[0] <= a && r[1] >= b && r[0] < r[1]).map(({ d }) => d);
      const piece = line.slice(a, b);
      if (covering.length === 0) {
        target.appendChild(document.createTextNode(piece));
      } else {
        const mark = el('mark', 'hl sev-' + maxSeverity(covering), piece);
        mark.title = covering.map((d) => d.message).join('\n');
        mark.dataset.finding = String(covering[0].index);
        target.appendChild(mark);
      }
    }
  }

  // ---------------------------------------------------------------- rendering

  function renderView(text, diagnostics) {
    const lines = splitLines(text);
    const byLine = new Map();
    for (const d of diagnostics) {
      const last = Math.min(d.end_line, lines.length);
      for (let n = d.line; n <= last; n++) {
        if (!byLine.has(n)) byLine.set(n, []);
        byLine.get(n).push(d);
      }
    }
    const frag = document.createDocumentFragment();
    lines.forEach((line, i) => {
      const n = i + 1;
      const row = el('div', 'line');
      row.dataset.line = String(n);
      row.appendChild(el('span', 'ln', n));
      const body = el('span', 'tx');
      const diags = byLine.get(n);
      if (diags) {
        row.classList.add('has-finding', 'sev-' + maxSeverity(diags));
        renderLine(body, line, n, diags);
      } else {
        body.textContent = line;
      }
      row.appendChild(body);
      frag.appendChild(row);
    });
    ui.view.replaceChildren(frag);
  }

  function elementState(part, e) {
    if (e === undefined) return ['unknown', '尚未检查'];
    if (!e || !e.present) return ['missing', '缺失'];
    if (part.standalone) {
      return e.standalone ? ['present', '已单列'] : ['embedded', '未单列，嵌在其他部分'];
    }
    return e.heading ? ['present', '有标题'] : ['embedded', '嵌在正文中'];
  }

  function missingRuleFor(key) {
    return 'missing-' + key.replace(/_/g, '-');
  }

  function renderChecklist(result) {
    const frag = document.createDocumentFragment();
    for (const part of PARTS) {
      const { key, label } = part;
      const e = result ? result.elements[key] || null : undefined;
      const [st, stText] = elementState(part, e);
      const li = el('li', 'part ' + st);
      li.dataset.key = key;
      li.dataset.state = st;
      const button = el('button', 'part-button');
      button.type = 'button';
      button.appendChild(el('span', 'icon', { present: '✓', embedded: '◐', missing: '✗' }[st] || '·'));
      button.appendChild(el('span', 'part-name', label));
      let where = stText;
      if (e && e.present && e.line) where += ' · 第 ' + e.line + ' 行';
      if (e && e.heading) where += '：' + e.heading;
      button.appendChild(el('span', 'part-state', where));
      // A present part jumps to its place; a missing one to where the checker says it belongs.
      let target = e && e.present ? e.line : null;
      if (!target && result) {
        const d = (result.diagnostics || []).find((x) => x.rule === missingRuleFor(key));
        if (d) target = d.line;
      }
      if (target) {
        button.addEventListener('click', () => jumpTo(target));
      } else {
        button.disabled = true;
      }
      li.appendChild(button);
      frag.appendChild(li);
    }
    ui.checklist.replaceChildren(frag);
  }

  function quotedLine(lines, d) {
    const line = lines[d.line - 1];
    const q = el('blockquote', 'quote');
    if (line === undefined) return q;
    q.appendChild(el('span', 'ln', '第 ' + d.line + ' 行'));
    const body = el('span', 'tx');
    renderLine(body, line, d.line, [d]);
    q.appendChild(body);
    return q;
  }

  function renderFindings(diags, text) {
    const lines = splitLines(text);
    ui.findingsCount.textContent = String(diags.length);
    const frag = document.createDocumentFragment();
    if (diags.length === 0) {
      frag.appendChild(el('p', 'empty ok', '未发现问题。'));
    }
    for (const [sev, sevName] of SEVERITIES) {
      const group = diags.filter((d) => d.severity === sev);
      if (group.length === 0) continue;
      const section = el('section', 'sev-group sev-' + sev);
      section.dataset.severity = sev;
      section.appendChild(el('h3', null, sevName + '（' + group.length + '）'));
      for (const d of group) {
        const item = el('article', 'finding sev-' + sev);
        item.dataset.rule = d.rule;
        item.dataset.severity = d.severity;
        item.dataset.line = String(d.line);
        item.dataset.column = String(d.column);
        item.dataset.endLine = String(d.end_line);
        item.dataset.endColumn = String(d.end_column);
        item.dataset.index = String(d.index);
        item.tabIndex = 0;
        const head = el('div', 'finding-head');
        head.appendChild(el('span', 'badge sev-' + sev, sevName));
        head.appendChild(el('code', 'rule-id', d.rule));
        head.appendChild(el('span', 'pos', '第 ' + d.line + ' 行第 ' + d.column + ' 列'));
        item.appendChild(head);
        item.appendChild(el('p', 'message', d.message));
        item.appendChild(quotedLine(lines, d));
        if (d.help) item.appendChild(el('p', 'help', '修改建议：' + d.help));
        const go = () => jumpTo(d.line);
        item.addEventListener('click', go);
        item.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter') go();
        });
        section.appendChild(item);
      }
      frag.appendChild(section);
    }
    ui.findings.replaceChildren(frag);
  }

  function renderOutline(outline) {
    const frag = document.createDocumentFragment();
    const sections = outline.sections || [];
    if (sections.length === 0) {
      frag.appendChild(el('p', 'empty', '没有识别出“一、”“（一）”等层级标题。'));
    }
    const walk = (list) => {
      const ul = el('ul', 'tree');
      for (const s of list) {
        const li = el('li');
        const a = el('button', 'node level-' + s.level);
        a.type = 'button';
        a.appendChild(el('span', 'marker', (s.marker || '').trim()));
        a.appendChild(el('span', 'heading', s.heading || ''));
        a.appendChild(el('span', 'ln', '第 ' + s.line + ' 行'));
        a.addEventListener('click', () => jumpTo(s.line));
        li.appendChild(a);
        if (s.children && s.children.length) li.appendChild(walk(s.children));
        ul.appendChild(li);
      }
      return ul;
    };
    if (sections.length) frag.appendChild(walk(sections));
    ui.outline.replaceChildren(frag);
  }

  /** One item as a clickable line: its place and excerpt. */
  function itemButton(kind, it) {
    const b = el('button', 'node follow-item ' + kind);
    b.type = 'button';
    b.appendChild(el('span', 'excerpt', it.excerpt || ''));
    b.appendChild(el('span', 'ln', '第 ' + it.line + ' 行'));
    b.addEventListener('click', () => jumpTo(it.line));
    return b;
  }

  /** The within-report links (JSON contract: elements.problems.items[].measures, indices
   * into elements.next_year_plan.items): each shortcoming → the plan items answering it,
   * with the terms they share; then the plan items answering no listed shortcoming. */
  function renderFollow(result) {
    const frag = document.createDocumentFragment();
    const els = result.elements || {};
    const problems = (els.problems && els.problems.items) || [];
    const plans = (els.next_year_plan && els.next_year_plan.items) || [];
    if (problems.length === 0 && plans.length === 0) {
      frag.appendChild(el('p', 'empty', '没有可以分条的“存在的不足”或“下一年度安排”。'));
      ui.follow.replaceChildren(frag);
      return;
    }
    const answered = problems.filter((p) => (p.measures || []).length > 0).length;
    frag.appendChild(
      el('p', 'empty', '不足 ' + problems.length + ' 项，其中 ' + answered + ' 项在下一年度安排中有对应措施；安排 ' + plans.length + ' 项。'),
    );
    const used = new Set();
    const list = el('ul', 'follow-list');
    for (const p of problems) {
      const li = el('li', 'follow-link');
      li.appendChild(el('span', 'follow-label', '不足'));
      li.appendChild(itemButton('problem', p));
      const ms = p.measures || [];
      if (ms.length === 0) {
        li.appendChild(el('div', 'follow-none', plans.length ? '✗ 下一年度安排中没有对应措施' : '（没有下一年度安排）'));
      }
      for (const m of ms) {
        const plan = plans[m.item];
        if (!plan) continue;
        used.add(m.item);
        const row = el('div', 'follow-measure');
        row.appendChild(el('span', 'follow-label', '→ 措施'));
        row.appendChild(itemButton('plan', plan));
        if (m.terms && m.terms.length) row.appendChild(el('span', 'follow-terms', '共同：' + m.terms.join('、')));
        li.appendChild(row);
      }
      list.appendChild(li);
    }
    plans.forEach((plan, k) => {
      if (used.has(k)) return;
      const li = el('li', 'follow-link unanswered');
      li.appendChild(el('span', 'follow-label', '安排'));
      li.appendChild(itemButton('plan', plan));
      li.appendChild(el('div', 'follow-none muted', '未对应所列不足'));
      list.appendChild(li);
    });
    frag.appendChild(list);
    ui.follow.replaceChildren(frag);
  }

  function renderMeta(result) {
    const dl = el('dl', 'meta');
    const add = (k, v) => {
      dl.appendChild(el('dt', null, k));
      dl.appendChild(el('dd', v ? null : 'unknown', v || '未识别'));
    };
    add('标题', result.title);
    add('单位', result.unit);
    add('年度', result.year ? String(result.year) : null);
    ui.meta.replaceChildren(dl);
  }

  function renderRules(rules) {
    const frag = document.createDocumentFragment();
    if (!Array.isArray(rules)) {
      frag.appendChild(el('p', 'empty error', rules && rules.error ? rules.error : '规则无法加载'));
      ui.rules.replaceChildren(frag);
      return;
    }
    frag.appendChild(el('p', 'empty', '共 ' + rules.length + ' 条规则（与命令行 fazhi-lint rules 相同）。'));
    const sevName = Object.fromEntries(SEVERITIES);
    for (const r of rules) {
      const d = el('details', 'rule');
      const s = el('summary');
      s.appendChild(el('span', 'badge sev-' + r.severity, sevName[r.severity] || r.severity));
      s.appendChild(el('code', 'rule-id', r.id));
      s.appendChild(el('span', 'message', r.message));
      d.appendChild(s);
      if (r.help) d.appendChild(el('p', 'help', '修改建议：' + r.help));
      if (r.explanation) d.appendChild(el('p', 'explanation', r.explanation));
      frag.appendChild(d);
    }
    ui.rules.replaceChildren(frag);
  }

  // ---------------------------------------------------------------- view switching

  function selectTab(tabs, chosen) {
    for (const [tab, panel] of tabs) {
      const on = tab === chosen;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      panel.hidden = !on;
    }
  }

  const textTabs = [
    [ui.tabEdit, ui.input],
    [ui.tabView, ui.view],
  ];
  const sideTabs = [
    [ui.tabFindings, ui.findings],
    [ui.tabFollow, ui.follow],
    [ui.tabOutline, ui.outline],
    [ui.tabRules, ui.rules],
  ];

  function jumpTo(line) {
    if (!state.result) return;
    selectTab(textTabs, ui.tabView);
    const row = ui.view.querySelector('.line[data-line="' + Number(line) + '"]');
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    row.classList.remove('flash');
    void row.offsetWidth; // restart the animation
    row.classList.add('flash');
  }

  // ---------------------------------------------------------------- checking

  function currentText() {
    return state.fileText !== null ? state.fileText : ui.input.value;
  }

  function runCheck(showView) {
    if (!state.ready) return;
    const text = currentText();
    if (text.trim() === '') {
      setStatus('请先粘贴报告正文或打开文件。', 'info');
      return;
    }
    let result, outline;
    const t0 = performance.now();
    try {
      result = callWasm(wasm_bindgen.check, text, state.name);
      outline = callWasm(wasm_bindgen.outline, text, state.name);
    } catch (e) {
      state.error = e.message;
      setStatus(e.message, 'error');
      return;
    }
    const ms = performance.now() - t0;
    if (state.firstCheckMs === null) state.firstCheckMs = ms;
    state.checkMs.push(ms);
    if (result.error) {
      state.error = result.error;
      ui.annotateButton.disabled = true;
      setStatus('无法检查 ' + state.name + '：' + result.error, 'error');
      return;
    }
    state.error = null;
    // Display copies carry their index (for linking marks to list items); the result
    // itself stays exactly the JSON contract.
    const diags = (result.diagnostics || []).map((d, i) => Object.assign({}, d, { index: i }));
    state.text = text;
    state.result = result;
    state.outline = outline;
    renderMeta(result);
    renderChecklist(result);
    renderFindings(diags, text);
    renderFollow(result);
    renderOutline(outline);
    renderView(text, diags);
    ui.tabView.disabled = false;
    ui.annotateButton.disabled = false;
    if (showView) selectTab(textTabs, ui.tabView);
    const count = (sev) => diags.filter((d) => d.severity === sev).length;
    setStatus(
      '已检查“' + state.name + '”：错误 ' + count('error') + '，警告 ' + count('warning') + '，提示 ' + count('info') +
        '（用时 ' + ms.toFixed(1) + ' 毫秒）',
      count('error') ? 'error' : count('warning') ? 'warning' : 'ok',
    );
  }

  async function openFile(file) {
    if (!state.ready || !file) return;
    setStatus('正在读取“' + file.name + '”…', 'info');
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      setStatus('无法读取“' + file.name + '”：' + (e && e.message ? e.message : e), 'error');
      return;
    }
    let doc;
    try {
      doc = callWasm(wasm_bindgen.decode, bytes, file.name);
    } catch (e) {
      setStatus(e.message, 'error');
      return;
    }
    if (doc.error) {
      state.error = doc.error;
      setStatus('无法读取“' + file.name + '”：' + doc.error, 'error');
      return;
    }
    state.name = file.name;
    state.fileText = doc.text;
    state.fileBytes = bytes;
    ui.input.value = doc.text;
    ui.docInfo.textContent = file.name + ' · ' + doc.format + ' · ' + doc.encoding;
    runCheck(true);
  }

  /** Download the report with every finding as a comment, as `fazhi-lint annotate`
   * writes it: the opened .docx or .odt itself with comments, or a new .docx of the text
   * (pasted, edited or from another format). The library names the copy and gives its
   * media type. */
  function downloadAnnotated() {
    if (!state.ready || !state.result) return;
    const fromFile = state.fileText !== null && state.fileBytes !== null;
    const bytes = fromFile ? state.fileBytes : new TextEncoder().encode(currentText());
    const name = fromFile ? state.name : state.name.replace(/\.[^.]*$/, '') + '.txt';
    let out;
    try {
      const made = wasm_bindgen.annotate(bytes, name, new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
      out = { bytes: made.bytes, name: made.name, mime: made.mime };
      made.free();
    } catch (e) {
      setStatus('无法生成批注版：' + (e && e.message ? e.message : e), 'error');
      return;
    }
    const blob = new Blob([out.bytes], { type: out.mime });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = out.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    state.annotatedBytes = out.bytes.length;
    const n = (state.result.diagnostics || []).length;
    setStatus('已生成“' + a.download + '”（' + n + ' 条批注）。', 'ok');
  }

  function clearAll() {
    state.name = PASTED_NAME;
    state.fileText = null;
    state.fileBytes = null;
    ui.annotateButton.disabled = true;
    state.result = null;
    state.outline = null;
    ui.input.value = '';
    ui.docInfo.textContent = '';
    ui.meta.replaceChildren();
    ui.view.replaceChildren();
    ui.findingsCount.textContent = '0';
    ui.findings.replaceChildren(el('p', 'empty', '尚未检查。'));
    ui.outline.replaceChildren(el('p', 'empty', '尚未检查。'));
    ui.follow.replaceChildren(el('p', 'empty', '尚未检查。'));
    renderChecklist(null);
    ui.tabView.disabled = true;
    selectTab(textTabs, ui.tabEdit);
    setStatus('已清空。', 'info');
    ui.input.focus();
  }

  // ---------------------------------------------------------------- rule files

  /** Take the parts and rules of the rule set in use from the checker. */
  function loadRules() {
    const parts = callWasm(wasm_bindgen.parts);
    if (!Array.isArray(parts)) throw new Error(parts && parts.error ? parts.error : '必备内容无法加载');
    PARTS = parts;
    state.parts = PARTS;
    renderRules(callWasm(wasm_bindgen.rules));
  }

  /** Show the rules in use again, and check the text again when it was checked. */
  function rulesChanged() {
    loadRules();
    ui.rulesInfo.textContent = state.userRules ? '已添加规则文件：' + state.userRules : '';
    ui.rulesClearButton.hidden = state.userRules === null;
    if (state.result) runCheck(false);
    else renderChecklist(null);
  }

  /** Add a user rule file (YAML) to the built-in rules, as `--rules FILE` does. */
  async function addRules(file) {
    if (!state.ready || !file) return;
    let text;
    try {
      text = await file.text();
    } catch (e) {
      setStatus('无法读取规则文件“' + file.name + '”：' + (e && e.message ? e.message : e), 'error');
      return;
    }
    let r;
    try {
      r = text.trim() === '' ? { error: '文件是空的' } : callWasm(wasm_bindgen.set_user_rules, text, file.name);
      if (!r.error) {
        state.userRules = file.name;
        rulesChanged();
      }
    } catch (e) {
      setStatus(e.message, 'error');
      return;
    }
    if (r.error) {
      setStatus('无法添加规则文件“' + file.name + '”：' + r.error, 'error');
      return;
    }
    if (!state.result) {
      setStatus('已添加规则文件“' + file.name + '”：共 ' + r.rules + ' 条规则，' + r.parts.length + ' 项必备内容。', 'ok');
    }
  }

  function clearRules() {
    if (!state.ready) return;
    try {
      callWasm(wasm_bindgen.set_user_rules, '', '');
      state.userRules = null;
      rulesChanged();
    } catch (e) {
      setStatus(e.message, 'error');
      return;
    }
    if (!state.result) setStatus('已移除规则文件，使用内置规则。', 'info');
  }

  // ---------------------------------------------------------------- wiring

  let debounce = null;
  ui.input.addEventListener('input', () => {
    // Editing turns an opened file into a pasted text of the same name.
    state.fileText = null;
    clearTimeout(debounce);
    debounce = setTimeout(() => runCheck(false), 400);
  });
  ui.checkButton.addEventListener('click', () => {
    clearTimeout(debounce);
    runCheck(true);
  });
  ui.clearButton.addEventListener('click', clearAll);
  ui.annotateButton.addEventListener('click', downloadAnnotated);
  ui.fileInput.addEventListener('change', () => {
    const f = ui.fileInput.files && ui.fileInput.files[0];
    ui.fileInput.value = '';
    openFile(f);
  });
  ui.rulesInput.addEventListener('change', () => {
    const f = ui.rulesInput.files && ui.rulesInput.files[0];
    ui.rulesInput.value = '';
    addRules(f);
  });
  ui.rulesClearButton.addEventListener('click', clearRules);
  ui.tabEdit.addEventListener('click', () => selectTab(textTabs, ui.tabEdit));
  ui.tabView.addEventListener('click', () => selectTab(textTabs, ui.tabView));
  for (const [tab] of sideTabs) tab.addEventListener('click', () => selectTab(sideTabs, tab));
  ui.view.addEventListener('click', (ev) => {
    const mark = ev.target.closest('[data-finding]');
    if (!mark) return;
    selectTab(sideTabs, ui.tabFindings);
    const item = ui.findings.querySelector('.finding[data-index="' + mark.dataset.finding + '"]');
    if (item) {
      item.scrollIntoView({ block: 'nearest' });
      item.focus();
    }
  });

  // Dropping a file anywhere must never navigate away from the page.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (ev) => ev.preventDefault());
  ui.dropZone.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    ui.dropZone.classList.add('dragging');
  });
  ui.dropZone.addEventListener('dragleave', (ev) => {
    if (!ui.dropZone.contains(ev.relatedTarget)) ui.dropZone.classList.remove('dragging');
  });
  ui.dropZone.addEventListener('drop', (ev) => {
    ev.preventDefault();
    ui.dropZone.classList.remove('dragging');
    const f = ev.dataTransfer && ev.dataTransfer.files && ev.dataTransfer.files[0];
    openFile(f);
  });

  async function init() {
    const t0 = performance.now();
    try {
      if (typeof wasm_bindgen === 'undefined' || typeof FAZHI_WASM_BASE64 !== 'string') {
        throw new Error('页面文件不完整（缺少 fazhi_lint_web.js 或 fazhi_lint_web_wasm.js），请重新复制整个文件夹');
      }
      await wasm_bindgen({ module_or_path: base64ToBytes(FAZHI_WASM_BASE64) });
    } catch (e) {
      setStatus('检查程序加载失败：' + (e && e.message ? e.message : e), 'error');
      return;
    }
    state.initMs = performance.now() - t0;
    state.ready = true;
    ui.version.textContent = wasm_bindgen.version();
    try {
      loadRules();
    } catch (e) {
      setStatus(e.message, 'error');
      return;
    }
    clearAll();
    ui.checkButton.disabled = false;
    setStatus('检查程序已就绪（加载用时 ' + state.initMs.toFixed(0) + ' 毫秒）。请粘贴报告或打开文件。', 'ok');
  }

  init();
})();

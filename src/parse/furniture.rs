//! Text left by other programs and by office practice, found before anything else reads
//! the lines: page numbers (— 3 —, -3-, 第3页 共8页) and a running header repeated on
//! every page of a plain text, page breaks; tables (tab-separated rows, Markdown pipe
//! rows); the furniture of an official document (GB/T 9704): the 发文字号 and 签发人
//! line, the 主送机关 line after the title, 特此报告, the 附件 list, 抄送, 印发, 联系人.
//!
//! Table rows become [`Kind::Table`]; the rest becomes [`Kind::Furniture`] and is taken
//! out of the lines by [`take_furniture`], and a paragraph a page break split in two is
//! joined again ([`Hint::Continues`] on its second half).

use super::config::DocumentConfig;
use super::line::{Hint, Kind, LLine};
use super::text::{is_date_line, squash, trim_white, SENTENCE_END};
use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

/// Longest line that can be furniture of the office-practice kinds, in characters.
const MAX_FURNITURE_CHARS: usize = 80;

/// Longest running header, in characters.
const MAX_RUNNING_HEADER_CHARS: usize = 40;

/// Mark tables and furniture among the classified lines. `plain`: the text has no
/// blocks (plain text, a web page), where running headers and page numbers are text.
pub(super) fn mark_furniture(text: &str, norm: &str, lines: &mut [LLine], cfg: &DocumentConfig, plain: bool) {
    mark_tables(text, lines);
    let page_lines = mark_page_numbers(text, lines);
    if plain {
        mark_running_headers(norm, lines, page_lines, cfg);
    } else {
        mark_pasted_headers(norm, lines, &page_lines, cfg);
    }
    mark_office_furniture(text, norm, lines, cfg);
}

/// Remove the furniture lines, returning their spans; a text line that continues the
/// paragraph a page break (furniture, blank lines) interrupted is marked
/// [`Hint::Continues`].
pub(super) fn take_furniture(text: &str, lines: Vec<LLine>) -> (Vec<LLine>, Vec<Span>) {
    if !lines.iter().any(|l| matches!(l.kind, Kind::Furniture)) {
        return (lines, Vec::new());
    }
    let mut out: Vec<LLine> = Vec::with_capacity(lines.len());
    let mut spans = Vec::new();
    // Since the last text line: was there furniture (a page break)?
    let mut broke = false;
    for mut l in lines {
        match l.kind {
            Kind::Furniture => {
                spans.push(super::text::trimmed_span(text, l.span));
                broke = true;
                continue;
            }
            Kind::Blank => {
                out.push(l);
                continue;
            }
            Kind::Text if broke => {
                let prev = out.iter().rev().find(|p| !matches!(p.kind, Kind::Blank));
                if let Some(p) = prev.filter(|p| matches!(p.kind, Kind::Text)) {
                    let before = trim_white(p.span.slice(text)).trim_end();
                    if !before.is_empty() && !before.ends_with(PARAGRAPH_END) {
                        l.hint = Hint::Continues;
                    }
                }
            }
            _ => {}
        }
        broke = false;
        out.push(l);
    }
    (out, spans)
}

/// What a paragraph ends with (so the text after a page break starts a new one).
const PARAGRAPH_END: &[char] = &['。', '！', '？', '!', '?', '：', ':', '；', ';', '”', '」'];

// ---- tables ----

/// Tab-separated rows and Markdown pipe rows are table rows. A row of two cells counts
/// only beside another row (a marker followed by a tab, "一、\t总体情况", is one cell).
fn mark_tables(text: &str, lines: &mut [LLine]) {
    let cells: Vec<usize> = lines.iter().map(|l| table_cells(l.span.slice(text))).collect();
    let row = |i: usize| cells.get(i).copied().unwrap_or(0);
    for i in 0..lines.len() {
        if matches!(lines[i].kind, Kind::Blank) {
            continue;
        }
        let n = row(i);
        let beside = |j: Option<usize>| j.is_some_and(|j| row(j) >= 2);
        let prev = (0..i).rev().find(|&j| !matches!(lines[j].kind, Kind::Blank));
        let next = (i + 1..lines.len()).find(|&j| !matches!(lines[j].kind, Kind::Blank));
        if n >= 3 || (n == 2 && (beside(prev) || beside(next))) || is_pipe_separator(lines[i].span.slice(text)) {
            lines[i].kind = Kind::Table;
        }
    }
}

/// How many cells a line has as a table row: Markdown pipe cells ("| a | b |"), else
/// tab-separated cells; a first cell that is only a heading marker joins the next.
fn table_cells(line: &str) -> usize {
    let t = trim_white(line).trim();
    if t.is_empty() {
        return 0;
    }
    if (t.starts_with('|') || t.starts_with('｜')) && t.matches(['|', '｜']).count() >= 3 {
        return t.trim_matches(['|', '｜']).split(['|', '｜']).count().max(2);
    }
    if !t.contains('\t') {
        return 0;
    }
    let mut cells: Vec<&str> = t.split('\t').map(|c| trim_white(c).trim()).filter(|c| !c.is_empty()).collect();
    if cells.len() >= 2 && marker_only(cells[0]) {
        cells.remove(0);
    }
    cells.len()
}

/// A cell that is only a heading marker ("一、", "（一）", "1.").
fn marker_only(cell: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9０-９]+[）)]|[0-9０-９]+[、.．]|第[一二三四五六七八九十0-9０-９]+(?:部分|章|节))$")
            .expect("constant regex")
    })
    .is_match(cell)
}

/// "|---|:---:|" or "---|---": a Markdown table's separator row.
fn is_pipe_separator(line: &str) -> bool {
    let t = trim_white(line).trim();
    t.contains('|') && t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

// ---- page numbers, page breaks and running headers ----

/// A page number on a line of its own: "— 3 —", "-3-", "- 3 -", "第3页 共8页", "第 3 页",
/// "3/8", "Page 3"; or a bare number, counted only when the document has two or more
/// of them in increasing order. Also a line that is only a page break (form feed).
/// Returns the indices of the page lines.
fn mark_page_numbers(text: &str, lines: &mut [LLine]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut bare: Vec<(usize, u32)> = Vec::new();
    for (i, l) in lines.iter_mut().enumerate() {
        let s = l.span.slice(text);
        if matches!(l.kind, Kind::Blank) {
            if s.contains('\u{000C}') {
                l.kind = Kind::Furniture;
                found.push(i);
            }
            continue;
        }
        if !matches!(l.kind, Kind::Text | Kind::Heading(_)) {
            continue;
        }
        let t = trim_white(s).trim_matches(|c: char| c.is_whitespace());
        if t.chars().count() > 24 {
            continue;
        }
        if may_be_page_number(t) && page_number_re().is_match(t) {
            l.kind = Kind::Furniture;
            found.push(i);
        } else if let Ok(n) = t.parse::<u32>() {
            if (1..1000).contains(&n) && t.len() <= 3 {
                bare.push((i, n));
            }
        }
    }
    if bare.len() >= 2 && bare.windows(2).all(|w| w[1].1 > w[0].1) {
        for (i, _) in bare {
            lines[i].kind = Kind::Furniture;
            found.push(i);
        }
    }
    found.sort_unstable();
    found
}

/// Does `t` hold a character every page number `page_number_re` matches has (a dash,
/// 页, a slash, the p of Page)? Most texts have no short line with one, and then the
/// regex (the costliest of the parser's to compile) is never built.
fn may_be_page_number(t: &str) -> bool {
    t.contains(['-', '—', '–', '－', '―', '~', '～', '·', '•', '页', '/', '／', 'p', 'P'])
}

fn page_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let dash = r"[-—–－―~～·•]";
        let num = r"(?:[0-9０-９]{1,4}|[０-９]{1,4}|[一二三四五六七八九十百]{1,4})";
        Regex::new(&format!(
            r"(?ix)^(?:
                {dash}+\s*{num}\s*{dash}+                                   # — 3 —
              | 第\s*{num}\s*页\s*[，,、/／]?\s*(?:共\s*{num}\s*页)?           # 第3页 共8页
              | 共\s*{num}\s*页\s*[，,、]?\s*第\s*{num}\s*页                   # 共8页 第3页
              | {num}\s*[/／]\s*{num}                                       # 3/8
              | page\s*[0-9０-９]{{1,4}}(?:\s*of\s*[0-9０-９]{{1,4}})?                        # Page 3 of 8
            )$"
        ))
        .expect("constant regex")
    })
}

/// A short line repeated on several pages of a plain text (a running header or footer):
/// the same line three times or more, or twice beside page numbers or when it reads as
/// the report's title. Its first occurrence near the top (the title itself) is kept.
fn mark_running_headers(norm: &str, lines: &mut [LLine], page_lines: Vec<usize>, cfg: &DocumentConfig) {
    let mut seen: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        if !matches!(l.kind, Kind::Text) {
            continue;
        }
        let t = trim_white(l.span.slice(norm)).trim();
        let n = t.chars().count();
        if !(2..=MAX_RUNNING_HEADER_CHARS).contains(&n) || t.ends_with(SENTENCE_END) {
            continue;
        }
        seen.entry(squash(t)).or_default().push(i);
    }
    // A line that reads as the report's title inside the body (after the first heading):
    // a running header, or the title repeated on a page.
    if let Some(first_heading) = lines.iter().position(|l| matches!(l.kind, Kind::Heading(_))) {
        for l in lines[first_heading..].iter_mut().filter(|l| matches!(l.kind, Kind::Text)) {
            let t = trim_white(l.span.slice(norm)).trim();
            if t.chars().count() <= cfg.title_max_chars
                && !t.contains(SENTENCE_END)
                && !t.contains(['，', ',', '：', ':'])
                && super::front::is_title_like(t, cfg)
            {
                l.kind = Kind::Furniture;
            }
        }
    }
    let near_page = |i: usize| page_lines.iter().any(|&p| p.abs_diff(i) <= 3);
    let first_text = lines.iter().position(|l| !matches!(l.kind, Kind::Blank | Kind::Furniture)).unwrap_or(0);
    for (key, at) in seen {
        let by_pages = at.iter().filter(|&&i| near_page(i)).count();
        let twice = at.len() == 2 && (by_pages == 2 || super::front::is_title_like(&key, cfg));
        if at.len() < 3 && !twice {
            continue;
        }
        // Spread over the document, not a run of equal lines.
        if at.windows(2).any(|w| w[1] - w[0] < 4) {
            continue;
        }
        for (k, &i) in at.iter().enumerate() {
            let top = k == 0 && lines[first_text..i].iter().filter(|l| !matches!(l.kind, Kind::Blank)).count() < 6;
            if !top {
                lines[i].kind = Kind::Furniture;
            }
        }
    }
}

/// A document with blocks (a PDF, a Word file) holding a page number inside its running
/// text was made from a copy of another document's pages (text pasted with its page
/// numbers and running headers): the line right before or after such a page number that
/// reads as the report's title, after the first heading, is that copy's running header.
/// (In a plain text [`mark_running_headers`] finds these; the layout of a PDF drops its
/// own page furniture before the parser sees it.)
fn mark_pasted_headers(norm: &str, lines: &mut [LLine], page_lines: &[usize], cfg: &DocumentConfig) {
    let Some(first_heading) = lines.iter().position(|l| matches!(l.kind, Kind::Heading(_))) else { return };
    for &p in page_lines.iter().filter(|&&p| p > first_heading) {
        let before = (first_heading + 1..p).rev().find(|&i| !matches!(lines[i].kind, Kind::Blank));
        let after = (p + 1..lines.len()).find(|&i| !matches!(lines[i].kind, Kind::Blank));
        for i in before.into_iter().chain(after) {
            let t = trim_white(lines[i].span.slice(norm)).trim();
            if matches!(lines[i].kind, Kind::Text)
                && t.chars().count() <= MAX_RUNNING_HEADER_CHARS
                && !t.contains(SENTENCE_END)
                && !t.contains(['，', ',', '：', ':'])
                && super::front::is_title_like(t, cfg)
            {
                lines[i].kind = Kind::Furniture;
            }
        }
    }
}

// ---- official-document furniture ----

fn doc_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // 某府报〔2024〕7号, 某司发[2023]12号, 某办字（2022）第5号.
    RE.get_or_init(|| {
        Regex::new(r"[〔\[［【(（]\s*(?:19|20)[0-9０-９][0-9０-９]\s*[〕\]］】)）]\s*第?\s*[0-9０-９]{1,4}\s*号")
            .expect("constant regex")
    })
}

fn starts_with_any(t: &str, words: &[String]) -> bool {
    let t = t.trim_start_matches(['（', '(', '【', '[']);
    words.iter().any(|w| t.starts_with(w.as_str()))
}

/// The furniture of an official document, by the words of `rules/document.yaml` and the
/// shape of a document number.
fn mark_office_furniture(text: &str, norm: &str, lines: &mut [LLine], cfg: &DocumentConfig) {
    let first_heading = lines.iter().position(|l| matches!(l.kind, Kind::Heading(_))).unwrap_or(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if !matches!(lines[i].kind, Kind::Text | Kind::Heading(_)) {
            i += 1;
            continue;
        }
        let t = trim_white(lines[i].span.slice(norm)).trim();
        let n = t.chars().count();
        if n == 0 || n > MAX_FURNITURE_CHARS {
            i += 1;
            continue;
        }
        let text_line = matches!(lines[i].kind, Kind::Text);
        // 发文字号 / 签发人 above the body.
        let issuer = i < first_heading
            && text_line
            && (t.contains('号') && doc_number_re().is_match(t) && !t.contains(SENTENCE_END) && n <= 50
                || starts_with_any(t, &cfg.issuer_any));
        // 版记 and 附注: 抄送, 联系人, （此件公开发布）; the 印发 line.
        let back = text_line
            && (starts_with_any(t, &cfg.back_matter_any)
                || (cfg.issued_end_any.iter().any(|w| t.ends_with(w.as_str())) && !t.contains(SENTENCE_END)));
        // 发文机关标志 above the title ("某县人民政府文件").
        let masthead = i < first_heading
            && text_line
            && n <= 30
            && !t.contains(SENTENCE_END)
            && !super::front::is_title_like(t, cfg)
            && cfg.masthead_end_any.iter().any(|w| t.ends_with(w.as_str()))
            && lines[..i].iter().all(|l| matches!(l.kind, Kind::Blank | Kind::Furniture));
        // 特此报告 on a line of its own.
        let closing =
            text_line && n <= 12 && cfg.closing_any.iter().any(|w| t.trim_end_matches(['。', '！', '.']) == w.as_str());
        if issuer || back || closing || masthead {
            lines[i].kind = Kind::Furniture;
            i += 1;
            continue;
        }
        // 附件：1. … and the list items under it, after the first heading
        // (A report without typed headings: in its last third.)
        let late = if first_heading < lines.len() { i > first_heading } else { i * 3 >= lines.len() * 2 };
        if starts_with_any(t, &cfg.attachment_any) && late && !t.contains(SENTENCE_END) {
            lines[i].kind = Kind::Furniture;
            // After the sign-off's date: the attachments themselves, to the end.
            let after_date = lines[..i]
                .iter()
                .rev()
                .find(|l| matches!(l.kind, Kind::Text | Kind::Heading(_)))
                .is_some_and(|l| is_date_line(l.span.slice(text)));
            if after_date {
                for l in lines[i + 1..].iter_mut().filter(|l| !matches!(l.kind, Kind::Blank)) {
                    l.kind = Kind::Furniture;
                }
                break;
            }
            let mut j = i + 1;
            while j < lines.len() {
                let u = trim_white(lines[j].span.slice(norm)).trim();
                let item = matches!(lines[j].kind, Kind::Heading(_))
                    || u.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
                if matches!(lines[j].kind, Kind::Blank) {
                    j += 1;
                    continue;
                }
                if !(item && u.chars().count() <= 50 && !u.contains(SENTENCE_END)) {
                    break;
                }
                lines[j].kind = Kind::Furniture;
                j += 1;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    mark_addressee(text, norm, lines, cfg);
}

/// The 主送机关 ("市人民政府：", "区委依法治区办："): the first line after the title
/// (before any heading) when it is short, ends with a colon, and is not a sentence
/// ("现将有关情况报告如下：").
fn mark_addressee(text: &str, norm: &str, lines: &mut [LLine], cfg: &DocumentConfig) {
    let _ = text;
    let first_heading = lines.iter().position(|l| matches!(l.kind, Kind::Heading(_))).unwrap_or(lines.len());
    let Some(title) = lines[..first_heading].iter().position(|l| {
        matches!(l.kind, Kind::Text) && super::front::is_title_like(trim_white(l.span.slice(norm)).trim(), cfg)
    }) else {
        return;
    };
    // The title may run over the next line or two: look a few lines on.
    for l in lines.iter_mut().take(first_heading).skip(title + 1).filter(|l| matches!(l.kind, Kind::Text)).take(3) {
        let t = trim_white(l.span.slice(norm)).trim();
        let n = t.chars().count();
        if (3..=40).contains(&n)
            && t.ends_with(['：', ':'])
            && !t.contains(SENTENCE_END)
            && !t.contains(['，', ','])
            && !cfg.title_none.iter().any(|w| t.contains(w.as_str()))
        {
            l.kind = Kind::Furniture;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for s in
            ["— 3 —", "-3-", "- 12 -", "－ 4 －", "第3页 共8页", "第 3 页", "3/8", "共8页 第3页", "Page 3 of 9", "—三—"]
        {
            assert!(page_number_re().is_match(s), "{s}");
        }
        for s in ["3", "2023年", "第三部分", "一、", "—", "第3条", "3.5"] {
            assert!(!page_number_re().is_match(s), "{s}");
        }
    }

    #[test]
    fn the_page_number_pre_check_lets_every_page_number_through() {
        for s in ["— 3 —", "-3-", "第3页", "共8页 第3页", "3/8", "3／8", "page 3", "Page 3 of 9", "—三—", "·3·"]
        {
            assert!(page_number_re().is_match(s) && may_be_page_number(s), "{s}");
        }
        // Every text of up to four characters from the regex's other characters
        // (numerals, 第, 共, separators, the letters of "age of"): none is a page number.
        let alphabet = ['3', '８', '三', '百', '第', '共', ' ', '\u{3000}', '，', '、', 'a', 'g', 'e', 'o', 'f', '条'];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            texts = texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            for t in &texts {
                assert!(!may_be_page_number(t) && !page_number_re().is_match(t), "{t}");
            }
        }
    }

    #[test]
    fn table_rows() {
        assert_eq!(table_cells("项目\t2022年\t2023年"), 3);
        assert_eq!(table_cells("一、\t主要举措和成效"), 1);
        assert_eq!(table_cells("（一）\t加强领导\t"), 1);
        assert_eq!(table_cells("| 项目 | 数量 |"), 2);
        assert_eq!(table_cells("没有表格"), 0);
        assert!(is_pipe_separator("|---|:---:|"));
        assert!(!is_pipe_separator("———"));
    }

    #[test]
    fn document_numbers() {
        assert!(doc_number_re().is_match("某府报〔2024〕7号"));
        assert!(doc_number_re().is_match("某司发[2023] 12号　　签发人：张三"));
        assert!(!doc_number_re().is_match("2023年共办理案件7件"));
    }
}

//! HTML pages (.html, .htm): the article text of a report published on a web site.
//!
//! Charset from the BOM, then `<meta charset>` / `http-equiv` in the first bytes (GBK and
//! GB2312 are read with the GB18030 decoder), then UTF-8, then chardetng. The page is
//! parsed as a browser would (html5ever through scraper); scripts, styles, forms,
//! navigation, page headers and footers, hidden elements and link lists are dropped; the
//! article is the smallest element that holds most of the page's remaining Chinese text,
//! widened while its surroundings add little (so the title above the body comes along).
//! Block elements become blocks, one line each, built through `DocBuilder`: `<h1>`–`<h4>`
//! headings of their level, `<h5>`/`<h6>` headings whose level the parser decides, the rest
//! paragraphs; entities are decoded by the parser. Every walk over the tree is iterative.

use super::{BlockKind, DocBuilder, DocMeta, Document, Format, InputError, MAX_NESTING};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use std::collections::{HashMap, HashSet};

/// Decode an HTML page's bytes.
pub fn decode(bytes: &[u8]) -> Result<Document, InputError> {
    // A DOM costs tens of bytes per element: cap the page so memory stays bounded.
    if bytes.len() as u64 > MAX_HTML_BYTES {
        return Err(InputError::PageTooLarge { size: bytes.len() as u64, limit: MAX_HTML_BYTES });
    }
    let (source, encoding) = decode_charset(bytes)?;
    if super::text::looks_binary(&source) {
        return Err(InputError::Binary);
    }
    // html5ever walks its stack of open elements for many start tags, so a page nested
    // thousands deep costs time quadratic in its length: refuse it before parsing.
    if tag_depth(source.as_bytes()) > MAX_HTML_NESTING {
        return Err(InputError::TooDeep("HTML".into(), MAX_HTML_NESTING));
    }
    let doc = Html::parse_document(&source);
    let mut b = DocBuilder::new();
    for (kind, line) in article_blocks(&doc)? {
        b.push(kind, &line, None, 0);
    }
    if b.is_empty() {
        return Err(InputError::NoText);
    }
    // The text ends with a line break, as a saved page's text does.
    b.push(BlockKind::Paragraph, "", None, 0);
    let meta = DocMeta { published: published_date(&doc, &source), ..Default::default() };
    Ok(b.finish(Format::Html, encoding, meta))
}

/// The page's 发布时间 as `YYYY-MM-DD`: a `<meta>` the site's CMS writes (`PubDate`,
/// `publishdate`, `article:published_time` …), else a "发布时间：2023-03-10" (or 发布日期,
/// 2023年3月10日) in the page furniture, tags between label and date allowed.
fn published_date(doc: &Html, source: &str) -> Option<String> {
    const NAMES: [&str; 8] = [
        "pubdate",
        "publishdate",
        "publish_date",
        "publishtime",
        "article:published_time",
        "firstpublishedtime",
        "dc.date.issued",
        "dc.date",
    ];
    let meta = scraper::Selector::parse("meta").ok()?;
    for el in doc.select(&meta) {
        let v = el.value();
        let name = v.attr("name").or_else(|| v.attr("property")).unwrap_or_default().to_ascii_lowercase();
        if NAMES.contains(&name.as_str()) {
            if let Some(d) = v.attr("content").and_then(date_prefix) {
                return Some(d);
            }
        }
    }
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"(?:发布时间|发布日期|发稿时间|发布于)\s*[:：]?\s*(?:(?:<[^<>]{0,200}>|&nbsp;)\s*){0,6}(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})").ok()).as_ref()?;
    re.captures(source).and_then(|c| date_prefix(c.get(1)?.as_str()))
}

/// `YYYY-MM-DD` from the start of a date such as 2023-03-10 08:00, 2023/3/10, 2023年3月10日.
fn date_prefix(s: &str) -> Option<String> {
    let mut nums = s.trim().split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty());
    let y: u32 = nums.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let m: u32 = nums.next().filter(|p| p.len() <= 2)?.parse().ok()?;
    let d: u32 = nums.next().filter(|p| p.len() <= 2)?.parse().ok()?;
    ((1900..=2999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The page's characters and the name of the encoding they came from.
fn decode_charset(bytes: &[u8]) -> Result<(String, &'static str), InputError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return Ok((text.into_owned(), super::encoding_name(enc)));
    }
    // Valid UTF-8 wins over a declaration: a page declaring "gb2312" but saved as UTF-8
    // is common, and GBK text is practically never valid UTF-8 by accident.
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let declared = declared_charset(bytes).map(|enc| {
        // GBK and GB2312 pages are read with the GB18030 decoder, their superset.
        if enc == encoding_rs::GBK
            || enc == encoding_rs::UTF_8
            || enc == encoding_rs::UTF_16LE
            || enc == encoding_rs::UTF_16BE
        {
            encoding_rs::GB18030
        } else {
            enc
        }
    });
    if let Some(enc) = declared {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok((text.into_owned(), super::encoding_name(enc)));
        }
    }
    let enc = declared.unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        let guess = det.guess(None, chardetng::Utf8Detection::Deny);
        if guess == encoding_rs::GBK {
            encoding_rs::GB18030
        } else {
            guess
        }
    });
    // Browsers show a page with a few bad bytes; so do we, unless it is mostly garbage.
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let bad = text.chars().filter(|c| *c == '\u{FFFD}').count();
    if bad * 20 > text.chars().count() {
        return Err(InputError::Encoding);
    }
    Ok((text.into_owned(), super::encoding_name(enc)))
}

/// `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in
/// the first 4 KiB (the HTML prescan looks at 1 KiB; real pages put it later).
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static META: std::sync::OnceLock<Option<regex::bytes::Regex>> = std::sync::OnceLock::new();
    let re = META
        .get_or_init(|| regex::bytes::Regex::new(r#"(?i-u)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).ok())
        .as_ref()?;
    let head = &bytes[..bytes.len().min(4096)];
    let label = re.captures(head)?.get(1)?.as_bytes();
    encoding_rs::Encoding::for_label(label)
}

/// Chinese characters the article may gain from its surroundings whatever its length:
/// a title, a date and source line.
const TITLE_SLACK: u32 = 120;

/// Largest page parsed (its DOM takes about 25 times its size). Report pages are well
/// under 2 MiB.
pub const MAX_HTML_BYTES: u64 = 4 * 1024 * 1024;

/// Deepest element nesting parsed. Real pages stay under a hundred; html5ever's work per
/// start tag grows with the depth, so the cap also bounds the parse time.
const MAX_HTML_NESTING: usize = 512;

/// Elements whose end tag is implied (by a sibling or the parent's end) or that have no
/// content: they never make the open-element stack deep.
const NOT_NESTING: &[&[u8]] = &[
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"caption",
    b"rb",
    b"rt",
    b"rp",
    b"html",
    b"head",
    b"body",
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"param",
    b"keygen",
];

/// Elements whose content is raw text (a "<div>" inside a script is not a tag).
const RAW_TEXT: &[&[u8]] = &[b"script", b"style", b"textarea", b"title", b"xmp", b"noembed", b"noframes", b"plaintext"];

/// The deepest nesting of explicitly opened elements, by a linear scan of the markup
/// (comments and raw-text elements skipped). An estimate of html5ever's stack, which
/// is never smaller for elements that need an end tag.
fn tag_depth(s: &[u8]) -> usize {
    let find = |from: usize, pat: &[u8]| -> Option<usize> {
        s.get(from..)?.windows(pat.len()).position(|w| w.eq_ignore_ascii_case(pat)).map(|p| from + p)
    };
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(lt) = memchr::memchr(b'<', &s[i.min(s.len())..]).map(|p| i + p) {
        i = lt + 1;
        if s[i..].starts_with(b"!--") {
            i = find(i + 3, b"-->").map_or(s.len(), |p| p + 3);
            continue;
        }
        let close = s.get(i) == Some(&b'/');
        let name_start = if close { i + 1 } else { i };
        let name_len = s[name_start.min(s.len())..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 || !s[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = s[name_start..name_start + name_len].to_ascii_lowercase();
        let Some(gt) = memchr::memchr(b'>', &s[name_start..]).map(|p| name_start + p) else { break };
        i = gt + 1;
        if NOT_NESTING.contains(&name.as_slice()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else if s[gt - 1] != b'/' {
            if RAW_TEXT.contains(&name.as_slice()) {
                let end = [b"</".as_slice(), &name].concat();
                i = find(i, &end).unwrap_or(s.len());
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Elements that never hold article text.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "object", "embed", "svg",
    "canvas", "button", "select", "input", "textarea", "label", "menu", "dialog", "map", "audio", "video",
];

/// class/id words that mark page furniture (split on `-`, `_` and spaces).
const FURNITURE: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "footer",
    "sidebar",
    "copyright",
    "banner",
    "toolbar",
    "share",
    "sharebar",
    "friendlink",
    "links",
    "login",
    "search",
    "topbar",
    "skip",
    "gotop",
    "backtop",
    "print",
];

/// Elements that end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "pre",
    "address",
    "figure",
    "figcaption",
    "hr",
    "center",
    "body",
    "html",
    "title",
    "fieldset",
    "details",
    "summary",
];

fn is_furniture(el: &scraper::node::Element, in_article: bool) -> bool {
    let name = el.name();
    if DROPPED.contains(&name) {
        return true;
    }
    // A page header or footer; inside <article>/<main> they belong to the article.
    if (name == "header" || name == "footer") && !in_article {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    let words = el.attr("class").into_iter().chain(el.id());
    words
        .flat_map(|w| w.split(|c: char| c == '-' || c == '_' || c.is_whitespace()))
        .any(|w| FURNITURE.iter().any(|f| f.eq_ignore_ascii_case(w)))
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Per element: all non-space characters, those inside links, and Chinese characters
/// outside links.
#[derive(Clone, Copy, Default)]
struct Count {
    chars: u32,
    link: u32,
    cjk: u32,
}

impl Count {
    fn add(&mut self, o: Count) {
        self.chars = self.chars.saturating_add(o.chars);
        self.link = self.link.saturating_add(o.link);
        self.cjk = self.cjk.saturating_add(o.cjk);
    }
    /// Mostly links: a menu, a list of related articles, "首页 > 政务公开".
    fn link_dense(&self) -> bool {
        self.chars > 0 && self.link * 10 > self.chars * 6
    }
}

/// One pass over the tree: drop furniture, count text, measure depth.
struct Survey {
    dropped: HashSet<NodeId>,
    counts: HashMap<NodeId, Count>,
}

fn survey(doc: &Html) -> Result<Survey, InputError> {
    let mut dropped = HashSet::new();
    let mut counts = HashMap::new();
    // Open elements: (id, count so far, inside <a>, inside <article>/<main>).
    let mut stack: Vec<(NodeId, Count, bool, bool)> = Vec::new();
    let mut skip_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip_depth > 0 {
                        skip_depth += 1;
                        continue;
                    }
                    let (in_a, in_article) = stack.last().map_or((false, false), |t| (t.2, t.3));
                    if is_furniture(el, in_article) {
                        dropped.insert(node.id());
                        skip_depth = 1;
                        continue;
                    }
                    if stack.len() >= MAX_NESTING {
                        return Err(InputError::TooDeep("HTML".into(), MAX_NESTING));
                    }
                    let name = el.name();
                    stack.push((
                        node.id(),
                        Count::default(),
                        in_a || name == "a",
                        in_article || name == "article" || name == "main",
                    ));
                }
                Node::Text(t) if skip_depth == 0 => {
                    if let Some(top) = stack.last_mut() {
                        let chars = t.chars().filter(|c| !c.is_whitespace()).count() as u32;
                        let cjk = t.chars().filter(|c| is_cjk(*c)).count() as u32;
                        let link = if top.2 { chars } else { 0 };
                        top.1.add(Count { chars, link, cjk: if top.2 { 0 } else { cjk } });
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if !matches!(node.value(), Node::Element(_)) {
                    continue;
                }
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                let Some((id, count, ..)) = stack.pop() else { continue };
                let block = matches!(node.value(), Node::Element(el) if BLOCKS.contains(&el.name()) && el.name() != "body" && el.name() != "html");
                // A dropped link list still counts towards its parent's link density
                // (a "related links" box is a heading plus a dropped list); its Chinese
                // text is link text, which the article choice ignores anyway.
                if block && count.link_dense() {
                    dropped.insert(id);
                }
                counts.insert(id, count);
                if let Some(parent) = stack.last_mut() {
                    parent.1.add(count);
                }
            }
        }
    }
    Ok(Survey { dropped, counts })
}

/// The article: the deepest element with at least half the page's Chinese text, then
/// its ancestors while each adds little: at most a quarter more, or a title's worth.
fn article<'a>(doc: &'a Html, s: &Survey) -> NodeRef<'a, Node> {
    let root = doc.tree.root();
    let cjk = |n: &NodeRef<'_, Node>| s.counts.get(&n.id()).map_or(0, |c| c.cjk);
    let body =
        root.descendants().find(|n| matches!(n.value(), Node::Element(el) if el.name() == "body")).unwrap_or(root);
    let total = cjk(&body);
    if total == 0 {
        return body;
    }
    let mut cur = body;
    while let Some(child) = cur.children().find(|c| !s.dropped.contains(&c.id()) && cjk(c) * 2 >= total) {
        cur = child;
    }
    while cur.id() != body.id() {
        let Some(parent) = cur.parent() else { break };
        let (outer, inner) = (cjk(&parent), cjk(&cur));
        if outer.saturating_sub(inner) > TITLE_SLACK && outer * 4 > inner * 5 {
            break;
        }
        cur = parent;
    }
    cur
}

/// Longest cell of a data table row, in characters: a longer cell is a layout table
/// holding running text (many sites lay out the whole article in one).
const MAX_DATA_CELL_CHARS: usize = 60;

/// A table row of two or more short cells without nested tables, as one line of
/// tab-separated cells; `None` for a row of a layout table.
fn data_row(tr: NodeRef<'_, Node>) -> Option<String> {
    let mut cells = Vec::new();
    for c in tr.children() {
        let Node::Element(el) = c.value() else { continue };
        if !matches!(el.name(), "td" | "th") {
            continue;
        }
        let mut text = String::new();
        // Paragraphs inside the cell: one is a cell's text, more are running text.
        let mut blocks = 0;
        for d in c.descendants() {
            match d.value() {
                Node::Element(e) if e.name() == "table" => return None,
                Node::Element(e) if matches!(e.name(), "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "h4") => {
                    blocks += 1;
                    if blocks > 1 {
                        return None;
                    }
                }
                Node::Text(t) => text.push_str(t),
                _ => {}
            }
        }
        let cell: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if cell.chars().count() > MAX_DATA_CELL_CHARS {
            return None;
        }
        cells.push(cell.replace('\u{A0}', " ").trim().to_string());
    }
    (cells.len() >= 2).then(|| cells.join("\t"))
}

fn article_blocks(doc: &Html) -> Result<Vec<(BlockKind, String)>, InputError> {
    let s = survey(doc)?;
    let top = article(doc, &s);
    let mut lines: Vec<(BlockKind, String)> = Vec::new();
    let mut line = String::new();
    let mut skip_depth = 0usize;
    let mut pre_depth = 0usize;
    // The level of the `<h1>`–`<h6>` the text is in (innermost), if any.
    let mut heading: Vec<BlockKind> = Vec::new();
    let flush = |line: &mut String, lines: &mut Vec<(BlockKind, String)>, heading: &[BlockKind]| {
        let t = line.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{A0}');
        if !t.is_empty() {
            lines.push((heading.last().copied().unwrap_or(BlockKind::Paragraph), t.to_string()));
        }
        line.clear();
    };
    for edge in top.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip_depth > 0 || s.dropped.contains(&node.id()) {
                        skip_depth += 1;
                        continue;
                    }
                    match el.name() {
                        "br" => flush(&mut line, &mut lines, &heading),
                        "pre" | "textarea" => pre_depth += 1,
                        "tr" if pre_depth == 0 => {
                            flush(&mut line, &mut lines, &heading);
                            // A row of a data table: one line, its cells separated by tabs,
                            // so the parser sees a table row (never a heading or a part cue).
                            if let Some(row) = data_row(node) {
                                lines.push((BlockKind::Paragraph, row));
                                skip_depth += 1;
                            }
                        }
                        name if BLOCKS.contains(&name) => {
                            flush(&mut line, &mut lines, &heading);
                            if let Some(kind) = heading_kind(name) {
                                heading.push(kind);
                            }
                        }
                        _ => {}
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    if pre_depth > 0 {
                        for (i, part) in t.split('\n').enumerate() {
                            if i > 0 {
                                flush(&mut line, &mut lines, &heading);
                            }
                            line.push_str(part);
                        }
                    } else {
                        // HTML white space collapses; a no-break space is a space.
                        for c in t.chars() {
                            let c = if c == '\u{A0}' { ' ' } else { c };
                            if c.is_ascii_whitespace() {
                                if !line.ends_with(' ') {
                                    line.push(' ');
                                }
                            } else {
                                line.push(c);
                            }
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else { continue };
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                if el.name() == "pre" || el.name() == "textarea" {
                    pre_depth = pre_depth.saturating_sub(1);
                }
                if BLOCKS.contains(&el.name()) {
                    flush(&mut line, &mut lines, &heading);
                    if heading_kind(el.name()).is_some() {
                        heading.pop();
                    }
                }
            }
        }
    }
    flush(&mut line, &mut lines, &heading);
    Ok(lines)
}

/// The block kind of a heading element: `<h1>`–`<h4>` the level they state, `<h5>` and
/// `<h6>` a heading whose level the parser decides (as ODF levels past 4).
fn heading_kind(name: &str) -> Option<BlockKind> {
    match name {
        "h1" => Some(BlockKind::Heading(1)),
        "h2" => Some(BlockKind::Heading(2)),
        "h3" => Some(BlockKind::Heading(3)),
        "h4" => Some(BlockKind::Heading(4)),
        "h5" | "h6" => Some(BlockKind::Heading(0)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        decode(html.as_bytes()).map(|d| d.text).unwrap_or_else(|e| format!("ERROR {e}"))
    }

    #[test]
    fn data_table_rows_are_tab_separated_lines_layout_tables_are_not() {
        let page = r#"<html><body><div class="content"><h1>某县司法局2023年度法治政府建设情况报告</h1>
<p>一、主要举措和成效</p><table><tr><th>序号</th><th>事项</th><th>数量</th></tr>
<tr><td><p>1.</p></td><td>行政复议</td><td>12件</td></tr></table>
<p>二、存在的不足</p><p>一是执法能力有待提升，培训组织得还不够系统，覆盖面不够广。</p></div></body></html>"#;
        assert_eq!(
            text_of(page),
            "某县司法局2023年度法治政府建设情况报告\n一、主要举措和成效\n序号\t事项\t数量\n1.\t行政复议\t12件\n二、存在的不足\n一是执法能力有待提升，培训组织得还不够系统，覆盖面不够广。\n"
        );
        // A layout table around the article: its cells stay paragraphs.
        let long = "全年审查规范性文件十二件，办理行政复议案件三十件，开展执法检查六次，组织学法四次，审查合同二十份。";
        let layout = format!(
            "<html><body><table><tr><td><p>一、主要举措和成效</p><p>{long}</p></td><td>栏目</td></tr></table></body></html>"
        );
        assert_eq!(text_of(&layout), format!("一、主要举措和成效\n{long}\n栏目\n"));
    }

    #[test]
    fn article_without_furniture() {
        let page = r#"<html><head><title>某县政府网</title><script>var a="一、脚本";</script>
<style>p{}</style></head><body>
<div class="top-nav"><a href="/">首页</a><a href="/a">政务公开</a><a href="/b">政策文件</a></div>
<div class="main"><h1>某县司法局2023年度法治政府建设情况报告</h1>
<div class="content"><p>&nbsp;&nbsp;一、主要举措和成效</p><p>（一）加强&lt;组织&gt;领导。全年召开会议研究法治工作。</p>
<p>二、存在的不足</p><p>一是执法能力有待提升。</p></div></div>
<div id="footer">版权所有：某县人民政府 主办单位：某县人民政府办公室</div></body></html>"#;
        assert_eq!(
            text_of(page),
            "某县司法局2023年度法治政府建设情况报告\n一、主要举措和成效\n（一）加强<组织>领导。全年召开会议研究法治工作。\n二、存在的不足\n一是执法能力有待提升。\n"
        );
    }

    #[test]
    fn charset_from_meta_and_fallbacks() {
        let body = "<p>二、存在的不足</p>";
        let page = format!(
            r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>{body}</body></html>"#
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(&page);
        let d = decode(&gbk).map_err(|e| e.to_string());
        assert_eq!(d.as_ref().map(|d| d.text.as_str()), Ok("二、存在的不足\n"));
        assert_eq!(d.map(|d| d.encoding), Ok("GB18030"));
        // Declared gb2312 but saved as UTF-8: the bytes win.
        assert_eq!(text_of(&page), "二、存在的不足\n");
    }

    #[test]
    fn published_date_from_meta_or_furniture() {
        let body = "<p>某县司法局2022年度法治政府建设情况报告</p><p>一、主要举措和成效。全年办理行政复议案件十二件，组织培训两次。</p>";
        let meta =
            format!(r#"<html><head><meta name="PubDate" content="2023-03-10 08:30"></head><body>{body}</body></html>"#);
        assert_eq!(decode(meta.as_bytes()).unwrap().meta.published.as_deref(), Some("2023-03-10"));
        let furniture = format!(
            r#"<html><body><div class="info"><span>发布时间：</span><span>2023年4月2日</span></div>{body}</body></html>"#
        );
        assert_eq!(decode(furniture.as_bytes()).unwrap().meta.published.as_deref(), Some("2023-04-02"));
        let none = format!("<html><body>{body}</body></html>");
        assert_eq!(decode(none.as_bytes()).unwrap().meta.published, None);
        assert_eq!(date_prefix("2023/13/01"), None);
    }

    #[test]
    fn empty_and_deep_pages() {
        assert_eq!(text_of("<html><body><script>x</script></body></html>"), "ERROR 没有找到正文文字");
        let deep = "<div>".repeat(MAX_NESTING + 10) + "一、正文";
        assert!(text_of(&deep).starts_with("ERROR"), "{}", text_of(&deep));
    }
}

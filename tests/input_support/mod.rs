//! Shared helpers for the input tests: a synthetic report and builders for the file
//! formats it is published in (.docx with typed or automatic numbering, HTML pages).
#![allow(dead_code)]

use std::io::{Cursor, Write};

/// A short synthetic report (written for these tests, not taken from any real report):
/// title, preamble, all four heading levels, 一是/二是 items, the required parts, sign-off.
/// One paragraph per line, so every format renders the same lines.
pub const REPORT: &str = "\
某区水务局2023年度法治政府建设情况报告
2023年，区水务局以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，现将有关情况报告如下。
一、2023年推进法治政府建设的主要举措和成效
（一）完善制度体系。修订本局规范性文件3件，清理废止2件。
1.规范合法性审查。重大行政决策全部经过合法性审查。
（1）建立审查台账。
（2）落实集体讨论。
2.推进执法规范化。全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度。
（二）强化普法宣传。一是开展水法宣传周活动；二是组织“以案释法”讲座4场。
二、存在的不足和原因
一是执法人员专业能力有待提高；二是普法宣传形式比较单一。究其原因，主要是培训投入不足，创新意识不强。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人带头学法用法，全年主持召开党组会议专题研究法治工作3次。
四、2024年工作打算
（一）加强执法队伍建设。组织执法人员培训不少于2次。
（二）创新普法方式。推进“互联网+普法”。
某区水务局
2024年1月15日
";

pub const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

/// Escape text for XML.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A zip archive of (name, contents) entries, deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("start zip entry");
        w.write_all(data).expect("write zip entry");
    }
    w.finish().expect("finish zip").into_inner()
}

/// A .docx with this body XML (the children of `w:body`) and optional numbering and
/// styles parts. Headers, footers, comments and footnotes parts are always present with
/// text that must never be read.
pub fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:sectPr></w:body></w:document>"#
    );
    let header = format!(r#"<w:hdr {W_NS}><w:p><w:r><w:t>页眉：一、不应出现</w:t></w:r></w:p></w:hdr>"#);
    let footer = format!(r#"<w:ftr {W_NS}><w:p><w:r><w:t>页脚 第1页</w:t></w:r></w:p></w:ftr>"#);
    let comments = format!(
        r#"<w:comments {W_NS}><w:comment w:id="0"><w:p><w:r><w:t>批注：二、不应出现</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let footnotes = format!(
        r#"<w:footnotes {W_NS}><w:footnote w:id="1"><w:p><w:r><w:t>脚注：三、不应出现</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
                .to_vec(),
        ),
        ("word/document.xml", document.into_bytes()),
        ("word/header1.xml", header.into_bytes()),
        ("word/footer1.xml", footer.into_bytes()),
        ("word/comments.xml", comments.into_bytes()),
        ("word/footnotes.xml", footnotes.into_bytes()),
    ];
    if let Some(n) = numbering {
        entries.push(("word/numbering.xml", n.as_bytes().to_vec()));
    }
    if let Some(s) = styles {
        entries.push(("word/styles.xml", s.as_bytes().to_vec()));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (*n, d.as_slice())).collect();
    zip_of(&refs)
}

/// One paragraph; the text is split into several runs as Word does.
pub fn para(text: &str, ppr: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mid = chars.len() / 2;
    let (a, b): (String, String) = (chars[..mid].iter().collect(), chars[mid..].iter().collect());
    format!(
        r#"<w:p><w:pPr>{ppr}<w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r><w:t>{}</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>"#,
        xml_escape(&a),
        xml_escape(&b)
    )
}

/// The report as a .docx with the markers typed in the text, plus Word's noise: tracked
/// changes, field codes, an alternate-content text box fallback, comment anchors.
pub fn docx_typed(report: &str) -> Vec<u8> {
    let mut body = String::new();
    for (i, line) in report.lines().enumerate() {
        if i == 1 {
            // A tracked insertion that is accepted text and a deletion that is not.
            let (head, tail) = line.split_at(line.char_indices().nth(5).map_or(0, |(b, _)| b));
            body.push_str(&format!(
                r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>{}</w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>三、已删除的文字</w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>{}</w:t></w:r></w:ins><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
                xml_escape(head),
                xml_escape(tail)
            ));
        } else {
            body.push_str(&para(line, ""));
        }
    }
    docx(&body, None, None)
}

/// The same report as a .docx whose heading markers come from Word's automatic
/// numbering: level 1 through the "Heading1" style (numbering.xml links the level to the
/// style), levels 2–4 through explicit numPr; markers removed from the text.
pub fn docx_auto_numbered(report: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in report.lines() {
        let (level, rest) = split_marker(line);
        let ppr = match level {
            Some(0) => r#"<w:pStyle w:val="Heading1"/>"#.to_string(),
            Some(l) => format!(r#"<w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="7"/></w:numPr>"#),
            None => String::new(),
        };
        body.push_str(&para(rest, &ppr));
    }
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W_NS}>
<w:abstractNum w:abstractNumId="3"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {W_NS}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
    );
    docx(&body, Some(&numbering), Some(&styles))
}

/// The heading level (0-based, as Word's ilvl) of a typed marker and the text after it.
pub fn split_marker(line: &str) -> (Option<u8>, &str) {
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let n = chars.iter().take_while(|(_, c)| cn(*c)).count();
    if n > 0 && chars.get(n).map(|p| p.1) == Some('、') {
        return (Some(0), &line[chars[n].0 + '、'.len_utf8()..]);
    }
    if line.starts_with('（') {
        let inner: Vec<char> = line['（'.len_utf8()..].chars().take_while(|c| *c != '）').collect();
        let end = '（'.len_utf8() + inner.iter().map(|c| c.len_utf8()).sum::<usize>() + '）'.len_utf8();
        if !inner.is_empty() && inner.iter().all(|c| cn(*c)) {
            return (Some(1), &line[end..]);
        }
        if !inner.is_empty() && inner.iter().all(|c| c.is_ascii_digit()) {
            return (Some(3), &line[end..]);
        }
    }
    let d = line.bytes().take_while(u8::is_ascii_digit).count();
    if d > 0 && line.as_bytes().get(d) == Some(&b'.') {
        return (Some(2), &line[d + 1..]);
    }
    (None, line)
}

/// The report as a government web page: navigation, scripts, styles, a breadcrumb, a
/// share bar and a footer around the article; entities and &nbsp; indents in the text.
pub fn html_page(report: &str, charset: &str) -> String {
    let mut lines = report.lines();
    let title = lines.next().unwrap_or_default();
    let body: String =
        lines.map(|l| format!("<p style=\"text-indent:2em\">&nbsp;&nbsp;{}</p>\n", xml_escape(l))).collect();
    format!(
        r##"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_某区人民政府网站</title>
<style>.nav {{ color: red }} p {{ margin: 0 }}</style>
<script type="text/javascript">document.write("一、脚本里的文字不应出现");</script>
</head><body>
<div class="header"><img src="logo.png" alt="某区人民政府"><div class="search"><input type="text" value="请输入关键字"></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/fzzf/">法治政府建设</a></div>
<div class="article">
<h1 class="title">{}</h1>
<div class="TRS_Editor">
{body}</div>
<div class="share-bar">分享到：<a href="#">微信</a><a href="#">微博</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">关于印发某某办法的通知</a></li><li><a href="/b">某区2022年度法治政府建设情况报告</a></li></ul></div>
<div id="footer">主办单位：某区人民政府办公室　备案号：某ICP备00000000号</div>
<script>var _hmt = _hmt || []; /* 二、统计代码 */</script>
</body></html>
"##,
        xml_escape(title)
    )
}

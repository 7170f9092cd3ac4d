//! Structure beyond typed markers: headings from a document's blocks (Word heading
//! styles, outline levels, style inheritance, the Title style; a PDF's heading
//! candidates) and, for plain text, from the text alone (issue 16: unmarked headings,
//! lost line breaks, cue words in the wrong place, junk before a marker), each with its
//! mirror images and the neighbouring shapes that must not change. Every report here is
//! synthetic, written for these tests.

#[path = "input_support/mod.rs"]
mod input_support;

use fazhi_lint::input::{decode_bytes, BlockKind, DocBuilder, DocMeta, Document, Format};
use fazhi_lint::parse::{MarkerStyle, Report};
use fazhi_lint::{check_document, check_text, Checked, RuleSet, Settings};
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static R: OnceLock<RuleSet> = OnceLock::new();
    R.get_or_init(|| RuleSet::embedded().expect("embedded rules"))
}

fn check(text: &str) -> Checked {
    check_text(text, rules(), &Settings::default())
}

fn check_doc(doc: &Document) -> Checked {
    check_document(doc, rules(), &Settings::default())
}

fn level1(r: &Report, text: &str) -> Vec<String> {
    r.level1().map(|s| s.heading.slice(text).to_string()).collect()
}

fn flags(c: &Checked) -> [bool; 6] {
    fazhi_lint::ELEMENT_KEYS.map(|k| c.elements.present(k))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/docx/{name}", env!("CARGO_MANIFEST_DIR")))
        .expect("fixture (scripts/make-docx-fixtures.py)")
}

/// The report of `scripts/make-docx-fixtures.py`, with typed markers.
const STYLED_TYPED: &str = "\
青川县水务局关于2023年度法治政府建设情况的报告
2023年，我局坚持以习近平法治思想为指导，扎实推进依法行政，现将有关情况报告如下。
一、2023年推进法治政府建设的主要举措和成效
（一）健全依法决策机制
制定重大行政决策程序规定，全年三项重大决策均经合法性审查。
（二）规范行政执法行为
全面落实行政执法三项制度，开展执法案卷评查两次。
二、存在的不足和原因
基层执法人员专业能力不足，主要原因是培训针对性不强、经费保障有限。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人带头学法，主持召开专题会议四次，研究解决法治建设重大问题。
四、2024年推进法治政府建设的主要安排
继续加强执法队伍建设，完善决策程序，推动各项工作落实。
";

fn assert_same_as_typed(doc: &Document) {
    let typed = check(STYLED_TYPED);
    let c = check_doc(doc);
    assert_eq!(flags(&c), flags(&typed));
    assert_eq!(flags(&c), [true; 6]);
    assert_eq!(level1(&c.report, &doc.text), level1(&typed.report, STYLED_TYPED));
    assert_eq!(c.elements.get("lead_responsibility").map(|e| e.standalone), Some(true));
    assert_eq!(
        c.report.title.as_ref().map(|t| t.text.as_str()),
        Some("青川县水务局关于2023年度法治政府建设情况的报告")
    );
    assert_eq!(c.report.year, Some(2023));
    // Level-2 headings from the styles too, under the first part.
    let subs: Vec<&str> = c.report.sections[0].children.iter().map(|s| s.heading.slice(&doc.text)).collect();
    assert_eq!(subs, ["健全依法决策机制", "规范行政执法行为"]);
    // Unmarked: an empty marker, numbered by place; no numbering findings for them.
    for (i, s) in c.report.level1().enumerate() {
        assert_eq!(s.marker.style, MarkerStyle::None);
        assert!(s.marker.span.is_empty());
        assert_eq!(s.marker.number, i as u32 + 1);
    }
    assert!(
        !c.findings.iter().any(|f| f.rule.starts_with("numbering") || f.rule.contains("marker")),
        "{:?}",
        c.findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
    );
    // The outline reports them as level 1 with an empty marker.
    let o = fazhi_lint::output::outline::json_value("r.docx", &c.report, &doc.text);
    let first = &o["sections"][0];
    assert_eq!(first["level"], 1);
    assert_eq!(first["marker"], "");
    assert_eq!(first["heading"], "2023年推进法治政府建设的主要举措和成效");
    assert_eq!(o["sections"][0]["children"][1]["level"], 2);
}

#[test]
fn docx_heading_styles_without_markers_judged_like_typed_markers() {
    let doc = decode_bytes(&fixture("styled-no-markers.docx"), "r.docx").expect("docx");
    assert_eq!(doc.format, Format::Docx);
    let kinds: Vec<BlockKind> = doc.blocks.iter().filter(|b| !b.span.is_empty()).map(|b| b.kind).collect();
    assert_eq!(kinds[0], BlockKind::Title);
    assert_eq!(kinds[2], BlockKind::Heading(1));
    assert_eq!(kinds[3], BlockKind::Heading(2));
    assert_eq!(kinds[4], BlockKind::Paragraph);
    assert_eq!(doc.meta.date.as_deref(), Some("2024-01-15"));
    assert_eq!(doc.meta.date_source, Some("core.xml"));
    assert_same_as_typed(&doc);
    // The same document's plain text: the text alone finds the level-1 headings (they
    // name their parts) but not the unmarked level-2 ones, which only the styles give.
    let plain = check(&doc.text);
    assert_eq!(level1(&plain.report, &doc.text), level1(&check_doc(&doc).report, &doc.text));
    assert!(plain.report.sections[0].children.is_empty());
}

#[test]
fn docx_levels_from_based_on_chain_and_paragraph_outline_level() {
    let doc = decode_bytes(&fixture("inherited-outline.docx"), "r.docx").expect("docx");
    let kinds: Vec<BlockKind> = doc.blocks.iter().filter(|b| !b.span.is_empty()).map(|b| b.kind).collect();
    // No Title style here: the first line is a plain paragraph the parser finds as title.
    assert_eq!(kinds[0], BlockKind::Paragraph);
    assert_eq!(kinds[2], BlockKind::Heading(1));
    assert_eq!(kinds[3], BlockKind::Heading(2));
    assert_same_as_typed(&doc);
}

fn styles_xml(styles: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {}>{styles}</w:styles>"#, input_support::W_NS)
}

#[test]
fn docx_style_ids_names_outline_levels_cells_and_generated_numbering() {
    use input_support::{docx, para};
    // Chinese Word: ids "1"/"2" named "heading 1"/"heading 2"; 标题 3 by name; an id that
    // spells Heading4; a style whose outline level 9 (body text) overrides its parent; a
    // paragraph whose own outline level wins over its style.
    let styles = styles_xml(
        r#"<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 3"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading4"/>
<w:style w:type="paragraph" w:styleId="Body"><w:basedOn w:val="1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>"#,
    );
    let body = [
        para("某局年度报告", r#"<w:pStyle w:val="a5"/>"#),
        para("第一部分", r#"<w:pStyle w:val="1"/>"#),
        para("第二层", r#"<w:pStyle w:val="2"/>"#),
        para("第三层", r#"<w:pStyle w:val="a3"/>"#),
        para("第四层", r#"<w:pStyle w:val="Heading4"/>"#),
        para("正文段落", r#"<w:pStyle w:val="Body"/>"#),
        para("直接大纲级别", r#"<w:pStyle w:val="1"/><w:outlineLvl w:val="1"/>"#),
        para("循环样式", r#"<w:pStyle w:val="Loop1"/>"#),
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_string(),
    ]
    .concat();
    let doc = decode_bytes(&docx(&body, None, Some(&styles)), "s.docx").expect("docx");
    let got: Vec<(BlockKind, &str)> =
        doc.blocks.iter().filter(|b| !b.span.is_empty()).map(|b| (b.kind, b.span.slice(&doc.text))).collect();
    assert_eq!(
        got,
        [
            (BlockKind::Title, "某局年度报告"),
            (BlockKind::Heading(1), "第一部分"),
            (BlockKind::Heading(2), "第二层"),
            (BlockKind::Heading(3), "第三层"),
            (BlockKind::Heading(4), "第四层"),
            (BlockKind::Paragraph, "正文段落"),
            (BlockKind::Heading(2), "直接大纲级别"),
            (BlockKind::Paragraph, "循环样式"),
            (BlockKind::Cell, "单元格"),
        ]
    );
    // No core.xml: no date.
    assert_eq!(doc.meta, DocMeta::default());

    // The style's own numbering (Heading1 → "一、" from numbering.xml): the marker is
    // rendered, counted as generated, and the block is a level-1 heading.
    let auto = decode_bytes(&input_support::docx_auto_numbered(input_support::REPORT), "a.docx").expect("docx");
    let h = auto.blocks.iter().find(|b| b.kind == BlockKind::Heading(1)).expect("a styled heading");
    assert!(h.span.slice(&auto.text).starts_with("一、"), "{}", h.span.slice(&auto.text));
    assert_eq!(h.generated as usize, "一、".len());
    let sub = auto.blocks.iter().find(|b| b.span.slice(&auto.text).starts_with("（一）")).expect("level 2");
    assert_eq!((sub.kind, sub.generated as usize), (BlockKind::Paragraph, "（一）".len()));
    // Typed (here rendered) markers win over the style: same judgement as the plain text.
    let c = check_doc(&auto);
    assert_eq!(flags(&c), flags(&check(input_support::REPORT)));
    assert_eq!(c.report.level1().next().map(|s| s.marker.style), Some(MarkerStyle::CnDun));
}

/// Blocks the way a PDF reader gives them: short lines as heading candidates of unknown
/// level, the rest paragraphs.
fn pdf_like(lines: &[(&str, bool)]) -> Document {
    let mut b = DocBuilder::new();
    for (text, candidate) in lines {
        b.push(if *candidate { BlockKind::Heading(0) } else { BlockKind::Paragraph }, text, Some(1), 0);
    }
    b.finish(Format::Pdf, "UTF-8", DocMeta::default())
}

#[test]
fn heading_candidates_of_unknown_level_decided_by_the_text() {
    let doc = pdf_like(&[
        ("东山区司法局2023年度法治政府建设工作报告", true),
        ("今年以来，我局深入学习贯彻习近平法治思想，现将情况报告如下。", false),
        ("主要工作成效", true),
        ("全年审查规范性文件十二件，办理行政复议案件三十件。", false),
        ("存在的问题", true),
        ("执法力量不足，原因在于编制有限。", false),
        ("第一责任人履职情况", true),
        ("局长带头履行推进法治建设第一责任人职责，专题研究法治工作三次。", false),
        ("下一步工作打算", true),
        ("继续完善制度建设。", false),
        // A short bold line inside a part that names nothing: stays a paragraph.
        ("典型案例", true),
        ("某案件经复议后依法撤销。", false),
    ]);
    let c = check_doc(&doc);
    assert_eq!(level1(&c.report, &doc.text), ["主要工作成效", "存在的问题", "第一责任人履职情况", "下一步工作打算"]);
    assert_eq!(flags(&c), [true; 6]);
    assert!(c.elements.get("lead_responsibility").unwrap().standalone);
}

/// Issue 16, shape 1: level-1 headings as short lines of their own, each followed by
/// level-2 headings.
const UNMARKED: &str = "\
西岭镇人民政府2023年度法治政府建设情况报告
2023年，我镇坚持以习近平法治思想为指导，现将有关情况报告如下。
工作成效
（一）完善依法决策机制
全年重大事项均经合法性审查，共审查合同二十份。
（二）加强执法监督
开展执法检查六次，纠正不规范行为九起。
问题与不足
（一）执法队伍力量薄弱
执法人员数量不足，主要原因是编制紧张。
第一责任人履职
（一）带头学法用法
镇党委书记主持专题学法四次。
明年工作打算
（一）加强队伍建设
组织执法培训不少于三次。
";

#[test]
fn unmarked_level1_headings_from_the_text_alone() {
    let c = check(UNMARKED);
    assert_eq!(level1(&c.report, UNMARKED), ["工作成效", "问题与不足", "第一责任人履职", "明年工作打算"]);
    assert_eq!(flags(&c), [true; 6]);
    assert!(c.elements.get("lead_responsibility").unwrap().standalone);
    assert!(c.report.level1().all(|s| s.marker.style == MarkerStyle::None && !s.children.is_empty()));
    let o = fazhi_lint::output::outline::json_value("u.txt", &c.report, UNMARKED);
    assert_eq!(o["sections"].as_array().map(Vec::len), Some(4));
    assert_eq!(o["sections"][1]["marker"], "");
    assert_eq!(o["sections"][1]["level"], 1);
    assert_eq!(o["sections"][1]["number"], 2);
    let tree = fazhi_lint::output::outline::tree("u.txt", &c.report, UNMARKED);
    assert!(tree.contains("\n问题与不足　（第 8 行）\n  （一）执法队伍力量薄弱"), "{tree}");
}

#[test]
fn unmarked_headings_mirrors_traditional_ascii_and_web_furniture() {
    // Traditional characters.
    let trad = "\
西嶺鎮人民政府2023年度法治政府建設情況報告
2023年，我鎮堅持以習近平法治思想為指導，現將有關情況報告如下。
工作成效
（一）完善依法決策機制
全年重大事項均經合法性審查。
問題與不足
（一）執法隊伍力量薄弱
執法人員數量不足，主要原因是編制緊張。
第一責任人履職
（一）帶頭學法用法
鎮黨委書記主持專題學法四次。
明年工作打算
（一）加強隊伍建設
組織執法培訓不少於三次。
";
    let c = check(trad);
    assert_eq!(level1(&c.report, trad), ["工作成效", "問題與不足", "第一責任人履職", "明年工作打算"]);
    assert_eq!(flags(&c), [true; 6]);
    // ASCII punctuation and half-width brackets.
    let ascii = UNMARKED.replace('，', ",").replace('。', ".").replace('（', "(").replace('）', ")");
    let c = check(&ascii);
    assert_eq!(level1(&c.report, &ascii), ["工作成效", "问题与不足", "第一责任人履职", "明年工作打算"]);
    assert_eq!(flags(&c)[..2], [true, true]);
    assert_eq!(flags(&c)[3..5], [true, true]);
    // A web copy: furniture above the title, blank lines between blocks, CRLF.
    let web = format!(
        "首页 > 政务公开 > 法治政府\r\n发布时间：2024-01-20\r\n字体：大 中 小\r\n\r\n{}",
        UNMARKED.replace('\n', "\r\n\r\n")
    );
    let c = check(&web);
    assert_eq!(level1(&c.report, &web), ["工作成效", "问题与不足", "第一责任人履职", "明年工作打算"]);
    assert_eq!(flags(&c), [true; 6]);
}

#[test]
fn short_paragraph_lines_stay_paragraphs() {
    // A typed report with a short line of running text: nothing changes.
    let typed = "\
某局2023年度法治政府建设情况报告
一、主要举措和成效
全年审查文件十件。
全年未发生行政诉讼败诉案件
二、存在的不足
执法力量不足，原因是编制紧张。
";
    let c = check(typed);
    assert_eq!(level1(&c.report, typed), ["主要举措和成效", "存在的不足"]);
    assert_eq!(c.report.sections[0].paragraphs.len(), 2);
    // An unmarked report: one short line naming nothing and followed by text stays text;
    // a short line after a sentence that does not end (a wrapped line) stays text.
    let unmarked = UNMARKED.replace(
        "全年重大事项均经合法性审查，共审查合同二十份。",
        "全年重大事项均经合法性审查\n行政复议纠错率明显下降\n共审查合同二十份。",
    );
    let c = check(&unmarked);
    assert_eq!(level1(&c.report, &unmarked), ["工作成效", "问题与不足", "第一责任人履职", "明年工作打算"]);
    // Only one short line that names a part: not enough to call it a heading.
    let one = "\
某局2023年度法治政府建设情况报告
今年我局依法行政工作取得进展。
存在问题
个别执法人员业务不熟。
特此报告。
";
    let c = check(one);
    assert_eq!(c.report.level1().count(), 0);
}

/// Issue 16, shape 2: a whole report in three lines.
const LOST: &str = "\
北塘区信访局2023年度法治政府建设情况报告
2023年，我局深入学习贯彻习近平法治思想，现报告如下：一、重点工作推进情况（一）完善制度建设。修订信访事项办理规程，全年受理信访事项三百件，按期办结率百分之九十九。（二）规范执法程序。推行信访事项简易办理，群众满意率持续提升。二、短板和不足当前，我局在法治队伍建设方面仍有差距，究其原因，主要是培训不够系统。三、主要负责人履职情况局主要负责人认真履行推进法治建设第一责任人职责，主持专题会议三次。四、下一年度工作安排继续深化信访法治化建设，加强队伍培训。
北塘区信访局
2024年1月10日
";

#[test]
fn lost_line_breaks_level1_and_level2_inside_long_lines() {
    let c = check(LOST);
    assert_eq!(level1(&c.report, LOST), ["重点工作推进情况", "短板和不足", "主要负责人履职情况", "下一年度工作安排"]);
    assert_eq!(flags(&c), [true; 6]);
    assert!(c.elements.get("lead_responsibility").unwrap().standalone);
    let subs: Vec<&str> = c.report.sections[0].children.iter().map(|s| s.heading.slice(LOST)).collect();
    assert_eq!(subs, ["完善制度建设", "规范执法程序"]);
    // The text after a heading cut where its wording ends stays the part's paragraph.
    let p = c.report.sections[1].paragraphs[0].span.slice(LOST);
    assert!(p.starts_with("当前，我局"), "{p}");
    assert!(c.report.sign_off.is_some());
}

#[test]
fn lost_line_breaks_mirrors() {
    // Traditional characters.
    let trad = fazhi_lint::normalize::to_simplified(LOST).into_owned();
    assert_eq!(level1(&check(&trad).report, &trad).len(), 4);
    let t = LOST.replace("规", "規").replace("负责", "負責").replace("题", "題");
    let c = check(&t);
    assert_eq!(level1(&c.report, &t), ["重点工作推进情况", "短板和不足", "主要負責人履职情况", "下一年度工作安排"]);
    // ASCII punctuation: "(一)" and ASCII commas; the sentence ends stay full-width.
    let ascii = LOST.replace('（', "(").replace('）', ")").replace('，', ",").replace('：', ":");
    let c = check(&ascii);
    assert_eq!(level1(&c.report, &ascii).len(), 4);
    assert_eq!(c.report.sections[0].children.len(), 2);
    assert_eq!(flags(&c), [true; 6]);
    // A web copy: furniture and the title on the same long line as the text.
    let web = format!("某某网—资料每日更新www.example.com{}", LOST.replacen('\n', "", 1));
    let c = check(&web);
    assert_eq!(level1(&c.report, &web).len(), 4);
}

#[test]
fn a_list_quoted_in_a_sentence_is_not_a_heading() {
    // Topic-organised report (no 一、 at line starts); a paragraph quotes a numbered list
    // after a colon and in running text.
    let t = "\
某局2023年度法治政府建设情况报告
（一）加强组织领导
会议提出：一、加强统筹；二、压实责任；三、强化督查。落实一、二、三项要求，按期完成。
（二）存在的问题
执法力量不足，原因是编制紧张。
";
    let c = check(t);
    // （一） is the outermost family in use: level 1 (issue 24); no 一、 was cut from the text.
    assert!(c.report.level1().all(|s| s.marker.style == MarkerStyle::CnParenFull));
    let tops: Vec<&str> = c.report.top_level().map(|s| s.heading.slice(t)).collect();
    assert_eq!(tops, ["加强组织领导", "存在的问题"]);
    // A typed report whose paragraph has "。二、" inside: line-start headings rule.
    let typed = "\
某局2023年度法治政府建设情况报告
一、主要举措和成效
全年审查文件十件。二、三季度开展专项检查两次，覆盖全部科室和下属单位的执法岗位人员共计五十人次。
二、存在的不足
执法力量不足。
";
    let c = check(typed);
    assert_eq!(level1(&c.report, typed), ["主要举措和成效", "存在的不足"]);
}

/// Issue 16, shape 3: plan and problem cue words inside the achievements.
const WRONG_PLACE: &str = "\
南湖街道办事处2023年度法治政府建设情况报告
2023年，街道深入学习贯彻习近平法治思想，依法行政水平不断提高。
一、法治政府建设主要举措
（一）推进年度普法工作计划实施
全年开展普法活动二十场，覆盖群众五千人次。
（二）认真落实巡察反馈问题整改
对巡察反馈的五个问题逐项整改，全部按期完成。
（三）完成下半年工作计划
按期完成各项任务。
二、党政主要负责人履行推进法治建设第一责任人职责情况
街道主要负责人主持专题会议四次。
";

#[test]
fn cue_words_in_the_wrong_place_are_not_the_part() {
    let c = check(WRONG_PLACE);
    assert!(!c.elements.present("next_year_plan"), "{:?}", c.elements.get("next_year_plan"));
    assert!(!c.elements.present("problems"), "{:?}", c.elements.get("problems"));
    let fired: Vec<&str> = c.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(fired.contains(&"missing-next-year-plan") || fired.iter().any(|r| r.contains("plan")), "{fired:?}");
    // Mirrors: the same headings as level-1 parts of a topic report are not the parts either.
    let l1 = "\
某局2023年度法治政府建设情况报告
一、推进年度普法计划实施
全年开展普法活动二十场。
二、认真落实巡察反馈问题整改
逐项整改，全部完成。
三、完成年度工作计划
按期完成各项任务。
";
    let c = check(l1);
    assert!(!c.elements.present("next_year_plan"));
    assert!(!c.elements.present("problems"));
}

#[test]
fn cue_words_in_their_place_still_count() {
    // The neighbours: the plan part in its place, worded with a done word but looking
    // ahead; problems named with 存在 beside 整改; a plan sub-part inside the last part.
    let t = "\
某局2023年度法治政府建设情况报告
一、主要举措和成效
（一）推进年度普法计划实施
全年开展普法活动二十场。
二、存在问题及整改措施
执法力量不足，原因是编制紧张。
三、下一步推进落实计划
（一）完善制度
继续完善制度。
";
    let c = check(t);
    assert!(c.elements.present("problems"));
    assert!(c.elements.present("next_year_plan"));
    assert!(c.elements.get("next_year_plan").unwrap().standalone);
    let embedded = "\
某局2023年度法治政府建设情况报告
一、主要举措和成效
全年开展普法活动二十场。
二、存在的不足及原因
（一）存在的不足
执法力量不足，原因是编制紧张。
（二）2024年工作计划
继续完善制度。
";
    let c = check(embedded);
    assert!(c.elements.present("next_year_plan"));
    assert!(!c.elements.get("next_year_plan").unwrap().standalone);
}

#[test]
fn junk_before_a_marker_does_not_hide_the_heading() {
    let t = "\
某局2023年度法治政府建设情况报告
??一、主要举措和成效
??（一）完善制度
全年审查文件十件。
？？二、存在的不足
执法力量不足，原因是编制紧张。
\u{FFFD}\u{FFFD}三、2024年工作打算
继续完善制度。
";
    let c = check(t);
    assert_eq!(level1(&c.report, t), ["主要举措和成效", "存在的不足", "2024年工作打算"]);
    assert_eq!(c.report.sections[0].children.len(), 1);
    assert!(c.elements.present("problems") && c.elements.present("next_year_plan"));
    // Question marks that are text stay text.
    let q = "某局2023年度法治政府建设情况报告\n一、主要举措和成效\n??是否完成任务？已经完成。\n";
    let c = check(q);
    assert_eq!(c.report.sections[0].children.len(), 0);
    assert_eq!(c.report.sections[0].paragraphs.len(), 1);
}

#[test]
fn a_report_cut_short_keeps_its_one_inline_heading_only_with_level2_under_it() {
    // One long line, one part: the heading runs straight into （一）.
    let t = "某局2023年度法治政府建设情况报告现报告如下：一、推进法治政府建设的主要举措和成效（一）完善制度建设。修订规范性文件三件，清理文件五件，全年审查合同二十份，纠正问题条款八处。（二）规范执法。开展执法检查六次。\n";
    let c = check(t);
    assert_eq!(level1(&c.report, t), ["推进法治政府建设的主要举措和成效"]);
    assert_eq!(c.report.sections[0].children.len(), 2);
    assert!(c.elements.present("achievements"));
    // The same shape without a level-2 heading after it: a list item quoted after a colon.
    let q = "某局2023年度法治政府建设情况报告会议要求：一、加强统筹协调，把法治建设放在全局工作中谋划推进，确保各项任务落到实处，形成工作合力，推动全局工作。\n";
    assert_eq!(check(q).report.level1().count(), 0);
    // One unmarked line that names a part and has level-2 headings under it.
    let u = "某局2023年度法治政府建设情况报告\n主要举措和成效\n（一）完善制度\n修订文件三件。\n（二）规范执法\n开展检查六次。\n";
    let c = check(u);
    assert_eq!(level1(&c.report, u), ["主要举措和成效"]);
}

#[test]
fn an_unmarked_run_in_heading_beside_unmarked_headings() {
    // A Word heading numbered automatically and saved without its number, run into its
    // text ("存在的不足。一是……"), between unmarked headings of their own lines.
    let t = "\
某局2023年度法治政府建设情况报告
主要举措和成效
（一）完善制度
修订文件三件。
存在的不足。一是执法力量薄弱；二是培训不够，原因是经费有限。
下一步工作打算
（一）加强培训
组织培训两次。
";
    let c = check(t);
    assert_eq!(level1(&c.report, t), ["主要举措和成效", "存在的不足", "下一步工作打算"]);
    assert!(c.report.sections[1].run_in);
    assert!(c.elements.present("problems") && c.elements.present("problem_causes"));
    // Without unmarked headings around it, the same sentence stays a paragraph.
    let alone = "某局2023年度法治政府建设情况报告\n一是修订文件三件。\n存在的不足。一是执法力量薄弱。\n";
    assert_eq!(check(alone).report.level1().count(), 0);
}

#[test]
fn docx_title_styled_as_heading_1_is_the_title() {
    use input_support::{docx, para};
    let styles =
        styles_xml(r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>"#);
    let h = r#"<w:pStyle w:val="Heading1"/>"#;
    let body = [
        para("某局2023年度法治政府建设情况报告", h),
        para("主要举措和成效", h),
        para("全年审查文件十件，学习习近平法治思想。", ""),
        para("存在的不足", h),
        para("执法力量不足，原因是编制紧张。", ""),
    ]
    .concat();
    let doc = decode_bytes(&docx(&body, None, Some(&styles)), "t.docx").expect("docx");
    let c = check_doc(&doc);
    assert_eq!(c.report.title.as_ref().map(|t| t.text.as_str()), Some("某局2023年度法治政府建设情况报告"));
    assert_eq!(level1(&c.report, &doc.text), ["主要举措和成效", "存在的不足"]);
    assert!(c.elements.present("problem_causes"));
}

#[test]
fn unmarked_headings_with_spaces_typed_inside_still_name_their_part() {
    // Unmarked part headings, the last one (其他事项) typed with spaces inside it; and
    // its neighbour: the same words inside a sentence stay a paragraph.
    let text = "\
临水县农业农村局2023年法治政府建设年度报告

工作 成效

全年制定规范性文件2件，均经合法性审查。

存在 问题

执法人员专业能力不足，原因是培训不够。

明年 工作 打算

一是加强执法培训；二是完善决策程序。

其他 事 项

无其他需要报告的事项。

临水县农业农村局
2024年2月20日
";
    let c = check(text);
    let got: Vec<String> = level1(&c.report, text).iter().map(|h| h.split_whitespace().collect()).collect();
    assert_eq!(got, ["工作成效", "存在问题", "明年工作打算", "其他事项"], "{:?}", level1(&c.report, text));
    assert!(c.elements.present("next_year_plan"));
    // The plan part ends where 其他事项 starts: its sentence is not a plan item.
    assert!(c.follow.of_kind(fazhi_lint::follow::ItemKind::Plan).all(|(_, it)| !it.span.slice(text).contains("其他")));
}

/// Blocks of a given kind each, on one page (a PDF reader's or a Word file's blocks).
fn blocks_doc(format: Format, lines: &[(BlockKind, &str)]) -> Document {
    let mut b = DocBuilder::new();
    for (kind, text) in lines {
        b.push(*kind, text, format.is_paged().then_some(1), 0);
    }
    b.finish(format, "UTF-8", DocMeta::default())
}

/// A title styled on its first line only, its second line in the body style (typed after
/// the styled one), is the whole title, as in the plain text; so is the report's name
/// under a unit styled as the title. The completing line is no heading naming a part.
#[test]
fn a_styled_title_completed_by_the_plain_line_under_it() {
    let body = [
        (BlockKind::Paragraph, "一年来，我局认真落实法治政府建设的部署要求，取得了积极成效。现将有关情况报告如下："),
        (BlockKind::Paragraph, "一、法治政府建设总体情况"),
        (BlockKind::Paragraph, "全年审查规范性文件十二件，办理行政复议案件三十件。"),
        (BlockKind::Paragraph, "二、存在的主要问题"),
        (BlockKind::Paragraph, "执法力量不足，原因在于编制有限。"),
        (BlockKind::Paragraph, "三、明年工作思路"),
        (BlockKind::Paragraph, "继续完善制度建设。"),
    ];
    let text: String = ["东山市统计局关于2023年度", "法治政府建设情况的报告"]
        .iter()
        .copied()
        .chain(body.iter().map(|b| b.1))
        .collect::<Vec<_>>()
        .join("\n");
    let plain = check(&text);
    for (first, second, title) in [
        ("东山市统计局关于2023年度", "法治政府建设情况的报告", "东山市统计局关于2023年度法治政府建设情况的报告"),
        (
            "东山市统计局",
            "东山市统计局2023年法治政府建设工作报告",
            "东山市统计局东山市统计局2023年法治政府建设工作报告",
        ),
    ] {
        for format in [Format::Pdf, Format::Docx] {
            let mut lines = vec![(BlockKind::Title, first), (BlockKind::Paragraph, second)];
            lines.extend(body);
            let doc = blocks_doc(format, &lines);
            let c = check_doc(&doc);
            assert_eq!(c.report.title.as_ref().map(|t| t.text.as_str()), Some(title), "{format:?}");
            assert_eq!(level1(&c.report, &doc.text), level1(&plain.report, &text), "{format:?}");
            assert_eq!(flags(&c), flags(&plain), "{format:?}");
        }
    }
    // A styled title that reads as one keeps the line under it out, and so does a title
    // whose next line is running text.
    for (first, second) in [
        ("东山市统计局2023年法治政府建设工作报告", "（2023年度）"),
        ("东山市统计局关于2023年度", "全年审查规范性文件十二件。"),
    ] {
        let mut lines = vec![(BlockKind::Title, first), (BlockKind::Paragraph, second)];
        lines.extend(body);
        let c = check_doc(&blocks_doc(Format::Pdf, &lines));
        assert_eq!(c.report.title.as_ref().map(|t| t.text.as_str()), Some(first));
    }
}

/// A PDF or Word file made from a copy of another document's pages holds that copy's page
/// number and running header inside its text ("- 1 -" over the report's name): both are
/// furniture, as in the plain text, and the header is no heading naming a part. The same
/// title-like line without a page number beside it is left alone.
#[test]
fn a_page_number_pasted_into_the_text_takes_the_running_header_with_it() {
    let lines = [
        (BlockKind::Title, "永宁县统计局2023年法治政府建设情况报告"),
        (BlockKind::Paragraph, "一年来，我局认真落实法治政府建设的部署要求，取得了积极成效。现将有关情况报告如下："),
        (BlockKind::Paragraph, "１．法治政府建设总体情况"),
        (BlockKind::Paragraph, "全年审查规范性文件十二件，办理行政复议案件三十件。"),
        (BlockKind::Paragraph, "２．当前存在的主要问题"),
        (BlockKind::Paragraph, "（一）执法监督覆盖面不够广"),
        (BlockKind::Paragraph, "出庭应诉案件三十件，行政机关负责人出庭率保持百分之百。"),
        (BlockKind::Paragraph, "- 1 -"),
        (BlockKind::Paragraph, "永宁县统计局法治政府建设情况报告"),
        (BlockKind::Paragraph, "（二）综合执法协调机制还不顺畅"),
        (BlockKind::Paragraph, "分析起来，根源在于考核激励机制不健全。"),
        (BlockKind::Paragraph, "３．明年工作思路"),
        (BlockKind::Paragraph, "（一）加快数字政府建设。对三个重大项目开展社会稳定风险评估。"),
    ];
    let doc = blocks_doc(Format::Pdf, &lines);
    let c = check_doc(&doc);
    let text: String = lines.iter().map(|l| l.1).collect::<Vec<_>>().join("\n");
    let plain = check(&text);
    let want = ["法治政府建设总体情况", "当前存在的主要问题", "明年工作思路"];
    assert_eq!(level1(&c.report, &doc.text), want);
    assert_eq!(level1(&plain.report, &text), want);
    assert_eq!(flags(&c), flags(&plain));
    assert!(c.report.furniture.iter().any(|s| s.slice(&doc.text) == "永宁县统计局法治政府建设情况报告"));
    // Without the page number the line stays (a Word file may repeat its title).
    let mut kept = lines.to_vec();
    kept.remove(7);
    let doc = blocks_doc(Format::Pdf, &kept);
    let c = check_doc(&doc);
    assert!(!c.report.furniture.iter().any(|s| s.slice(&doc.text) == "永宁县统计局法治政府建设情况报告"));
}

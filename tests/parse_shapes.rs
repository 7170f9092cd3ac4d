//! The shapes real reports take, on synthetic reports: titles split over lines or
//! behind page furniture, run-in headings, mixed bracket widths, CRLF, full-width
//! indentation, traditional characters, lost line breaks, topic-organised reports.

use fazhi_lint::parse::{parse, MarkerStyle, Report};
use fazhi_lint::{check_text, Checked, RuleSet, Settings};
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static R: OnceLock<RuleSet> = OnceLock::new();
    R.get_or_init(|| RuleSet::embedded().expect("embedded rules"))
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/core/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn check(text: &str) -> Checked {
    check_text(text, rules(), &Settings::default())
}

fn level1(r: &Report, text: &str) -> Vec<String> {
    r.level1().map(|s| s.heading.slice(text).to_string()).collect()
}

/// The six flags in contract order.
fn flags(c: &Checked) -> [bool; 6] {
    fazhi_lint::ELEMENT_KEYS.map(|k| c.elements.present(k))
}

/// The required-part findings (these tests are about structure; other rules have their own tests).
fn rules_fired(c: &Checked) -> Vec<&str> {
    let mut v: Vec<&str> = c
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .filter(|r| r.starts_with("missing-") || *r == "lead-responsibility-not-standalone")
        .collect();
    v.sort();
    v
}

#[test]
fn standard_report_has_every_part_and_four_levels() {
    let t = fixture("standard.txt");
    let c = check(&t);
    assert_eq!(c.report.title.as_ref().unwrap().text, "白河县司法局关于2022年度法治政府建设情况的报告");
    assert_eq!(c.report.unit.as_deref(), Some("白河县司法局"));
    assert_eq!(c.report.year, Some(2022));
    assert_eq!(flags(&c), [true; 6]);
    assert!(c.elements.get("lead_responsibility").unwrap().standalone);
    assert!(c.findings.is_empty(), "{:?}", rules_fired(&c));
    let s1 = &c.report.sections[0];
    let s2 = &s1.children[0];
    let s3 = &s2.children[0];
    let s4 = &s3.children[0];
    assert_eq!((s1.level, s2.level, s3.level, s4.level), (1, 2, 3, 4));
    assert_eq!(s4.marker.style, MarkerStyle::ArParenFull);
    assert_eq!(s4.heading.slice(&t), "规范合法性审查");
    assert!(s4.run_in);
    let so = c.report.sign_off.as_ref().expect("sign-off");
    assert_eq!(so.date.unwrap().slice(&t), "2023年2月10日");
    assert_eq!(so.unit.unwrap().slice(&t), "白河县司法局");
    // The sign-off is not part of the last section.
    assert!(c.report.sections[3].span.end <= so.span.start);
    // 一是…二是… items are recorded on the paragraph.
    let p = &c.report.sections[1].paragraphs[0];
    assert_eq!(p.items.len(), 2);
    assert!(p.items[1].slice(&t).starts_with("二是普法形式"));
}

#[test]
fn title_split_over_two_lines_after_blank_lines() {
    let t = fixture("split-title.txt");
    let c = check(&t);
    assert_eq!(c.report.title.as_ref().unwrap().text, "红叶市信访局2021年度法治政府建设工作报告");
    assert_eq!(c.report.title.as_ref().unwrap().lines.len(), 2);
    assert_eq!(c.report.year, Some(2021));
    assert_eq!(level1(&c.report, &t), ["主要举措和成效", "存在的问题", "下步工作计划"]);
    assert_eq!(flags(&c), [true, true, false, false, true, true]);
    assert_eq!(rules_fired(&c), ["missing-lead-responsibility", "missing-problem-causes"]);
}

#[test]
fn unit_line_above_title_crlf_run_in_and_full_width_indentation() {
    let t = fixture("run-in-crlf.txt");
    assert!(t.contains("\r\n"));
    let c = check(&t);
    assert_eq!(c.report.title.as_ref().unwrap().text, "绿洲区应急管理局2024年度法治政府建设工作报告");
    assert_eq!(c.report.unit.as_deref(), Some("绿洲区应急管理局"));
    assert_eq!(level1(&c.report, &t), ["工作开展情况", "存在的不足", "下一步工作打算"]);
    let problems = &c.report.sections[1];
    assert!(problems.run_in);
    assert_eq!(problems.paragraphs[0].items.len(), 2);
    // Mixed bracket widths at level 2 are both level 2, with their styles kept.
    let kids = &c.report.sections[0].children;
    assert_eq!(kids.len(), 2);
    assert_eq!(kids[0].marker.style, MarkerStyle::CnParenHalf);
    assert_eq!(kids[1].marker.style, MarkerStyle::CnParenFull);
    // Lead responsibility only embedded.
    let lead = c.elements.get("lead_responsibility").unwrap();
    assert!(lead.present && !lead.standalone);
    assert_eq!(rules_fired(&c), ["lead-responsibility-not-standalone"]);
    // Lines are counted with CRLF as one break.
    assert_eq!(c.report.sections[1].line + 1, 8);
}

#[test]
fn web_page_furniture_repeated_title_and_lead_part_first() {
    let t = fixture("web-page.txt");
    let c = check(&t);
    assert_eq!(c.report.title.as_ref().unwrap().text, "远山县人民政府2022年度法治政府建设情况报告");
    assert!(c.report.front_matter.is_some());
    assert_eq!(c.report.preamble.len(), 1, "furniture and the repeated title are not preamble");
    assert_eq!(c.report.year, Some(2022));
    assert_eq!(flags(&c), [true, false, false, true, false, true]);
    assert!(c.elements.get("lead_responsibility").unwrap().standalone);
    // Half-width (一) from a web copy is still level 2.
    assert_eq!(c.report.sections[1].children[0].level, 2);
}

#[test]
fn traditional_characters_are_matched_but_book_titles_are_not_reports() {
    let t = fixture("traditional.txt");
    let c = check(&t);
    assert_eq!(c.report.year, Some(2021));
    // 習近平法治思想 counts; 《黨政主要負責人…規定》 as study material does not.
    assert_eq!(flags(&c), [true, false, false, false, false, true]);
    // Headings are reported as written.
    assert_eq!(
        c.elements.get("achievements").unwrap().heading.as_deref(),
        Some("2021年推進法治政府建設的主要舉措和成效")
    );
}

#[test]
fn lost_line_breaks_title_and_inline_level1_headings() {
    let t = fixture("lost-breaks.txt");
    let c = check(&t);
    assert!(c.report.title.as_ref().unwrap().text.ends_with("平原省人民政府关于2023年度法治政府建设情况的报告"));
    assert_eq!(c.report.unit.as_deref(), Some("平原省人民政府"));
    assert_eq!(c.report.year, Some(2023));
    assert_eq!(
        level1(&c.report, &t),
        ["坚持党的领导,扛牢法治政府建设政治责任", "依法全面履行政府职能", "存在的问题", "2024年工作安排"]
    );
    assert_eq!(flags(&c), [true, true, true, true, true, true]);
}

#[test]
fn topic_organised_report_with_run_in_level1_headings() {
    let t = fixture("topical.txt");
    let c = check(&t);
    assert_eq!(level1(&c.report, &t).len(), 6);
    assert_eq!(flags(&c), [true; 6]);
    assert_eq!(c.elements.get("achievements").unwrap().heading.as_deref(), Some("依法全面履行政府职能"));
    assert_eq!(c.elements.get("next_year_plan").unwrap().heading.as_deref(), Some("2022年工作安排"));
    assert!(rules_fired(&c).is_empty(), "{:?}", rules_fired(&c));
}

#[test]
fn combined_problems_and_plan_heading_claims_both() {
    let t = fixture("combined.txt");
    let c = check(&t);
    assert_eq!(flags(&c), [true, true, false, true, true, true]);
    let p = c.elements.get("problems").unwrap();
    let n = c.elements.get("next_year_plan").unwrap();
    assert_eq!(p.span, n.span);
}

#[test]
fn no_title_year_from_preamble_and_pre_2020_report() {
    let t = fixture("no-title.txt");
    let c = check(&t);
    assert!(c.report.title.is_none());
    assert_eq!(c.report.year, Some(2019), "the 2015—2020 range is not the reported year");
    // 习近平法治思想 is not expected before 2020.
    assert!(!rules_fired(&c).contains(&"missing-xi-thought-study"));
    assert!(rules_fired(&c).contains(&"missing-problems"));
}

#[test]
fn numbers_beyond_twenty_and_numbers_that_are_not_markers() {
    let mut t = String::from("某局2022年度法治政府建设情况报告\n");
    for n in 1..=23 {
        t.push_str(&format!(
            "{}、第{n}部分\n1.5亿元资金到位。\n2022年完成任务。\n",
            fazhi_lint::parse::numbering::u32_to_cn(n)
        ));
    }
    let r = parse(&t, &rules().document);
    let nums: Vec<u32> = r.level1().map(|s| s.marker.number).collect();
    assert_eq!(nums, (1..=23).collect::<Vec<_>>());
    assert!(r.all_sections().iter().all(|s| s.level == 1), "1.5亿 and 2022年 are not headings");
}

#[test]
fn worse_inputs_do_not_panic_and_spans_stay_in_bounds() {
    let mut cases: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        "一、".into(),
        "（一）\n（\n(一\n一、。。。\n1.\n（1）".into(),
        "报告".into(),
        "法治政府\n报告".into(),
        "\u{FEFF}一、主要举措\r\r二、存在问题\r".into(),
        "[bookmark: _GoBack][bookmark: x]（六）化解。".into(),
        "。一、。二、。三、".into(),
        "2025年12月31日".into(),
        "x".repeat(100_000),
        "一是二是三是四是五是六是七是八是九是十是".repeat(50),
    ];
    cases.push("一、\n".repeat(10_000));
    cases.push("（一）标题\n".repeat(3000) + &"1、".repeat(3000));
    for t in &cases {
        let c = check(t);
        for s in c.report.all_sections() {
            for span in [s.span, s.heading, s.marker.span] {
                assert!(span.start <= span.end && span.end <= t.len(), "{span:?}");
                assert!(t.is_char_boundary(span.start) && t.is_char_boundary(span.end));
            }
        }
        for f in &c.findings {
            assert!(f.span.end <= t.len() && t.is_char_boundary(f.span.start) && t.is_char_boundary(f.span.end));
        }
    }
    let r = parse(&cases[cases.len() - 2], &rules().document);
    assert_eq!(r.level1().count(), 10_000);
}

#[test]
fn report_numbered_only_with_arabic_parts_uses_its_top_level() {
    let t = "2023年度法治政府建设情况报告\n2023年，我局深入学习贯彻习近平法治思想。\n1.主要举措和成效\n全年办理案件20件，局主要负责人履行推进法治建设第一责任人职责。\n2.存在的不足\n宣传不够，原因是人员少。\n3.下一步工作打算\n加强培训。\n青禾区农业农村局\n2024年1月15日\n";
    let c = check(t);
    // The outermost family in use is level 1 (issue 24): 1. here.
    assert_eq!(c.report.level1().count(), 3);
    assert_eq!(c.report.top_level().count(), 3);
    assert_eq!(flags(&c), [true; 6]);
    assert_eq!(c.report.unit.as_deref(), Some("青禾区农业农村局"), "unit from the sign-off when the title has none");
}

#[test]
fn three_line_title_and_marker_alone_on_its_line() {
    let t = "中共松林县委\n松林县人民政府\n关于2022年法治政府建设情况的报告\n\n2022年，全县深入学习贯彻习近平法治思想。\n一、\n主要举措和成效\n全年办理案件20件。\n二、\n存在的不足和原因\n人员不足，原因是编制少。\n";
    let c = check(t);
    let title = c.report.title.as_ref().unwrap();
    assert_eq!(title.lines.len(), 3);
    assert_eq!(title.text, "中共松林县委松林县人民政府关于2022年法治政府建设情况的报告");
    assert_eq!(level1(&c.report, t), ["主要举措和成效", "存在的不足和原因"]);
    assert_eq!(c.report.sections[0].paragraphs.len(), 1);
    assert!(c.elements.present("problem_causes"));
}

#[test]
fn action_phrases_in_topic_headings_are_not_the_problems_part() {
    let t = "某县人民政府2022年度法治政府建设情况报告\n2022年，全县深入学习贯彻习近平法治思想。\n一、补齐短板，提升基层法治水平\n新建法治阵地12个。\n二、坚持问题导向，化解矛盾纠纷\n调解纠纷300起。\n";
    let c = check(t);
    assert!(!c.elements.present("problems"));
    assert_eq!(c.elements.get("achievements").unwrap().heading.as_deref(), Some("补齐短板，提升基层法治水平"));
}

#[test]
fn inline_heading_without_punctuation_before_its_text() {
    // Line breaks lost: the heading runs straight into its first sentence.
    let t = "某省人民政府关于2023年度法治政府建设情况的报告2023年,省政府深入学习贯彻习近平法治思想。一、加强党的领导,扛牢法治政府建设政治责任坚持“学习在先”,以法治思想引领法治政府建设。一是深化学习。二、存在的问题。基层力量薄弱。";
    let c = check(t);
    assert_eq!(level1(&c.report, t), ["加强党的领导,扛牢法治政府建设政治责任", "存在的问题"]);
    assert!(c.report.sections[0].paragraphs[0].span.slice(t).starts_with("坚持“学习在先”"));
    // The same words at a line start keep the whole heading up to the 。.
    let t2 = "某县2023年度法治政府建设情况报告\n一、加强党的领导,扛牢责任坚持学习。正文。\n";
    let c2 = check(t2);
    assert_eq!(level1(&c2.report, t2), ["加强党的领导,扛牢责任坚持学习"]);
}

#[test]
fn work_summary_titles_and_breadcrumbs() {
    let t = "您当前的位置：首页 > 政务公开 > 法治政府建设年报\n\n柳岸县水利局2022年法治政府建设工作总结\n2022年，我局深入学习贯彻习近平法治思想。\n一 、主要工作\n全年办理案件5件。\n";
    let c = check(t);
    assert_eq!(c.report.title.as_ref().unwrap().text, "柳岸县水利局2022年法治政府建设工作总结");
    assert_eq!(c.report.unit.as_deref(), Some("柳岸县水利局"));
    assert_eq!(level1(&c.report, t), ["主要工作"]);
}

/// RTF text with every non-ASCII character as a \uN? escape.
fn rtf_escape(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii() { c.to_string() } else { format!("\\u{}?", c as u32 as i16) }).collect()
}

#[test]
fn unit_in_the_title_style_over_the_name_in_text() {
    // The issuing unit set in the Title style, the report's name below it as a plain
    // paragraph: the name is the title's, not a level-1 heading, and the unit is named once.
    let paras = [
        (true, "北坡区民政局"),
        (false, "北坡区民政局关于2024年度法治政府建设情况的报告"),
        (false, "今年以来，我局对标法治政府建设实施纲要，各项任务有序推进。"),
        (false, "一、主要举措和成效"),
        (false, "全年审查规范性文件8件。"),
        (false, "二、存在的不足"),
        (false, "执法人员力量不足。"),
    ];
    let mut rtf = String::from("{\\rtf1\\ansi{\\stylesheet{\\s0 Normal;}{\\s5 Title;}}\n");
    for (title, p) in paras {
        rtf.push_str(if title { "\\pard\\plain\\s5 " } else { "\\pard\\plain " });
        rtf.push_str(&rtf_escape(p));
        rtf.push_str("\\par\n");
    }
    rtf.push('}');
    let doc = fazhi_lint::input::decode_bytes(rtf.as_bytes(), "r.rtf").unwrap();
    let c = fazhi_lint::check_document(&doc, rules(), &Settings::default());
    assert_eq!(c.report.title.as_ref().unwrap().text, "北坡区民政局北坡区民政局关于2024年度法治政府建设情况的报告");
    assert_eq!(c.report.unit.as_deref(), Some("北坡区民政局"));
    assert_eq!(level1(&c.report, &doc.text), ["主要举措和成效", "存在的不足"]);
    // A unit line in the Title style over a sentence keeps the sentence in the text.
    let without_name = rtf.replace(&format!("\\pard\\plain {}\\par\n", rtf_escape(paras[1].1)), "");
    assert!(without_name.len() < rtf.len());
    let doc = fazhi_lint::input::decode_bytes(without_name.as_bytes(), "r.rtf").unwrap();
    let c = fazhi_lint::check_document(&doc, rules(), &Settings::default());
    assert_eq!(c.report.title.as_ref().unwrap().text, "北坡区民政局");
    assert_eq!(level1(&c.report, &doc.text), ["主要举措和成效", "存在的不足"]);
}

//! Render snapshots (insta): human output without colour at a fixed width, the JSON
//! contract and the outline. CI never rewrites them (a changed render fails the test).

use fazhi_lint::output::{self, human::HumanOptions, CheckedFile, FileResult};
use fazhi_lint::{check_text, RuleSet, Settings};

fn result(name: &str) -> FileResult {
    let rules = RuleSet::embedded().unwrap();
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/core/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let checked = check_text(&text, &rules, &Settings::default());
    FileResult { path: format!("fixtures/{name}"), outcome: Ok(CheckedFile { text, checked, doc: Default::default() }) }
}

const PLAIN: HumanOptions = HumanOptions { color: false, width: 100, quiet: false };

#[test]
fn human_output_split_title() {
    insta::assert_snapshot!(output::human::render(&[result("split-title.txt")], PLAIN));
}

#[test]
fn human_output_web_page_and_unreadable_file() {
    let bad = FileResult { path: "missing.txt".into(), outcome: Err(fazhi_lint::input::InputError::NotFound.into()) };
    insta::assert_snapshot!(output::human::render(&[result("web-page.txt"), bad], PLAIN));
}

#[test]
fn json_contract_run_in_crlf() {
    insta::assert_snapshot!(output::json::render(&[result("run-in-crlf.txt")]));
}

#[test]
fn outline_json_standard() {
    let r = result("standard.txt");
    let ok = r.outcome.as_ref().unwrap();
    let v = output::outline::json_value(&r.path, &ok.checked.report, &ok.text);
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn outline_tree_web_page() {
    let r = result("web-page.txt");
    let ok = r.outcome.as_ref().unwrap();
    insta::assert_snapshot!(output::outline::tree(&r.path, &ok.checked.report, &ok.text));
}

/// A synthetic text checked with the embedded rules.
fn synthetic(path: &str, text: &str) -> FileResult {
    let rules = RuleSet::embedded().unwrap();
    let checked = check_text(text, &rules, &Settings::default());
    FileResult { path: path.into(), outcome: Ok(CheckedFile { text: text.into(), checked, doc: Default::default() }) }
}

/// A complete report whose first paragraph runs to some 600 characters, with a wrong
/// 法制 near its end: the excerpt is a window around it, not the paragraph.
pub fn long_paragraph_report() -> String {
    let filler = "全县各部门认真落实重大行政决策程序规定，规范合法性审查流程，决策质量稳步提升。".repeat(12);
    format!(
        "柳河县2023年法治政府建设年度报告\n\n\
         2023年，我县坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下。\n\
         一、2023年推进法治政府建设的主要举措和成效\n\
         （一）完善依法决策机制。{filler}领导干部带头学法用法，努力提高法律意识和法制观念，坚持依法行政。\n\
         （二）深化行政执法改革。全年开展执法检查120次，办结案件86件。\n\
         二、存在的不足和原因\n\
         一是部分干部法治意识不强；二是执法队伍力量不足。究其原因，主要是学习培训不够深入。\n\
         三、党政主要负责人履行推进法治建设第一责任人职责情况\n\
         县政府主要负责同志带头研究法治政府建设工作6次，听取专题汇报4次。\n\
         四、2024年推进法治政府建设的主要安排\n\
         一是制定2024年普法工作计划；二是开展执法人员培训3期。\n\n\
         柳河县人民政府\n2024年1月20日\n"
    )
}

/// Mixed-width markers in one part: one block, several labels, one help text.
pub const GROUPED_REPORT: &str = "柳河县2023年法治政府建设年度报告\n\n\
2023年，我县坚持以习近平法治思想为指导，扎实推进法治政府建设。\n\
一、2023年推进法治政府建设的主要举措和成效\n\
（一）完善依法决策机制。全年审查重大行政决策5件。\n\
(二)深化行政执法改革。全年开展执法检查120次。\n\
(三)加强普法宣传教育。开展主题宣传活动45场。\n\
(四)推进政务公开。主动公开政府信息1300条。\n\
二、存在的不足和原因\n\
一是部分干部法治意识不强；二是执法队伍力量不足。究其原因，主要是学习培训不够深入。\n\
三、党政主要负责人履行推进法治建设第一责任人职责情况\n\
县政府主要负责同志带头研究法治政府建设工作6次。\n\
四、2024年推进法治政府建设的主要安排\n\
一是制定2024年普法工作计划；二是开展执法人员培训3期。\n";

/// Only the achievements part: the checklist shows what is missing.
pub const MISSING_PARTS_REPORT: &str = "柳河县2023年法治政府建设年度报告\n\n\
一、2023年推进法治政府建设的主要举措和成效\n\
（一）完善依法决策机制。全年审查重大行政决策5件，组织集体讨论12次。\n\
（二）深化行政执法改革。全年开展执法检查120次，办结案件86件。\n";

#[test]
fn human_output_long_paragraph() {
    insta::assert_snapshot!(output::human::render(&[synthetic("柳河县.txt", &long_paragraph_report())], PLAIN));
}

#[test]
fn human_output_grouped_findings() {
    insta::assert_snapshot!(output::human::render(&[synthetic("柳河县.txt", GROUPED_REPORT)], PLAIN));
}

#[test]
fn human_output_missing_parts() {
    insta::assert_snapshot!(output::human::render(&[synthetic("柳河县.txt", MISSING_PARTS_REPORT)], PLAIN));
}

#[test]
fn outline_tree_marks_the_required_parts() {
    let r = synthetic("柳河县.txt", GROUPED_REPORT);
    let ok = r.outcome.as_ref().unwrap();
    insta::assert_snapshot!(output::outline::tree_with_parts(
        &r.path,
        &ok.checked.report,
        &ok.text,
        &ok.checked.elements
    ));
}

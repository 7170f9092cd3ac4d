//! Is a file an annual report at all? A folder of reports often holds an English
//! README, a requirements.txt or notes; judging them gives six "缺少…" errors that say
//! nothing. [`looks_like_report`] is the decision `check` makes before reporting.

use crate::check::Checked;

/// A text is taken for a report when it has Chinese characters and at least one of: a
/// report title, a level-1 heading (一、…), or a cue of a required part (a heading or
/// passage the part rules recognise, other than the achievements part's fallback of "the
/// first unclaimed section", which any numbered list satisfies).
pub fn looks_like_report(text: &str, checked: &Checked) -> bool {
    if !mostly_chinese(text) {
        return false;
    }
    let report = &checked.report;
    if report.title.is_some() || report.level1().next().is_some() {
        return true;
    }
    checked.elements.map.iter().any(|(key, e)| e.present && key != "achievements")
}

/// How many characters from the start [`mostly_chinese`] looks at.
const SAMPLE_CHARS: usize = 20_000;

/// Whether the text is written in Chinese: it has Chinese characters and, in its first
/// [`SAMPLE_CHARS`] characters, at least one for every four Latin letters (an English
/// README that names a report in passing has far more letters).
fn mostly_chinese(text: &str) -> bool {
    let (mut han, mut latin) = (0usize, 0usize);
    for c in text.chars().take(SAMPLE_CHARS) {
        if is_han(c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    han > 0 && han * 4 >= latin
}

/// CJK unified ideographs (the basic block and extension A).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_text, Settings};
    use crate::rules::RuleSet;

    fn judge(text: &str) -> bool {
        let rules = RuleSet::embedded().expect("embedded rules load");
        looks_like_report(text, &check_text(text, &rules, &Settings::default()))
    }

    #[test]
    fn readmes_and_lists_are_not_reports() {
        assert!(!judge("# Project\n\nAn English README.\n\n1. Install it\n2. Run it\n"));
        assert!(!judge("serde==1.0\nrequests>=2\n"));
        assert!(!judge("会议纪要\n今天下午开会。\n"));
        // English that names a report in passing, even in a line that reads as a title.
        assert!(!judge("# fazhi-lint\n\nA checker for annual reports (法治政府建设年度报告) written by the\nlegal affairs office. It parses a report and prints diagnostics in Chinese.\n"));
    }

    #[test]
    fn report_shapes_are_reports() {
        assert!(judge("某县2023年法治政府建设年度报告\n正文。\n"));
        assert!(judge("一、工作开展情况\n做了很多工作。\n"));
        assert!(judge("我们认真学习习近平法治思想。\n"));
        // Some Latin letters (English names, URLs) do not make a report English.
        assert!(judge(
            "某县2023年法治政府建设年度报告\n一、主要举措\n开通 12345 政务服务热线和 www.example.gov.cn 网站。\n"
        ));
    }
}

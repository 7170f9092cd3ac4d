//! Is a file an annual report at all? A folder of reports often holds an English
//! README, a requirements.txt or notes; judging them gives six "缺少…" errors that say
//! nothing. [`looks_like_report`] is the decision `check` makes before reporting.

use crate::check::Checked;

/// A text is taken for a report when it has Chinese characters and at least one of: a
/// report title, a level-1 heading (一、…), or a cue of a required part (a heading or
/// passage the part rules recognise, other than the achievements part's fallback of "the
/// first unclaimed section", which any numbered list satisfies).
pub fn looks_like_report(text: &str, checked: &Checked) -> bool {
    if !text.chars().any(is_han) {
        return false;
    }
    let report = &checked.report;
    if report.title.is_some() || report.level1().next().is_some() {
        return true;
    }
    checked.elements.map.iter().any(|(key, e)| e.present && key != "achievements")
}

/// CJK unified ideographs (the basic block and extension A).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_text, RuleSet, Settings};

    fn judge(text: &str) -> bool {
        let rules = RuleSet::embedded().expect("embedded rules load");
        looks_like_report(text, &check_text(text, &rules, &Settings::default()))
    }

    #[test]
    fn readmes_and_lists_are_not_reports() {
        assert!(!judge("# Project\n\nAn English README.\n\n1. Install it\n2. Run it\n"));
        assert!(!judge("serde==1.0\nrequests>=2\n"));
        assert!(!judge("会议纪要\n今天下午开会。\n"));
    }

    #[test]
    fn report_shapes_are_reports() {
        assert!(judge("某县2023年法治政府建设年度报告\n正文。\n"));
        assert!(judge("一、工作开展情况\n做了很多工作。\n"));
        assert!(judge("我们认真学习习近平法治思想。\n"));
    }
}

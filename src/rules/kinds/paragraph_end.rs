//! `paragraph-end`: a paragraph of running text ends without sentence-final punctuation.
//! Headings, the title and the sign-off are not paragraphs; short lines and lines
//! without any inner punctuation look like unnumbered headings or captions and are
//! skipped. The last paragraph of a text cut off mid-sentence (no sign-off, no final
//! stop) is a different finding, the text is incomplete: with `cut_end: true` a rule
//! reports only that, without it only the other paragraphs.

use super::metric::ends_sentence;
use super::{finding, Ctx, Kind};
use crate::diagnostic::Finding;
use crate::parts::Parts;
use crate::rules::RuleMeta;
use crate::span::Span;

/// Lines of at most this many characters without inner punctuation are taken as
/// unnumbered headings.
const HEADING_LIKE_MAX: usize = 40;

crate::rules::fields::raw_fields! {
    /// A `paragraph-end` rule as written.
    pub struct RawParagraphEnd {
        lists {}
        scalars {
            /// The characters a paragraph may end with.
            ends_with: String,
            /// Paragraphs shorter than this (in characters) are not checked.
            min_chars: u32,
            /// Report only the end of a text cut off mid-sentence (true), or only the
            /// other paragraphs (false, the default).
            cut_end: bool,
        }
    }
}

#[derive(Debug)]
pub struct ParagraphEnd {
    /// The characters a paragraph may end with (a handful: compared one by one).
    ends_with: Vec<char>,
    min_chars: usize,
    cut_end: bool,
}

impl Kind for ParagraphEnd {
    type Raw = RawParagraphEnd;

    fn compile(r: RawParagraphEnd, _: &Parts) -> Result<Self, String> {
        let ends_with =
            r.ends_with.filter(|e| !e.trim().is_empty()).ok_or("paragraph-end 需要 ends_with（允许的段末标点）")?;
        Ok(ParagraphEnd {
            ends_with: ends_with.chars().collect(),
            min_chars: r.min_chars.unwrap_or(0) as usize,
            cut_end: r.cut_end.unwrap_or(false),
        })
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        let r = ctx.report;
        let cut = r.sign_off.is_none() && !ends_sentence(r.body.slice(ctx.text));
        for p in ctx.paragraphs {
            let s = p.span.slice(ctx.text);
            let t = s.trim_end().trim_end_matches(['”', '’', '」', '）', ')', '》', '"', '\'']);
            let Some(last) = t.chars().next_back() else { continue };
            if self.ends_with.contains(&last) {
                continue;
            }
            let n = t.chars().count();
            let inner = t.contains(['，', ',', '；', ';', '。', '：', ':']);
            if n < self.min_chars || (n <= HEADING_LIKE_MAX && !inner) {
                continue;
            }
            let end = p.span.start + s.trim_end().len();
            let lc = s.trim_end().chars().next_back().map(|c| c.len_utf8()).unwrap_or(0);
            let span = Span::new(end - lc, end);
            let at_cut = cut && p.span.end >= r.body.end;
            if at_cut != self.cut_end {
                continue;
            }
            let label = if at_cut { "全文在此中断，没有结束" } else { "段末缺少句末标点" };
            out.push(finding(meta, span, Some(label.to_string()), None));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{load_error, run};

    const RULE: &str = "
  - id: t-end
    kind: paragraph-end
    ends_with: 。！？…；：
    min_chars: 10
    severity: warning
    message: 段末
    help: 改
    explanation: 因
";

    #[test]
    fn paragraphs_end_with_a_stop() {
        let ok = "某局2023年度法治政府建设情况报告\n一、主要举措\n全年办理行政复议案件12件，同比增长。\n强化组织领导\n主要做法如下：\n";
        assert!(run(RULE, ok).is_empty(), "{:?}", run(RULE, ok));
        let bad = "某局2023年度法治政府建设情况报告\n一、主要举措\n全年办理行政复议案件12件，同比增长\n二、存在的不足\n宣传不足。\n";
        let f = run(RULE, bad);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span.slice(bad), "长");
        assert_eq!(f[0].label, "段末缺少句末标点");
    }

    #[test]
    fn a_cut_text_is_a_finding_of_its_own() {
        let cut = "某局2023年度法治政府建设情况报告\n一、主要举措\n全年办理行政复议案件12件，同比";
        assert!(run(RULE, cut).is_empty(), "the inner-paragraph rule leaves the cut end alone");
        let f = run(&(RULE.to_string() + "    cut_end: true\n"), cut);
        assert_eq!(f.len(), 1);
        assert!(f[0].label.contains("中断"));
        assert!(load_error(&RULE.replace("ends_with: 。！？…；：", "ends_with: ' '")).contains("ends_with"));
    }
}

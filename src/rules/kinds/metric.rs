//! `metric`: something counted in a part is too small: a shortcomings part of one or two
//! sentences, an achievements part without a single figure, a plan without a concrete
//! measure. Counts are characters, sentences (clauses ending in 。！？；), figures (see
//! [`super::count_figures`]) or occurrences of cue words, added up. A part that runs to
//! the end of a text cut off mid-sentence is not judged: its end is missing.

use super::{count_figures_up_to, finding, section_bodies, Ctx, Kind};
use crate::diagnostic::Finding;
use crate::parts::LazyWords;
use crate::parts::Parts;
use crate::rules::RuleMeta;
use crate::span::Span;

crate::rules::fields::raw_fields! {
    /// A `metric` rule as written.
    pub struct RawMetric {
        lists {
            /// What to count in the part: `sentences`, `chars`, `figures`, `cues`
            /// (occurrences of the `cues` words); several are added up.
            count: Measure,
            /// Words that count as one unit each with `count: [cues]`.
            cues: String,
        }
        scalars {
            /// The part (a name under `parts:`).
            part: String,
            /// The finding fires when the count is below this.
            min: u32,
        }
    }
}

/// What a `metric` rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Sentences,
    Chars,
    Figures,
    Cues,
}

#[derive(Debug)]
pub struct Metric {
    part: String,
    count: Vec<Measure>,
    /// The cue words, their automaton built when first counted: a plan section with
    /// enough figures never needs it.
    cues: Option<LazyWords>,
    min: u32,
}

impl Kind for Metric {
    type Raw = RawMetric;

    fn compile(r: RawMetric, parts: &Parts) -> Result<Self, String> {
        let part = r.part.ok_or("metric 需要 part 字段")?;
        if parts.get(&part).is_none() {
            return Err(format!("未定义的部分 “{part}”（在 parts: 中定义）"));
        }
        let count = r
            .count
            .filter(|c| !c.is_empty())
            .ok_or("metric 需要非空的 count 列表（sentences, chars, figures, cues）")?;
        let min = r.min.ok_or("metric 需要 min 字段")?;
        let cues = match (&r.cues, count.contains(&Measure::Cues)) {
            (Some(c), true) if !c.is_empty() && c.iter().all(|w| !w.trim().is_empty()) => {
                Some(LazyWords::new(c.clone()))
            }
            (_, true) => return Err("count: [cues] 需要非空的 cues 列表".into()),
            (Some(_), false) => return Err("cues 只用于 count: [cues]".into()),
            (None, false) => None,
        };
        Ok(Metric { part, count, cues, min })
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(el) = ctx.elements.get(&self.part).filter(|e| e.present && !e.sections.is_empty()) else { return };
        let sections = extent(ctx, &self.part, &el.sections);
        if sections.iter().any(|s| runs_into_cut(ctx, *s)) {
            return;
        }
        // Only "fewer than min" matters: counting stops as soon as min is reached.
        let min = self.min as usize;
        let mut total = 0usize;
        'bodies: for b in section_bodies(ctx, &sections) {
            let hay = b.slice(ctx.norm);
            for m in &self.count {
                let left = min - total;
                total += match m {
                    Measure::Sentences => sentences_up_to(hay, left),
                    Measure::Chars => hay.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').take(left).count(),
                    Measure::Figures => count_figures_up_to(hay, left),
                    Measure::Cues => self
                        .cues
                        .as_ref()
                        .and_then(LazyWords::get)
                        .map(|ac| ac.find_iter(hay).take(left).count())
                        .unwrap_or(0),
                };
                if total >= min {
                    break 'bodies;
                }
            }
        }
        if total < self.min as usize {
            let span = el.span.unwrap_or(Span::empty(0));
            let label = meta
                .label
                .as_ref()
                .map(|l| l.replace("{count}", &total.to_string()).replace("{min}", &self.min.to_string()));
            out.push(finding(meta, span, label, None));
        }
    }
}

/// A part's sections plus the level-1 sections after it that belong to no other part: in
/// a report organised by topic (一、依法全面履行政府职能 二、…) the achievements part is all
/// the topic sections, not only the first.
fn extent(ctx: &Ctx, part: &str, sections: &[Span]) -> Vec<Span> {
    let mut out = sections.to_vec();
    let Some(last) = sections.last() else { return out };
    let others: Vec<Span> = ctx
        .elements
        .map
        .iter()
        .filter(|(k, e)| k.as_str() != part && e.present)
        .flat_map(|(_, e)| e.sections.iter().copied())
        .collect();
    for s in ctx.report.level1().filter(|s| s.span.start >= last.end) {
        if others.iter().any(|o| o.start == s.span.start) {
            break;
        }
        out.push(s.span);
    }
    out
}

/// Clauses that end in 。！？； (or the end of the text) and hold at least two characters
/// of text.
#[cfg(test)]
pub(crate) fn sentences(hay: &str) -> usize {
    sentences_up_to(hay, usize::MAX)
}

/// [`sentences`], counting no further than `limit`.
pub(crate) fn sentences_up_to(hay: &str, limit: usize) -> usize {
    hay.split(['。', '！', '？', '!', '?', '；', ';'])
        .filter(|s| {
            s.chars()
                .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"，、：”“）（".contains(*c))
                .nth(1)
                .is_some()
        })
        .take(limit)
        .count()
}

/// Does the section reach the end of a text that stops mid-sentence (a cut-off copy)?
pub(crate) fn runs_into_cut(ctx: &Ctx, section: Span) -> bool {
    let r = ctx.report;
    if r.sign_off.is_some() || section.end < r.body.end {
        return false;
    }
    !ends_sentence(r.body.slice(ctx.text))
}

/// Does a text end like a finished sentence (closing quotes and brackets aside)?
pub(crate) fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['”', '’', '」', '）', ')', '》', '"', '\'']);
    t.ends_with(['。', '！', '？', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kinds::test_support::{load_error, run};

    const THIN: &str = "
  - id: t-thin
    kind: metric
    part: problems
    count: [sentences]
    min: 3
    severity: warning
    message: 太薄
    label: 只有 {count} 句
    help: 改
    explanation: 因
";

    #[test]
    fn counts_sentences() {
        assert_eq!(sentences("一是甲不足；二是乙不足；三是丙不足。"), 3);
        assert_eq!(sentences("虽然取得成绩，但仍有差距。"), 1);
        assert_eq!(sentences(""), 0);
    }

    #[test]
    fn thin_part_fires_and_full_part_does_not() {
        let thin = "某局2023年度法治政府建设情况报告\n一、主要举措和成效\n办理案件12件。\n二、存在的不足\n工作还有差距。\n三、下一步打算\n完善制度。\n";
        let f = run(THIN, thin);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].label, "只有 1 句");
        let full = thin.replace("工作还有差距。", "一是宣传不足；二是培训不够；三是队伍薄弱。");
        assert!(run(THIN, &full).is_empty());
    }

    #[test]
    fn a_topic_report_is_judged_on_all_its_topic_sections() {
        let r = THIN
            .replace("count: [sentences]", "count: [figures]")
            .replace("part: problems", "part: achievements")
            .replace("min: 3", "min: 1");
        let t = "某局2023年度法治政府建设情况报告\n一、依法全面履行政府职能\n深化改革。\n二、健全依法行政制度体系\n审查文件12件。\n三、存在的问题\n不足。\n";
        assert!(run(&r, t).is_empty(), "{:?}", run(&r, t));
        let none = t.replace("审查文件12件", "审查文件");
        assert_eq!(run(&r, &none).len(), 1);
    }

    #[test]
    fn a_cut_off_part_is_not_judged() {
        let cut = "某局2023年度法治政府建设情况报告\n一、主要举措和成效\n办理案件12件。\n二、存在的不足\n工作还有差距，主要是";
        assert!(run(THIN, cut).is_empty());
    }

    #[test]
    fn figures_and_cues() {
        let r = THIN
            .replace("count: [sentences]", "count: [figures, cues]\n    cues: [制定]")
            .replace("part: problems", "part: achievements")
            .replace("min: 3", "min: 1");
        let none = "某局2023年度法治政府建设情况报告\n一、主要举措和成效\n不断加强法治建设。\n";
        assert_eq!(run(&r, none).len(), 1);
        assert!(run(&r, &none.replace("不断加强", "办理案件12件，")).is_empty());
        assert!(run(&r, &none.replace("不断加强", "制定")).is_empty());
        assert!(load_error(&THIN.replace("count: [sentences]", "count: [cues]")).contains("cues"));
        assert!(load_error(&THIN.replace("part: problems", "part: nope")).contains("nope"));
    }
}

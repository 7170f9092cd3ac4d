//! Document-level cues the parser uses to find the title, page furniture and the
//! issuing unit. They are data (the `document:` section of `rules/document.yaml`), so
//! a new page layout or title form needs no Rust change.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentConfig {
    /// A title line contains one of these (the kind of document: 报告).
    pub title_any: Vec<String>,
    /// … and one of these (the subject: 法治, 依法行政 …).
    pub title_topic_any: Vec<String>,
    /// Lines with one of these are not titles, even when they name a 报告 ("现将…报告如下").
    pub title_none: Vec<String>,
    /// Longest title line, in characters.
    pub title_max_chars: usize,
    /// Web-page furniture before and around the title (breadcrumbs, dates, font widgets).
    pub furniture_any: Vec<String>,
    /// Longest furniture line, in characters.
    pub furniture_max_chars: usize,
    /// In the title, the unit ends before the first of these (after 关于 and years are cut).
    pub unit_end_before: Vec<String>,
    /// Reports whose line breaks were lost run a level-1 heading straight into its text
    /// ("一、坚持党的领导,扛牢政治责任坚持……"). After a comma in such a heading, one of
    /// these words starts the body.
    #[serde(default)]
    pub inline_heading_body_openers: Vec<String>,
    /// Official-document furniture (GB/T 9704): a short line opening with one of these
    /// is back matter (抄送, 联系人, （此件公开发布）), never a heading or a part.
    #[serde(default)]
    pub back_matter_any: Vec<String>,
    /// A short line ending with one of these is the 印发 line of the 版记.
    #[serde(default)]
    pub issued_end_any: Vec<String>,
    /// A line that is only one of these closes the report (特此报告).
    #[serde(default)]
    pub closing_any: Vec<String>,
    /// A line opening with one of these lists the attachments (附件：1. …): it and the
    /// list items right after it are back matter.
    #[serde(default)]
    pub attachment_any: Vec<String>,
    /// Above the body, a short line opening with one of these (签发人), or with a
    /// document number (某府报〔2024〕7号), is the 发文字号 line.
    #[serde(default)]
    pub issuer_any: Vec<String>,
    /// Headings that name a slot of the report other than a required part (其他事项): a
    /// short line of its own holding one is an unmarked heading, as one naming a part is.
    #[serde(default)]
    pub slot_heading_any: Vec<String>,
    /// Above the title, a short line ending with one of these is the 发文机关标志
    /// (某县人民政府文件).
    #[serde(default)]
    pub masthead_end_any: Vec<String>,
}

//! The pest parser derived from `grammar/report.pest`. No logic lives here.

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/report.pest"]
pub struct ReportGrammar;

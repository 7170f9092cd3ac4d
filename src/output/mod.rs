//! Output formats, one module per format. Each is a function of the checked files.

pub mod human;
pub mod json;
pub mod outline;

use crate::check::Checked;

/// One checked file: its path as given and either its result or why it could not be read.
pub struct FileResult {
    pub path: String,
    pub outcome: Result<CheckedFile, String>,
}

/// A successfully checked file: the decoded text and what the checker found.
pub struct CheckedFile {
    pub text: String,
    pub checked: Checked,
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(results: &[FileResult]) -> Counts {
        let mut c = Counts { files: results.len(), ..Default::default() };
        for r in results {
            match &r.outcome {
                Err(_) => c.unreadable += 1,
                Ok(ok) => {
                    for f in &ok.checked.findings {
                        match f.severity {
                            crate::Severity::Error => c.errors += 1,
                            crate::Severity::Warning => c.warnings += 1,
                            crate::Severity::Info => c.infos += 1,
                            crate::Severity::Off => {}
                        }
                    }
                }
            }
        }
        c
    }
}

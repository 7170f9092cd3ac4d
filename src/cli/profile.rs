//! The rules and settings a file is checked with: a profile (a configuration and its
//! rule set) loaded from the options `check`, `annotate` and `audit` share, the settings
//! for one file, and its fail level; the rules of `--rules` alone for the other commands.

use super::args::{RuleSource, SharedArgs};
use super::io::{render_error, report_error};
use fazhi_lint::config::{self, FailLevel};
use fazhi_lint::rules::RuleSet;
use fazhi_lint::{Settings, Severity};
use std::path::{Path, PathBuf};

/// The rules and configuration that apply to a group of files.
pub(crate) struct Profile {
    pub(crate) config: Option<config::Config>,
    pub(crate) rules: RuleSet,
    /// The rule set's part cues, restored in OCR readings where garbled.
    pub(crate) vocabulary: std::sync::Arc<[String]>,
}

impl SharedArgs {
    /// Load a profile: the config (if any), its rule files plus `--rules`, validated,
    /// and `--select` / `--ignore` checked against the rules. On failure, the message to
    /// print (nothing is printed here: a profile may be loaded ahead of knowing that it
    /// is needed).
    pub(crate) fn load_profile(&self, config_path: Option<&Path>) -> Result<Profile, String> {
        let config = match config_path {
            None => None,
            Some(p) => Some(config::Config::load(p).map_err(|e| render_error(*e))?),
        };
        let mut extra: Vec<PathBuf> = config.as_ref().map(|c| c.rules.clone()).unwrap_or_default();
        extra.extend(self.rule_source.rules.iter().cloned());
        let rules = rule_set(&extra).map_err(|e| render_error(*e))?;
        if let Some(c) = &config {
            c.validate(&rules).map_err(|e| render_error(*e))?;
        }
        for id in self.select.iter().chain(&self.ignore) {
            if !config::is_known(&rules, id) {
                return Err(format!("错误：未知的规则或规则组 “{id}”（fazhi-lint rules 列出全部规则）"));
            }
        }
        let vocabulary = rules.parts.cue_words().into();
        Ok(Profile { config, rules, vocabulary })
    }

    /// The settings for one file: its config's, then the command line (`--select`
    /// replaces, `--ignore` adds, `--year` overrides).
    pub(crate) fn settings_for(&self, profile: &Profile, file: &Path) -> Settings {
        let mut s = profile.config.as_ref().map(|c| c.settings_for(file)).unwrap_or_default();
        if !self.select.is_empty() {
            s.select = self.select.clone();
        }
        s.ignore.extend(self.ignore.iter().cloned());
        if self.year.is_some() {
            s.year = self.year;
        }
        s
    }
}

/// The lowest severity that fails the run for files of `profile`: `--fail-level`, else
/// the config's, else error; None: never.
pub(crate) fn fail_threshold(profile: &Profile, cli: Option<FailLevel>) -> Option<Severity> {
    cli.or(profile.config.as_ref().and_then(|c| c.fail_level)).unwrap_or(FailLevel::Error).threshold()
}

/// The embedded rules plus `--rules`; on failure the error is printed, `Err` is the exit
/// code.
pub(crate) fn load_rules(src: &RuleSource) -> Result<RuleSet, i32> {
    rule_set(&src.rules).map_err(|e| report_error(*e))
}

/// The embedded rules plus the user rule files or folders `paths`, if any.
pub(crate) fn rule_set(paths: &[PathBuf]) -> Result<RuleSet, Box<fazhi_lint::rules::RuleFileError>> {
    if paths.is_empty() {
        RuleSet::embedded()
    } else {
        RuleSet::with_user_files(paths)
    }
}

//! `fazhi-lint init`, `completions` and `man`: the commented default configuration, and
//! the shell completions and man page generated from the clap structs.

use super::args::{Cli, CompletionsArgs, InitArgs};
use super::io::{emit, report_error, EXIT_CLEAN, EXIT_ERROR};
use clap::CommandFactory;
use fazhi_lint::config;
use fazhi_lint::rules::RuleSet;
use std::io::Write;

pub fn cmd_init(a: InitArgs) -> i32 {
    if a.path.exists() {
        eprintln!("错误：{} 已存在，不覆盖", a.path.display());
        return EXIT_ERROR;
    }
    let rules = match RuleSet::embedded() {
        Ok(r) => r,
        Err(e) => return report_error(*e),
    };
    // create_new: never overwrite, even if the file appeared meanwhile.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&a.path)
        .and_then(|mut f| f.write_all(config::default_text(&rules).as_bytes()));
    match written {
        Ok(()) => {
            eprintln!("已写入 {}", a.path.display());
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("错误：无法写入 {}：{e}", a.path.display());
            EXIT_ERROR
        }
    }
}

pub fn cmd_completions(a: CompletionsArgs) -> i32 {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "fazhi-lint", &mut buf);
    emit(&String::from_utf8_lossy(&buf));
    EXIT_CLEAN
}

pub fn cmd_man() -> i32 {
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        eprintln!("错误：无法生成手册页：{e}");
        return EXIT_ERROR;
    }
    emit(&String::from_utf8_lossy(&buf));
    EXIT_CLEAN
}

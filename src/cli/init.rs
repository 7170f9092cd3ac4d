//! `fazhi-lint init`, `completions` and `man`: the commented default configuration, and
//! the shell completions and man page generated from the clap structs.

use super::args::{Cli, CompletionsArgs, InitArgs};
use super::io::{emit_then, io_reason, report_error, shown, EXIT_CLEAN, EXIT_ERROR};
use clap::CommandFactory;
use fazhi_lint::rules::RuleSet;
use fazhi_lint::{config, fix};
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
    // Written whole or not at all, and never over a file that appeared meanwhile.
    let written = fix::AtomicFile::create_new(&a.path).and_then(|mut f| {
        f.write_all(config::default_text(&rules).as_bytes())?;
        f.commit()
    });
    match written {
        Ok(()) => {
            eprintln!("已写入 {}", shown(&a.path));
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("错误：无法写入 {}：{}", shown(&a.path), io_reason(&e));
            EXIT_ERROR
        }
    }
}

pub fn cmd_completions(a: CompletionsArgs) -> i32 {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "fazhi-lint", &mut buf);
    emit_then(&String::from_utf8_lossy(&buf), EXIT_CLEAN)
}

pub fn cmd_man() -> i32 {
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        eprintln!("错误：无法生成手册页：{e}");
        return EXIT_ERROR;
    }
    emit_then(&String::from_utf8_lossy(&buf), EXIT_CLEAN)
}

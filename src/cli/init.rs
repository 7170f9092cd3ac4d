//! `fazhi-lint init`, `completions` and `man`: the commented default configuration, and
//! the shell completions and man page generated from the clap structs.

use super::args::{CompletionsArgs, InitArgs};
use super::io::{emit_then, io_reason, report_error, shown, EXIT_CLEAN, EXIT_ERROR};
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
    // The Chinese command (no `help` subcommand, Chinese help texts); hidden commands
    // (`eval`) are left out.
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut visible(super::args::command()), "fazhi-lint", &mut buf);
    emit_then(&String::from_utf8_lossy(&buf), EXIT_CLEAN)
}

/// The command without its hidden subcommands (clap_complete offers those too).
fn visible(cmd: clap::Command) -> clap::Command {
    let mut out = clap::Command::new("fazhi-lint")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true);
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if cmd.get_version().is_some() {
        out = out.version(env!("CARGO_PKG_VERSION"));
    }
    out.args(cmd.get_arguments().cloned()).subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned())
}

/// Section names of the man page in Chinese (clap_mangen writes them in English).
const MAN_SECTIONS: [(&str, &str); 5] = [
    (".SH NAME\n", ".SH 名称\n"),
    (".SH SYNOPSIS\n", ".SH 用法\n"),
    (".SH DESCRIPTION\n", ".SH 说明\n"),
    (".SH VERSION\n", ".SH 版本\n"),
    (".SH EXTRA\n", ".SH 其他\n"),
];

/// The man page: one page for the tool and every command (each command's usage and
/// options in a section of its own, so the page cites no other page that does not
/// exist), in Chinese.
pub fn man_page() -> Result<String, std::io::Error> {
    let cmd = super::args::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("fazhi-lint {}", sub.get_name());
        let sub = sub.clone().bin_name(&name).display_name(&name);
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        buf.extend_from_slice(format!(".SH \"命令：{name}\"\n{}\n", roff_text(&about)).as_bytes());
        let m = clap_mangen::Man::new(sub);
        let mut part = Vec::new();
        m.render_synopsis_section(&mut part)?;
        m.render_options_section(&mut part)?;
        let part = String::from_utf8_lossy(&part).replace(".SH SYNOPSIS\n", ".SS 用法\n").replace(".SH ", ".SS ");
        buf.extend_from_slice(part.as_bytes());
    }
    man.render_version_section(&mut buf)?;
    let mut page = String::from_utf8_lossy(&buf).into_owned();
    for (en, zh) in MAN_SECTIONS {
        page = page.replace(en, zh);
    }
    Ok(super::args::localize_help(&page))
}

/// Text for a roff body line: a leading `.` or `'` would be read as a request.
fn roff_text(s: &str) -> String {
    let s = s.replace('\\', "\\e");
    if s.starts_with(['.', '\'']) {
        format!("\\&{s}")
    } else {
        s
    }
}

pub fn cmd_man() -> i32 {
    match man_page() {
        Ok(page) => emit_then(&page, EXIT_CLEAN),
        Err(e) => {
            eprintln!("错误：无法生成手册页：{e}");
            EXIT_ERROR
        }
    }
}

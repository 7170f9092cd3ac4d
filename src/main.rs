//! The `fazhi-lint` binary: run the CLI and exit with its code.

mod cli;

fn main() {
    std::process::exit(cli::run());
}

//! The `fazhi-lint` binary: run the CLI and exit with its code.

mod cli;

// See Cargo.toml for why (measured): less CPU in bulk runs, peak memory kept low.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}

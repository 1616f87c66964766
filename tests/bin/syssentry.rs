//! The `syssentry` command, built for the system tests (the same library as `cli/`'s binary).

fn main() -> std::process::ExitCode {
    syssentry_cli::main()
}

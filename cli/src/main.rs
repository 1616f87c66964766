//! The `syssentry` command (everything is in the library: [`syssentry_cli::main`]).

fn main() -> std::process::ExitCode {
    syssentry_cli::main()
}

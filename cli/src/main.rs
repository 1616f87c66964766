//! The `syssentry` command.
fn main() {}

//! Fuzz target: arbitrary bytes as one rules file through the whole one-time rules path: YAML
//! reading, lists, macros, exceptions, overrides (`rules::Loader`), then condition and output
//! compilation, event-type inference and indexing (`eval::build`), then rendering every
//! diagnostic. Nothing of it may panic, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syssentry_engine::eval::{build, BuildOptions};
use syssentry_engine::rules::Loader;

fuzz_target!(|data: &[u8]| {
    let mut loader = Loader::new();
    loader.add_source("fuzz.yaml", data.to_vec());
    let report = build(loader.load(), &BuildOptions::default());
    for d in report.diagnostics.iter() {
        std::hint::black_box(d.render(&report.sources));
    }
});

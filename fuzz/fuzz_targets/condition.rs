//! Fuzz target: arbitrary text as a condition: parse, expand macros (none are defined, so every
//! identifier in check position is an undefined macro), compile; a program that compiles is then
//! evaluated against a synthetic `openat` event of a known thread, so the operators and
//! extractors the condition names run too. Nothing of it may panic, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syssentry_engine::event::{mk, ppm::open::O_RDONLY, ppm::AT_FDCWD};
use syssentry_engine::fields::EvalCtx;
use syssentry_engine::filter::compile::{EvalScratch, Program};
use syssentry_engine::filter::{macros::expand_macros, parse::parse};
use syssentry_engine::state::{State, Thread};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(expr) = parse(text) else {
        return;
    };
    let Ok(expanded) = expand_macros(&expr, &|_| None) else {
        return;
    };
    let Ok(program) = Program::compile(&expanded) else {
        return;
    };
    let mut state = State::default();
    state.add_thread(Thread::new(42, 42, 1));
    let ev = mk::openat(42, AT_FDCWD, "/etc/../etc/shadow", O_RDONLY, 0, 3)
        .ts(1_000_000_000)
        .build();
    state.apply(&ev);
    let ctx = EvalCtx::new(&ev, &state);
    std::hint::black_box(program.matches(&ctx, &mut EvalScratch::default()));
    state.finish(&ev);
});

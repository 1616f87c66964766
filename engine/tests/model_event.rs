//! The event model itself: builders, arena reuse, event-level fields and time formats.

mod common;

use common::{apply, json, s, seed, val};
use syssentry_engine::{
    event::{mk, Event, EventBuilder, EventType, Param},
    fields::{resolve, FieldArg},
    state::State,
};

#[test]
fn event_reuse_keeps_capacity_and_resets_params() {
    let mut ev = mk::openat(1, -100, "/a/very/long/path/name", 1, 0, 3).build();
    ev.reset(EventType::CLOSE, false);
    assert_eq!(ev.event_type(), EventType::CLOSE);
    assert_eq!(ev.num_params(), 2);
    assert_eq!(ev.param(1), Param::Empty);
    ev.tid = 5;
    ev.res = 0;
    ev.set_int(1, 3);
    assert_eq!(ev.int("fd"), Some(3));
    assert_eq!(ev.int("res"), Some(0));
    ev.clear();
    assert_eq!(ev.param(1), Param::Empty);
}

#[test]
fn header_fields() {
    let mut st = State::default();
    seed(&mut st, 10, 1, "/bin/ls", &["ls"], &[]);
    let ev = mk::openat(10, -100, "/x", 1, 0, 3)
        .ts(1_470_327_477_881_781_397)
        .num(42)
        .build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.num"), s("42"));
    assert_eq!(val(&st, &ev, "evt.time"), s("16:17:57.881781397"));
    assert_eq!(val(&st, &ev, "evt.time.s"), s("16:17:57"));
    assert_eq!(
        val(&st, &ev, "evt.time.iso8601"),
        s("2016-08-04T16:17:57.881781397+0000")
    );
    assert_eq!(
        val(&st, &ev, "evt.datetime"),
        s("2016-08-04 16:17:57.881781397")
    );
    assert_eq!(val(&st, &ev, "evt.rawtime"), s("1470327477881781397"));
    assert_eq!(val(&st, &ev, "evt.rawtime.s"), s("1470327477"));
    assert_eq!(val(&st, &ev, "evt.rawtime.ns"), s("881781397"));
    assert_eq!(
        json(&st, &ev, "evt.time"),
        serde_json::json!(1_470_327_477_881_781_397u64)
    );
    assert_eq!(
        json(&st, &ev, "evt.time.iso8601"),
        serde_json::json!(1_470_327_477_881_781_397u64)
    );
    assert_eq!(val(&st, &ev, "evt.dir"), s("<"));
    assert_eq!(val(&st, &ev, "syscall.type"), s("openat"));
    assert_eq!(val(&st, &ev, "evt.source"), s("syscall"));
    // Numbering by the state when the producer leaves it 0.
    let a = mk::close(10, 3, 0).build();
    apply(&mut st, &a);
    assert_eq!(val(&st, &a, "evt.num"), s("43"));
    let exit = mk::procexit(10).build();
    apply(&mut st, &exit);
    assert_eq!(val(&st, &exit, "syscall.type"), None);
    assert_eq!(val(&st, &exit, "evt.res"), None);
    assert_eq!(val(&st, &exit, "evt.type"), s("procexit"));
    assert_eq!(
        val(&st, &exit, "evt.args"),
        s("status=0 ret=0 sig=0 core=0 reaper_tid=0")
    );
}

#[test]
fn toctou_enter_events() {
    let mut st = State::default();
    seed(&mut st, 10, 1, "/bin/ls", &["ls"], &[]);
    let ev = EventBuilder::enter(EventType::OPENAT)
        .tid(10)
        .int("dirfd", -100)
        .str("name", "/etc/x")
        .uint("flags", 1)
        .build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.dir"), s(">"));
    assert_eq!(val(&st, &ev, "evt.is_open_read"), s("false"));
    assert_eq!(val(&st, &ev, "evt.res"), None);
    assert_eq!(val(&st, &ev, "fd.name"), None);
    assert_eq!(val(&st, &ev, "evt.arg.name"), s("/etc/x"));
}

#[test]
fn rawarg_types() {
    let r = resolve("evt.rawarg.res", None).unwrap();
    assert!(matches!(r.arg, FieldArg::Param(_)));
    let mut st = State::default();
    seed(&mut st, 10, 1, "/bin/ls", &["ls"], &[]);
    let ev: Event = mk::ptrace(10, 11, 1, -1).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.rawarg.res"), s("-1"));
    assert_eq!(val(&st, &ev, "evt.rawarg.request"), s("11"));
    assert_eq!(val(&st, &ev, "evt.res"), s("EPERM"));
}

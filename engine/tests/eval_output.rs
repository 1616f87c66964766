//! Output formatting: `%field` templates, widths, the shorter-prefix retry, `<NA>`, transformers,
//! format errors, `output_fields` keys and JSON typing, the suggested container fields, the time
//! prefix and the alert's JSON form. Ports libsinsp's `eventformatter.ut.cpp` where it applies.

mod common;

use std::net::Ipv4Addr;
use std::sync::Arc;

use serde_json::json;
use common::seed;
use syssentry_engine::eval::{build, BuildOptions, Engine, RuleMatching};
use syssentry_engine::event::ppm::{af, open::*, sock, AT_FDCWD};
use syssentry_engine::event::{mk, Event, SockTuple};
use syssentry_engine::fields::EvalCtx;
use syssentry_engine::filter::compile::EvalScratch;
use syssentry_engine::output::{Alert, FormatError, OutputFormat, OutputOptions};
use syssentry_engine::rules::Loader;
use syssentry_engine::state::State;

/// 2016-08-04T16:17:57.881781397Z.
const TS: u64 = 1_470_327_477_881_781_397;

/// init(1) → bash(100) → cat(200).
fn state() -> State {
    let mut st = State::default();
    seed(&mut st, 1, 0, "/sbin/init", &["init"], &[]);
    seed(&mut st, 100, 1, "/usr/bin/bash", &["bash"], &[]);
    seed(&mut st, 200, 100, "/usr/bin/cat", &["cat", "/etc/shadow"], &[]);
    st
}

fn open_ev(st: &mut State) -> Event {
    let ev = mk::openat(200, AT_FDCWD, "/etc/shadow", O_RDONLY, 0, 3)
        .uint("dev", 0x803)
        .ts(TS)
        .build();
    st.apply(&ev);
    ev
}

fn render(st: &State, ev: &Event, fmt: &str) -> String {
    let f = OutputFormat::compile(fmt).unwrap_or_else(|e| panic!("{fmt}: {e}"));
    let mut out = String::new();
    f.render(&EvalCtx::new(ev, st), &mut EvalScratch::default(), &mut out);
    out
}

fn keys(fmt: &str) -> Vec<String> {
    OutputFormat::compile(fmt)
        .unwrap()
        .keys()
        .iter()
        .map(|(k, _)| k.to_string())
        .collect()
}

#[test]
fn field_substitution_width_and_retry() {
    let mut st = state();
    let ev = open_ev(&mut st);
    for (fmt, want) in [
        ("start %proc.name end", "start cat end"),
        ("start %2proc.name end", "start ca end"),
        ("start %10proc.name end", "start cat        end"),
        ("start %3proc.name end", "start cat end"),
        // Width 0 is no width.
        ("start %0proc.name end", "start cat end"),
        ("start %proc.name %thread.tid end", "start cat 200 end"),
        ("start%proc.nameand%thread.tidend", "startcatand200end"),
        ("%proc.namex", "catx"),
        ("%proc.name.x", "cat.x"),
        ("start %proc.aname[0] end", "start cat end"),
        (
            "start%proc.aname[0]and%proc.apid[1]end",
            "startcatand100end",
        ),
        ("%proc.aname", "bash init"),
        ("%proc.aexe", "bash init"),
        // Without an index proc.apid prints the process's own pid (libsinsp).
        ("%proc.apid", "200"),
        ("|%proc.name| |%proc.aname|", "|cat| |bash init|"),
        ("%fd.name (%fd.num)", "/etc/shadow (3)"),
        ("start end", "start end"),
        ("(user=%user.name)", "(user=root)"),
    ] {
        assert_eq!(render(&st, &ev, fmt), want, "{fmt}");
    }
}

#[test]
fn missing_values_print_na() {
    let mut st = state();
    let ev = mk::chdir(200, "/tmp", 0).ts(TS).build();
    st.apply(&ev);
    assert_eq!(
        render(&st, &ev, "start %proc.name %fd.name end"),
        "start cat <NA> end"
    );
    assert_eq!(render(&st, &ev, "%6fd.name|"), "<NA>  |");
    assert_eq!(render(&st, &ev, "%2fd.name|"), "<N|");
    assert_eq!(render(&st, &ev, "%toupper(fd.name)"), "<NA>");
    // init has no ancestors.
    let ev1 = mk::chdir(1, "/", 0).ts(TS).build();
    assert_eq!(render(&st, &ev1, "start %proc.aname end"), "start <NA> end");
}

#[test]
fn transformers_in_outputs() {
    let mut st = state();
    let ev = open_ev(&mut st);
    for (fmt, want) in [
        ("start %toupper(proc.name) end", "start CAT end"),
        ("start %tolower(toupper(proc.name)) end", "start cat end"),
        ("start %2toupper(proc.name) end", "start CA end"),
        ("start %10toupper(proc.name) end", "start CAT        end"),
        (
            "start%toupper(proc.name)and%toupper(fd.name)end",
            "startCATand/ETC/SHADOWend",
        ),
        ("start %toupper(evt.arg[2]) end", "start /ETC/SHADOW end"),
        ("start %toupper(evt.arg.name) end", "start /ETC/SHADOW end"),
        ("%basename(fd.name)", "shadow"),
        ("%len(fd.name)", "11"),
        ("start %toupper( proc.name) end", "start CAT end"),
        ("start %toupper(proc.name ) end", "start CAT end"),
        (
            "start %toupper( tolower( proc.name ) ) end",
            "start CAT end",
        ),
    ] {
        assert_eq!(render(&st, &ev, fmt), want, "{fmt}");
    }
    // An empty transformed value prints as empty, not <NA>.
    let ev2 = mk::openat(200, AT_FDCWD, "/tmp/", O_RDONLY, 0, 4)
        .ts(TS)
        .build();
    st.apply(&ev2);
    assert_eq!(render(&st, &ev2, "[%basename(evt.arg.name)]"), "[]");
    // output_fields lists the fields under a transformer, not the transformer itself.
    assert_eq!(keys("start %toupper(proc.name) end"), ["proc.name"]);
    assert_eq!(
        keys("start %tolower(toupper(evt.arg[1])) end"),
        ["evt.arg[1]"]
    );
    assert_eq!(
        keys("%toupper(proc.name) %proc.name %toupper(evt.arg.path)"),
        ["proc.name", "evt.arg.path"]
    );
}

#[test]
fn format_errors() {
    for fmt in [
        "start %some.field end",
        "start %a end",
        "start % end",
        "start %proc.name %",
        "start %10",
        "%",
        "start %some_transformer(proc.aname) end",
        "start %val(proc.aname) end",
        "start %(proc.aname) end",
        "start %toupper(proc.aname",
        "start %toupper(tolower)",
        "start %toupper(tolower(proc.aname",
        "start %toupper(tolower(proc.aname)",
        "start %toupper(val(proc.aname))",
        "start %toupper(val(proc.aname)",
        "start %touper(",
        "start %(",
        "start %toupper(evt.num) end",
        "start %toupper (proc.name) end",
        "start %toupper(proc.aname) end",
        "%fd.ip",
        "%fd.net",
        "%fd.snet",
        // There is no escape for a literal %.
        "100% sure: %proc.name",
        "%99999proc.name",
        "%99999999999999999999999proc.name",
    ] {
        assert!(
            OutputFormat::compile(fmt).is_err(),
            "{fmt}: expected an error"
        );
    }
    assert_eq!(
        OutputFormat::compile("a %proc.name %").unwrap_err(),
        FormatError::TrailingPercent { offset: 13 }
    );
    assert_eq!(
        OutputFormat::compile("a %proc.name %")
            .unwrap_err()
            .to_string(),
        "formatting cannot end with a %"
    );
    assert_eq!(
        OutputFormat::compile("a %10").unwrap_err().to_string(),
        "formatting cannot end with a number"
    );
    let e = OutputFormat::compile("x %some.field end").unwrap_err();
    assert_eq!(e.offset(), 2);
    assert_eq!(e.to_string(), "unknown filter: some.field");
}

#[test]
fn output_field_keys() {
    assert_eq!(
        keys("this is a sample output %proc.name %fd.type %proc.pid"),
        ["proc.name", "fd.type", "proc.pid"]
    );
    assert_eq!(keys("%proc.name %proc.name %2proc.name"), ["proc.name"]);
    assert_eq!(
        keys("%proc.aname[2] %evt.arg.flags %proc.env[HOME]"),
        ["proc.aname[2]", "evt.arg.flags", "proc.env[HOME]"]
    );
    assert!(keys("no fields").is_empty());
}

fn rules(output: &str) -> String {
    format!(
        "- rule: r\n  desc: d\n  condition: evt.type = openat and proc.name = cat\n  output: {output}\n  priority: WARNING\n  tags: [zeta, alpha, mid]\n"
    )
}

fn engine(rules_text: &str, out: OutputOptions) -> Engine {
    let mut loader = Loader::new();
    loader.add_source("rules.yaml", rules_text.to_string());
    let report = build(
        loader.load(),
        &BuildOptions {
            output: out.clone(),
            matching: RuleMatching::All,
            ..Default::default()
        },
    );
    assert!(
        !report.diagnostics.has_errors(),
        "{}",
        report.diagnostics.render(&report.sources)
    );
    Engine::new(Arc::new(report.ruleset), state(), out)
}

fn opts(iso: bool, suggested: bool, utc_offset: i32) -> OutputOptions {
    OutputOptions {
        hostname: Arc::from("test-host"),
        suggested_output: suggested,
        time_iso8601: iso,
        utc_offset: Some(utc_offset),
        ecs_output: false,
    }
}

fn fire(e: &mut Engine, ev: Event) -> Vec<Alert> {
    let mut alerts = Vec::new();
    e.process(&ev, &mut |a| alerts.push(a));
    alerts
}

fn open_event() -> Event {
    mk::openat(200, AT_FDCWD, "/etc/shadow", O_RDONLY, 0, 3)
        .uint("dev", 0x803)
        .ts(TS)
        .build()
}

#[test]
fn output_fields_json_typing() {
    let mut e = engine(
        &rules(
            "pid=%proc.pid name=%proc.name dev=%fd.dev read=%evt.is_open_read sip=%fd.sip aname=%proc.aname[1] res=%evt.rawres time=%evt.time uid=%user.uid flags=%evt.arg.flags raw=%evt.rawarg.flags types=%fd.types",
        ),
        opts(false, false, 0),
    );
    let a = fire(&mut e, open_event()).pop().expect("one alert");
    let f = a.output_fields().to_json();
    assert_eq!(f["proc.pid"], json!(200));
    assert_eq!(f["proc.name"], json!("cat"));
    // Hex-formatted numbers are strings, decimal ones numbers.
    assert_eq!(f["fd.dev"], json!("803"));
    assert_eq!(f["evt.rawarg.flags"], json!("1"));
    assert_eq!(f["evt.rawres"], json!(3));
    assert_eq!(f["user.uid"], json!(0));
    assert_eq!(f["evt.is_open_read"], json!(true));
    assert_eq!(f["fd.sip"], serde_json::Value::Null);
    assert_eq!(f["proc.aname[1]"], json!("bash"));
    assert_eq!(f["evt.arg.flags"], json!("O_RDONLY"));
    assert_eq!(f["evt.time"], json!(TS));
    assert_eq!(f["fd.types"], json!(["file"]));
    // Keys are sorted (Falco's JSON objects are), the prefix's time key included once.
    let names: Vec<&str> = a.output_fields().iter().map(|(k, _)| k).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.iter().filter(|k| **k == "evt.time").count(), 1);
    assert!(a.output.ends_with(
        "pid=200 name=cat dev=803 read=true sip=<NA> aname=bash res=3 time=16:17:57.881781397 uid=0 flags=O_RDONLY raw=1 types=(file)"
    ), "{}", a.output);
}

#[test]
fn time_prefix_iso_and_local_with_offset() {
    let mut iso = engine(&rules("hello %proc.name"), opts(true, false, 0));
    let a = fire(&mut iso, open_event()).pop().unwrap();
    assert_eq!(
        a.output,
        "2016-08-04T16:17:57.881781397+0000: Warning hello cat"
    );
    assert_eq!(
        a.output_fields().get("evt.time.iso8601").map(|v| v.to_json()),
        Some(json!(TS))
    );
    assert!(a.output_fields().get("evt.time").is_none());

    // Local time with an explicit offset (UTC+2, then UTC-5): no dependence on the host's zone.
    let mut local = engine(
        &rules("hello %proc.name at %evt.time"),
        opts(false, false, 7200),
    );
    let a = fire(&mut local, open_event()).pop().unwrap();
    assert_eq!(
        a.output,
        "18:17:57.881781397: Warning hello cat at 18:17:57.881781397"
    );
    assert_eq!(
        a.output_fields().get("evt.time").map(|v| v.to_json()),
        Some(json!(TS))
    );
    let mut west = engine(&rules("hello"), opts(false, false, -5 * 3600));
    assert_eq!(
        fire(&mut west, open_event()).pop().unwrap().output,
        "11:17:57.881781397: Warning hello"
    );
    // The JSON `time` is always UTC.
    assert_eq!(a.time_rfc3339(), "2016-08-04T16:17:57.881781397Z");
}

#[test]
fn suggested_container_fields() {
    let mut on = engine(&rules("hello %proc.name"), opts(true, true, 0));
    let a = fire(&mut on, open_event()).pop().unwrap();
    assert_eq!(
        a.output,
        "2016-08-04T16:17:57.881781397+0000: Warning hello cat container_id=host container_name=host \
         container_image_repository= container_image_tag= k8s_pod_name=<NA> k8s_ns_name=<NA>"
    );
    let names: Vec<&str> = a.output_fields().iter().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        [
            "container.id",
            "container.image.repository",
            "container.image.tag",
            "container.name",
            "evt.time.iso8601",
            "k8s.ns.name",
            "k8s.pod.name",
            "proc.name"
        ]
    );
    let mut off = engine(&rules("hello %proc.name"), opts(true, false, 0));
    let a = fire(&mut off, open_event()).pop().unwrap();
    assert_eq!(
        a.output,
        "2016-08-04T16:17:57.881781397+0000: Warning hello cat"
    );
    assert_eq!(a.output_fields().len(), 2);
}

#[test]
fn suggested_fields_the_rule_already_shows_are_not_repeated() {
    // %container.name and %k8s.pod.name are in the rule's own text; %container.image (a field
    // that only starts like container.image.repository) does not count as showing it.
    let mut e = engine(
        &rules("hello %proc.name in %container.name pod=%k8s.pod.name img=%container.image"),
        opts(true, true, 0),
    );
    let a = fire(&mut e, open_event()).pop().unwrap();
    assert_eq!(
        a.output,
        "2016-08-04T16:17:57.881781397+0000: Warning hello cat in host pod=<NA> img= container_id=host \
         container_image_repository= container_image_tag= k8s_ns_name=<NA>"
    );
}

#[test]
fn alert_json_key_order_and_sorted_tags() {
    let mut e = engine(&rules("hello %proc.name %fd.sip"), opts(true, false, 0));
    let a = fire(&mut e, open_event()).pop().unwrap();
    assert_eq!(&*a.tags, ["alpha", "mid", "zeta"]);
    assert_eq!(
        a.to_json_line(),
        "{\"hostname\":\"test-host\",\"output\":\"2016-08-04T16:17:57.881781397+0000: Warning hello cat <NA>\",\
         \"output_fields\":{\"evt.time.iso8601\":1470327477881781397,\"fd.sip\":null,\"proc.name\":\"cat\"},\
         \"priority\":\"Warning\",\"rule\":\"r\",\"source\":\"syscall\",\"tags\":[\"alpha\",\"mid\",\"zeta\"],\
         \"time\":\"2016-08-04T16:17:57.881781397Z\"}"
    );
    // Quotes and backslashes in values are escaped in the JSON line.
    let mut st = state();
    seed(&mut st, 300, 1, "/tmp/we\"ird\\", &["we\"ird\\"], &[]);
    let mut e = engine(
        "- rule: r\n  desc: d\n  condition: evt.type = chdir\n  output: cmd=%proc.cmdline\n  priority: INFO\n",
        opts(true, false, 0),
    );
    *e.state_mut() = st;
    let a = fire(&mut e, mk::chdir(300, "/", 0).ts(TS).build())
        .pop()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&a.to_json_line()).unwrap();
    assert_eq!(v["output_fields"]["proc.cmdline"], json!("we\"ird\\"));
    assert_eq!(v["priority"], json!("Informational"));
}

#[test]
fn network_fields_in_outputs() {
    let mut st = state();
    st.local_addrs.push("10.0.0.5".parse().unwrap());
    st.apply(&mk::socket(200, af::AF_INET, sock::SOCK_STREAM, 0, 4).build());
    let tuple = SockTuple::Inet {
        sip: Ipv4Addr::new(10, 0, 0, 5),
        sport: 34567,
        dip: Ipv4Addr::new(93, 184, 216, 34),
        dport: 443,
    };
    let ev = mk::connect(200, 4, tuple, 0).ts(TS).build();
    st.apply(&ev);
    assert_eq!(
        render(&st, &ev, "%fd.name %fd.sip:%fd.sport %fd.rport %fd.l4proto"),
        "10.0.0.5:34567->93.184.216.34:443 93.184.216.34:443 443 tcp"
    );
}

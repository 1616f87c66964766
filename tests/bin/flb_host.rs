//! A stand-in Fluent Bit process for the system tests: loads `libsyssentry.so` as Fluent Bit
//! does, starts one `syssentry` input with the properties given as `key=value` arguments, collects
//! every second and prints each record as a JSON line on stdout, and on SIGTERM or SIGINT shuts
//! down in Fluent Bit's order (pause, pre-exit, exit, unregister) and exits 0. An init failure
//! exits 255, as Fluent Bit does. Whatever the plugin does to the process (`on_failure exit`
//! ends it from unregister) shows in the exit status.
//!
//! Usage: `flb-host [--pre-4.1] key=value...`

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use syssentry_testkit::flb_host::{to_json, Host, Layout};

fn main() {
    let mut layout = Layout::V41;
    let mut props: Vec<(String, String)> = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--pre-4.1" {
            layout = Layout::Pre41;
        } else if let Some((k, v)) = a.split_once('=') {
            props.push((k.to_string(), v.to_string()));
        } else {
            eprintln!("flb-host: expected key=value, got {a:?}");
            std::process::exit(2);
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).expect("signal handler");
    let mut host = Host::load(layout);
    let props: Vec<(&str, &str)> = props.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let Ok(inst) = host.start(&props) else {
        for (_, line) in syssentry_testkit::flb_host::logs() {
            eprintln!("{line}");
        }
        eprintln!("flb-host: input initialization failed");
        std::process::exit(255);
    };
    eprintln!("flb-host: running");
    while !stop.load(Ordering::SeqCst) {
        let (events, _) = inst.collect();
        for e in events {
            println!("{}", to_json(&e.body));
        }
        for (_, line) in std::mem::take(&mut *syssentry_testkit::flb_host::LOGS.lock().unwrap()) {
            eprintln!("{line}");
        }
        for _ in 0..10 {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    eprintln!("flb-host: stopping");
    inst.shutdown(false);
    for (_, line) in syssentry_testkit::flb_host::logs() {
        eprintln!("{line}");
    }
    host.unregister_current();
    eprintln!("flb-host: stopped");
}

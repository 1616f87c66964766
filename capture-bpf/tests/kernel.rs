//! Kernel tests: load the real programs as root, act in child processes, check decoded events.
//! Without root or BPF each test prints a `SKIPPED:` line and returns.

use std::time::{Duration, Instant};

use syssentry_capture_bpf::{preflight, state_event_types, Capture, CaptureConfig};
use syssentry_engine::event::{Event, EventType};

fn start(extra: &[&str]) -> Option<Capture> {
    if let Err(e) = preflight() {
        println!("SKIPPED: capture preflight failed: {e}");
        return None;
    }
    let mut wanted = state_event_types();
    for n in extra {
        wanted.insert(EventType::from_name(n).expect("event type"));
    }
    match Capture::start(&CaptureConfig::new(wanted)) {
        Ok(c) => Some(c),
        Err(e) => panic!("capture start failed: {e}"),
    }
}

#[test]
fn smoke_openat_is_captured() {
    let Some(mut cap) = start(&[]) else { return };
    let mut child = std::process::Command::new("/bin/cat")
        .arg("/etc/hostname")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as i64;
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut seen: Vec<String> = Vec::new();
    while Instant::now() < deadline {
        cap.poll(Duration::from_millis(20), &mut |ev: &Event| {
            if ev.pid == pid {
                seen.push(format!("{} {:?} res={}", ev.event_type(), ev.str("name"), ev.res));
            }
        })
        .unwrap();
    }
    println!("{seen:#?}\n{:?}", cap.stats());
    assert!(seen.iter().any(|s| s.contains("/etc/hostname")));
}

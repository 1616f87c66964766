//! Real capture through the state tables: events the kernel delivers keep the engine's state
//! right (a file opened in a working directory is named in full, a command line is the exec's),
//! and the cgroups of an exec in a container-runtime cgroup give the container id. Needs root and
//! BPF: without them each test prints `SKIPPED: <why>` (a failure in `scripts/test`).

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use syssentry_capture_bpf::{supported_event_types, Capture, CaptureConfig};
use syssentry_engine::event::{Event, EventType};
use syssentry_engine::fields::{format_value, resolve_full, EvalCtx, Scratch};
use syssentry_engine::state::{container_id_from_cgroups, State};
use syssentry_testkit::paths::scratch;
use syssentry_testkit::privileges::skip;

const PY: &str = "/usr/bin/python3";

/// The tests take turns: each loads its own capture and filters by its child's pid.
static TURN: Mutex<()> = Mutex::new(());

fn start() -> Option<Capture> {
    if skip() {
        return None;
    }
    Some(Capture::start(&CaptureConfig::new(supported_event_types())).expect("capture start"))
}

#[test]
fn decoded_events_drive_engine_state() {
    let _t = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let Some(mut cap) = start() else { return };
    let d = scratch("state");
    let ds = d.to_str().unwrap().to_owned();
    let mut st = State::new(Default::default());
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("cd {ds} && exec {PY} -c \"open('f.txt','w').write('y')\" sse-arg"))
        .spawn()
        .unwrap();
    let pid = child.id() as i64;
    let (name_field, cmd_field) = (resolve_full("fd.name").unwrap(), resolve_full("proc.cmdline").unwrap());
    let mut fd_name = None;
    let mut cmdline = None;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && fd_name.is_none() {
        cap.poll(Duration::from_millis(20), &mut |ev: &Event| {
            st.apply(ev);
            if ev.pid == pid && ev.event_type() == EventType::OPENAT && ev.str("name") == Some("f.txt") {
                let ctx = EvalCtx::new(ev, &st);
                let mut sc = Scratch::new();
                let mut out = String::new();
                if format_value(&name_field, &ctx, &mut sc, &mut out) {
                    fd_name = Some(out.clone());
                }
                out.clear();
                if format_value(&cmd_field, &ctx, &mut sc, &mut out) {
                    cmdline = Some(out);
                }
            }
            st.finish(ev);
        })
        .unwrap();
    }
    let _ = child.wait();
    assert_eq!(fd_name.as_deref(), Some(format!("{ds}/f.txt").as_str()));
    let cmdline = cmdline.unwrap();
    assert!(cmdline.starts_with("python3") && cmdline.ends_with("sse-arg"), "{cmdline}");
    let _ = std::fs::remove_dir_all(&d);
}

/// Runs `/bin/true` in the given cgroup directories (one per hierarchy) and returns the container
/// id of its exec event's `cgroups`, and the one the state's thread carries.
fn container_of_exec_in(cap: &mut Capture, dirs: &[PathBuf]) -> (Option<String>, Option<String>) {
    let joins: String = dirs.iter().map(|d| format!("echo $$ > {}/cgroup.procs && ", d.display())).collect();
    let script = format!("{joins}exec /bin/true");
    let mut child = Command::new("/bin/sh").arg("-c").arg(script).spawn().unwrap();
    let pid = child.id() as i64;
    let mut st = State::new(Default::default());
    let mut container = None;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && container.is_none() {
        cap.poll(Duration::from_millis(20), &mut |ev: &Event| {
            st.apply(ev);
            if ev.pid == pid && ev.event_type() == EventType::EXECVE && ev.res == 0 && ev.str("exe") == Some("/bin/true") {
                let cgroups: Vec<String> = ev
                    .bytes("cgroups")
                    .unwrap_or(&[])
                    .split(|&b| b == 0)
                    .filter(|s| !s.is_empty())
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect();
                container = Some((
                    container_id_from_cgroups(cgroups.iter().map(String::as_str)).map(str::to_string),
                    st.thread(pid).map(|t| t.container_id.to_string()),
                ));
            }
            st.finish(ev);
        })
        .unwrap();
    }
    let _ = child.wait();
    container.expect("the exec was captured")
}

#[test]
fn the_cgroups_of_an_exec_give_the_container_id() {
    let _t = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let Some(mut cap) = start() else { return };
    let id = "3f1a5b7c9d2e4f60718293a4b5c6d7e8f90112233445566778899aabbccddee0";
    let base = PathBuf::from("/sys/fs/cgroup/unified");
    assert!(base.join("cgroup.procs").exists(), "a cgroup v2 hierarchy at {}", base.display());
    let slice = base.join("sse-state-test.slice");
    let dir = slice.join(format!("cri-containerd-{id}.scope"));
    std::fs::create_dir_all(&dir).unwrap();
    let (from_event, in_state) = container_of_exec_in(&mut cap, std::slice::from_ref(&dir));
    let _ = std::fs::remove_dir(&dir);
    let _ = std::fs::remove_dir(&slice);
    assert_eq!(from_event.as_deref(), Some(&id[..12]));
    assert_eq!(in_state.as_deref(), Some(&id[..12]), "the state's thread carries it too");
}

/// A runtime that puts a container in one v1 hierarchy only, the last controller's (`pids`) or
/// a named one without controllers (as `name=systemd` is), still gives its id: every hierarchy
/// is read, not the first few.
#[test]
fn a_container_cgroup_in_any_one_hierarchy_gives_the_container_id() {
    let _t = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let Some(mut cap) = start() else { return };
    let pids = PathBuf::from("/sys/fs/cgroup/pids");
    assert!(pids.join("cgroup.procs").exists(), "a v1 pids hierarchy at {}", pids.display());
    let id = "9e8d7c6b5a4f30211e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1";
    let dir = pids.join("docker").join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let in_pids = container_of_exec_in(&mut cap, std::slice::from_ref(&dir));
    let _ = std::fs::remove_dir(&dir);
    let _ = std::fs::remove_dir(pids.join("docker"));
    assert_eq!(in_pids.0.as_deref(), Some(&id[..12]), "from the pids hierarchy");
    assert_eq!(in_pids.1.as_deref(), Some(&id[..12]), "in the state");

    let named = scratch("named-hierarchy");
    let mounted = Command::new("mount").args(["-t", "cgroup", "-o", "none,name=sse-state"]).arg("cgroup").arg(&named).status().unwrap();
    assert!(mounted.success(), "mount a named cgroup hierarchy");
    let dir = named.join("system.slice").join(format!("docker-{id}.scope"));
    std::fs::create_dir_all(&dir).unwrap();
    let in_named = container_of_exec_in(&mut cap, std::slice::from_ref(&dir));
    let _ = std::fs::remove_dir(&dir);
    let _ = std::fs::remove_dir(named.join("system.slice"));
    let _ = Command::new("umount").arg(&named).status();
    let _ = std::fs::remove_dir_all(&named);
    assert_eq!(in_named.0.as_deref(), Some(&id[..12]), "from a named hierarchy");
    assert_eq!(in_named.1.as_deref(), Some(&id[..12]), "in the state");
}

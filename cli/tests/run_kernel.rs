//! End to end with the kernel: `syssentry run` with a small rules file sees a child process
//! read /etc/shadow and prints the alert line. Needs root, BTF and BPF; prints `SKIPPED: ...`
//! and passes when the machine lacks them.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RULES: &str = r#"
- rule: Shadow read by cat
  desc: test rule
  condition: evt.type in (open, openat, openat2) and evt.is_open_read=true and fd.name=/etc/shadow and proc.name=cat
  output: shadow read (file=%fd.name proc=%proc.name cmdline=%proc.cmdline)
  priority: WARNING
  tags: [test]
"#;

fn skip_reason() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let euid = status.lines().find_map(|l| l.strip_prefix("Uid:")).and_then(|v| v.split_whitespace().nth(1).map(str::to_string));
    if euid.as_deref() != Some("0") {
        return Some("not root".into());
    }
    if !std::path::Path::new("/sys/kernel/btf/vmlinux").exists() {
        return Some("no kernel BTF".into());
    }
    None
}

#[test]
fn cat_etc_shadow_raises_the_alert() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let dir = std::env::temp_dir().join(format!("syssentry-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("rules.yaml");
    std::fs::write(&rules, RULES).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_syssentry"))
        .args(["run", "--duration", "5", "--no-container-fields", "--hostname", "e2e-host", "--rules"])
        .arg(&rules)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the sensor to report it is running (or to refuse).
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    let started = Instant::now();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap_or(0) == 0 || started.elapsed() > Duration::from_secs(30) {
            let _ = child.wait();
            if log.contains("cannot start the kernel capture") || log.contains("needs root") || log.contains("BTF") {
                println!("SKIPPED: the host refused capture: {log}");
                return;
            }
            panic!("sensor ended before running: {log}");
        }
        log.push_str(&line);
        if line.contains("syssentry: running:") {
            break;
        }
    }
    let cat = Command::new("cat").arg("/etc/shadow").stdout(Stdio::null()).status().unwrap();
    assert!(cat.success());
    let out = child.wait_with_output().unwrap();
    let mut rest = String::new();
    let _ = std::io::Read::read_to_string(&mut stderr, &mut rest);
    assert!(out.status.success(), "{log}{rest}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let alert: serde_json::Value = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["rule"] == "Shadow read by cat")
        .unwrap_or_else(|| panic!("no alert in:\n{stdout}\nstderr:\n{log}{rest}"));
    assert_eq!(alert["priority"], "Warning");
    assert_eq!(alert["hostname"], "e2e-host");
    assert_eq!(alert["source"], "syscall");
    let output = alert["output"].as_str().unwrap();
    assert!(
        output.ends_with(": Warning shadow read (file=/etc/shadow proc=cat cmdline=cat /etc/shadow)"),
        "{output}"
    );
    assert_eq!(alert["output_fields"]["fd.name"], "/etc/shadow");
    assert!(rest.contains("syssentry: alerts:"), "stats at exit: {rest}");
    let _ = std::fs::remove_dir_all(&dir);
}

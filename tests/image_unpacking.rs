//! Pulling or importing an image is not an attack: Docker and podman unpack a layer in a copy of
//! themselves rooted in the layer's directory, so its writes look like writes below `/etc`,
//! `/bin` and `/root` of the host. With the default rules running, a Docker and a podman import
//! of an image with files there raise no alert from the runtimes, while a shell writing below
//! `/etc` meanwhile does (the sensor was watching). Needs root and BPF: without them the test
//! prints `SKIPPED: <why>` (a failure in `scripts/test`).

use std::path::Path;
use std::process::Command;
use std::time::Duration;
use syssentry_testkit::cli_sensor::Sensor;
use syssentry_testkit::privileges::skip;
use syssentry_testkit::runtimes::{busybox_rootfs_tar, Dockerd, Podman};

/// The busybox image's tarball, plus a file of root's home.
fn image_tar(dir: &Path) -> std::path::PathBuf {
    let tar = busybox_rootfs_tar(dir);
    let extra = dir.join("extra");
    std::fs::create_dir_all(extra.join("root")).unwrap();
    std::fs::write(extra.join("root/.bashrc"), "export PS1='# '\n").unwrap();
    let status = Command::new("tar").arg("-C").arg(&extra).arg("-rf").arg(&tar).arg("./root").status().unwrap();
    assert!(status.success(), "append root/.bashrc to the image's tarball");
    tar
}

#[test]
fn image_imports_by_docker_and_podman_raise_no_write_alerts() {
    if skip() {
        return;
    }
    let scratch = syssentry_testkit::paths::scratch("image-unpacking");
    let tar = image_tar(&scratch);
    let tar = tar.to_str().unwrap();
    let dockerd = Dockerd::start("unpacking");
    let podman = Podman::start("unpacking");
    let rules = syssentry_testkit::paths::default_rules().display().to_string();
    let socket = dockerd.socket.display().to_string();
    let sensor = Sensor::start(&["--rules", rules.as_str(), "--docker-socket", socket.as_str()])
        .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));

    dockerd.ok(&["import", tar, "unpacking/docker:1"]);
    podman.ok(&["import", tar, "unpacking/podman:1"]);
    // A write below /etc the rules must report, after the imports.
    let marker = format!("/etc/syssentry-unpacking-{}", std::process::id());
    let wrote = Command::new("/bin/sh").arg("-c").arg(format!("echo x > {marker}; rm -f {marker}")).status().unwrap();
    assert!(wrote.success());
    sensor.wait_for(Duration::from_secs(10), |lines| lines.iter().any(|l| l.contains(&marker)));
    let run = sensor.stop();
    let _ = std::fs::remove_dir_all(&scratch);

    let ours = |a: &serde_json::Value| a["output_fields"]["fd.name"].as_str() == Some(marker.as_str());
    assert!(
        run.alerts.iter().any(|a| a["rule"] == "Write below /etc" && ours(a)),
        "the shell's write below /etc alerts:\n{}",
        run.stdout
    );
    let by_runtime: Vec<&serde_json::Value> = run
        .alerts
        .iter()
        .filter(|a| {
            let f = &a["output_fields"];
            let exe = f["proc.exepath"].as_str().unwrap_or_default();
            let pname = f["proc.pname"].as_str().unwrap_or_default();
            exe.ends_with("/dockerd") || exe.ends_with("/podman") || pname == "dockerd" || pname == "podman"
        })
        .collect();
    assert!(by_runtime.is_empty(), "alerts from the runtimes' unpacking: {by_runtime:#?}");
}

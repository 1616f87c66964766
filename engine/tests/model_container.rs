//! Container and Kubernetes fields: ids from cgroups, host defaults, metadata, labels, mounts.

mod common;

use common::{apply, json, s, seed, val};
use syssentry_engine::{
    event::mk,
    state::{ContainerInfo, Mount, State},
};

const ID: &str = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

#[test]
fn host_processes_are_host() {
    let mut st = State::default();
    seed(&mut st, 100, 1, "/bin/sh", &["sh"], &[]);
    let ev = mk::openat(100, -100, "/etc/passwd", 1, 0, 3).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "container.id"), s("host"));
    assert_eq!(val(&st, &ev, "container.name"), s("host"));
    assert_eq!(val(&st, &ev, "container.type"), s("host"));
    assert_eq!(val(&st, &ev, "container.image.repository"), s(""));
    assert_eq!(val(&st, &ev, "k8s.pod.name"), None);
    assert_eq!(json(&st, &ev, "k8s.ns.name"), serde_json::Value::Null);
    assert_eq!(val(&st, &ev, "container.privileged"), s("false"));
}

#[test]
fn container_from_cgroups_then_metadata() {
    let mut st = State::default();
    seed(
        &mut st,
        100,
        1,
        "/usr/bin/containerd-shim",
        &["containerd-shim"],
        &[],
    );
    let cg = format!("cpu=/kubepods/besteffort/pod1/{ID}");
    let fork = mk::fork(100, 200)
        .ts(5_000)
        .list("cgroups", &["cpuset=/", cg.as_str()])
        .uint("pidns_init_start_ts", 4_000)
        .build();
    apply(&mut st, &fork);
    let ev = mk::execve(200, 200, "/bin/bash", &["bash"], 0)
        .ts(6_000)
        .build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "container.id"), s("3ad7b26ded6d"));
    // No metadata yet: other container fields are missing.
    assert_eq!(val(&st, &ev, "container.name"), None);
    assert_eq!(val(&st, &ev, "container.image.repository"), None);
    assert_eq!(val(&st, &ev, "container.start_ts"), s("4000"));
    assert_eq!(val(&st, &ev, "container.duration"), s("2000"));
    assert_eq!(val(&st, &ev, "proc.pidns_init_start_ts"), s("4000"));

    let mut info = ContainerInfo {
        id: "3ad7b26ded6d".into(),
        full_id: ID.into(),
        name: "web".into(),
        image: "docker.io/library/nginx:latest".into(),
        image_repository: "docker.io/library/nginx".into(),
        image_tag: "latest".into(),
        container_type: "containerd".into(),
        privileged: true,
        ..ContainerInfo::default()
    };
    info.labels
        .insert("io.kubernetes.pod.name".into(), "web-0".into());
    info.labels
        .insert("io.kubernetes.pod.namespace".into(), "prod".into());
    info.labels.insert("app".into(), "web".into());
    info.mounts.push(Mount {
        source: "/var/run/docker.sock".into(),
        dest: "/var/run/docker.sock".into(),
        mode: "".into(),
        rdwr: true,
        propagation: "rprivate".into(),
    });
    info.mounts.push(Mount {
        source: "/proc".into(),
        dest: "/host/proc".into(),
        ..Mount::default()
    });
    assert!(st.containers.insert(info));
    assert_eq!(val(&st, &ev, "container.name"), s("web"));
    assert_eq!(
        val(&st, &ev, "container.image"),
        s("docker.io/library/nginx:latest")
    );
    assert_eq!(val(&st, &ev, "container.image.tag"), s("latest"));
    assert_eq!(val(&st, &ev, "container.privileged"), s("true"));
    assert_eq!(val(&st, &ev, "k8s.pod.name"), s("web-0"));
    assert_eq!(val(&st, &ev, "k8s.ns.name"), s("prod"));
    assert_eq!(val(&st, &ev, "container.label[app]"), s("web"));
    assert_eq!(val(&st, &ev, "container.label.app"), s("web"));
    assert_eq!(val(&st, &ev, "container.label[nope]"), None);
    assert_eq!(val(&st, &ev, "container.labels"), s("app:web"));
    assert_eq!(
        val(&st, &ev, "container.mount.dest[/var/run/docker.sock]"),
        s("/var/run/docker.sock")
    );
    assert_eq!(
        val(&st, &ev, "container.mount.dest[/proc*]"),
        s("/host/proc")
    );
    assert_eq!(val(&st, &ev, "container.mount.dest[/root*]"), None);
    assert_eq!(val(&st, &ev, "container.mount.dest[1]"), s("/host/proc"));
    assert_eq!(
        val(&st, &ev, "container.mounts"),
        s("/var/run/docker.sock:/var/run/docker.sock::true:rprivate,/proc:/host/proc::false:")
    );
    assert_eq!(
        json(&st, &ev, "container.privileged"),
        serde_json::json!(true)
    );
    assert_eq!(val(&st, &ev, "fd.containername"), None);

    // Users are looked up in the container's table.
    st.users
        .load_passwd("3ad7b26ded6d", "www:x:33:33::/var/www:/bin/false\n");
    let su = mk::setuid(200, 33, 0).build();
    apply(&mut st, &su);
    assert_eq!(val(&st, &su, "user.name"), s("www"));
    assert_eq!(val(&st, &su, "evt.arg.uid"), s("www"));
}

#[test]
fn container_table_cap() {
    let mut st = State::new(syssentry_engine::state::StateConfig {
        max_containers: 1,
        ..Default::default()
    });
    assert!(st.containers.insert(ContainerInfo {
        id: "a".into(),
        ..ContainerInfo::default()
    }));
    assert!(!st.containers.insert(ContainerInfo {
        id: "b".into(),
        ..ContainerInfo::default()
    }));
    assert_eq!(st.containers.dropped, 1);
}

/// `container.mount.*[pattern]` finds a mount with the matcher of the `glob` operator: the field
/// and the operator agree on tricky patterns (`*`, `?`, ranges, negated sets, classes, escapes,
/// unterminated brackets, multi-byte characters).
#[test]
fn mount_patterns_match_as_the_glob_operator_does() {
    use syssentry_engine::fields::{format_value, resolve, EvalCtx, Scratch};
    use syssentry_engine::filter::{compile::EvalScratch, compile::Program, parse::parse};

    let patterns = [
        "*", "/var/*", "/var/?un", "?", "/x[a-z]", "/x[!x]", "/x[!a-c]*", "[]]*", "[!]]*",
        "/x[[:digit:]]", "\\*", "/a\\?b", "/a\\[b]", "/a[\\]]", "[", "/x[", "/x[a", "/x\\", "/é?",
        "/é*",
    ];
    let values = [
        "/var/run", "/var/sun", "/xa", "/xx", "/x5", "/xd", "*", "/a?b", "/a[b]", "/ab", "/a]", "[",
        "/x[", "/x[a", "]", "]]", "/é1", "/éé", "/x\\", "x", "",
    ];
    let mut agreed = 0;
    for value in values {
        let mut st = State::default();
        seed(&mut st, 100, 1, "/bin/sh", &["sh"], &[]);
        st.thread_mut(100).unwrap().container_id = "3ad7b26ded6d".into();
        let mut info = ContainerInfo { id: "3ad7b26ded6d".into(), ..ContainerInfo::default() };
        info.mounts.push(Mount { source: value.into(), dest: "/dest".into(), ..Mount::default() });
        assert!(st.containers.insert(info));
        let ev = mk::openat(100, -100, "/etc/passwd", 1, 0, 3).build();
        apply(&mut st, &ev);
        let ctx = EvalCtx::new(&ev, &st);
        for pattern in patterns {
            let field = resolve("container.mount.dest", Some(pattern)).unwrap();
            let mut out = String::new();
            let by_field = format_value(&field, &ctx, &mut Scratch::new(), &mut out);
            assert_eq!(by_field, out == "/dest", "{pattern:?} {value:?}");
            // `\x5c` for a backslash: the quoted-string scanner reads `\\"` as an escaped quote.
            let quoted = pattern.replace('\\', "\\x5c");
            let condition = format!("container.mount.source[0] glob \"{quoted}\"");
            let expr = parse(&condition).unwrap_or_else(|e| panic!("{condition}: {e}"));
            let program = Program::compile(&expr).unwrap();
            let by_operator = program.matches(&ctx, &mut EvalScratch::default());
            assert_eq!(by_field, by_operator, "{pattern:?} {value:?}");
            agreed += usize::from(by_field);
        }
    }
    assert!(agreed > 20, "the cases exercise matches too ({agreed})");
}

//! The field registry covers every field the upstream rules use (§4.3 of the spec), the
//! fields Falco's default output adds, and the extra fields named in the model brief.

use syssentry_engine::fields::{registry, resolve, resolve_full, Multi, FILTER_ONLY, IS_LIST};

const RULE_FIELDS: &str = "container.id container.image.repository container.mount.dest container.mounts container.privileged container.start_ts evt.arg.cmd evt.arg.domain evt.arg.fd evt.arg.filename evt.arg.flags evt.arg.linkpath evt.arg.mode evt.arg.name evt.arg.newpath evt.arg.oldpath evt.arg.path evt.arg.request evt.arg.target evt.arg.uid evt.args evt.buffer evt.is_open_exec evt.is_open_read evt.is_open_write evt.num evt.rawres evt.res evt.type fd.cip fd.cip.name fd.cnet fd.connected fd.directory fd.filename fd.ip fd.l4proto fd.lip.name fd.lport fd.name fd.name_changed fd.nameraw fd.net fd.num fd.port fd.rip fd.rip.name fd.rnet fd.rport fd.sip fd.sip.name fd.snet fd.sockfamily fd.sport fd.type fd.typechar group.gid group.name k8s.ns.name k8s.pod.name proc.aexe proc.aexepath proc.aname proc.args proc.cmdline proc.cwd proc.duration proc.env proc.exe proc.exe_ino.ctime proc.exe_ino.ctime_duration_proc_start proc.exe_ino.mtime proc.exepath proc.is_exe_from_memfd proc.is_exe_upper_layer proc.is_vpgid_leader proc.name proc.pcmdline proc.pexe proc.pexepath proc.pname proc.sname proc.tty proc.vpid thread.cap_effective thread.cap_permitted user.loginname user.loginuid user.name user.uid ";

const EXTRA_FIELDS: &str = "container.name container.image.tag container.image k8s.pod.name     k8s.ns.name evt.time evt.time.iso8601 evt.time.s evt.datetime evt.rawtime evt.num evt.dir     evt.args evt.is_open_create evt.is_open_exec proc.pid proc.ppid proc.exeline proc.sid     proc.vpgid proc.is_exe_writable proc.is_exe_lower_layer proc.pidns_init_start_ts thread.tid     thread.vtid thread.cap_inheritable fd.cip fd.sip fd.lip fd.rip fd.cport fd.sport fd.lport     fd.rport fd.cproto fd.types fd.dev fd.ino user.homedir user.shell container.type     container.start_ts container.duration container.mounts";

#[test]
fn every_rule_field_resolves() {
    let mut n = 0;
    for name in RULE_FIELDS.split_whitespace() {
        let r = if name == "container.mount.dest" {
            resolve(name, Some("/proc*"))
        } else {
            resolve(name, None)
        };
        assert!(r.is_ok(), "{name}: {r:?}");
        n += 1;
    }
    assert_eq!(n, 90);
    for name in EXTRA_FIELDS.split_whitespace() {
        assert!(resolve(name, None).is_ok(), "{name}");
    }
    for name in [
        "evt.arg[0]",
        "container.label[app]",
        "container.label.app",
        "k8s.pod.label[app]",
        "proc.aname[7]",
    ] {
        assert!(resolve_full(name).is_ok(), "{name}");
    }
}

#[test]
fn registry_is_well_formed() {
    let reg = registry();
    let mut names: Vec<_> = reg.iter().map(|f| f.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "duplicate field names");
    for f in reg {
        assert!(!f.doc.is_empty() && f.doc.ends_with('.'), "{}: doc", f.name);
        if f.multi == Multi::List {
            assert!(f.has(IS_LIST), "{}", f.name);
        }
        if f.multi == Multi::EitherEndpoint {
            assert!(f.has(FILTER_ONLY), "{}", f.name);
        }
    }
}

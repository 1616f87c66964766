//! Unprivileged checks of the embedded BPF object: it parses, carries the expected programs,
//! maps and ABI version, and the ABI structs have the layout the C side uses.

use syssentry_capture_bpf::{abi, object_bytes, MAPS, PROGRAMS};

#[test]
fn object_has_programs_and_maps() {
    let obj = aya_obj::Object::parse(object_bytes()).expect("object parses");
    for (name, _, _) in PROGRAMS {
        assert!(obj.programs.contains_key(*name), "program {name} missing");
    }
    for m in MAPS {
        assert!(obj.maps.contains_key(*m), "map {m} missing");
    }
    assert!(obj.maps.contains_key(".rodata"));
    assert_eq!(obj.license.to_str().unwrap(), "GPL");
}

#[test]
fn sections_are_the_intended_hooks() {
    use object::{Object, ObjectSection};
    let f = object::File::parse(object_bytes()).unwrap();
    let names: Vec<&str> = f.sections().filter_map(|s| s.name().ok()).collect();
    for s in [
        "tp_btf/sys_exit",
        "tp_btf/sched_process_exec",
        "tp_btf/sched_process_exit",
        ".BTF",
        ".BTF.ext",
    ] {
        assert!(names.contains(&s), "section {s} missing from {names:?}");
    }
}

#[test]
fn abi_version_matches() {
    assert_eq!(
        syssentry_capture_bpf::object_abi_version(object_bytes()).unwrap(),
        abi::SSE_ABI_VERSION
    );
}

#[test]
fn abi_layout() {
    use std::mem::size_of;
    assert_eq!(size_of::<abi::sse_hdr>(), 40);
    assert_eq!(size_of::<abi::sse_item>(), 8);
    assert_eq!(size_of::<abi::sse_spec>(), 16);
    assert_eq!(size_of::<abi::sse_tuple>(), 168);
    assert_eq!(size_of::<abi::sse_proc>(), 120);
    assert_eq!(size_of::<abi::sse_counters>(), 48);
    assert_eq!(size_of::<abi::sse_clause>(), 128);
    assert_eq!(size_of::<abi::sse_path_key>(), 256);
    assert_eq!(abi::SYSCALL_HDR_LEN, 88);
}

#[test]
fn abi_constants() {
    // Version 3 added the environment item (SSE_I_ENV, SSE_ENV_MAX); 4 reports every cgroup
    // hierarchy (SSE_CGROUP_HIERARCHIES items, named by their controllers); 5 adds the
    // in-kernel open filter (its maps, counters and spec fields) and SSE_RF_NOTDIR0 marks; 6
    // filters socket calls by their domain (SSE_FLT_SOCKET, sse_filter_cfg.socket_*) and failed
    // calls (sse_spec.filter_failed).
    assert_eq!(abi::SSE_ABI_VERSION, 6);
    assert_eq!(abi::SSE_PATH_KEY_MAX as usize, syssentry_event::kernel_filter::PATH_KEY_MAX);
    assert_eq!(abi::SSE_SUFFIX_MAX as usize, syssentry_event::kernel_filter::SUFFIX_MAX);
    assert_eq!(abi::SSE_CLAUSES as usize, syssentry_event::kernel_filter::MAX_CLAUSES);
    assert_eq!(abi::SSE_CGROUP_HIERARCHIES, 16);
    assert_eq!(abi::SSE_I_ENV, 14);
    assert_eq!(abi::SSE_I_EXIT, 13);
    // 16 KiB less the item header: the item ends inside the 2 * SSE_RECORD_MAX scratch buffer
    // wherever it starts below SSE_RECORD_MAX.
    assert_eq!(abi::SSE_ENV_MAX, 16 * 1024 - 8);
    assert_eq!(abi::SSE_RECORD_MAX, 16 * 1024);
}

//! Build script: compiles the C BPF programs in `bpf/` with clang into `$OUT_DIR/*.bpf.o`,
//! generates Rust bindings for the shared ABI header `../include/syssentry_abi.h` with bindgen,
//! and derives the syscall table (`$OUT_DIR/syscall_table.rs`) from `tables/syscalls.txt`.
//!
//! Overrides: `BPF_CLANG` (the clang binary, default `clang`), `BPF_CFLAGS` (extra flags,
//! whitespace separated).

use std::{env, path::PathBuf, process::Command};

#[path = "build/syscall_table.rs"]
mod syscall_table;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    let include = manifest.join("../include");
    let bpf_dir = manifest.join("bpf");
    let header = include.join("syssentry_abi.h");

    println!("cargo:rerun-if-changed={}", bpf_dir.display());
    println!("cargo:rerun-if-changed={}", header.display());
    println!(
        "cargo:rerun-if-changed={}",
        manifest.join("build").display()
    );
    println!(
        "cargo:rerun-if-changed={}",
        manifest.join("tables/syscalls.txt").display()
    );
    println!("cargo:rerun-if-env-changed=BPF_CLANG");
    println!("cargo:rerun-if-env-changed=BPF_CFLAGS");

    let arch = match env::var("CARGO_CFG_TARGET_ARCH").as_deref() {
        Ok("x86_64") => "x86",
        Ok("aarch64") => "arm64",
        Ok(other) => panic!("syssentry capture: unsupported target architecture {other}"),
        Err(_) => "x86",
    };
    let clang = env::var("BPF_CLANG").unwrap_or_else(|_| "clang".to_owned());
    let extra = env::var("BPF_CFLAGS").unwrap_or_default();

    let mut sources: Vec<PathBuf> = std::fs::read_dir(&bpf_dir)
        .expect("read capture-bpf/bpf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".bpf.c"))
        .collect();
    sources.sort();
    for src in sources {
        println!("cargo:rerun-if-changed={}", src.display());
        let name = src
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".bpf.c", ".bpf.o");
        let obj = out.join(name);
        let status = Command::new(&clang)
            .args(["-O2", "-g", "-target", "bpf", "-Wall", "-Werror"])
            .arg(format!("-D__TARGET_ARCH_{arch}"))
            .arg("-I")
            .arg(&bpf_dir)
            .arg("-I")
            .arg(&include)
            .args(extra.split_whitespace())
            .arg("-c")
            .arg(&src)
            .arg("-o")
            .arg(&obj)
            .status()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run {clang} to build the BPF programs ({e}); install clang and \
                     libbpf-dev (scripts/setup does)"
                )
            });
        assert!(status.success(), "{clang} failed on {}", src.display());
    }

    let bindings = bindgen::Builder::default()
        .header(header.to_string_lossy())
        .allowlist_type("sse_.*")
        .allowlist_var("SSE_.*")
        .derive_default(true)
        .layout_tests(false)
        .use_core()
        .generate()
        .expect("bindgen on include/syssentry_abi.h (needs libclang-dev)");
    bindings
        .write_to_file(out.join("syssentry_abi.rs"))
        .expect("write syssentry_abi.rs");
    syscall_table::generate(
        &manifest.join("tables/syscalls.txt"),
        "tables/syscalls.txt",
        &out.join("syscall_table.rs"),
    );
}

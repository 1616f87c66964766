//! Where things are for the system tests: the checkout, its rules, the upstream Falco rules that
//! sit beside it (`../shared/falco-rules`), and the binaries cargo built for these tests.

use std::path::{Path, PathBuf};

/// The root of the checkout.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the tests crate sits in the checkout").to_path_buf()
}

/// A path inside the checkout.
pub fn in_repo(rel: &str) -> PathBuf {
    repo().join(rel)
}

/// syssentry's default rules (`rules/`).
pub fn default_rules() -> PathBuf {
    let p = in_repo("rules");
    assert!(p.join("00-base.yaml").is_file(), "default rules at {}", p.display());
    p
}

/// An upstream Falco rules file, read unchanged from `../shared/falco-rules` beside the checkout.
pub fn upstream_rules(file: &str) -> PathBuf {
    let p = repo().join("../shared/falco-rules").join(file);
    assert!(p.is_file(), "upstream rules at {}", p.display());
    p
}

/// The directory cargo puts this package's binaries in (the parent of a test executable's
/// `deps/` or of an example's `examples/`).
fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let deps = exe.parent().expect("deps directory");
    if deps.file_name().is_some_and(|n| n == "deps" || n == "examples") {
        deps.parent().expect("target directory").to_path_buf()
    } else {
        deps.to_path_buf()
    }
}

/// The `syssentry` command built for these tests.
pub fn syssentry() -> PathBuf {
    bin_dir().join("syssentry-under-test")
}

/// The stand-in Fluent Bit process built for these tests.
pub fn flb_host() -> PathBuf {
    bin_dir().join("flb-host")
}

/// The plugin, `libsyssentry.so`, as built for these tests (`cargo test` leaves it in `deps/`).
pub fn plugin() -> PathBuf {
    let dir = bin_dir();
    let deps = dir.join("deps").join("libsyssentry.so");
    if deps.exists() {
        deps
    } else {
        dir.join("libsyssentry.so")
    }
}

/// A scratch directory of this test process, made empty.
pub fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("syssentry-test-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch directory");
    d
}

//! Helpers of syssentry's system tests: the tests that span crates (the `syssentry` command end
//! to end against the kernel, the plugin loaded by a stand-in Fluent Bit host, real capture
//! through the state tables and rules). One copy of each helper, for every test here.
//!
//! * [`paths`]: the checkout, the default rules, the upstream Falco rules beside the checkout,
//!   the binaries built for these tests.
//! * [`privileges`]: whether this machine can run the kernel tests (root, BTF, BPF), asked with
//!   the sensor's own host checks; a test that cannot run prints `SKIPPED:` (which `scripts/test`
//!   turns into a failure).
//! * [`cli_sensor`]: `syssentry run` as a child process, and the fixtures of `syssentry trigger`.
//! * [`flb_host`]: a stand-in for Fluent Bit's proxy-input host that loads `libsyssentry.so`.
//! * [`runtimes`]: private Docker, podman and containerd instances with images made from
//!   busybox.
//! * [`cri`]: pods and containers made through the Kubernetes CRI, as the kubelet makes them.
//! * [`engines`]: the sensor's container side service driven directly, one engine at a time.
//! * [`imports`]: the file-level import graph of a crate and its cycles (`cycles.py` in Rust).
//!
//! The `unsafe` code here is the host side of the plugin's FFI boundary and the set-up of child
//! processes between fork and exec; each block says why it is sound.

pub mod cli_sensor;
pub mod cri;
pub mod engines;
pub mod flb_host;
pub mod imports;
pub mod paths;
pub mod privileges;
pub mod runtimes;

//! eBPF syscall capture: the first stage of the data flow (**capture** → event → state →
//! evaluation → output → sink).
//!
//! C BPF programs (`bpf/syssentry.bpf.c`, CO-RE, built by `build.rs` with clang) hook
//! `tp_btf/sys_exit`, `tp_btf/sched_process_exec` and `tp_btf/sched_process_exit`, filter in
//! the kernel by syscall number, and write compact records (`include/syssentry_abi.h`) to a
//! BPF ring buffer. [`Capture`] loads and attaches them with `aya`, reads the ring and decodes
//! each record into one reused [`syssentry_event::Event`].
//!
//! ```no_run
//! use syssentry_capture_bpf::{preflight, supported_event_types, Capture, CaptureConfig};
//! preflight()?;
//! let mut cap = Capture::start(&CaptureConfig::new(supported_event_types()))?;
//! cap.poll(std::time::Duration::from_millis(100), &mut |ev| println!("{}", ev.event_type()))?;
//! # Ok::<(), syssentry_capture_bpf::CaptureError>(())
//! ```

pub mod abi;
mod decode;
mod error;
mod flags;
mod kfunc;
mod loader;
mod ring;
mod stats;
pub mod syscalls;

pub use decode::{DecodeError, Decoder, ENV_MAX_VARS};
pub use error::CaptureError;
pub use loader::{
    object_abi_version, object_bytes, preflight, Capture, CaptureConfig, MAPS, PROGRAMS,
};
pub use stats::CaptureStats;
pub use syscalls::supported_event_types;

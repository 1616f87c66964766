//! What the host must offer before capture can start, checked up front so a refusal says what
//! is missing and what to do, in one paragraph.
//!
//! Place in the data flow: host → **these checks** → capture start. [`HostProbe::read`] looks at
//! the host (privileges from `/proc/self/status`, BTF); [`check`] is pure over the probe.
//! The capture crate's own `preflight()` runs afterwards for what only loading BPF can tell.

use std::path::Path;

/// CAP_SYS_ADMIN.
const CAP_SYS_ADMIN: u32 = 21;
/// CAP_PERFMON.
const CAP_PERFMON: u32 = 38;
/// CAP_BPF.
const CAP_BPF: u32 = 39;

/// What the checks look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostProbe {
    /// Effective user id.
    pub euid: u32,
    /// Effective capability set.
    pub cap_eff: u64,
    /// `/sys/kernel/btf/vmlinux` exists.
    pub btf: bool,
}

impl HostProbe {
    /// Reads the probe from this host and process.
    pub fn read() -> HostProbe {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |key: &str| status.lines().find_map(|l| l.strip_prefix(key)).map(str::trim).unwrap_or("");
        let euid = field("Uid:").split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(u32::MAX);
        let cap_eff = u64::from_str_radix(field("CapEff:"), 16).unwrap_or(0);
        HostProbe {
            euid,
            cap_eff,
            btf: Path::new("/sys/kernel/btf/vmlinux").exists(),
        }
    }
}

/// Why `run` refuses to start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Neither root nor the capabilities BPF loading needs.
    #[error(
        "syssentry run needs root: loading and attaching BPF programs and reading every process's \
/proc entries need root privileges (or at least CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN), and this \
process runs as uid {euid} with effective capabilities {cap_eff:#x}; run it as root, e.g. with \
`sudo syssentry run ...`"
    )]
    NotRoot {
        /// The effective uid.
        euid: u32,
        /// The effective capability set.
        cap_eff: u64,
    },
    /// No kernel BTF.
    #[error(
        "syssentry run needs the kernel's BTF type information at /sys/kernel/btf/vmlinux, which this \
kernel does not provide: the BPF programs are compiled once and adapted to the running kernel from \
its BTF (CO-RE); use a kernel built with CONFIG_DEBUG_INFO_BTF=y (the default of current \
distribution kernels)"
    )]
    NoBtf,
    /// Capture's own preflight or start refused (BPF not available or refused, tracepoints or
    /// tracefs missing).
    #[error(
        "syssentry run cannot start the kernel capture on this host: {detail}; the sensor needs a kernel with BPF \
and BPF ring buffers (Linux 5.8 or later, CONFIG_BPF_SYSCALL=y) and a process allowed to call \
bpf(2): run it on the host as root, or in a privileged container without a seccomp profile or \
security module that forbids bpf(2)"
    )]
    NoBpf {
        /// What capture reported.
        detail: String,
    },
}

/// Checks the probe: privileges first, then BTF. What only loading BPF can tell (BPF refused,
/// ring buffers or tracepoints missing, tracefs where capture needs it) is capture's preflight's.
pub fn check(p: &HostProbe) -> Result<(), Refusal> {
    let has = |cap: u32| p.cap_eff & (1u64 << cap) != 0;
    let privileged = p.euid == 0 && has(CAP_SYS_ADMIN) || has(CAP_SYS_ADMIN) && has(CAP_BPF) && has(CAP_PERFMON);
    if !privileged {
        return Err(Refusal::NotRoot { euid: p.euid, cap_eff: p.cap_eff });
    }
    if !p.btf {
        return Err(Refusal::NoBtf);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_CAPS: u64 = 0x1ff_ffff_ffff;

    fn ok() -> HostProbe {
        HostProbe { euid: 0, cap_eff: ALL_CAPS, btf: true }
    }

    #[test]
    fn each_missing_requirement_refuses_with_its_own_message() {
        assert_eq!(check(&ok()), Ok(()));
        let e = check(&HostProbe { euid: 1000, cap_eff: 0, ..ok() }).unwrap_err();
        assert_eq!(e, Refusal::NotRoot { euid: 1000, cap_eff: 0 });
        let text = e.to_string();
        assert!(text.contains("needs root") && text.contains("uid 1000") && text.contains("sudo"), "{text}");
        // Root without capabilities (e.g. a user namespace's root seen from outside) is refused.
        assert!(matches!(check(&HostProbe { cap_eff: 0, ..ok() }), Err(Refusal::NotRoot { .. })));
        // A non-root process with the three capabilities is enough.
        let caps = (1 << CAP_SYS_ADMIN) | (1 << CAP_BPF) | (1 << CAP_PERFMON);
        assert_eq!(check(&HostProbe { euid: 1000, cap_eff: caps, ..ok() }), Ok(()));
        assert_eq!(check(&HostProbe { btf: false, ..ok() }), Err(Refusal::NoBtf));
        assert!(Refusal::NoBtf.to_string().contains("/sys/kernel/btf/vmlinux"));
        // Privileges are reported before the rest.
        assert!(matches!(
            check(&HostProbe { euid: 5, cap_eff: 0, btf: false }),
            Err(Refusal::NotRoot { .. })
        ));
    }

    #[test]
    fn this_host_reads() {
        let p = HostProbe::read();
        assert_ne!(p.euid, u32::MAX, "uid read from /proc/self/status");
    }
}

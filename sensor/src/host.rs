//! What the host must offer before capture can start, checked up front so that a refusal says
//! what is missing and what to do, in one paragraph, the same for `syssentry run`, `syssentry
//! trigger --verify` and the Fluent Bit plugin.
//!
//! Place in the data flow: host → **these checks** → capture start. [`HostProbe::read`] looks at
//! the host (privileges from `/proc/self/status`, BTF); [`check`] is pure over the probe;
//! [`check_host`] adds capture's own preflight, for what only trying BPF can tell (bpf(2)
//! refused, tracefs or bpffs missing).

use std::path::Path;
use syssentry_capture_bpf::CaptureError;

/// CAP_SYS_ADMIN.
const CAP_SYS_ADMIN: u32 = 21;
/// CAP_PERFMON.
const CAP_PERFMON: u32 = 38;
/// CAP_BPF.
const CAP_BPF: u32 = 39;

/// Where the kernel's BTF is looked for.
pub const BTF_PATH: &str = "/sys/kernel/btf/vmlinux";

/// What the checks look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostProbe {
    /// Effective user id.
    pub euid: u32,
    /// Effective capability set.
    pub cap_eff: u64,
    /// [`BTF_PATH`] exists.
    pub btf: bool,
}

impl HostProbe {
    /// Reads the probe from this host and process.
    pub fn read() -> HostProbe {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |key: &str| status.lines().find_map(|l| l.strip_prefix(key)).map(str::trim).unwrap_or("");
        let euid = field("Uid:").split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(u32::MAX);
        let cap_eff = u64::from_str_radix(field("CapEff:"), 16).unwrap_or(0);
        HostProbe { euid, cap_eff, btf: Path::new(BTF_PATH).exists() }
    }

    /// Whether the process may load and attach BPF programs and read every process's `/proc`
    /// entries: root with CAP_SYS_ADMIN, or CAP_SYS_ADMIN with CAP_BPF and CAP_PERFMON.
    pub fn privileged(&self) -> bool {
        let has = |cap: u32| self.cap_eff & (1u64 << cap) != 0;
        self.euid == 0 && has(CAP_SYS_ADMIN) || has(CAP_SYS_ADMIN) && has(CAP_BPF) && has(CAP_PERFMON)
    }
}

/// Why the sensor refuses to start on this host.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Neither root nor the capabilities BPF loading needs.
    #[error(
        "the syssentry sensor needs root: loading and attaching BPF programs and reading every process's \
/proc entries need root privileges (or at least CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN), and this \
process runs as uid {euid} with effective capabilities {cap_eff:#x}; run it as root, e.g. with \
`sudo`, or in a privileged container"
    )]
    NotRoot {
        /// The effective uid.
        euid: u32,
        /// The effective capability set.
        cap_eff: u64,
    },
    /// No kernel BTF.
    #[error(
        "the syssentry sensor needs the kernel's BTF type information at {BTF_PATH}, which this \
kernel does not provide: the BPF programs are compiled once and adapted to the running kernel from \
its BTF (CO-RE); use a kernel built with CONFIG_DEBUG_INFO_BTF=y (the default of current \
distribution kernels)"
    )]
    NoBtf,
    /// Capture's own preflight or start refused (BPF not available or refused, tracepoints or
    /// tracefs missing, a program rejected).
    #[error(
        "the syssentry sensor cannot start the kernel capture on this host: {source}; it needs a kernel with \
BPF and BPF ring buffers (Linux 5.12 or later, CONFIG_BPF_SYSCALL=y) and a process allowed to call \
bpf(2): run it on the host as root, or in a privileged container without a seccomp profile or \
security module that forbids bpf(2)"
    )]
    NoBpf {
        /// What capture reported, with its evidence (the kernel's answer, a verifier log).
        #[source]
        source: CaptureError,
    },
}

/// The kernel's host name (`/proc/sys/kernel/hostname`), the default `hostname` of alerts;
/// `None` when it cannot be read or is empty.
pub fn kernel_hostname() -> Option<String> {
    let s = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Whether this host is an Amazon ECS container instance, so that alerts name the ECS task of a
/// container: the sensor runs in an ECS task (the agent gives every task container
/// `ECS_CONTAINER_METADATA_URI[_V4]`, FireLens included), or the host has the agent's
/// configuration (`etc/ecs/ecs.config` below `host_root`, as on ECS-optimized AMIs).
pub fn ecs_instance(host_root: &Path) -> bool {
    ["ECS_CONTAINER_METADATA_URI_V4", "ECS_CONTAINER_METADATA_URI"].iter().any(|v| std::env::var_os(v).is_some())
        || host_root.join("etc/ecs/ecs.config").exists()
}

/// Checks the probe: privileges first, then BTF.
pub fn check(p: &HostProbe) -> Result<(), Refusal> {
    if !p.privileged() {
        return Err(Refusal::NotRoot { euid: p.euid, cap_eff: p.cap_eff });
    }
    if !p.btf {
        return Err(Refusal::NoBtf);
    }
    Ok(())
}

/// Every check, on this host: [`check`] over [`HostProbe::read`], then capture's preflight.
pub fn check_host() -> Result<(), Refusal> {
    check(&HostProbe::read())?;
    syssentry_capture_bpf::preflight().map_err(|source| Refusal::NoBpf { source })
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
        assert!(check(&ok()).is_ok());
        let e = check(&HostProbe { euid: 1000, cap_eff: 0, ..ok() }).unwrap_err();
        assert!(matches!(e, Refusal::NotRoot { euid: 1000, cap_eff: 0 }), "{e:?}");
        let text = e.to_string();
        assert!(text.contains("needs root") && text.contains("uid 1000") && text.contains("sudo"), "{text}");
        // Root without capabilities (e.g. a user namespace's root seen from outside) is refused.
        assert!(matches!(check(&HostProbe { cap_eff: 0, ..ok() }), Err(Refusal::NotRoot { .. })));
        // A non-root process with the three capabilities is enough.
        let caps = (1 << CAP_SYS_ADMIN) | (1 << CAP_BPF) | (1 << CAP_PERFMON);
        assert!(check(&HostProbe { euid: 1000, cap_eff: caps, ..ok() }).is_ok());
        assert!(matches!(check(&HostProbe { btf: false, ..ok() }), Err(Refusal::NoBtf)));
        assert!(Refusal::NoBtf.to_string().contains("/sys/kernel/btf/vmlinux"));
        // Privileges are reported before the rest.
        assert!(matches!(check(&HostProbe { euid: 5, cap_eff: 0, btf: false }), Err(Refusal::NotRoot { .. })));
    }

    #[test]
    fn a_capture_refusal_keeps_capture_s_evidence() {
        let e = Refusal::NoBpf {
            source: CaptureError::BpfUnavailable {
                what: "creating a BPF array map",
                source: std::io::Error::from_raw_os_error(1),
            },
        };
        let text = e.to_string();
        assert!(text.contains("creating a BPF array map") && text.contains("privileged container"), "{text}");
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn an_ecs_instance_is_known_by_its_agent_configuration() {
        let root = std::env::temp_dir().join(format!("syssentry-ecs-root-{}", std::process::id()));
        std::fs::create_dir_all(root.join("etc")).unwrap();
        let env_says = std::env::var_os("ECS_CONTAINER_METADATA_URI_V4").is_some() || std::env::var_os("ECS_CONTAINER_METADATA_URI").is_some();
        assert_eq!(ecs_instance(&root), env_says);
        std::fs::create_dir_all(root.join("etc/ecs")).unwrap();
        std::fs::write(root.join("etc/ecs/ecs.config"), "ECS_CLUSTER=prod\n").unwrap();
        assert!(ecs_instance(&root));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn this_host_reads() {
        let p = HostProbe::read();
        assert_ne!(p.euid, u32::MAX, "uid read from /proc/self/status");
        let name = kernel_hostname().expect("this kernel has a host name");
        assert_eq!(name, name.trim());
    }
}

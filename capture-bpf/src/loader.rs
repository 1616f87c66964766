//! Host checks ([`preflight`]), loading and attaching the embedded BPF object ([`Capture`]),
//! the in-kernel syscall filter (`specs` map) and the public polling API.
//!
//! Place in the data flow: **capture** (kernel programs → ring buffer → `decode`) → event.

use std::{os::fd::AsFd, time::Duration};

use aya::{
    maps::{
        lpm_trie::{Key, LpmTrie},
        Array, Map, MapData, PerCpuArray,
    },
    programs::{BtfTracePoint, ProgramError, RawTracePoint},
    Btf, EbpfLoader,
};
use syssentry_event::{Event, EventType, EventTypeSet, KernelFilter};
use syssentry_event::OpenFacts;

use crate::abi::{self, sse_clause, sse_counters, sse_filter_cfg, sse_spec};
use crate::decode::Decoder;
use crate::kfunc;
use crate::error::CaptureError;
use crate::stats::{self, CaptureStats};
use crate::{ring, syscalls};

static OBJECT: &[u8] = aya::include_bytes_aligned!(concat!(env!("OUT_DIR"), "/syssentry.bpf.o"));

/// The embedded BPF object (ELF), as built by `build.rs`.
pub fn object_bytes() -> &'static [u8] {
    OBJECT
}

/// The programs of the object: (C function name, program type, hook).
pub const PROGRAMS: &[(&str, &str, &str)] = &[
    ("sys_exit", "tp_btf", "sys_exit"),
    ("sched_exec", "tp_btf", "sched_process_exec"),
    ("sched_exit", "tp_btf", "sched_process_exit"),
];

/// The maps of the object (C symbol names).
pub const MAPS: &[&str] = &[
    "events",
    "specs",
    "counters",
    "scratch_map",
    "work_map",
    "prefixes",
    "clauses",
    "filter_cfg",
    "forgotten",
    "forgotten_own",
];

const TRACEFS: &str = "/sys/kernel/tracing";
const BPFFS: &str = "/sys/fs/bpf";

/// Capture settings.
#[derive(Debug, Clone)]
pub struct CaptureConfig {
    /// Ring-buffer size in bytes: a power of two, at least one page (default 8 MiB).
    pub ring_bytes: usize,
    /// Event types to deliver; the kernel sends only the syscalls these need.
    pub wanted: EventTypeSet,
    /// Bytes each CPU submits between two reader wakeups it forces; 0 (the default) picks
    /// [`CaptureConfig::effective_wakeup_bytes`] from the ring size and the CPU count. Every
    /// forced wakeup is an inter-processor interrupt (a VM exit under virtualisation); the
    /// reader also drains after each poll timeout.
    pub wakeup_bytes: u64,
    /// Most records one [`Capture::poll`] decodes (default [`DEFAULT_BATCH_RECORDS`]). Callers
    /// read the drop counters between polls, so this bounds the work between two drop checks
    /// even while a long backlog is drained.
    pub batch_records: usize,
    /// Exec records carry the new process's environment (at most `SSE_ENV_MAX` bytes and
    /// [`ENV_MAX_VARS`](crate::decode::ENV_MAX_VARS) variables, truncation marked). Set it when
    /// the rules read environments; when unset
    /// (the default) nothing is read or sent. Fixed at [`Capture::start`].
    pub env: bool,
    /// Facts of opened files (created flag, overlayfs layer, device and inode) to collect for
    /// open/openat/openat2/creat: normally those the loaded rules read. Each
    /// fact left out saves kernel reads per open; the event then lacks it (`dev`/`ino` unset,
    /// no `O_F_CREATED` or layer bits). Default: all.
    pub open_facts: OpenFacts,
    /// After a poll that emptied the ring, the next poll first sleeps this long (bounded by
    /// its timeout) so records accumulate and are read as a batch (default
    /// [`DEFAULT_IDLE_WAIT`]). A reader that keeps re-reading a nearly empty ring shares the
    /// ring's position and header cache lines with the producing CPUs on every record; the
    /// ring's readiness cannot help, as it reports readable as soon as one byte is pending.
    /// Zero disables the wait.
    pub idle_wait: Duration,
    /// Which open-family events the kernel may leave unsent (normally the engine's
    /// `RuleSet::kernel_filter()` of the loaded rules). It is loaded at [`Capture::start`] but stays off until
    /// [`Capture::set_filter_on`]: the state must be seeded from `/proc` first, or a file opened
    /// in between would be seeded while its close is left in the kernel. Default: none.
    pub filter: KernelFilter,
    /// Let the programs call the kernel functions they can use where the kernel has them (its
    /// BTF names them): `bpf_rdonly_cast`, which reads a file's type with plain loads instead of
    /// probe reads in fd tables expanded past their first 64 slots. Off, the programs read the
    /// same fields the slower way. Default: on.
    pub kfuncs: bool,
}

/// Default of [`CaptureConfig::idle_wait`]: well under any poll timeout, and at this VM's
/// highest event rate (about 650,000/s) some 650 records, 100 KiB, of an 8 MiB ring.
pub const DEFAULT_IDLE_WAIT: Duration = Duration::from_millis(1);

/// Largest automatic wakeup threshold ([`CaptureConfig::effective_wakeup_bytes`]).
pub const MAX_AUTO_WAKEUP_BYTES: u64 = 1 << 20;

/// CPUs the kernel may run BPF programs on (`/sys/devices/system/cpu/possible`), or the
/// configured processor count when that file cannot be read.
fn possible_cpus() -> u64 {
    aya::util::nr_cpus().map(|n| n as u64).unwrap_or_else(|_| {
        // SAFETY: sysconf has no memory-safety preconditions.
        let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_CONF) };
        n.max(1) as u64
    })
}

/// Default of [`CaptureConfig::batch_records`]: a few milliseconds of engine work.
pub const DEFAULT_BATCH_RECORDS: usize = 4096;

impl CaptureConfig {
    /// Defaults (8 MiB ring, automatic wakeup threshold, every open fact, no environments) for
    /// the given event types.
    pub fn new(wanted: EventTypeSet) -> CaptureConfig {
        CaptureConfig {
            ring_bytes: 8 << 20,
            wanted,
            wakeup_bytes: 0,
            batch_records: DEFAULT_BATCH_RECORDS,
            env: false,
            open_facts: OpenFacts::ALL,
            idle_wait: DEFAULT_IDLE_WAIT,
            filter: KernelFilter::none(),
            kfuncs: true,
        }
    }

    /// The wakeup threshold in use: [`CaptureConfig::wakeup_bytes`], or when that is 0 a
    /// quarter of the ring shared among the CPUs (each CPU counts its own bytes, so all of
    /// them together leave at least three quarters of the ring free when the reader is woken),
    /// at least 64 KiB and at most 1 MiB, and never more than a quarter of the ring.
    pub fn effective_wakeup_bytes(&self) -> u64 {
        if self.wakeup_bytes != 0 {
            return self.wakeup_bytes;
        }
        let ring = self.ring_bytes as u64;
        let per_cpu = ring / (4 * possible_cpus().max(1));
        per_cpu
            .clamp(u64::from(abi::SSE_WAKEUP_BYTES), MAX_AUTO_WAKEUP_BYTES)
            .min(ring / 4)
            .max(1)
    }

    fn validate(&self) -> Result<(), CaptureError> {
        let invalid = |reason| CaptureError::InvalidConfig {
            field: "ring_bytes",
            value: self.ring_bytes.to_string(),
            reason,
        };
        if !self.ring_bytes.is_power_of_two() {
            return Err(invalid("must be a power of two"));
        }
        if self.ring_bytes < crate::ring::page_size() {
            return Err(invalid("must be at least one page"));
        }
        if self.ring_bytes > 1 << 30 {
            return Err(invalid("must be at most 1 GiB"));
        }
        if self.batch_records == 0 {
            return Err(CaptureError::InvalidConfig {
                field: "batch_records",
                value: "0".to_owned(),
                reason: "must be at least 1",
            });
        }
        Ok(())
    }
}

fn is_mounted(path: &str, fstype: &str) -> bool {
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    mounts.lines().any(|l| {
        let mut f = l.split_whitespace();
        let (_, mp, ty) = (f.next(), f.next(), f.next());
        mp == Some(path) && ty == Some(fstype)
    })
}

fn mount_fs(fstype: &'static str, path: &str) -> Result<(), CaptureError> {
    let err = |source| CaptureError::MountMissing {
        fs: fstype,
        path: path.into(),
        source,
    };
    let c_path =
        std::ffi::CString::new(path).map_err(|_| err(std::io::ErrorKind::InvalidInput.into()))?;
    let c_ty =
        std::ffi::CString::new(fstype).map_err(|_| err(std::io::ErrorKind::InvalidInput.into()))?;
    // SAFETY: all pointers are valid NUL-terminated strings that outlive the call; data is null.
    let r = unsafe {
        libc::mount(
            c_ty.as_ptr(),
            c_path.as_ptr(),
            c_ty.as_ptr(),
            0,
            std::ptr::null(),
        )
    };
    if r != 0 {
        return Err(err(std::io::Error::last_os_error()));
    }
    Ok(())
}

/// Creates and closes a one-entry array map: proves the kernel lets this process use BPF.
fn probe_bpf() -> Result<(), CaptureError> {
    // union bpf_attr for BPF_MAP_CREATE: map_type, key_size, value_size, max_entries, rest 0.
    let mut attr = [0u32; 32];
    attr[0] = 2; // BPF_MAP_TYPE_ARRAY
    attr[1] = 4;
    attr[2] = 4;
    attr[3] = 1;
    // SAFETY: `attr` is a valid, zero-padded bpf_attr of the size passed; the kernel only reads it.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            0, // BPF_MAP_CREATE
            attr.as_mut_ptr(),
            std::mem::size_of_val(&attr),
        )
    };
    if fd < 0 {
        return Err(CaptureError::BpfUnavailable {
            what: "creating a BPF array map",
            source: std::io::Error::last_os_error(),
        });
    }
    // SAFETY: `fd` is a file descriptor this function just received and owns.
    unsafe { libc::close(fd as libc::c_int) };
    Ok(())
}

/// Checks what only trying BPF can tell: that this process may use bpf(2) at all, and that
/// tracefs and bpffs are mounted (mounted here when absent). Privileges and kernel BTF are the
/// sensor's host checks, made before this.
pub fn preflight() -> Result<(), CaptureError> {
    probe_bpf()?;
    if !is_mounted(TRACEFS, "tracefs") {
        mount_fs("tracefs", TRACEFS)?;
    }
    if !is_mounted(BPFFS, "bpf") {
        mount_fs("bpf", BPFFS)?;
    }
    Ok(())
}

/// Reads `sse_abi_version` from the object's `.rodata`.
pub fn object_abi_version(obj: &[u8]) -> Result<u32, CaptureError> {
    use object::{Object, ObjectSection, ObjectSymbol};
    let bad = |what: &str| CaptureError::Object {
        what: what.to_owned(),
    };
    let file = object::File::parse(obj).map_err(|e| bad(&format!("not an ELF object: {e}")))?;
    let sym = file
        .symbols()
        .find(|s| s.name() == Ok("sse_abi_version"))
        .ok_or_else(|| bad("symbol sse_abi_version is missing"))?;
    let idx = sym
        .section_index()
        .ok_or_else(|| bad("sse_abi_version has no section"))?;
    let sec = file
        .section_by_index(idx)
        .map_err(|e| bad(&format!("section of sse_abi_version: {e}")))?;
    let data = sec.data().map_err(|e| bad(&format!("section data: {e}")))?;
    let off = (sym.address() - sec.address()) as usize;
    let b = data
        .get(off..off + 4)
        .ok_or_else(|| bad("sse_abi_version lies outside its section"))?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A running capture: programs attached, ring buffer mapped. Dropping it detaches everything.
pub struct Capture {
    bpf: aya::Ebpf,
    ring: ring::RingReader,
    /// The ring buffer map (its fd), kept open for `ring`.
    _ring_map: MapData,
    specs: Array<MapData, sse_spec>,
    counters: PerCpuArray<MapData, sse_counters>,
    prefixes: LpmTrie<MapData, PathKey, u64>,
    clauses: Array<MapData, sse_clause>,
    filter_cfg: Array<MapData, sse_filter_cfg>,
    filter: KernelFilter,
    /// Keys now in `prefixes`.
    prefix_keys: Vec<Key<PathKey>>,
    filter_on: bool,
    decoder: Decoder,
    event: Event,
    wanted: EventTypeSet,
    open_facts: OpenFacts,
    batch_records: usize,
    idle_wait: Duration,
    /// The last poll emptied the ring.
    caught_up: bool,
    decode_errors: u64,
    delivered: u64,
}

impl std::fmt::Debug for Capture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Capture")
            .field("wanted", &self.wanted)
            .field("decode_errors", &self.decode_errors)
            .finish_non_exhaustive()
    }
}

fn program_load_error(program: &'static str, source: ProgramError) -> CaptureError {
    let verifier_log = match &source {
        ProgramError::LoadError { verifier_log, .. } => verifier_log.to_string(),
        _ => String::new(),
    };
    CaptureError::ProgramLoad {
        program,
        verifier_log,
        source: Box::new(source),
    }
}

/// The prefix map's key data: four zero bytes, then the path bytes.
type PathKey = [u8; 4 + abi::SSE_PATH_KEY_MAX as usize];

fn map_error(map: &'static str) -> impl FnOnce(aya::maps::MapError) -> CaptureError {
    move |source| CaptureError::Map { map, source: Box::new(source) }
}

fn missing(what: &str) -> CaptureError {
    CaptureError::Object {
        what: format!("{what} is missing or has the wrong type"),
    }
}

impl Capture {
    /// Loads the BPF object, fills the syscall filter from `cfg.wanted` and attaches the
    /// programs.
    pub fn start(cfg: &CaptureConfig) -> Result<Capture, CaptureError> {
        cfg.validate()?;
        let found = object_abi_version(OBJECT)?;
        if found != abi::SSE_ABI_VERSION {
            return Err(CaptureError::AbiMismatch {
                found,
                expected: abi::SSE_ABI_VERSION,
            });
        }
        let wakeup = cfg.effective_wakeup_bytes();
        let want_env = u32::from(cfg.env);
        let btf = Btf::from_sys_fs().map_err(|source| CaptureError::Btf {
            source: Box::new(source),
        })?;
        let ids = if cfg.kfuncs { kfunc::rdonly_cast_ids(&btf) } else { None };
        let (object, file_btf_id) = kfunc::link(OBJECT, ids)?;
        let mut bpf = EbpfLoader::new()
            .map_max_entries("events", cfg.ring_bytes as u32)
            .override_global("wakeup_bytes", &wakeup, true)
            .override_global("want_env", &want_env, true)
            .override_global("file_btf_id", &file_btf_id, true)
            // `forgotten_own` is task storage, which only the BPF programs use.
            .allow_unsupported_maps()
            .load(&object)
            .map_err(|source| CaptureError::Load {
                detail: crate::error::chain(&source),
                source: Box::new(source),
            })?;

        let Some(Map::RingBuf(ring_map)) = bpf.take_map("events") else {
            return Err(missing("map events"));
        };
        let ring = ring::RingReader::new(ring_map.fd().as_fd(), cfg.ring_bytes)?;
        let specs = Array::try_from(bpf.take_map("specs").ok_or_else(|| missing("map specs"))?)
            .map_err(|source| CaptureError::Map {
                map: "specs",
                source: Box::new(source),
            })?;
        let counters = PerCpuArray::try_from(
            bpf.take_map("counters")
                .ok_or_else(|| missing("map counters"))?,
        )
        .map_err(|source| CaptureError::Map {
            map: "counters",
            source: Box::new(source),
        })?;

        let prefixes = LpmTrie::try_from(
            bpf.take_map("prefixes").ok_or_else(|| missing("map prefixes"))?,
        )
        .map_err(map_error("prefixes"))?;
        let clauses = Array::try_from(bpf.take_map("clauses").ok_or_else(|| missing("map clauses"))?)
            .map_err(map_error("clauses"))?;
        let filter_cfg = Array::try_from(
            bpf.take_map("filter_cfg").ok_or_else(|| missing("map filter_cfg"))?,
        )
        .map_err(map_error("filter_cfg"))?;

        let mut decoder = Decoder::new();
        decoder.expect_env(cfg.env);
        decoder.open_ids = cfg.open_facts.contains(OpenFacts::ID);
        let mut cap = Capture {
            bpf,
            ring,
            _ring_map: ring_map,
            specs,
            counters,
            prefixes,
            clauses,
            filter_cfg,
            filter: KernelFilter::none(),
            prefix_keys: Vec::new(),
            filter_on: false,
            decoder,
            event: Event::new(EventType::PROCEXIT),
            wanted: EventTypeSet::empty(),
            open_facts: cfg.open_facts,
            batch_records: cfg.batch_records,
            idle_wait: cfg.idle_wait,
            caught_up: false,
            decode_errors: 0,
            delivered: 0,
        };
        cap.set_filter(&cfg.filter)?;
        cap.set_wanted(&cfg.wanted)?;

        for &(name, kind, hook) in PROGRAMS {
            let prog = cap
                .bpf
                .program_mut(name)
                .ok_or_else(|| missing(&format!("program {name}")))?;
            match kind {
                "raw_tp" => {
                    let p: &mut RawTracePoint =
                        prog.try_into().map_err(|e| program_load_error(name, e))?;
                    p.load().map_err(|e| program_load_error(name, e))?;
                    p.attach(hook).map_err(|source| CaptureError::Attach {
                        program: name,
                        target: hook,
                        source: Box::new(source),
                    })?;
                }
                _ => {
                    let p: &mut BtfTracePoint =
                        prog.try_into().map_err(|e| program_load_error(name, e))?;
                    p.load(hook, &btf)
                        .map_err(|e| program_load_error(name, e))?;
                    p.attach().map_err(|source| CaptureError::Attach {
                        program: name,
                        target: hook,
                        source: Box::new(source),
                    })?;
                }
            }
        }
        Ok(cap)
    }

    /// Waits up to `timeout` for records, decodes each into one reused Event and calls
    /// `on_event`; returns how many. After a poll that emptied the ring, it first sleeps
    /// [`CaptureConfig::idle_wait`] (within `timeout`). At most [`CaptureConfig::batch_records`] records are
    /// decoded per call, so a caller checking [`Capture::stats`] between calls sees drops
    /// promptly even while a backlog is drained; a full batch means more may be waiting.
    pub fn poll(
        &mut self,
        timeout: Duration,
        on_event: &mut dyn FnMut(&Event),
    ) -> Result<usize, CaptureError> {
        let mut timeout = timeout;
        if self.caught_up && !self.idle_wait.is_zero() {
            let nap = self.idle_wait.min(timeout);
            std::thread::sleep(nap);
            timeout -= nap;
        }
        self.decoder.resync_clocks();
        let mut n = self.drain(on_event)?;
        if n == 0 {
            let ready = ring::wait_readable(&self.ring, timeout)
                .map_err(|source| CaptureError::Poll { source })?;
            // Records may be pending without a wakeup (batched), so drain after a timeout too.
            let _ = ready;
            n = self.drain(on_event)?;
        }
        Ok(n)
    }

    /// The share of the ring buffer still waiting to be read, from 0 to 1 (at 1 the BPF
    /// programs drop what they capture): how far the reader is behind.
    pub fn backlog(&self) -> f64 {
        self.ring.backlog()
    }

    /// Decodes what is in the ring now, at most `batch_records` records (filtered out ones
    /// included), so callers regain control.
    fn drain(&mut self, on_event: &mut dyn FnMut(&Event)) -> Result<usize, CaptureError> {
        let mut n = 0;
        let Capture {
            ring,
            decoder,
            event,
            wanted,
            decode_errors,
            batch_records,
            ..
        } = self;
        let records = ring.read(*batch_records, &mut |rec| match decoder.decode(rec, event) {
            Ok(()) => {
                if wanted.contains(event.event_type()) {
                    on_event(event);
                    n += 1;
                }
            }
            Err(_) => *decode_errors += 1,
        })?;
        self.caught_up = records < self.batch_records;
        self.delivered += n as u64;
        Ok(n)
    }

    /// Counters: kernel side (seen, sent, dropped, read failures) and userspace (decode errors,
    /// truncations, delivered events). Kernel counters read as 0 if the map cannot be read.
    pub fn stats(&self) -> CaptureStats {
        let k = stats::kernel_counters(&self.counters).unwrap_or_default();
        CaptureStats {
            seen: k.seen,
            sent: k.sent,
            dropped: k.dropped,
            dropped_relevant: k.dropped_relevant,
            filtered: k.filtered,
            read_failures: k.read_fail,
            decode_errors: self.decode_errors,
            truncated: self.decoder.truncated,
            delivered: self.delivered,
        }
    }

    /// Replaces the set of delivered event types and the kernel filter that serves it.
    pub fn set_wanted(&mut self, wanted: &EventTypeSet) -> Result<(), CaptureError> {
        let mut want_nr = [false; abi::SSE_SPEC_ENTRIES as usize];
        for ty in wanted.iter() {
            for nr in syscalls::numbers_of(ty) {
                want_nr[nr as usize] = true;
            }
            // A successful execveat arrives as execve; execveat also covers its failures.
            if ty == EventType::EXECVE {
                want_nr[322] = true;
            }
        }
        for (nr, want) in want_nr.iter().enumerate() {
            // With opens left in the kernel, the syscalls that replace or hide fd tables are
            // needed to keep the marks right, wanted or not.
            let resets = self.filter.forgets_fds()
                && syscalls::spec_for(nr as u16).is_some_and(|s| u32::from(s.fd_new) == abi::SSE_FN_MANY);
            let spec = if (*want || resets) && nr < abi::SSE_NR_PROCEXIT as usize {
                let mut spec = syscalls::spec_for(nr as u16).unwrap_or_default();
                if u32::from(spec.special) == abi::SSE_SP_FILE_RES {
                    spec.file = self.open_facts.bits();
                }
                let ty = syscalls::event_type_of(nr as u16);
                spec.relevant = u8::from(ty.is_some_and(|t| self.filter.rule_types.contains(t)));
                if let Some(bit) = ty.and_then(KernelFilter::type_bit) {
                    if self.filter.filtered_types & (1 << bit) != 0 {
                        spec.filter = 1 << bit;
                    }
                }
                if ty == Some(EventType::CLOSE) && self.filter.close {
                    spec.filter = abi::SSE_FLT_CLOSE as u8;
                }
                if ty == Some(EventType::FCNTL) && self.filter.fcntl {
                    spec.filter = abi::SSE_FLT_FCNTL as u8;
                }
                if ty == Some(EventType::DUP) && self.filter.dup {
                    spec.filter = abi::SSE_FLT_DUP as u8;
                }
                if ty == Some(EventType::SOCKET) && self.filter.socket_admitted != u64::MAX {
                    spec.filter = abi::SSE_FLT_SOCKET as u8;
                }
                if ty == Some(EventType::CONNECT) && self.filter.connect_failures {
                    spec.filter_failed = 1;
                }
                spec
            } else if nr == abi::SSE_NR_PROCEXIT as usize && wanted.contains(EventType::PROCEXIT) {
                sse_spec {
                    want: 1,
                    relevant: u8::from(self.filter.rule_types.contains(EventType::PROCEXIT)),
                    ..Default::default()
                }
            } else {
                sse_spec::default()
            };
            self.specs
                .set(nr as u32, spec, 0)
                .map_err(|source| CaptureError::Map {
                    map: "specs",
                    source: Box::new(source),
                })?;
        }
        if wanted.contains(EventType::PROCEXIT) {
            self.specs
                .set(
                    abi::SSE_NR_PROCEXIT,
                    sse_spec {
                        want: 1,
                        relevant: u8::from(self.filter.rule_types.contains(EventType::PROCEXIT)),
                        ..Default::default()
                    },
                    0,
                )
                .map_err(|source| CaptureError::Map {
                    map: "specs",
                    source: Box::new(source),
                })?;
        }
        self.wanted = wanted.clone();
        Ok(())
    }

    /// Loads a kernel filter (see [`CaptureConfig::filter`]) in place of the current one: its
    /// clauses and prefixes, and the syscall entries that use it. Whether it is applied stays
    /// as it was ([`Capture::set_filter_on`]).
    pub fn set_filter(&mut self, filter: &KernelFilter) -> Result<(), CaptureError> {
        let on = self.filter_on;
        self.set_filter_on(false)?;
        for key in self.prefix_keys.drain(..) {
            let _ = self.prefixes.remove(&key);
        }
        for (i, c) in filter.clauses.iter().take(abi::SSE_CLAUSES as usize).enumerate() {
            self.clauses.set(i as u32, clause_entry(c), 0).map_err(map_error("clauses"))?;
        }
        for (key, mask) in prefix_entries(filter) {
            self.prefixes.insert(&key, mask, 0).map_err(map_error("prefixes"))?;
            self.prefix_keys.push(key);
        }
        self.filter = filter.clone();
        let wanted = self.wanted.clone();
        self.set_wanted(&wanted)?;
        self.set_filter_on(on)
    }

    /// Turns the loaded kernel filter on or off. Turn it on once the state was seeded.
    pub fn set_filter_on(&mut self, on: bool) -> Result<(), CaptureError> {
        let mut cfg = sse_filter_cfg {
            on: u32::from(on && self.filter.is_active()),
            forget_files: u32::from(self.filter.forget_files),
            socket_admitted: self.filter.socket_admitted,
            socket_forget: self.filter.socket_forget,
            ..Default::default()
        };
        let entries = prefix_entries(&self.filter);
        cfg.hint_on = 1;
        for (key, mask) in &entries {
            let len = key.prefix_len() as usize / 8 - 4;
            if len == 0 {
                cfg.root_mask = *mask;
            } else if len < 8 {
                cfg.hint_on = 0;
            } else {
                let word = u64::from_le_bytes(key.data()[4..12].try_into().unwrap_or_default());
                let h = word.wrapping_mul(abi::SSE_HINT_MUL as u64) >> (64 - abi::SSE_HINT_BITS);
                cfg.hint[(h >> 6) as usize & 63] |= 1 << (h & 63);
            }
        }
        for (i, c) in self.filter.clauses.iter().take(abi::SSE_CLAUSES as usize).enumerate() {
            for (n, m) in cfg.by_needs.iter_mut().enumerate() {
                if c.needs & !(n as u8) == 0 {
                    *m |= 1 << i;
                }
            }
            for (t, m) in cfg.by_type.iter_mut().enumerate() {
                if c.types & (1 << t) != 0 {
                    *m |= 1 << i;
                }
            }
        }
        self.filter_cfg.set(0, cfg, 0).map_err(map_error("filter_cfg"))?;
        self.filter_on = on;
        Ok(())
    }

    /// Replaces the facts of opened files the kernel collects (see [`CaptureConfig::open_facts`]).
    pub fn set_open_facts(&mut self, facts: OpenFacts) -> Result<(), CaptureError> {
        self.open_facts = facts;
        self.decoder.open_ids = facts.contains(OpenFacts::ID);
        let wanted = self.wanted.clone();
        self.set_wanted(&wanted)
    }
}

impl Capture {
    /// Detaches the programs: nothing new enters the ring buffer, while what it holds can still
    /// be polled (to evaluate everything captured up to a stop). Dropping the capture detaches
    /// too.
    pub fn detach(&mut self) {
        for &(name, kind, _) in PROGRAMS {
            let Some(prog) = self.bpf.program_mut(name) else {
                continue;
            };
            // Unloading detaches every link of the program; errors leave the kernel to clean
            // up when the fds close with `bpf`.
            if kind == "raw_tp" {
                if let Ok(p) = <&mut RawTracePoint>::try_from(prog) {
                    let _ = p.unload();
                }
            } else if let Ok(p) = <&mut BtfTracePoint>::try_from(prog) {
                let _ = p.unload();
            }
        }
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        self.detach();
    }
}

/// A clause as the kernel reads it: the suffix right-aligned in `SSE_SUFFIX_MAX` bytes, with a
/// mask of its bytes.
fn clause_entry(c: &syssentry_event::OpenClause) -> sse_clause {
    const MAX: usize = abi::SSE_SUFFIX_MAX as usize;
    let suffix = &c.path.suffix[c.path.suffix.len().saturating_sub(MAX)..];
    let mut bytes = [0u8; MAX];
    let mut mask = [0u8; MAX];
    bytes[MAX - suffix.len()..].copy_from_slice(suffix);
    mask[MAX - suffix.len()..].fill(0xff);
    let words = |b: &[u8; MAX]| {
        let mut w = [0u64; MAX / 8];
        for (i, chunk) in b.chunks_exact(8).enumerate() {
            w[i] = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        }
        w
    };
    sse_clause {
        types: c.types,
        needs: c.needs,
        suffix_len: suffix.len() as u8,
        features: c.path.features,
        suffix: words(&bytes),
        mask: words(&mask),
        ..Default::default()
    }
}

/// The prefix map's entries: one per distinct clause prefix (its NUL included for an exact
/// path), each holding the bits of every clause whose prefix is a prefix of it, since the
/// kernel's lookup returns the longest match only.
fn prefix_entries(filter: &KernelFilter) -> Vec<(Key<PathKey>, u64)> {
    let keys: Vec<Vec<u8>> = filter
        .clauses
        .iter()
        .map(|c| {
            let mut k = c.path.prefix.clone();
            if c.path.exact {
                k.push(0);
            }
            k
        })
        .collect();
    let mut distinct = keys.clone();
    distinct.sort();
    distinct.dedup();
    distinct
        .into_iter()
        .filter(|k| k.len() <= abi::SSE_PATH_KEY_MAX as usize)
        .map(|k| {
            let mask = keys
                .iter()
                .enumerate()
                .filter(|(_, c)| k.starts_with(c))
                .fold(0u64, |m, (i, _)| m | 1 << i);
            let mut data = [0u8; 4 + abi::SSE_PATH_KEY_MAX as usize];
            data[4..4 + k.len()].copy_from_slice(&k);
            (Key::new(32 + 8 * k.len() as u32, data), mask)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wakeup_threshold_follows_ring_and_cpus() {
        let cpus = possible_cpus();
        let mut cfg = CaptureConfig::new(EventTypeSet::empty());
        let auto = cfg.effective_wakeup_bytes();
        let share = (8u64 << 20) / (4 * cpus);
        assert_eq!(auto, share.clamp(64 << 10, MAX_AUTO_WAKEUP_BYTES), "{cpus} cpus");
        // All CPUs together leave three quarters of the ring, unless the 64 KiB floor rules.
        assert!(auto * cpus <= 2 << 20 || auto == 64 << 10);
        cfg.ring_bytes = 4096;
        assert_eq!(cfg.effective_wakeup_bytes(), 1024);
        cfg.ring_bytes = 1 << 30;
        if cpus <= 256 {
            assert_eq!(cfg.effective_wakeup_bytes(), MAX_AUTO_WAKEUP_BYTES);
        }
        cfg.wakeup_bytes = 12345;
        assert_eq!(cfg.effective_wakeup_bytes(), 12345);
    }
}

//! What capture may leave in the kernel: a necessary condition on the arguments of open-family
//! events, derived from the loaded rules, and the one definition of the decision the BPF
//! program makes with it ([`KernelFilter::open_verdict`]).
//!
//! Place in the data flow: rules → (engine: derivation, once per rule set) → **kernel filter** →
//! capture configuration (maps the BPF program reads) → events. The userspace form of the
//! decision exists so that tests can replay event streams with and without the filter and
//! check that no alert changes; the kernel implements the same steps.
//!
//! An open is left in the kernel when its path is absolute and already normalised (then the
//! engine's `fd.name` is the path as passed), no clause admits it, and either it failed or the
//! rules cannot read what its new file descriptor would add to the state
//! ([`KernelFilter::forget_files`]). Directories are always sent: a later relative path may be
//! resolved against them. A `socket` call is left in the kernel when no rule can match a socket
//! of its domain and either it failed or its domain's sockets are ones no rule can read
//! ([`KernelFilter::socket_verdict`]). A failed `connect` is left there when no rule can match
//! one ([`KernelFilter::connect_failures`]). A `close` of a descriptor whose open or socket was left
//! in the kernel is left there too when no rule matches `close` ([`KernelFilter::close`]).

use crate::{event_type::EventType, set::EventTypeSet};

/// The open-family event types, in the order of their bits in [`OpenClause::types`].
pub const OPEN_TYPES: [EventType; 4] = [
    EventType::OPEN,
    EventType::OPENAT,
    EventType::OPENAT2,
    EventType::CREAT,
];

/// The open-family types (bits of [`OPEN_TYPES`]) the kernel filters: `openat2` records are
/// built the general way (its flags are in user memory) and are always sent whole.
pub const KERNEL_FILTERABLE: u8 = 0b1011;

/// Bytes of a path, its NUL included, that the kernel compares; a longer path is sent.
pub const PATH_KEY_MAX: usize = 248;
/// Longest suffix the kernel compares; a longer one is cut to its last bytes (a weaker test).
pub const SUFFIX_MAX: usize = 56;
/// Most clauses a filter holds (one bit each in the kernel's prefix map values).
pub const MAX_CLAUSES: usize = 64;

/// Open flags a clause requires, as tested on the raw kernel flags.
pub mod needs {
    /// Opened for reading (`O_RDONLY` or `O_RDWR`): `evt.is_open_read`.
    pub const READ: u8 = 1;
    /// Opened for writing (`O_WRONLY` or `O_RDWR`): `evt.is_open_write`.
    pub const WRITE: u8 = 2;
    /// `O_CREAT`.
    pub const CREAT: u8 = 4;
    /// `O_TRUNC`.
    pub const TRUNC: u8 = 8;
    /// `O_APPEND`.
    pub const APPEND: u8 = 16;
}

/// Whether the raw kernel open flags `raw` satisfy every requirement of `need` ([`needs`]).
pub fn flags_satisfy(need: u8, raw: u64) -> bool {
    let acc = raw & 3;
    let read = acc == 0 || acc == 2;
    let write = acc == 1 || acc == 2;
    (need & needs::READ == 0 || read)
        && (need & needs::WRITE == 0 || write)
        && (need & needs::CREAT == 0 || raw & 0o100 != 0)
        && (need & needs::TRUNC == 0 || raw & 0o1000 != 0)
        && (need & needs::APPEND == 0 || raw & 0o2000 != 0)
}

/// Properties of a path the kernel's scan of it finds.
pub mod features {
    /// The path contains `../` (in a plain path: a component ending in `..`, such as `a..`).
    pub const DOTDOT_SLASH: u8 = 1;
}

/// The [`features`] of `path`.
pub fn features_of(path: &[u8]) -> u8 {
    if path.windows(3).any(|w| w == b"../") {
        features::DOTDOT_SLASH
    } else {
        0
    }
}

/// A set of absolute paths: those equal to `prefix` (`exact`), or those starting with `prefix`
/// and ending with `suffix`; and in both cases having every one of `features`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathPattern {
    /// What the path starts with (all of it when `exact`).
    pub prefix: Vec<u8>,
    /// The path is exactly `prefix`.
    pub exact: bool,
    /// What the path ends with (empty when `exact`).
    pub suffix: Vec<u8>,
    /// [`features`] the path has.
    pub features: u8,
}

impl PathPattern {
    /// Every path.
    pub fn any() -> PathPattern {
        PathPattern { prefix: Vec::new(), exact: false, suffix: Vec::new(), features: 0 }
    }

    /// The one path `p`.
    pub fn exact(p: &[u8]) -> PathPattern {
        PathPattern { prefix: p.to_vec(), exact: true, suffix: Vec::new(), features: 0 }
    }

    /// Paths starting with `p`.
    pub fn prefix(p: &[u8]) -> PathPattern {
        PathPattern { prefix: p.to_vec(), exact: false, suffix: Vec::new(), features: 0 }
    }

    /// Paths ending with `s`.
    pub fn suffix(s: &[u8]) -> PathPattern {
        PathPattern { prefix: Vec::new(), exact: false, suffix: s.to_vec(), features: 0 }
    }

    /// Paths with these [`features`].
    pub fn with_features(f: u8) -> PathPattern {
        PathPattern { features: f, ..PathPattern::any() }
    }

    /// Whether `path` is in the set.
    pub fn matches(&self, path: &[u8]) -> bool {
        if self.features & !features_of(path) != 0 {
            return false;
        }
        if self.exact {
            path == self.prefix.as_slice()
        } else {
            path.starts_with(&self.prefix) && path.ends_with(&self.suffix)
        }
    }

    /// A pattern holding every path both hold (possibly more), `None` when no path is in both.
    pub fn intersect(&self, other: &PathPattern) -> Option<PathPattern> {
        match (self.exact, other.exact) {
            (true, _) => other.matches(&self.prefix).then(|| PathPattern { features: self.features | other.features, ..self.clone() }),
            (false, true) => self.matches(&other.prefix).then(|| PathPattern { features: self.features | other.features, ..other.clone() }),
            (false, false) => {
                let prefix = longer_if_extends(&self.prefix, &other.prefix, |a, b| a.starts_with(b))?;
                let suffix = longer_if_extends(&self.suffix, &other.suffix, |a, b| a.ends_with(b))?;
                Some(PathPattern {
                    prefix: prefix.to_vec(),
                    exact: false,
                    suffix: suffix.to_vec(),
                    features: self.features | other.features,
                })
            }
        }
    }

    /// Whether an absolute path can be in the set at all.
    pub fn can_match_absolute(&self) -> bool {
        self.prefix.is_empty() || self.prefix[0] == b'/'
    }

    /// The pattern within the kernel's bounds, holding every path this one holds: a prefix
    /// longer than the kernel compares is cut (an exact one becomes a prefix), a suffix keeps
    /// its last [`SUFFIX_MAX`] bytes.
    pub fn bounded(mut self) -> PathPattern {
        let limit = PATH_KEY_MAX - 1;
        if self.prefix.len() >= limit {
            self.prefix.truncate(limit - 1);
            self.exact = false;
        }
        if self.suffix.len() > SUFFIX_MAX {
            self.suffix.drain(..self.suffix.len() - SUFFIX_MAX);
        }
        self
    }
}

fn longer_if_extends<'a>(a: &'a [u8], b: &'a [u8], ext: impl Fn(&[u8], &[u8]) -> bool) -> Option<&'a [u8]> {
    if ext(a, b) {
        Some(a)
    } else if ext(b, a) {
        Some(b)
    } else {
        None
    }
}

/// Whether `path` is absolute, shorter than [`PATH_KEY_MAX`] with its NUL (the kernel reads at
/// most that many bytes and cannot tell a path that fills them from a longer one), and
/// normalised: no
/// empty, `.` or `..` component and no trailing `/` (so `/` itself is not). Only such a path is
/// its own `fd.name`; the kernel sends any other.
pub fn path_is_plain(path: &[u8]) -> bool {
    if path.first() != Some(&b'/') || path.len() + 1 >= PATH_KEY_MAX {
        return false;
    }
    let mut start = 1;
    for i in 1..=path.len() {
        if i == path.len() || path[i] == b'/' {
            let seg = &path[start..i];
            if seg.is_empty() || seg == b"." || seg == b".." {
                return false;
            }
            start = i + 1;
        }
    }
    true
}

/// One alternative of the condition: open-family events of `types` whose path is in `path`
/// and whose flags satisfy `needs`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpenClause {
    /// Bit `i`: the clause applies to events of `OPEN_TYPES[i]`.
    pub types: u8,
    /// The paths it admits.
    pub path: PathPattern,
    /// The flags it requires ([`needs`]); tested on `open` and `openat` only (the flags of
    /// `openat2` are in user memory, `creat` has none).
    pub needs: u8,
}

impl OpenClause {
    /// Whether the clause admits an open of `ty` (bit index) with this path and these flags.
    pub fn admits(&self, bit: usize, path: &[u8], raw_flags: u64) -> bool {
        self.types & (1 << bit) != 0
            && self.path.matches(path)
            && (bit > 1 || flags_satisfy(self.needs, raw_flags))
    }
}

/// What the kernel does with one open-family event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenVerdict {
    /// Sent; `relevant` when a loaded rule could match it, else only the state needs it.
    Send {
        /// A rule could match the event.
        relevant: bool,
    },
    /// Left in the kernel: no rule can match it and the state does not need it.
    Skip,
}

/// Socket domains whose descriptors the kernel may leave out of the state (bits of
/// [`KernelFilter::socket_forget`]): `AF_UNIX` and `AF_NETLINK`, whose entries the `socket` call
/// alone describes and later calls only fill in (an entry the state does not have is left
/// missing by them).
pub const FORGETTABLE_DOMAINS: u64 = 1 << 1 | 1 << 16;

/// The kernel's decision for a `socket` call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketVerdict {
    /// Sent; `relevant` when a loaded rule could match it.
    Send {
        /// A rule could match the event.
        relevant: bool,
    },
    /// Left in the kernel (its descriptor, if any, marked as left out).
    Skip,
}

/// The in-kernel filter of one rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelFilter {
    /// The condition's alternatives (at most [`MAX_CLAUSES`]).
    pub clauses: Vec<OpenClause>,
    /// Bit `i`: events of `OPEN_TYPES[i]` are filtered by the clauses; the others are sent whole.
    pub filtered_types: u8,
    /// Successful opens no clause admits may be left in the kernel: no rule can read the file
    /// descriptor they add. When false only failed ones are.
    pub forget_files: bool,
    /// A `close` of a descriptor whose open was left in the kernel may be left there too (no
    /// rule matches `close`).
    pub close: bool,
    /// No rule matches `fcntl`: one whose command makes no descriptor (it changes nothing the
    /// state keeps) is left in the kernel, and so is one that duplicates a left-out
    /// descriptor (its new descriptor is then marked as left out too).
    pub fcntl: bool,
    /// No rule matches `dup` and successful opens or sockets may be left out: a `dup` of a
    /// left-out descriptor is left out, its new descriptor marked (the number was free, so the
    /// state had no entry for it). `dup2`/`dup3` are always sent: they replace whatever the new
    /// number held.
    pub dup: bool,
    /// Bit `d` (domains below 64): some loaded rule can match a `socket` call of domain `d`;
    /// every bit set when `socket` calls are not filtered. A call of a higher domain is sent.
    pub socket_admitted: u64,
    /// Bit `d`: a successful `socket` call of domain `d` that no rule can match may be left in
    /// the kernel, its descriptor marked: no rule can read the entry it would add (a subset of
    /// [`FORGETTABLE_DOMAINS`]).
    pub socket_forget: u64,
    /// A failed `connect` (a result below 0 other than `-EINPROGRESS`, which is a connection under
    /// way) may be left in the kernel: no rule can match one, and the state ignores it.
    pub connect_failures: bool,
    /// The event types some loaded rule can match (what a lost record could have alerted on).
    pub rule_types: EventTypeSet,
}

impl Default for KernelFilter {
    fn default() -> Self {
        KernelFilter::none()
    }
}

impl KernelFilter {
    /// No filtering: every wanted event is sent and counts as relevant.
    pub fn none() -> KernelFilter {
        KernelFilter {
            clauses: Vec::new(),
            filtered_types: 0,
            forget_files: false,
            close: false,
            fcntl: false,
            dup: false,
            socket_admitted: u64::MAX,
            socket_forget: 0,
            connect_failures: false,
            rule_types: EventTypeSet::all(),
        }
    }

    /// Whether the kernel leaves out a `connect` that returned `res`.
    pub fn leaves_out_connect(&self, res: i64) -> bool {
        self.connect_failures && res < 0 && res != -115
    }

    /// Whether the kernel leaves out descriptors (of opens or of sockets), marking them.
    pub fn forgets_fds(&self) -> bool {
        self.forget_files || self.socket_forget != 0
    }

    /// The kernel's decision for a `socket` call of `domain` returning `res`: sent when a rule
    /// could match it, else left out when it failed (it changed nothing) or when its domain's
    /// descriptors are ones no rule reads (then its descriptor is marked).
    pub fn socket_verdict(&self, domain: u64, res: i64) -> SocketVerdict {
        let relevant = self.rule_types.contains(EventType::SOCKET);
        if domain >= 64 || self.socket_admitted & (1 << domain) != 0 {
            return SocketVerdict::Send { relevant };
        }
        if res < 0 || self.socket_forget & (1 << domain) != 0 {
            return SocketVerdict::Skip;
        }
        SocketVerdict::Send { relevant: false }
    }

    /// Whether the kernel leaves out an `fcntl` (`duplicates`: its command is `F_DUPFD` or
    /// `F_DUPFD_CLOEXEC`) or a `dup` of a descriptor that is (`fd_left_out`) or is not marked as
    /// left out. When it leaves out a successful duplication it marks the new descriptor.
    pub fn leaves_out_fd_use(&self, ty: EventType, duplicates: bool, fd_left_out: bool) -> bool {
        match ty {
            EventType::FCNTL => self.fcntl && (!duplicates || fd_left_out),
            EventType::DUP => self.dup && fd_left_out,
            _ => false,
        }
    }

    /// Whether any open-family event type, `socket` or `connect` is filtered.
    pub fn is_active(&self) -> bool {
        self.filtered_types != 0 || self.socket_admitted != u64::MAX || self.connect_failures
    }

    /// The bit of an open-family event type in [`OpenClause::types`].
    pub fn type_bit(ty: EventType) -> Option<usize> {
        OPEN_TYPES.iter().position(|t| *t == ty)
    }

    /// The kernel's decision for an open-family event of `ty` with path `path` (as passed),
    /// raw kernel flags `raw_flags` (ignored for `openat2` and `creat`), result `res`, and
    /// whether the result is a directory.
    pub fn open_verdict(&self, ty: EventType, path: &[u8], raw_flags: u64, res: i64, is_dir: bool) -> OpenVerdict {
        let relevant = self.rule_types.contains(ty);
        let Some(bit) = Self::type_bit(ty) else {
            return OpenVerdict::Send { relevant };
        };
        if self.filtered_types & (1 << bit) == 0 || !path_is_plain(path) {
            return OpenVerdict::Send { relevant };
        }
        if self.clauses.iter().any(|c| c.admits(bit, path, raw_flags)) {
            return OpenVerdict::Send { relevant: true };
        }
        if res < 0 {
            return OpenVerdict::Skip;
        }
        if is_dir || !self.forget_files {
            return OpenVerdict::Send { relevant: false };
        }
        OpenVerdict::Skip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths() {
        for p in ["/etc/shadow", "/a", "/.ssh/x", "/a/..b", "/a/b.", "/...", "/a/.b/c"] {
            assert!(path_is_plain(p.as_bytes()), "{p}");
        }
        for p in ["", "/", "etc/shadow", "./x", "//etc", "/etc/", "/etc//x", "/a/./b", "/a/../b", "/a/.", "/a/.."] {
            assert!(!path_is_plain(p.as_bytes()), "{p}");
        }
        let long = format!("/{}", "a".repeat(PATH_KEY_MAX - 3));
        assert!(path_is_plain(long.as_bytes()));
        let longer = format!("/{}", "a".repeat(PATH_KEY_MAX - 2));
        assert!(!path_is_plain(longer.as_bytes()));
    }

    #[test]
    fn intersections() {
        let etc = PathPattern::prefix(b"/etc/");
        let shadow = PathPattern::exact(b"/etc/shadow");
        assert_eq!(etc.intersect(&shadow), Some(shadow.clone()));
        assert_eq!(PathPattern::prefix(b"/tmp/").intersect(&shadow), None);
        let env = PathPattern::suffix(b"/environ");
        assert_eq!(
            PathPattern::prefix(b"/proc/").intersect(&env),
            Some(PathPattern { prefix: b"/proc/".to_vec(), exact: false, suffix: b"/environ".to_vec(), features: 0 })
        );
        assert_eq!(PathPattern::suffix(b"a").intersect(&PathPattern::suffix(b"b")), None);
    }

    #[test]
    fn flags() {
        assert!(flags_satisfy(needs::READ, 0));
        assert!(!flags_satisfy(needs::WRITE, 0));
        assert!(flags_satisfy(needs::READ | needs::WRITE, 2));
        assert!(flags_satisfy(needs::WRITE | needs::TRUNC, 1 | 0o1000));
        assert!(!flags_satisfy(needs::TRUNC, 1));
        assert!(!flags_satisfy(needs::READ | needs::WRITE, 3));
    }

    #[test]
    fn verdicts() {
        let f = KernelFilter {
            clauses: vec![OpenClause { types: 0b11, path: PathPattern::prefix(b"/etc/"), needs: needs::READ }],
            filtered_types: 0b11,
            forget_files: true,
            close: true,
            fcntl: true,
            dup: true,
            socket_admitted: 1 << 17,
            socket_forget: FORGETTABLE_DOMAINS,
            connect_failures: true,
            rule_types: EventTypeSet::all(),
        };
        assert!(f.leaves_out_connect(-111));
        assert!(!f.leaves_out_connect(-115));
        assert!(!f.leaves_out_connect(0));
        assert!(!KernelFilter::none().leaves_out_connect(-111));
        assert_eq!(f.socket_verdict(17, 3), SocketVerdict::Send { relevant: true });
        assert_eq!(f.socket_verdict(1, 3), SocketVerdict::Skip);
        assert_eq!(f.socket_verdict(16, -97), SocketVerdict::Skip);
        assert_eq!(f.socket_verdict(2, 3), SocketVerdict::Send { relevant: false });
        assert_eq!(f.socket_verdict(2, -97), SocketVerdict::Skip);
        assert_eq!(f.socket_verdict(70, -97), SocketVerdict::Send { relevant: true });
        assert_eq!(KernelFilter::none().socket_verdict(1, 3), SocketVerdict::Send { relevant: true });
        assert!(f.leaves_out_fd_use(EventType::FCNTL, false, false));
        assert!(!f.leaves_out_fd_use(EventType::FCNTL, true, false));
        assert!(f.leaves_out_fd_use(EventType::FCNTL, true, true));
        assert!(f.leaves_out_fd_use(EventType::DUP, true, true));
        assert!(!f.leaves_out_fd_use(EventType::DUP2, true, true));
        let v = |p: &str, flags: u64, res: i64, dir: bool| f.open_verdict(EventType::OPENAT, p.as_bytes(), flags, res, dir);
        assert_eq!(v("/etc/shadow", 0, 3, false), OpenVerdict::Send { relevant: true });
        assert_eq!(v("/etc/shadow", 1, 3, false), OpenVerdict::Skip);
        assert_eq!(v("/tmp/x", 0, 3, false), OpenVerdict::Skip);
        assert_eq!(v("/tmp/x", 0, 3, true), OpenVerdict::Send { relevant: false });
        assert_eq!(v("/tmp/x", 0, -2, true), OpenVerdict::Skip);
        assert_eq!(v("/tmp/../etc/shadow", 0, 3, false), OpenVerdict::Send { relevant: true });
        assert_eq!(v("x", 0, 3, false), OpenVerdict::Send { relevant: true });
        assert_eq!(
            f.open_verdict(EventType::OPENAT2, b"/tmp/x", 0, 3, false),
            OpenVerdict::Send { relevant: true }
        );
        let keep = KernelFilter { forget_files: false, ..f.clone() };
        assert_eq!(keep.open_verdict(EventType::OPENAT, b"/tmp/x", 0, 3, false), OpenVerdict::Send { relevant: false });
        assert_eq!(keep.open_verdict(EventType::OPENAT, b"/tmp/x", 0, -2, false), OpenVerdict::Skip);
    }
}

//! Numeric constants of the driver-neutral (PPM) encoding that event producers use for
//! flags and special values. Capture translates kernel values into these; tests use them
//! directly.
//!
//! Place in the data flow: capture → **event parameters** → state/fields, which test these bits.

/// `AT_FDCWD` as carried in dirfd parameters.
pub const AT_FDCWD: i64 = -100;

/// Open flags (`flags` of open/openat/openat2, also socket/pipe2/dup3/... flags).
pub mod open {
    /// `O_RDONLY` (bit 0: the PPM encoding makes read-only a bit, unlike the kernel's 0).
    pub const O_RDONLY: u32 = 1 << 0;
    /// `O_WRONLY`.
    pub const O_WRONLY: u32 = 1 << 1;
    /// `O_RDWR` (= read | write).
    pub const O_RDWR: u32 = O_RDONLY | O_WRONLY;
    /// `O_CREAT`.
    pub const O_CREAT: u32 = 1 << 2;
    /// `O_APPEND`.
    pub const O_APPEND: u32 = 1 << 3;
    /// `O_DSYNC`.
    pub const O_DSYNC: u32 = 1 << 4;
    /// `O_EXCL`.
    pub const O_EXCL: u32 = 1 << 5;
    /// `O_NONBLOCK`.
    pub const O_NONBLOCK: u32 = 1 << 6;
    /// `O_SYNC`.
    pub const O_SYNC: u32 = 1 << 7;
    /// `O_TRUNC`.
    pub const O_TRUNC: u32 = 1 << 8;
    /// `O_DIRECT`.
    pub const O_DIRECT: u32 = 1 << 9;
    /// `O_DIRECTORY`.
    pub const O_DIRECTORY: u32 = 1 << 10;
    /// `O_LARGEFILE`.
    pub const O_LARGEFILE: u32 = 1 << 11;
    /// `O_CLOEXEC`.
    pub const O_CLOEXEC: u32 = 1 << 12;
    /// `O_TMPFILE`.
    pub const O_TMPFILE: u32 = 1 << 13;
    /// The open created the file.
    pub const O_F_CREATED: u32 = 1 << 14;
    /// The file is on the upper (writable) layer of an overlay filesystem.
    pub const FD_UPPER_LAYER: u32 = 1 << 15;
    /// The file is on a lower layer of an overlay filesystem.
    pub const FD_LOWER_LAYER: u32 = 1 << 16;
}

/// Mode bits used by `evt.is_open_exec`.
pub mod mode {
    /// Owner execute.
    pub const S_IXUSR: u32 = 0o100;
    /// Group execute.
    pub const S_IXGRP: u32 = 0o010;
    /// Others execute.
    pub const S_IXOTH: u32 = 0o001;
    /// Set-user-id.
    pub const S_ISUID: u32 = 0o4000;
}

/// Clone flags (`flags` of clone/fork/vfork/clone3, `nstype` of setns, unshare flags).
pub mod clone {
    /// `CLONE_FILES`.
    pub const CLONE_FILES: u32 = 1 << 0;
    /// `CLONE_FS`.
    pub const CLONE_FS: u32 = 1 << 1;
    /// `CLONE_NEWNET`.
    pub const CLONE_NEWNET: u32 = 1 << 4;
    /// `CLONE_NEWNS`.
    pub const CLONE_NEWNS: u32 = 1 << 5;
    /// `CLONE_NEWPID`.
    pub const CLONE_NEWPID: u32 = 1 << 6;
    /// `CLONE_PARENT`.
    pub const CLONE_PARENT: u32 = 1 << 8;
    /// `CLONE_THREAD`.
    pub const CLONE_THREAD: u32 = 1 << 13;
    /// `CLONE_VM`.
    pub const CLONE_VM: u32 = 1 << 15;
    /// `CLONE_NEWUSER`.
    pub const CLONE_NEWUSER: u32 = 1 << 20;
    /// `CLONE_VFORK`.
    pub const CLONE_VFORK: u32 = 1 << 27;
    /// The child lives in a pid namespace other than the caller's view.
    pub const CLONE_CHILD_IN_PIDNS: u32 = 1 << 29;
}

/// Socket families (`domain` of socket/socketpair).
pub mod af {
    /// `AF_UNIX`.
    pub const AF_UNIX: u32 = 1;
    /// `AF_INET`.
    pub const AF_INET: u32 = 2;
    /// `AF_INET6`.
    pub const AF_INET6: u32 = 10;
    /// `AF_NETLINK`.
    pub const AF_NETLINK: u32 = 16;
    /// `AF_PACKET`.
    pub const AF_PACKET: u32 = 17;
}

/// Socket types (`type` of socket), kernel values.
pub mod sock {
    /// `SOCK_STREAM`.
    pub const SOCK_STREAM: u32 = 1;
    /// `SOCK_DGRAM`.
    pub const SOCK_DGRAM: u32 = 2;
    /// `SOCK_RAW`.
    pub const SOCK_RAW: u32 = 3;
}

/// IP protocol numbers (`proto` of socket).
pub mod ipproto {
    /// `IPPROTO_ICMP`.
    pub const ICMP: u32 = 1;
    /// `IPPROTO_TCP`.
    pub const TCP: u32 = 6;
    /// `IPPROTO_UDP`.
    pub const UDP: u32 = 17;
    /// `IPPROTO_ICMPV6`.
    pub const ICMPV6: u32 = 58;
}

/// Executable flags (`flags` of execve).
pub mod exe {
    /// The executable is writable by the process's user.
    pub const EXE_WRITABLE: u32 = 1 << 0;
    /// The executable is on the upper layer of an overlay filesystem.
    pub const EXE_UPPER_LAYER: u32 = 1 << 1;
    /// The executable comes from a memfd.
    pub const EXE_FROM_MEMFD: u32 = 1 << 2;
    /// The executable is on a lower layer of an overlay filesystem.
    pub const EXE_LOWER_LAYER: u32 = 1 << 3;
}

/// fcntl commands (PPM encoding).
pub mod fcntl {
    /// `F_DUPFD`.
    pub const F_DUPFD: u32 = 1;
    /// `F_DUPFD_CLOEXEC`.
    pub const F_DUPFD_CLOEXEC: u32 = 26;
}

/// ptrace requests (PPM encoding).
pub mod ptrace {
    /// `PTRACE_TRACEME`.
    pub const PTRACE_TRACEME: u32 = 1;
    /// `PTRACE_POKETEXT`.
    pub const PTRACE_POKETEXT: u32 = 5;
    /// `PTRACE_POKEDATA`.
    pub const PTRACE_POKEDATA: u32 = 6;
    /// `PTRACE_ATTACH`.
    pub const PTRACE_ATTACH: u32 = 11;
    /// `PTRACE_SEIZE`.
    pub const PTRACE_SEIZE: u32 = 20;
}

/// bpf commands (PPM encoding).
pub mod bpf {
    /// `BPF_MAP_CREATE`.
    pub const BPF_MAP_CREATE: u32 = 0;
    /// `BPF_PROG_LOAD`.
    pub const BPF_PROG_LOAD: u32 = 5;
}

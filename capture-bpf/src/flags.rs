//! Kernel (x86_64 Linux) flag and command values translated into the engine's PPM encoding
//! (`syssentry_event::ppm`, the flag tables of `event::flags`).
//!
//! Place in the data flow: used by `decode` while filling event parameters.

use syssentry_event::ppm::{clone as cl, exe, open as o};

use crate::abi::{
    SSE_EF_LOWER, SSE_EF_MEMFD, SSE_EF_UPPER, SSE_EF_WRITABLE, SSE_FF_CREATED, SSE_FF_LOWER,
    SSE_FF_UPPER,
};

/// Kernel `open(2)` flags → PPM open flags.
pub fn open_flags(k: u64) -> u32 {
    const O_ACCMODE: u64 = 3;
    const O_CREAT: u64 = 0o100;
    const O_EXCL: u64 = 0o200;
    const O_TRUNC: u64 = 0o1000;
    const O_APPEND: u64 = 0o2000;
    const O_NONBLOCK: u64 = 0o4000;
    const O_DSYNC: u64 = 0o10000;
    const O_DIRECT: u64 = 0o40000;
    const O_LARGEFILE: u64 = 0o100000;
    const O_DIRECTORY: u64 = 0o200000;
    const O_CLOEXEC: u64 = 0o2000000;
    const O_SYNC_BIT: u64 = 0o4000000;
    const O_TMPFILE_BIT: u64 = 0o20000000;
    let mut p = match k & O_ACCMODE {
        0 => o::O_RDONLY,
        1 => o::O_WRONLY,
        2 => o::O_RDWR,
        _ => 0,
    };
    for (kb, pb) in [
        (O_CREAT, o::O_CREAT),
        (O_EXCL, o::O_EXCL),
        (O_TRUNC, o::O_TRUNC),
        (O_APPEND, o::O_APPEND),
        (O_NONBLOCK, o::O_NONBLOCK),
        (O_DSYNC, o::O_DSYNC),
        (O_DIRECT, o::O_DIRECT),
        (O_LARGEFILE, o::O_LARGEFILE),
        (O_DIRECTORY, o::O_DIRECTORY),
        (O_CLOEXEC, o::O_CLOEXEC),
        (O_SYNC_BIT, o::O_SYNC),
        (O_TMPFILE_BIT, o::O_TMPFILE),
    ] {
        if k & kb != 0 {
            p |= pb;
        }
    }
    p
}

/// `O_CLOEXEC`/`O_NONBLOCK` style flags (dup3, pipe2, accept4, userfaultfd, socket type bits)
/// → PPM, without an access mode.
pub fn fd_flags(k: u64) -> u32 {
    let mut p = 0;
    if k & 0o2000000 != 0 {
        p |= o::O_CLOEXEC;
    }
    if k & 0o4000 != 0 {
        p |= o::O_NONBLOCK;
    }
    p
}

/// [`crate::abi::sse_file`] flags → the PPM bits an open adds (created, overlay layer).
pub fn file_flags(f: u32) -> u32 {
    let mut p = 0;
    if f & SSE_FF_CREATED != 0 {
        p |= o::O_F_CREATED;
    }
    if f & SSE_FF_UPPER != 0 {
        p |= o::FD_UPPER_LAYER;
    }
    if f & SSE_FF_LOWER != 0 {
        p |= o::FD_LOWER_LAYER;
    }
    p
}

/// [`crate::abi::sse_file`] flags → `creat_flags` of `creat` (1 upper, 2 lower).
pub fn creat_flags(f: u32) -> u64 {
    if f & SSE_FF_UPPER != 0 {
        1
    } else if f & SSE_FF_LOWER != 0 {
        2
    } else {
        0
    }
}

/// [`crate::abi::sse_proc`] exe flags → PPM execve flags.
pub fn exe_flags(f: u32) -> u32 {
    let mut p = 0;
    for (a, b) in [
        (SSE_EF_WRITABLE, exe::EXE_WRITABLE),
        (SSE_EF_UPPER, exe::EXE_UPPER_LAYER),
        (SSE_EF_MEMFD, exe::EXE_FROM_MEMFD),
        (SSE_EF_LOWER, exe::EXE_LOWER_LAYER),
    ] {
        if f & a != 0 {
            p |= b;
        }
    }
    p
}

/// Kernel clone / unshare / setns flags → PPM clone flags.
pub fn clone_flags(k: u64) -> u32 {
    const MAP: &[(u64, u32)] = &[
        (0x0000_0100, cl::CLONE_VM),
        (0x0000_0200, cl::CLONE_FS),
        (0x0000_0400, cl::CLONE_FILES),
        (0x0000_0800, 2048), // CLONE_SIGHAND
        (0x0000_2000, 1024), // CLONE_PTRACE
        (0x0000_4000, cl::CLONE_VFORK),
        (0x0000_8000, cl::CLONE_PARENT),
        (0x0001_0000, cl::CLONE_THREAD),
        (0x0002_0000, cl::CLONE_NEWNS),
        (0x0004_0000, 4096),      // CLONE_SYSVSEM
        (0x0008_0000, 33554432),  // CLONE_SETTLS
        (0x0010_0000, 512),       // CLONE_PARENT_SETTID
        (0x0020_0000, 8388608),   // CLONE_CHILD_CLEARTID
        (0x0080_0000, 16384),     // CLONE_UNTRACED
        (0x0100_0000, 16777216),  // CLONE_CHILD_SETTID
        (0x0200_0000, 268435456), // CLONE_NEWCGROUP
        (0x0400_0000, 128),       // CLONE_NEWUTS
        (0x0800_0000, 8),         // CLONE_NEWIPC
        (0x1000_0000, cl::CLONE_NEWUSER),
        (0x2000_0000, cl::CLONE_NEWPID),
        (0x4000_0000, cl::CLONE_NEWNET),
        (0x8000_0000, 4), // CLONE_IO
    ];
    MAP.iter()
        .filter(|(kb, _)| k & kb != 0)
        .fold(0, |acc, (_, pb)| acc | pb)
}

/// Kernel fcntl command → PPM fcntl command (0 = unknown).
pub fn fcntl_cmd(k: u64) -> u32 {
    match k {
        0 => 1,
        1 => 2,
        2 => 3,
        3 => 4,
        4 => 5,
        5 => 6,
        6 => 8,
        7 => 9,
        8 => 10,
        9 => 12,
        10 => 13,
        11 => 15,
        15 => 21,
        16 => 22,
        36 => 30,
        37 => 31,
        38 => 32,
        1024 => 23,
        1025 => 24,
        1026 => 27,
        1029 => 25,
        1030 => 26,
        1031 => 28,
        1032 => 29,
        _ => 0,
    }
}

/// Kernel ptrace request → PPM ptrace request (0 = unknown).
pub fn ptrace_request(k: u64) -> u32 {
    match k {
        0 => 1,
        1 => 2,
        2 => 3,
        3 => 4,
        4 => 5,
        5 => 6,
        6 => 7,
        7 => 8,
        8 => 9,
        9 => 10,
        12 => 26,
        13 => 27,
        14 => 28,
        15 => 29,
        16 => 11,
        17 => 12,
        18 => 30,
        19 => 31,
        24 => 13,
        25 => 33,
        26 => 34,
        30 => 35,
        31 => 36,
        32 => 37,
        33 => 38,
        0x4200 => 14,
        0x4201 => 15,
        0x4202 => 16,
        0x4203 => 17,
        0x4204 => 18,
        0x4205 => 19,
        0x4206 => 20,
        0x4207 => 21,
        0x4208 => 22,
        0x4209 => 23,
        0x420a => 24,
        0x420b => 25,
        _ => 0,
    }
}

/// Kernel `openat2` resolve flags → PPM.
pub fn resolve_flags(k: u64) -> u32 {
    const MAP: &[(u64, u32)] = &[
        (0x01, 16),
        (0x02, 4),
        (0x04, 8),
        (0x08, 1),
        (0x10, 2),
        (0x20, 32),
    ];
    MAP.iter()
        .filter(|(kb, _)| k & kb != 0)
        .fold(0, |acc, (_, pb)| acc | pb)
}

/// Kernel mount flags → PPM mount flags (the historic magic in the top half is dropped).
pub fn mount_flags(k: u64) -> u32 {
    let k = if k & 0xffff_0000 == 0xc0ed_0000 {
        k & 0xffff
    } else {
        k
    };
    k as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_flags_follow_ppm() {
        assert_eq!(open_flags(0), o::O_RDONLY);
        assert_eq!(
            open_flags(0o1 | 0o100 | 0o1000),
            o::O_WRONLY | o::O_CREAT | o::O_TRUNC
        );
        assert_eq!(open_flags(0o2 | 0o2000000), o::O_RDWR | o::O_CLOEXEC);
        // O_SYNC carries O_DSYNC in the kernel ABI.
        assert_eq!(open_flags(0o4010000), o::O_RDONLY | o::O_SYNC | o::O_DSYNC);
    }

    #[test]
    fn clone_and_commands() {
        assert_eq!(
            clone_flags(0x0001_0000 | 0x100),
            cl::CLONE_THREAD | cl::CLONE_VM
        );
        assert_eq!(clone_flags(0x4000_0000), cl::CLONE_NEWNET);
        assert_eq!(fcntl_cmd(0), syssentry_event::ppm::fcntl::F_DUPFD);
        assert_eq!(
            fcntl_cmd(1030),
            syssentry_event::ppm::fcntl::F_DUPFD_CLOEXEC
        );
        assert_eq!(
            ptrace_request(16),
            syssentry_event::ppm::ptrace::PTRACE_ATTACH
        );
        assert_eq!(
            ptrace_request(0x4206),
            syssentry_event::ppm::ptrace::PTRACE_SEIZE
        );
        assert_eq!(
            ptrace_request(0),
            syssentry_event::ppm::ptrace::PTRACE_TRACEME
        );
        assert_eq!(mount_flags(0xc0ed_0001), 1);
    }
}

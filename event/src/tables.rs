//! Generated data: every event type name, every parameter name and the parameter schema of each
//! event (facts from the Falco event table, re-encoded). Do not edit by hand.

use super::schema::{EventSchema, FD_CREATES, FD_DESTROYS, FD_USES, ParamFormat as F, ParamId, ParamSpec as P, ParamType as T};
use super::flags;
use super::EventType;

/// Every event type name, sorted; the index is the [`EventType`] number.
pub(crate) static EVENT_NAMES: [&str; 487] = [
    "_llseek",
    "_newselect",
    "_sysctl",
    "accept",
    "accept4",
    "access",
    "acct",
    "add_key",
    "adjtimex",
    "alarm",
    "arch_prctl",
    "asyncevent",
    "bdflush",
    "bind",
    "bpf",
    "brk",
    "cachestat",
    "capget",
    "capset",
    "chdir",
    "chmod",
    "chown",
    "chroot",
    "clock_adjtime",
    "clock_getres",
    "clock_gettime",
    "clock_nanosleep",
    "clock_settime",
    "clone",
    "clone3",
    "close",
    "close_range",
    "connect",
    "container",
    "copy_file_range",
    "cpu_hotplug",
    "creat",
    "create_module",
    "delete_module",
    "drop",
    "dup",
    "dup2",
    "dup3",
    "epoll_create",
    "epoll_create1",
    "epoll_ctl",
    "epoll_ctl_old",
    "epoll_pwait",
    "epoll_pwait2",
    "epoll_wait",
    "epoll_wait_old",
    "eventfd",
    "eventfd2",
    "execve",
    "execveat",
    "exit",
    "exit_group",
    "faccessat",
    "faccessat2",
    "fadvise64",
    "fallocate",
    "fanotify_init",
    "fanotify_mark",
    "fchdir",
    "fchmod",
    "fchmodat",
    "fchmodat2",
    "fchown",
    "fchownat",
    "fcntl",
    "fcntl64",
    "fdatasync",
    "fgetxattr",
    "file_getattr",
    "file_setattr",
    "finit_module",
    "flistxattr",
    "flock",
    "fork",
    "fremovexattr",
    "fsconfig",
    "fsetxattr",
    "fsmount",
    "fsopen",
    "fspick",
    "fstat",
    "fstat64",
    "fstatat64",
    "fstatfs",
    "fstatfs64",
    "fsync",
    "ftruncate",
    "futex",
    "futex_requeue",
    "futex_wait",
    "futex_waitv",
    "futex_wake",
    "futimesat",
    "get_kernel_syms",
    "get_mempolicy",
    "get_robust_list",
    "get_thread_area",
    "getcpu",
    "getcwd",
    "getdents",
    "getdents64",
    "getegid",
    "getegid32",
    "geteuid",
    "geteuid32",
    "getgid",
    "getgid32",
    "getgroups",
    "getitimer",
    "getpeername",
    "getpgid",
    "getpgrp",
    "getpid",
    "getpmsg",
    "getppid",
    "getpriority",
    "getrandom",
    "getresgid",
    "getresgid32",
    "getresuid",
    "getresuid32",
    "getrlimit",
    "getrusage",
    "getsid",
    "getsockname",
    "getsockopt",
    "gettid",
    "gettimeofday",
    "getuid",
    "getuid32",
    "getxattr",
    "getxattrat",
    "groupadded",
    "groupdeleted",
    "idle",
    "infra",
    "init_module",
    "inotify_add_watch",
    "inotify_init",
    "inotify_init1",
    "inotify_rm_watch",
    "io_cancel",
    "io_destroy",
    "io_getevents",
    "io_pgetevents",
    "io_setup",
    "io_submit",
    "io_uring_enter",
    "io_uring_register",
    "io_uring_setup",
    "ioctl",
    "ioperm",
    "iopl",
    "ioprio_get",
    "ioprio_set",
    "ipc",
    "k8s",
    "kcmp",
    "kexec_file_load",
    "kexec_load",
    "keyctl",
    "kill",
    "landlock_add_rule",
    "landlock_create_ruleset",
    "landlock_restrict_self",
    "lchown",
    "lgetxattr",
    "link",
    "linkat",
    "listen",
    "listmount",
    "listns",
    "listxattr",
    "listxattrat",
    "llistxattr",
    "llseek",
    "lookup_dcookie",
    "lremovexattr",
    "lseek",
    "lsetxattr",
    "lsm_get_self_attr",
    "lsm_list_modules",
    "lsm_set_self_attr",
    "lstat",
    "lstat64",
    "madvise",
    "map_shadow_stack",
    "mbind",
    "membarrier",
    "memfd_create",
    "memfd_secret",
    "mesos",
    "migrate_pages",
    "mincore",
    "mkdir",
    "mkdirat",
    "mknod",
    "mknodat",
    "mlock",
    "mlock2",
    "mlockall",
    "mmap",
    "mmap2",
    "modify_ldt",
    "mount",
    "mount_setattr",
    "move_mount",
    "move_pages",
    "mprotect",
    "mq_getsetattr",
    "mq_notify",
    "mq_open",
    "mq_timedreceive",
    "mq_timedsend",
    "mq_unlink",
    "mremap",
    "mseal",
    "msgctl",
    "msgget",
    "msgrcv",
    "msgsnd",
    "msync",
    "multiplexer",
    "munlock",
    "munlockall",
    "munmap",
    "na_1",
    "name_to_handle_at",
    "nanosleep",
    "newfstatat",
    "nfsservctl",
    "nice",
    "notification",
    "oldfstat",
    "oldlstat",
    "oldolduname",
    "oldstat",
    "olduname",
    "open",
    "open_by_handle_at",
    "open_tree",
    "open_tree_attr",
    "openat",
    "openat2",
    "page_fault",
    "page_fault_kernel",
    "page_fault_user",
    "pause",
    "pciconfig_iobase",
    "pciconfig_read",
    "pciconfig_write",
    "perf_event_open",
    "personality",
    "pidfd_getfd",
    "pidfd_open",
    "pidfd_send_signal",
    "pipe",
    "pipe2",
    "pivot_root",
    "pkey_alloc",
    "pkey_free",
    "pkey_mprotect",
    "pluginevent",
    "poll",
    "ppoll",
    "prctl",
    "pread",
    "pread64",
    "preadv",
    "preadv2",
    "prlimit",
    "prlimit64",
    "process_madvise",
    "process_mrelease",
    "process_vm_readv",
    "process_vm_writev",
    "procexit",
    "procinfo",
    "pselect6",
    "ptrace",
    "pwrite",
    "pwrite64",
    "pwritev",
    "pwritev2",
    "query_module",
    "quotactl",
    "quotactl_fd",
    "read",
    "readahead",
    "readdir",
    "readlink",
    "readlinkat",
    "readv",
    "reboot",
    "recv",
    "recvfrom",
    "recvmmsg",
    "recvmsg",
    "remap_file_pages",
    "removexattr",
    "removexattrat",
    "rename",
    "renameat",
    "renameat2",
    "request_key",
    "restart_syscall",
    "riscv_flush_icache",
    "riscv_hwprobe",
    "rmdir",
    "rseq",
    "rseq_slice_yield",
    "rt_sigaction",
    "rt_sigpending",
    "rt_sigprocmask",
    "rt_sigqueueinfo",
    "rt_sigreturn",
    "rt_sigsuspend",
    "rt_sigtimedwait",
    "rt_tgsigqueueinfo",
    "rtas",
    "s390_guarded_storage",
    "s390_pci_mmio_read",
    "s390_pci_mmio_write",
    "s390_runtime_instr",
    "s390_sthyi",
    "scapevent",
    "sched_get_priority_max",
    "sched_get_priority_min",
    "sched_getaffinity",
    "sched_getattr",
    "sched_getparam",
    "sched_getscheduler",
    "sched_process_exit",
    "sched_rr_get_interval",
    "sched_setaffinity",
    "sched_setattr",
    "sched_setparam",
    "sched_setscheduler",
    "sched_switch",
    "sched_yield",
    "seccomp",
    "select",
    "semctl",
    "semget",
    "semop",
    "semtimedop",
    "send",
    "sendfile",
    "sendfile64",
    "sendmmsg",
    "sendmsg",
    "sendto",
    "set_mempolicy",
    "set_mempolicy_home_node",
    "set_robust_list",
    "set_thread_area",
    "set_tid_address",
    "setdomainname",
    "setfsgid",
    "setfsuid",
    "setgid",
    "setgid32",
    "setgroups",
    "sethostname",
    "setitimer",
    "setns",
    "setpgid",
    "setpriority",
    "setregid",
    "setresgid",
    "setresgid32",
    "setresuid",
    "setresuid32",
    "setreuid",
    "setrlimit",
    "setsid",
    "setsockopt",
    "settimeofday",
    "setuid",
    "setuid32",
    "setxattr",
    "setxattrat",
    "sgetmask",
    "shmat",
    "shmctl",
    "shmdt",
    "shmget",
    "shutdown",
    "sigaction",
    "sigaltstack",
    "signal",
    "signal_deliver",
    "signaldeliver",
    "signalfd",
    "signalfd4",
    "sigpending",
    "sigprocmask",
    "sigreturn",
    "sigsuspend",
    "socket",
    "socketcall",
    "socketpair",
    "splice",
    "spu_create",
    "spu_run",
    "ssetmask",
    "stat",
    "stat64",
    "statfs",
    "statfs64",
    "statmount",
    "statx",
    "stime",
    "subpage_prot",
    "swapcontext",
    "swapoff",
    "swapon",
    "switch",
    "switch_endian",
    "symlink",
    "symlinkat",
    "sync",
    "sync_file_range",
    "sync_file_range2",
    "syncfs",
    "sys_debug_setcontext",
    "sysfs",
    "sysinfo",
    "syslog",
    "task",
    "task_file_anon_inode",
    "task_file_directory",
    "task_file_memfd",
    "task_file_pipe",
    "task_file_regular",
    "task_file_socket_inet",
    "task_file_socket_inet6",
    "task_file_socket_netlink",
    "task_file_socket_unix",
    "tee",
    "tgkill",
    "time",
    "timer_create",
    "timer_delete",
    "timer_getoverrun",
    "timer_gettime",
    "timer_settime",
    "timerfd",
    "timerfd_create",
    "timerfd_gettime",
    "timerfd_settime",
    "times",
    "tkill",
    "tracer",
    "truncate",
    "ugetrlimit",
    "umask",
    "umount",
    "umount2",
    "uname",
    "unlink",
    "unlinkat",
    "unshare",
    "uprobe",
    "uretprobe",
    "uselib",
    "useradded",
    "userdeleted",
    "userfaultfd",
    "ustat",
    "utime",
    "utimensat",
    "utimes",
    "vfork",
    "vhangup",
    "vm86",
    "vmsplice",
    "wait4",
    "waitid",
    "waitpid",
    "write",
    "writev",
];

/// Every parameter name of any event (old versions included), sorted; the index is the [`ParamId`].
pub(crate) static PARAM_NAMES: [&str; 222] = [
    "ID",
    "action",
    "addr",
    "arg",
    "arg2",
    "arg2_int",
    "arg2_str",
    "arg3",
    "arg4",
    "arg5",
    "args",
    "argument",
    "argv",
    "aux",
    "backlog",
    "cap_effective",
    "cap_inheritable",
    "cap_permitted",
    "cgroups",
    "clockid",
    "cmd",
    "comm",
    "container_id",
    "core",
    "cpu",
    "cpu_sys",
    "cpu_usr",
    "cq_entries",
    "creat_flags",
    "cur",
    "cwd",
    "data",
    "description",
    "dev",
    "dir",
    "dirfd",
    "domain",
    "dpid",
    "dqb_bhardlimit",
    "dqb_bsoftlimit",
    "dqb_btime",
    "dqb_curspace",
    "dqb_ihardlimit",
    "dqb_isoftlimit",
    "dqb_itime",
    "dqi_bgrace",
    "dqi_flags",
    "dqi_igrace",
    "egid",
    "entries",
    "env",
    "error",
    "euid",
    "event_data",
    "event_type",
    "exe",
    "exe_ino",
    "exe_ino_ctime",
    "exe_ino_mtime",
    "exe_ino_num",
    "exepath",
    "fd",
    "fd1",
    "fd2",
    "fd_in",
    "fd_out",
    "fd_type",
    "fdin",
    "fdlimit",
    "fdout",
    "fds",
    "features",
    "filename",
    "first",
    "flags",
    "gid",
    "home",
    "how",
    "id",
    "image",
    "img",
    "in_fd",
    "initval",
    "ino",
    "ino_num",
    "interval",
    "ip",
    "json",
    "key",
    "last",
    "len",
    "length",
    "level",
    "linkdirfd",
    "linkpath",
    "local_ip",
    "local_port",
    "loginuid",
    "mask",
    "max",
    "maxevents",
    "min_complete",
    "mnt_id",
    "mode",
    "mountfd",
    "msgcontrol",
    "name",
    "nativeID",
    "newcur",
    "newdir",
    "newdirfd",
    "newfd",
    "newmax",
    "newpath",
    "next",
    "nr_args",
    "nsems",
    "nsops",
    "nstype",
    "offin",
    "offout",
    "offset",
    "oldcur",
    "olddir",
    "olddirfd",
    "oldfd",
    "oldmax",
    "oldpath",
    "op",
    "opcode",
    "operation",
    "option",
    "optlen",
    "optname",
    "out_fd",
    "path",
    "pathname",
    "peer",
    "pgft_maj",
    "pgft_min",
    "pgid",
    "pgoffset",
    "pid",
    "pid_fd",
    "pidns_init_start_ts",
    "plugin_id",
    "pos",
    "ppid",
    "prot",
    "proto",
    "ptid",
    "queuelen",
    "queuemax",
    "queuepct",
    "quota_fmt",
    "quota_fmt_out",
    "quotafilepath",
    "ratio",
    "reaper_tid",
    "remote_ip",
    "remote_port",
    "request",
    "res",
    "res_or_fd",
    "resolve",
    "resource",
    "ret",
    "rgid",
    "root",
    "ruid",
    "scope",
    "sem_flg_0",
    "sem_flg_1",
    "sem_num_0",
    "sem_num_1",
    "sem_op_0",
    "sem_op_1",
    "semflg",
    "semid",
    "semnum",
    "sgid",
    "shell",
    "sid",
    "sig",
    "sigmask",
    "size",
    "sk_pointer",
    "sk_proto",
    "sk_type",
    "source",
    "special",
    "spid",
    "sq_entries",
    "sq_thread_cpu",
    "sq_thread_idle",
    "start_time",
    "status",
    "suid",
    "sun_path",
    "tags",
    "target",
    "target_fd",
    "tid",
    "timeout",
    "to_submit",
    "trusted_exepath",
    "tty",
    "tuple",
    "type",
    "uargs",
    "uid",
    "val",
    "value_bytebuf",
    "value_charbuf",
    "vm_rss",
    "vm_size",
    "vm_swap",
    "vpgid",
    "vpid",
    "vtgid",
    "vtid",
    "whence",
];

/// Type and format of the first parameter with each name in Falco's event-table order (what
/// `evt.rawarg.NAME` compiles to), by [`ParamId`].
pub(crate) static PARAM_FIRST: [(T, F); 222] = [
    (T::SyscallId, F::Dec),
    (T::U32, F::Dec),
    (T::SockAddr, F::Na),
    (T::U64, F::Hex),
    (T::Dyn, F::Dec),
    (T::I64, F::Dec),
    (T::CharBuf, F::Na),
    (T::Dyn, F::Dec),
    (T::Dyn, F::Dec),
    (T::Dyn, F::Dec),
    (T::ByteBuf, F::Na),
    (T::U64, F::Hex),
    (T::CharBufArray, F::Na),
    (T::I32, F::Dec),
    (T::I32, F::Dec),
    (T::U64, F::Hex),
    (T::U64, F::Hex),
    (T::U64, F::Hex),
    (T::ByteBuf, F::Na),
    (T::U8, F::Dec),
    (T::EnumFlags8, F::Dec),
    (T::CharBuf, F::Na),
    (T::CharBuf, F::Na),
    (T::U8, F::Dec),
    (T::U32, F::Dec),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::U32, F::Dec),
    (T::Flags16, F::Hex),
    (T::I64, F::Dec),
    (T::CharBuf, F::Na),
    (T::ByteBuf, F::Na),
    (T::CharBuf, F::Na),
    (T::U32, F::Hex),
    (T::FsPath, F::Na),
    (T::Fd, F::Dec),
    (T::EnumFlags32, F::Dec),
    (T::Pid, F::Dec),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::RelTime, F::Dec),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::RelTime, F::Dec),
    (T::RelTime, F::Dec),
    (T::Flags8, F::Dec),
    (T::RelTime, F::Dec),
    (T::Gid, F::Dec),
    (T::U32, F::Dec),
    (T::ByteBuf, F::Na),
    (T::Flags32, F::Hex),
    (T::Uid, F::Dec),
    (T::U64, F::Dec),
    (T::U32, F::Dec),
    (T::CharBuf, F::Na),
    (T::U64, F::Dec),
    (T::AbsTime, F::Dec),
    (T::AbsTime, F::Dec),
    (T::U64, F::Dec),
    (T::FsPath, F::Na),
    (T::Fd, F::Dec),
    (T::Fd, F::Dec),
    (T::Fd, F::Dec),
    (T::Fd, F::Dec),
    (T::Fd, F::Dec),
    (T::Flags8, F::Dec),
    (T::Fd, F::Dec),
    (T::U64, F::Dec),
    (T::Fd, F::Dec),
    (T::FdList, F::Dec),
    (T::Flags32, F::Hex),
    (T::FsPath, F::Na),
    (T::U32, F::Dec),
    (T::Flags32, F::Hex),
    (T::U32, F::Dec),
    (T::CharBuf, F::Na),
    (T::EnumFlags8, F::Hex),
    (T::U32, F::Dec),
    (T::CharBuf, F::Na),
    (T::ByteBuf, F::Na),
    (T::Fd, F::Dec),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::RelTime, F::Dec),
    (T::U64, F::Hex),
    (T::CharBuf, F::Na),
    (T::I32, F::Hex),
    (T::U32, F::Dec),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::EnumFlags8, F::Dec),
    (T::Fd, F::Dec),
    (T::FsPath, F::Na),
    (T::Ipv4Addr, F::Hex),
    (T::Port, F::Hex),
    (T::Uid, F::Dec),
    (T::U32, F::Hex),
    (T::I64, F::Dec),
    (T::Errno, F::Dec),
    (T::U32, F::Dec),
    (T::U32, F::Dec),
    (T::U32, F::Oct),
    (T::Fd, F::Dec),
    (T::ByteBuf, F::Na),
    (T::FsPath, F::Na),
    (T::U16, F::Dec),
    (T::I64, F::Dec),
    (T::Fd, F::Dec),
    (T::Fd, F::Dec),
    (T::Fd, F::Dec),
    (T::I64, F::Dec),
    (T::FsPath, F::Na),
    (T::Pid, F::Dec),
    (T::U32, F::Dec),
    (T::I32, F::Dec),
    (T::U32, F::Dec),
    (T::Flags32, F::Hex),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::I64, F::Dec),
    (T::Fd, F::Dec),
    (T::Fd, F::Dec),
    (T::Fd, F::Dec),
    (T::I64, F::Dec),
    (T::FsPath, F::Na),
    (T::Flags16, F::Hex),
    (T::EnumFlags16, F::Dec),
    (T::Flags32, F::Hex),
    (T::EnumFlags32, F::Dec),
    (T::U32, F::Dec),
    (T::EnumFlags8, F::Dec),
    (T::Fd, F::Dec),
    (T::FsPath, F::Na),
    (T::FsRelPath, F::Na),
    (T::U64, F::Hex),
    (T::U64, F::Dec),
    (T::U64, F::Dec),
    (T::Pid, F::Na),
    (T::U64, F::Dec),
    (T::Pid, F::Dec),
    (T::Fd, F::Dec),
    (T::U64, F::Dec),
    (T::U32, F::Dec),
    (T::U64, F::Dec),
    (T::Pid, F::Dec),
    (T::Flags32, F::Hex),
    (T::U32, F::Dec),
    (T::Pid, F::Dec),
    (T::U32, F::Dec),
    (T::U32, F::Dec),
    (T::U8, F::Dec),
    (T::Flags8, F::Dec),
    (T::Flags8, F::Dec),
    (T::CharBuf, F::Na),
    (T::U32, F::Dec),
    (T::Pid, F::Dec),
    (T::Ipv4Addr, F::Hex),
    (T::Port, F::Hex),
    (T::U64, F::Hex),
    (T::Errno, F::Dec),
    (T::Dyn, F::Dec),
    (T::Flags32, F::Hex),
    (T::EnumFlags8, F::Dec),
    (T::Errno, F::Dec),
    (T::Gid, F::Dec),
    (T::FsPath, F::Na),
    (T::Uid, F::Dec),
    (T::CharBuf, F::Na),
    (T::Flags16, F::Hex),
    (T::Flags16, F::Hex),
    (T::U16, F::Dec),
    (T::U16, F::Dec),
    (T::I16, F::Dec),
    (T::I16, F::Dec),
    (T::Flags32, F::Hex),
    (T::I32, F::Dec),
    (T::I32, F::Dec),
    (T::Gid, F::Dec),
    (T::CharBuf, F::Na),
    (T::Pid, F::Dec),
    (T::SigType, F::Dec),
    (T::SigSet, F::Dec),
    (T::U32, F::Dec),
    (T::U64, F::Na),
    (T::U16, F::Dec),
    (T::U16, F::Dec),
    (T::U64, F::Hex),
    (T::CharBuf, F::Na),
    (T::Pid, F::Dec),
    (T::U32, F::Dec),
    (T::U32, F::Dec),
    (T::U32, F::Dec),
    (T::AbsTime, F::Dec),
    (T::Errno, F::Dec),
    (T::Uid, F::Dec),
    (T::FsPath, F::Na),
    (T::CharBufArray, F::Na),
    (T::CharBuf, F::Na),
    (T::Fd, F::Dec),
    (T::Pid, F::Dec),
    (T::I64, F::Dec),
    (T::U32, F::Dec),
    (T::FsPath, F::Na),
    (T::I32, F::Dec),
    (T::SockTuple, F::Na),
    (T::U32, F::Dec),
    (T::CharBuf, F::Na),
    (T::U32, F::Dec),
    (T::Dyn, F::Dec),
    (T::ByteBuf, F::Na),
    (T::CharBuf, F::Na),
    (T::U32, F::Dec),
    (T::U32, F::Dec),
    (T::U32, F::Dec),
    (T::Pid, F::Dec),
    (T::Pid, F::Dec),
    (T::Pid, F::Dec),
    (T::Pid, F::Dec),
    (T::EnumFlags8, F::Dec),
];

static S_ACCEPT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "queuepct", id: ParamId(153), ty: T::U8, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "queuelen", id: ParamId(151), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "queuemax", id: ParamId(152), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_ACCEPT4: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "queuepct", id: ParamId(153), ty: T::U8, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "queuelen", id: ParamId(151), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "queuemax", id: ParamId(152), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::I32, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_ACCESS: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::Flags32, fmt: F::Hex, table: Some(flags::ACCESS_FLAGS), dirfd: 0 },
]};
static S_ASYNCEVENT: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "plugin_id", id: ParamId(145), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_BIND: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::SockAddr, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_BPF: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cmd", id: ParamId(20), ty: T::EnumFlags32, fmt: F::Dec, table: Some(flags::BPF_COMMANDS), dirfd: 0 },
]};
static S_BRK: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_CAPSET: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cap_inheritable", id: ParamId(16), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "cap_permitted", id: ParamId(17), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "cap_effective", id: ParamId(15), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_CHDIR: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_CHMOD: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "filename", id: ParamId(72), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::Mode, fmt: F::Oct, table: Some(flags::CHMOD_MODE), dirfd: 0 },
]};
static S_CHOWN: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_CHROOT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_CLONE: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe", id: ParamId(55), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "args", id: ParamId(10), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tid", id: ParamId(202), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ptid", id: ParamId(150), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cwd", id: ParamId(30), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fdlimit", id: ParamId(68), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_maj", id: ParamId(138), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_min", id: ParamId(139), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "comm", id: ParamId(21), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "cgroups", id: ParamId(18), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::CLONE_FLAGS), dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vtid", id: ParamId(220), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vpid", id: ParamId(218), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pidns_init_start_ts", id: ParamId(144), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_CLONE3: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe", id: ParamId(55), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "args", id: ParamId(10), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tid", id: ParamId(202), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ptid", id: ParamId(150), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cwd", id: ParamId(30), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fdlimit", id: ParamId(68), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_maj", id: ParamId(138), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_min", id: ParamId(139), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "comm", id: ParamId(21), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "cgroups", id: ParamId(18), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::CLONE_FLAGS), dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vtid", id: ParamId(220), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vpid", id: ParamId(218), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pidns_init_start_ts", id: ParamId(144), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_CLOSE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES|FD_DESTROYS, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_CLOSE_RANGE: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "first", id: ParamId(73), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "last", id: ParamId(89), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::CLOSE_RANGE_FLAGS), dirfd: 0 },
]};
static S_CONNECT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::SockAddr, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_CONTAINER: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "json", id: ParamId(87), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_COPY_FILE_RANGE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fdout", id: ParamId(69), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "offout", id: ParamId(120), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fdin", id: ParamId(67), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "offin", id: ParamId(119), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "len", id: ParamId(90), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_CPU_HOTPLUG: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "cpu", id: ParamId(24), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "action", id: ParamId(1), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_CREAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Oct, table: None, dirfd: 0 },
    P { name: "dev", id: ParamId(33), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "ino", id: ParamId(83), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "creat_flags", id: ParamId(28), ty: T::Flags16, fmt: F::Hex, table: Some(flags::CREAT_FLAGS), dirfd: 0 },
]};
static S_DELETE_MODULE: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::DELETE_MODULE_FLAGS), dirfd: 0 },
]};
static S_DROP: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "ratio", id: ParamId(157), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_DUP: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES|FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldfd", id: ParamId(125), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_DUP2: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES|FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldfd", id: ParamId(125), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "newfd", id: ParamId(111), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_DUP3: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES|FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldfd", id: ParamId(125), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "newfd", id: ParamId(111), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
]};
static S_EPOLL_CREATE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::I32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_EPOLL_CREATE1: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::EPOLL_CREATE1_FLAGS), dirfd: 0 },
]};
static S_EPOLL_WAIT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "maxevents", id: ParamId(100), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_EVENTFD: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "initval", id: ParamId(82), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_EVENTFD2: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags16, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "initval", id: ParamId(82), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_EXECVE: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe", id: ParamId(55), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "args", id: ParamId(10), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tid", id: ParamId(202), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ptid", id: ParamId(150), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cwd", id: ParamId(30), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fdlimit", id: ParamId(68), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_maj", id: ParamId(138), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_min", id: ParamId(139), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "comm", id: ParamId(21), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "cgroups", id: ParamId(18), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "env", id: ParamId(50), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tty", id: ParamId(206), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vpgid", id: ParamId(217), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "loginuid", id: ParamId(97), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::EXECVE_FLAGS), dirfd: 0 },
    P { name: "cap_inheritable", id: ParamId(16), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "cap_permitted", id: ParamId(17), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "cap_effective", id: ParamId(15), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "exe_ino", id: ParamId(56), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe_ino_ctime", id: ParamId(57), ty: T::AbsTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe_ino_mtime", id: ParamId(58), ty: T::AbsTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "trusted_exepath", id: ParamId(205), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "pgid", id: ParamId(140), ty: T::Pid, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "filename", id: ParamId(72), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_EXECVEAT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe", id: ParamId(55), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "args", id: ParamId(10), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tid", id: ParamId(202), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ptid", id: ParamId(150), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cwd", id: ParamId(30), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fdlimit", id: ParamId(68), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_maj", id: ParamId(138), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_min", id: ParamId(139), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "comm", id: ParamId(21), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "cgroups", id: ParamId(18), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "env", id: ParamId(50), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tty", id: ParamId(206), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vpgid", id: ParamId(217), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "loginuid", id: ParamId(97), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::EXECVE_FLAGS), dirfd: 0 },
    P { name: "cap_inheritable", id: ParamId(16), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "cap_permitted", id: ParamId(17), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "cap_effective", id: ParamId(15), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "exe_ino", id: ParamId(56), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe_ino_ctime", id: ParamId(57), ty: T::AbsTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe_ino_mtime", id: ParamId(58), ty: T::AbsTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "trusted_exepath", id: ParamId(205), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "pgid", id: ParamId(140), ty: T::Pid, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_FCHDIR: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_FCHMOD: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::Mode, fmt: F::Oct, table: Some(flags::CHMOD_MODE), dirfd: 0 },
]};
static S_FCHMODAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "filename", id: ParamId(72), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "mode", id: ParamId(103), ty: T::Mode, fmt: F::Oct, table: Some(flags::CHMOD_MODE), dirfd: 0 },
]};
static S_FCHOWN: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_FCHOWNAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pathname", id: ParamId(136), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FCHOWNAT_FLAGS), dirfd: 0 },
]};
static S_FCNTL: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cmd", id: ParamId(20), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::FCNTL_COMMANDS), dirfd: 0 },
    P { name: "arg", id: ParamId(3), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_FINIT_MODULE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "uargs", id: ParamId(209), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FINIT_MODULE_FLAGS), dirfd: 0 },
]};
static S_FLOCK: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "operation", id: ParamId(130), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FLOCK_FLAGS), dirfd: 0 },
]};
static S_FORK: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe", id: ParamId(55), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "args", id: ParamId(10), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tid", id: ParamId(202), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ptid", id: ParamId(150), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cwd", id: ParamId(30), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fdlimit", id: ParamId(68), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_maj", id: ParamId(138), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_min", id: ParamId(139), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "comm", id: ParamId(21), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "cgroups", id: ParamId(18), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::CLONE_FLAGS), dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vtid", id: ParamId(220), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vpid", id: ParamId(218), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pidns_init_start_ts", id: ParamId(144), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_FSCONFIG: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cmd", id: ParamId(20), ty: T::EnumFlags32, fmt: F::Dec, table: Some(flags::FSCONFIG_CMDS), dirfd: 0 },
    P { name: "key", id: ParamId(88), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "value_bytebuf", id: ParamId(212), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "value_charbuf", id: ParamId(213), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "aux", id: ParamId(13), ty: T::I32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_FSTAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_FSTAT64: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_FUTEX: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "op", id: ParamId(128), ty: T::Flags16, fmt: F::Hex, table: Some(flags::FUTEX_OPERATIONS), dirfd: 0 },
    P { name: "val", id: ParamId(211), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_GETCWD: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_GETDENTS: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_GETDENTS64: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_GETEGID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "egid", id: ParamId(48), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_GETEUID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "euid", id: ParamId(52), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_GETGID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "gid", id: ParamId(75), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_GETPEERNAME: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
]};
static S_GETRESGID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "rgid", id: ParamId(167), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "egid", id: ParamId(48), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sgid", id: ParamId(180), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_GETRESUID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ruid", id: ParamId(169), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "euid", id: ParamId(52), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "suid", id: ParamId(197), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_GETRLIMIT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cur", id: ParamId(29), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "max", id: ParamId(99), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "resource", id: ParamId(165), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::RLIMIT_RESOURCES), dirfd: 0 },
]};
static S_GETSOCKNAME: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
]};
static S_GETSOCKOPT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "level", id: ParamId(92), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::SOCKOPT_LEVELS), dirfd: 0 },
    P { name: "optname", id: ParamId(133), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::SOCKOPT_OPTIONS), dirfd: 0 },
    P { name: "val", id: ParamId(211), ty: T::Dyn, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "optlen", id: ParamId(132), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_GETUID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "uid", id: ParamId(210), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_GROUPADDED: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "container_id", id: ParamId(22), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_GROUPDELETED: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "container_id", id: ParamId(22), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_INFRA: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "source", id: ParamId(189), ty: T::CharBuf, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "description", id: ParamId(32), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "scope", id: ParamId(170), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_INIT_MODULE: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "img", id: ParamId(80), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "length", id: ParamId(91), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "uargs", id: ParamId(209), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_INOTIFY_INIT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::U8, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_INOTIFY_INIT1: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags16, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
]};
static S_IO_URING_ENTER: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "to_submit", id: ParamId(204), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "min_complete", id: ParamId(101), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::IO_URING_ENTER_FLAGS), dirfd: 0 },
    P { name: "sig", id: ParamId(183), ty: T::SigSet, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_IO_URING_REGISTER: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "opcode", id: ParamId(129), ty: T::EnumFlags16, fmt: F::Dec, table: Some(flags::IO_URING_REGISTER_OPCODES), dirfd: 0 },
    P { name: "arg", id: ParamId(3), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "nr_args", id: ParamId(115), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_IO_URING_SETUP: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "entries", id: ParamId(49), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sq_entries", id: ParamId(192), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cq_entries", id: ParamId(27), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::IO_URING_SETUP_FLAGS), dirfd: 0 },
    P { name: "sq_thread_cpu", id: ParamId(193), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sq_thread_idle", id: ParamId(194), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "features", id: ParamId(71), ty: T::Flags32, fmt: F::Hex, table: Some(flags::IO_URING_SETUP_FEATS), dirfd: 0 },
]};
static S_IOCTL: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "request", id: ParamId(161), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "argument", id: ParamId(11), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_KEYCTL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "operation", id: ParamId(130), ty: T::EnumFlags32, fmt: F::Dec, table: Some(flags::KEYCTL_OPERATIONS), dirfd: 0 },
    P { name: "arg2", id: ParamId(4), ty: T::Dyn, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "arg3", id: ParamId(7), ty: T::Dyn, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "arg4", id: ParamId(8), ty: T::Dyn, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "arg5", id: ParamId(9), ty: T::Dyn, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_KILL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sig", id: ParamId(183), ty: T::SigType, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_LCHOWN: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_LINK: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldpath", id: ParamId(127), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "newpath", id: ParamId(113), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_LINKAT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "olddir", id: ParamId(123), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldpath", id: ParamId(127), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "newdir", id: ParamId(109), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "newpath", id: ParamId(113), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 3 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::LINKAT_FLAGS), dirfd: 0 },
]};
static S_LISTEN: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "backlog", id: ParamId(14), ty: T::I32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_LLSEEK: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "offset", id: ParamId(121), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "whence", id: ParamId(221), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::LSEEK_WHENCE), dirfd: 0 },
]};
static S_LSEEK: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "offset", id: ParamId(121), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "whence", id: ParamId(221), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::LSEEK_WHENCE), dirfd: 0 },
]};
static S_LSTAT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_LSTAT64: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_MEMFD_CREATE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::MEMFD_CREATE_FLAGS), dirfd: 0 },
]};
static S_MKDIR: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_MKDIRAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_MKNOD: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::Mode, fmt: F::Oct, table: Some(flags::MKNOD_MODE), dirfd: 0 },
    P { name: "dev", id: ParamId(33), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_MKNODAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "mode", id: ParamId(103), ty: T::Mode, fmt: F::Oct, table: Some(flags::MKNOD_MODE), dirfd: 0 },
    P { name: "dev", id: ParamId(33), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_MLOCK: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "len", id: ParamId(90), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_MLOCK2: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "len", id: ParamId(90), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::MLOCK2_FLAGS), dirfd: 0 },
]};
static S_MLOCKALL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_MMAP: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 8, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "length", id: ParamId(91), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "prot", id: ParamId(148), ty: T::Flags32, fmt: F::Hex, table: Some(flags::PROT_FLAGS), dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::MMAP_FLAGS), dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "offset", id: ParamId(121), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_MMAP2: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 8, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "length", id: ParamId(91), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "prot", id: ParamId(148), ty: T::Flags32, fmt: F::Hex, table: Some(flags::PROT_FLAGS), dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::MMAP_FLAGS), dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgoffset", id: ParamId(141), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_MOUNT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dev", id: ParamId(33), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "dir", id: ParamId(34), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "type", id: ParamId(208), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::MOUNT_FLAGS), dirfd: 0 },
]};
static S_MPROTECT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "length", id: ParamId(91), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "prot", id: ParamId(148), ty: T::Flags32, fmt: F::Hex, table: Some(flags::PROT_FLAGS), dirfd: 0 },
]};
static S_MUNLOCK: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "len", id: ParamId(90), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_MUNLOCKALL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_MUNMAP: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "length", id: ParamId(91), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_NANOSLEEP: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "interval", id: ParamId(85), ty: T::RelTime, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_NEWFSTATAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::NEWFSTATAT_FLAGS), dirfd: 0 },
]};
static S_NOTIFICATION: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
]};
static S_OPEN: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Oct, table: None, dirfd: 0 },
    P { name: "dev", id: ParamId(33), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "ino", id: ParamId(83), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_OPEN_BY_HANDLE_AT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "mountfd", id: ParamId(104), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "dev", id: ParamId(33), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "ino", id: ParamId(83), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_OPENAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Oct, table: None, dirfd: 0 },
    P { name: "dev", id: ParamId(33), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "ino", id: ParamId(83), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_OPENAT2: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Oct, table: None, dirfd: 0 },
    P { name: "resolve", id: ParamId(164), ty: T::Flags32, fmt: F::Hex, table: Some(flags::OPENAT2_FLAGS), dirfd: 0 },
    P { name: "dev", id: ParamId(33), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "ino", id: ParamId(83), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PAGE_FAULT: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "addr", id: ParamId(2), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "ip", id: ParamId(86), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "error", id: ParamId(51), ty: T::Flags32, fmt: F::Hex, table: Some(flags::PF_FLAGS), dirfd: 0 },
]};
static S_PIDFD_GETFD: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid_fd", id: ParamId(143), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "target_fd", id: ParamId(201), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_PIDFD_OPEN: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::PIDFD_OPEN_FLAGS), dirfd: 0 },
]};
static S_PIPE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd1", id: ParamId(62), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd2", id: ParamId(63), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ino", id: ParamId(83), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PIPE2: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd1", id: ParamId(62), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd2", id: ParamId(63), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ino", id: ParamId(83), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
]};
static S_PLUGINEVENT: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "plugin_id", id: ParamId(145), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "event_data", id: ParamId(53), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_POLL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fds", id: ParamId(70), ty: T::FdList, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "timeout", id: ParamId(203), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PPOLL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fds", id: ParamId(70), ty: T::FdList, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "timeout", id: ParamId(203), ty: T::RelTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sigmask", id: ParamId(184), ty: T::SigSet, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PRCTL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "option", id: ParamId(131), ty: T::EnumFlags32, fmt: F::Dec, table: Some(flags::PRCTL_OPTIONS), dirfd: 0 },
    P { name: "arg2_str", id: ParamId(6), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "arg2_int", id: ParamId(5), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PREAD: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pos", id: ParamId(146), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PREADV: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 3, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pos", id: ParamId(146), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PRLIMIT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "newcur", id: ParamId(108), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "newmax", id: ParamId(112), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldcur", id: ParamId(122), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldmax", id: ParamId(126), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "resource", id: ParamId(165), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::RLIMIT_RESOURCES), dirfd: 0 },
]};
static S_PROCESS_VM_READV: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_PROCESS_VM_WRITEV: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_PROCEXIT: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "status", id: ParamId(196), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ret", id: ParamId(166), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sig", id: ParamId(183), ty: T::SigType, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "core", id: ParamId(23), ty: T::U8, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "reaper_tid", id: ParamId(158), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PROCINFO: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "cpu_usr", id: ParamId(26), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cpu_sys", id: ParamId(25), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PTRACE: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::Dyn, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::Dyn, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "request", id: ParamId(161), ty: T::EnumFlags16, fmt: F::Dec, table: Some(flags::PTRACE_REQUESTS), dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PWRITE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pos", id: ParamId(146), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_PWRITEV: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pos", id: ParamId(146), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_QUOTACTL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "special", id: ParamId(190), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "quotafilepath", id: ParamId(156), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "dqb_bhardlimit", id: ParamId(38), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqb_bsoftlimit", id: ParamId(39), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqb_curspace", id: ParamId(41), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqb_ihardlimit", id: ParamId(42), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqb_isoftlimit", id: ParamId(43), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqb_btime", id: ParamId(40), ty: T::RelTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqb_itime", id: ParamId(44), ty: T::RelTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqi_bgrace", id: ParamId(45), ty: T::RelTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqi_igrace", id: ParamId(47), ty: T::RelTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dqi_flags", id: ParamId(46), ty: T::Flags8, fmt: F::Dec, table: Some(flags::QUOTACTL_DQI_FLAGS), dirfd: 0 },
    P { name: "quota_fmt_out", id: ParamId(155), ty: T::Flags8, fmt: F::Dec, table: Some(flags::QUOTACTL_QUOTA_FMTS), dirfd: 0 },
    P { name: "cmd", id: ParamId(20), ty: T::Flags16, fmt: F::Dec, table: Some(flags::QUOTACTL_CMDS), dirfd: 0 },
    P { name: "type", id: ParamId(208), ty: T::Flags8, fmt: F::Dec, table: Some(flags::QUOTACTL_TYPES), dirfd: 0 },
    P { name: "id", id: ParamId(78), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "quota_fmt", id: ParamId(154), ty: T::Flags8, fmt: F::Dec, table: Some(flags::QUOTACTL_QUOTA_FMTS), dirfd: 0 },
]};
static S_READ: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_READV: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 3, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_RECV: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_RECVFROM: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 3, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_RECVMMSG: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "msgcontrol", id: ParamId(105), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_RECVMSG: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 5, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "msgcontrol", id: ParamId(105), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_RENAME: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldpath", id: ParamId(127), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "newpath", id: ParamId(113), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_RENAMEAT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "olddirfd", id: ParamId(124), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldpath", id: ParamId(127), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "newdirfd", id: ParamId(110), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "newpath", id: ParamId(113), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 3 },
]};
static S_RENAMEAT2: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "olddirfd", id: ParamId(124), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "oldpath", id: ParamId(127), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "newdirfd", id: ParamId(110), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "newpath", id: ParamId(113), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 3 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::RENAMEAT2_FLAGS), dirfd: 0 },
]};
static S_RMDIR: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_SCAPEVENT: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "event_type", id: ParamId(54), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "event_data", id: ParamId(53), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SECCOMP: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "op", id: ParamId(128), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_SELECT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SEMCTL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "semid", id: ParamId(178), ty: T::I32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "semnum", id: ParamId(179), ty: T::I32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cmd", id: ParamId(20), ty: T::Flags16, fmt: F::Hex, table: Some(flags::SEMCTL_COMMANDS), dirfd: 0 },
    P { name: "val", id: ParamId(211), ty: T::I32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SEMGET: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "key", id: ParamId(88), ty: T::I32, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "nsems", id: ParamId(116), ty: T::I32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "semflg", id: ParamId(177), ty: T::Flags32, fmt: F::Hex, table: Some(flags::SEMGET_FLAGS), dirfd: 0 },
]};
static S_SEMOP: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "nsops", id: ParamId(117), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sem_num_0", id: ParamId(173), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sem_op_0", id: ParamId(175), ty: T::I16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sem_flg_0", id: ParamId(171), ty: T::Flags16, fmt: F::Hex, table: Some(flags::SEMOP_FLAGS), dirfd: 0 },
    P { name: "sem_num_1", id: ParamId(174), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sem_op_1", id: ParamId(176), ty: T::I16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sem_flg_1", id: ParamId(172), ty: T::Flags16, fmt: F::Hex, table: Some(flags::SEMOP_FLAGS), dirfd: 0 },
    P { name: "semid", id: ParamId(178), ty: T::I32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SEND: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_SENDFILE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "offset", id: ParamId(121), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "out_fd", id: ParamId(134), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "in_fd", id: ParamId(81), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SENDMMSG: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_SENDMSG: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_SENDTO: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tuple", id: ParamId(207), ty: T::SockTuple, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_SETGID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SETNS: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "nstype", id: ParamId(118), ty: T::Flags32, fmt: F::Hex, table: Some(flags::CLONE_FLAGS), dirfd: 0 },
]};
static S_SETPGID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgid", id: ParamId(140), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SETREGID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "rgid", id: ParamId(167), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "egid", id: ParamId(48), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SETRESGID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "rgid", id: ParamId(167), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "egid", id: ParamId(48), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sgid", id: ParamId(180), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SETRESUID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ruid", id: ParamId(169), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "euid", id: ParamId(52), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "suid", id: ParamId(197), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SETREUID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ruid", id: ParamId(169), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "euid", id: ParamId(52), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SETRLIMIT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cur", id: ParamId(29), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "max", id: ParamId(99), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "resource", id: ParamId(165), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::RLIMIT_RESOURCES), dirfd: 0 },
]};
static S_SETSID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SETSOCKOPT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "level", id: ParamId(92), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::SOCKOPT_LEVELS), dirfd: 0 },
    P { name: "optname", id: ParamId(133), ty: T::EnumFlags8, fmt: F::Dec, table: Some(flags::SOCKOPT_OPTIONS), dirfd: 0 },
    P { name: "val", id: ParamId(211), ty: T::Dyn, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "optlen", id: ParamId(132), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SETUID: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SHUTDOWN: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "how", id: ParamId(77), ty: T::EnumFlags8, fmt: F::Hex, table: Some(flags::SHUTDOWN_HOW), dirfd: 0 },
]};
static S_SIGNALDELIVER: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "spid", id: ParamId(191), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dpid", id: ParamId(37), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sig", id: ParamId(183), ty: T::SigType, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SIGNALFD: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "mask", id: ParamId(98), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::U8, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_SIGNALFD4: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags16, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "mask", id: ParamId(98), ty: T::U32, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_SOCKET: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "domain", id: ParamId(36), ty: T::EnumFlags32, fmt: F::Dec, table: Some(flags::SOCKET_FAMILIES), dirfd: 0 },
    P { name: "type", id: ParamId(208), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "proto", id: ParamId(149), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
]};
static S_SOCKETPAIR: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd1", id: ParamId(62), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd2", id: ParamId(63), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "source", id: ParamId(189), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "peer", id: ParamId(137), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "domain", id: ParamId(36), ty: T::EnumFlags32, fmt: F::Dec, table: Some(flags::SOCKET_FAMILIES), dirfd: 0 },
    P { name: "type", id: ParamId(208), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "proto", id: ParamId(149), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SPLICE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd_in", id: ParamId(64), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd_out", id: ParamId(65), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::SPLICE_FLAGS), dirfd: 0 },
]};
static S_STAT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_STAT64: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_SWITCH: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "next", id: ParamId(114), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_maj", id: ParamId(138), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_min", id: ParamId(139), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_SYMLINK: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "target", id: ParamId(200), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "linkpath", id: ParamId(94), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_SYMLINKAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "target", id: ParamId(200), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "linkdirfd", id: ParamId(93), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "linkpath", id: ParamId(94), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 2 },
]};
static S_TASK: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "ppid", id: ParamId(147), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgid", id: ParamId(140), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vpgid", id: ParamId(217), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sid", id: ParamId(182), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "comm", id: ParamId(21), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "argv", id: ParamId(12), ty: T::CharBufArray, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "exepath", id: ParamId(60), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::EXECVE_FLAGS), dirfd: 0 },
    P { name: "env", id: ParamId(50), ty: T::CharBufArray, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "cwd", id: ParamId(30), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fdlimit", id: ParamId(68), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "euid", id: ParamId(52), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "egid", id: ParamId(48), ty: T::Gid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cap_permitted", id: ParamId(17), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "cap_effective", id: ParamId(15), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "cap_inheritable", id: ParamId(16), ty: T::U64, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "exe_ino_num", id: ParamId(59), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe_ino_ctime", id: ParamId(57), ty: T::AbsTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe_ino_mtime", id: ParamId(58), ty: T::AbsTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_maj", id: ParamId(138), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_min", id: ParamId(139), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vtgid", id: ParamId(219), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vpid", id: ParamId(218), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pidns_init_start_ts", id: ParamId(144), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cgroups", id: ParamId(18), ty: T::CharBufArray, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "root", id: ParamId(168), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "start_time", id: ParamId(195), ty: T::AbsTime, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tty", id: ParamId(206), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "loginuid", id: ParamId(97), ty: T::Uid, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_ANON_INODE: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "fd_type", id: ParamId(66), ty: T::Flags8, fmt: F::Dec, table: Some(flags::ANON_INODE_FD_TYPES), dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_DIRECTORY: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_MEMFD: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_PIPE: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_REGULAR: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "mnt_id", id: ParamId(102), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_SOCKET_INET: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_type", id: ParamId(188), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_proto", id: ParamId(187), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "local_ip", id: ParamId(95), ty: T::Ipv4Addr, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "local_port", id: ParamId(96), ty: T::Port, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "remote_ip", id: ParamId(159), ty: T::Ipv4Addr, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "remote_port", id: ParamId(160), ty: T::Port, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_SOCKET_INET6: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_type", id: ParamId(188), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_proto", id: ParamId(187), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "local_ip", id: ParamId(95), ty: T::Ipv6Addr, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "local_port", id: ParamId(96), ty: T::Port, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "remote_ip", id: ParamId(159), ty: T::Ipv6Addr, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "remote_port", id: ParamId(160), ty: T::Port, fmt: F::Hex, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_SOCKET_NETLINK: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_type", id: ParamId(188), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_proto", id: ParamId(187), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TASK_FILE_SOCKET_UNIX: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_type", id: ParamId(188), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_proto", id: ParamId(187), ty: T::U16, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sk_pointer", id: ParamId(186), ty: T::U64, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "sun_path", id: ParamId(198), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "ino_num", id: ParamId(84), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TGKILL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tid", id: ParamId(202), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sig", id: ParamId(183), ty: T::SigType, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_TIMERFD_CREATE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "clockid", id: ParamId(19), ty: T::U8, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::U8, fmt: F::Hex, table: None, dirfd: 0 },
]};
static S_TKILL: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "tid", id: ParamId(202), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "sig", id: ParamId(183), ty: T::SigType, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_UMOUNT: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_UMOUNT2: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::UMOUNT_FLAGS), dirfd: 0 },
]};
static S_UNLINK: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "path", id: ParamId(135), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_UNLINKAT: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 1, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 1 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::UNLINKAT_FLAGS), dirfd: 0 },
]};
static S_UNSHARE: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::CLONE_FLAGS), dirfd: 0 },
]};
static S_USERADDED: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "home", id: ParamId(76), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "shell", id: ParamId(181), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "container_id", id: ParamId(22), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_USERDELETED: EventSchema = EventSchema { has_return_value: false, fd_role: 0, fd_param: 255, params: &[
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "home", id: ParamId(76), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "shell", id: ParamId(181), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "container_id", id: ParamId(22), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
]};
static S_USERFAULTFD: EventSchema = EventSchema { has_return_value: true, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
]};
static S_VFORK: EventSchema = EventSchema { has_return_value: true, fd_role: 0, fd_param: 255, params: &[
    P { name: "res", id: ParamId(162), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "exe", id: ParamId(55), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "args", id: ParamId(10), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "tid", id: ParamId(202), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pid", id: ParamId(142), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "ptid", id: ParamId(150), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "cwd", id: ParamId(30), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fdlimit", id: ParamId(68), ty: T::I64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_maj", id: ParamId(138), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pgft_min", id: ParamId(139), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_size", id: ParamId(215), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_rss", id: ParamId(214), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vm_swap", id: ParamId(216), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "comm", id: ParamId(21), ty: T::CharBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "cgroups", id: ParamId(18), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::CLONE_FLAGS), dirfd: 0 },
    P { name: "uid", id: ParamId(210), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "gid", id: ParamId(75), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vtid", id: ParamId(220), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "vpid", id: ParamId(218), ty: T::Pid, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "pidns_init_start_ts", id: ParamId(144), ty: T::U64, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_WRITE: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static S_WRITEV: EventSchema = EventSchema { has_return_value: true, fd_role: FD_USES, fd_param: 2, params: &[
    P { name: "res", id: ParamId(162), ty: T::Errno, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "data", id: ParamId(31), ty: T::ByteBuf, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "size", id: ParamId(185), ty: T::U32, fmt: F::Dec, table: None, dirfd: 0 },
]};
static E_OPEN: EventSchema = EventSchema { has_return_value: false, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "name", id: ParamId(106), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Oct, table: None, dirfd: 0 },
]};
static E_CREAT: EventSchema = EventSchema { has_return_value: false, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "name", id: ParamId(106), ty: T::FsPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Oct, table: None, dirfd: 0 },
]};
static E_OPENAT: EventSchema = EventSchema { has_return_value: false, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Oct, table: None, dirfd: 0 },
]};
static E_OPENAT2: EventSchema = EventSchema { has_return_value: false, fd_role: FD_CREATES, fd_param: 255, params: &[
    P { name: "dirfd", id: ParamId(35), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "name", id: ParamId(106), ty: T::FsRelPath, fmt: F::Na, table: None, dirfd: 0 },
    P { name: "flags", id: ParamId(74), ty: T::Flags32, fmt: F::Hex, table: Some(flags::FILE_FLAGS), dirfd: 0 },
    P { name: "mode", id: ParamId(103), ty: T::U32, fmt: F::Oct, table: None, dirfd: 0 },
    P { name: "resolve", id: ParamId(164), ty: T::Flags32, fmt: F::Hex, table: Some(flags::OPENAT2_FLAGS), dirfd: 0 },
]};
static E_CONNECT: EventSchema = EventSchema { has_return_value: false, fd_role: FD_USES, fd_param: 255, params: &[
    P { name: "fd", id: ParamId(61), ty: T::Fd, fmt: F::Dec, table: None, dirfd: 0 },
    P { name: "addr", id: ParamId(2), ty: T::SockAddr, fmt: F::Na, table: None, dirfd: 0 },
]};

/// Exit (or meta) schema by event type number.
pub(crate) static EXIT_SCHEMAS: [Option<&EventSchema>; 487] = [
    None,
    None,
    None,
    Some(&S_ACCEPT),
    Some(&S_ACCEPT4),
    Some(&S_ACCESS),
    None,
    None,
    None,
    None,
    None,
    Some(&S_ASYNCEVENT),
    None,
    Some(&S_BIND),
    Some(&S_BPF),
    Some(&S_BRK),
    None,
    None,
    Some(&S_CAPSET),
    Some(&S_CHDIR),
    Some(&S_CHMOD),
    Some(&S_CHOWN),
    Some(&S_CHROOT),
    None,
    None,
    None,
    None,
    None,
    Some(&S_CLONE),
    Some(&S_CLONE3),
    Some(&S_CLOSE),
    Some(&S_CLOSE_RANGE),
    Some(&S_CONNECT),
    Some(&S_CONTAINER),
    Some(&S_COPY_FILE_RANGE),
    Some(&S_CPU_HOTPLUG),
    Some(&S_CREAT),
    None,
    Some(&S_DELETE_MODULE),
    Some(&S_DROP),
    Some(&S_DUP),
    Some(&S_DUP2),
    Some(&S_DUP3),
    Some(&S_EPOLL_CREATE),
    Some(&S_EPOLL_CREATE1),
    None,
    None,
    None,
    None,
    Some(&S_EPOLL_WAIT),
    None,
    Some(&S_EVENTFD),
    Some(&S_EVENTFD2),
    Some(&S_EXECVE),
    Some(&S_EXECVEAT),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_FCHDIR),
    Some(&S_FCHMOD),
    Some(&S_FCHMODAT),
    None,
    Some(&S_FCHOWN),
    Some(&S_FCHOWNAT),
    Some(&S_FCNTL),
    None,
    None,
    None,
    None,
    None,
    Some(&S_FINIT_MODULE),
    None,
    Some(&S_FLOCK),
    Some(&S_FORK),
    None,
    Some(&S_FSCONFIG),
    None,
    None,
    None,
    None,
    Some(&S_FSTAT),
    Some(&S_FSTAT64),
    None,
    None,
    None,
    None,
    None,
    Some(&S_FUTEX),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_GETCWD),
    Some(&S_GETDENTS),
    Some(&S_GETDENTS64),
    Some(&S_GETEGID),
    None,
    Some(&S_GETEUID),
    None,
    Some(&S_GETGID),
    None,
    None,
    None,
    Some(&S_GETPEERNAME),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_GETRESGID),
    None,
    Some(&S_GETRESUID),
    None,
    Some(&S_GETRLIMIT),
    None,
    None,
    Some(&S_GETSOCKNAME),
    Some(&S_GETSOCKOPT),
    None,
    None,
    Some(&S_GETUID),
    None,
    None,
    None,
    Some(&S_GROUPADDED),
    Some(&S_GROUPDELETED),
    None,
    Some(&S_INFRA),
    Some(&S_INIT_MODULE),
    None,
    Some(&S_INOTIFY_INIT),
    Some(&S_INOTIFY_INIT1),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_IO_URING_ENTER),
    Some(&S_IO_URING_REGISTER),
    Some(&S_IO_URING_SETUP),
    Some(&S_IOCTL),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_KEYCTL),
    Some(&S_KILL),
    None,
    None,
    None,
    Some(&S_LCHOWN),
    None,
    Some(&S_LINK),
    Some(&S_LINKAT),
    Some(&S_LISTEN),
    None,
    None,
    None,
    None,
    None,
    Some(&S_LLSEEK),
    None,
    None,
    Some(&S_LSEEK),
    None,
    None,
    None,
    None,
    Some(&S_LSTAT),
    Some(&S_LSTAT64),
    None,
    None,
    None,
    None,
    Some(&S_MEMFD_CREATE),
    None,
    None,
    None,
    None,
    Some(&S_MKDIR),
    Some(&S_MKDIRAT),
    Some(&S_MKNOD),
    Some(&S_MKNODAT),
    Some(&S_MLOCK),
    Some(&S_MLOCK2),
    Some(&S_MLOCKALL),
    Some(&S_MMAP),
    Some(&S_MMAP2),
    None,
    Some(&S_MOUNT),
    None,
    None,
    None,
    Some(&S_MPROTECT),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_MUNLOCK),
    Some(&S_MUNLOCKALL),
    Some(&S_MUNMAP),
    None,
    None,
    Some(&S_NANOSLEEP),
    Some(&S_NEWFSTATAT),
    None,
    None,
    Some(&S_NOTIFICATION),
    None,
    None,
    None,
    None,
    None,
    Some(&S_OPEN),
    Some(&S_OPEN_BY_HANDLE_AT),
    None,
    None,
    Some(&S_OPENAT),
    Some(&S_OPENAT2),
    Some(&S_PAGE_FAULT),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_PIDFD_GETFD),
    Some(&S_PIDFD_OPEN),
    None,
    Some(&S_PIPE),
    Some(&S_PIPE2),
    None,
    None,
    None,
    None,
    Some(&S_PLUGINEVENT),
    Some(&S_POLL),
    Some(&S_PPOLL),
    Some(&S_PRCTL),
    Some(&S_PREAD),
    None,
    Some(&S_PREADV),
    None,
    Some(&S_PRLIMIT),
    None,
    None,
    None,
    Some(&S_PROCESS_VM_READV),
    Some(&S_PROCESS_VM_WRITEV),
    Some(&S_PROCEXIT),
    Some(&S_PROCINFO),
    None,
    Some(&S_PTRACE),
    Some(&S_PWRITE),
    None,
    Some(&S_PWRITEV),
    None,
    None,
    Some(&S_QUOTACTL),
    None,
    Some(&S_READ),
    None,
    None,
    None,
    None,
    Some(&S_READV),
    None,
    Some(&S_RECV),
    Some(&S_RECVFROM),
    Some(&S_RECVMMSG),
    Some(&S_RECVMSG),
    None,
    None,
    None,
    Some(&S_RENAME),
    Some(&S_RENAMEAT),
    Some(&S_RENAMEAT2),
    None,
    None,
    None,
    None,
    Some(&S_RMDIR),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_SCAPEVENT),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_SECCOMP),
    Some(&S_SELECT),
    Some(&S_SEMCTL),
    Some(&S_SEMGET),
    Some(&S_SEMOP),
    None,
    Some(&S_SEND),
    Some(&S_SENDFILE),
    None,
    Some(&S_SENDMMSG),
    Some(&S_SENDMSG),
    Some(&S_SENDTO),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_SETGID),
    None,
    None,
    None,
    None,
    Some(&S_SETNS),
    Some(&S_SETPGID),
    None,
    Some(&S_SETREGID),
    Some(&S_SETRESGID),
    None,
    Some(&S_SETRESUID),
    None,
    Some(&S_SETREUID),
    Some(&S_SETRLIMIT),
    Some(&S_SETSID),
    Some(&S_SETSOCKOPT),
    None,
    Some(&S_SETUID),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_SHUTDOWN),
    None,
    None,
    None,
    None,
    Some(&S_SIGNALDELIVER),
    Some(&S_SIGNALFD),
    Some(&S_SIGNALFD4),
    None,
    None,
    None,
    None,
    Some(&S_SOCKET),
    None,
    Some(&S_SOCKETPAIR),
    Some(&S_SPLICE),
    None,
    None,
    None,
    Some(&S_STAT),
    Some(&S_STAT64),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_SWITCH),
    None,
    Some(&S_SYMLINK),
    Some(&S_SYMLINKAT),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_TASK),
    Some(&S_TASK_FILE_ANON_INODE),
    Some(&S_TASK_FILE_DIRECTORY),
    Some(&S_TASK_FILE_MEMFD),
    Some(&S_TASK_FILE_PIPE),
    Some(&S_TASK_FILE_REGULAR),
    Some(&S_TASK_FILE_SOCKET_INET),
    Some(&S_TASK_FILE_SOCKET_INET6),
    Some(&S_TASK_FILE_SOCKET_NETLINK),
    Some(&S_TASK_FILE_SOCKET_UNIX),
    None,
    Some(&S_TGKILL),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_TIMERFD_CREATE),
    None,
    None,
    None,
    Some(&S_TKILL),
    None,
    None,
    None,
    None,
    Some(&S_UMOUNT),
    Some(&S_UMOUNT2),
    None,
    Some(&S_UNLINK),
    Some(&S_UNLINKAT),
    Some(&S_UNSHARE),
    None,
    None,
    None,
    Some(&S_USERADDED),
    Some(&S_USERDELETED),
    Some(&S_USERFAULTFD),
    None,
    None,
    None,
    None,
    Some(&S_VFORK),
    None,
    None,
    None,
    None,
    None,
    None,
    Some(&S_WRITE),
    Some(&S_WRITEV),
];

/// Enter schemas kept for the TOCTOU-mitigation enter events.
pub(crate) fn enter_schema(ty: EventType) -> Option<&'static EventSchema> {
    match ty {
        EventType::OPEN => Some(&E_OPEN),
        EventType::CREAT => Some(&E_CREAT),
        EventType::OPENAT => Some(&E_OPENAT),
        EventType::OPENAT2 => Some(&E_OPENAT2),
        EventType::CONNECT => Some(&E_CONNECT),
        _ => None,
    }
}

impl EventType {
    /// `_llseek`
    pub const _LLSEEK: EventType = EventType(0);
    /// `_newselect`
    pub const _NEWSELECT: EventType = EventType(1);
    /// `_sysctl`
    pub const _SYSCTL: EventType = EventType(2);
    /// `accept`
    pub const ACCEPT: EventType = EventType(3);
    /// `accept4`
    pub const ACCEPT4: EventType = EventType(4);
    /// `access`
    pub const ACCESS: EventType = EventType(5);
    /// `acct`
    pub const ACCT: EventType = EventType(6);
    /// `add_key`
    pub const ADD_KEY: EventType = EventType(7);
    /// `adjtimex`
    pub const ADJTIMEX: EventType = EventType(8);
    /// `alarm`
    pub const ALARM: EventType = EventType(9);
    /// `arch_prctl`
    pub const ARCH_PRCTL: EventType = EventType(10);
    /// `asyncevent`
    pub const ASYNCEVENT: EventType = EventType(11);
    /// `bdflush`
    pub const BDFLUSH: EventType = EventType(12);
    /// `bind`
    pub const BIND: EventType = EventType(13);
    /// `bpf`
    pub const BPF: EventType = EventType(14);
    /// `brk`
    pub const BRK: EventType = EventType(15);
    /// `cachestat`
    pub const CACHESTAT: EventType = EventType(16);
    /// `capget`
    pub const CAPGET: EventType = EventType(17);
    /// `capset`
    pub const CAPSET: EventType = EventType(18);
    /// `chdir`
    pub const CHDIR: EventType = EventType(19);
    /// `chmod`
    pub const CHMOD: EventType = EventType(20);
    /// `chown`
    pub const CHOWN: EventType = EventType(21);
    /// `chroot`
    pub const CHROOT: EventType = EventType(22);
    /// `clock_adjtime`
    pub const CLOCK_ADJTIME: EventType = EventType(23);
    /// `clock_getres`
    pub const CLOCK_GETRES: EventType = EventType(24);
    /// `clock_gettime`
    pub const CLOCK_GETTIME: EventType = EventType(25);
    /// `clock_nanosleep`
    pub const CLOCK_NANOSLEEP: EventType = EventType(26);
    /// `clock_settime`
    pub const CLOCK_SETTIME: EventType = EventType(27);
    /// `clone`
    pub const CLONE: EventType = EventType(28);
    /// `clone3`
    pub const CLONE3: EventType = EventType(29);
    /// `close`
    pub const CLOSE: EventType = EventType(30);
    /// `close_range`
    pub const CLOSE_RANGE: EventType = EventType(31);
    /// `connect`
    pub const CONNECT: EventType = EventType(32);
    /// `container`
    pub const CONTAINER: EventType = EventType(33);
    /// `copy_file_range`
    pub const COPY_FILE_RANGE: EventType = EventType(34);
    /// `cpu_hotplug`
    pub const CPU_HOTPLUG: EventType = EventType(35);
    /// `creat`
    pub const CREAT: EventType = EventType(36);
    /// `create_module`
    pub const CREATE_MODULE: EventType = EventType(37);
    /// `delete_module`
    pub const DELETE_MODULE: EventType = EventType(38);
    /// `drop`
    pub const DROP: EventType = EventType(39);
    /// `dup`
    pub const DUP: EventType = EventType(40);
    /// `dup2`
    pub const DUP2: EventType = EventType(41);
    /// `dup3`
    pub const DUP3: EventType = EventType(42);
    /// `epoll_create`
    pub const EPOLL_CREATE: EventType = EventType(43);
    /// `epoll_create1`
    pub const EPOLL_CREATE1: EventType = EventType(44);
    /// `epoll_ctl`
    pub const EPOLL_CTL: EventType = EventType(45);
    /// `epoll_ctl_old`
    pub const EPOLL_CTL_OLD: EventType = EventType(46);
    /// `epoll_pwait`
    pub const EPOLL_PWAIT: EventType = EventType(47);
    /// `epoll_pwait2`
    pub const EPOLL_PWAIT2: EventType = EventType(48);
    /// `epoll_wait`
    pub const EPOLL_WAIT: EventType = EventType(49);
    /// `epoll_wait_old`
    pub const EPOLL_WAIT_OLD: EventType = EventType(50);
    /// `eventfd`
    pub const EVENTFD: EventType = EventType(51);
    /// `eventfd2`
    pub const EVENTFD2: EventType = EventType(52);
    /// `execve`
    pub const EXECVE: EventType = EventType(53);
    /// `execveat`
    pub const EXECVEAT: EventType = EventType(54);
    /// `exit`
    pub const EXIT: EventType = EventType(55);
    /// `exit_group`
    pub const EXIT_GROUP: EventType = EventType(56);
    /// `faccessat`
    pub const FACCESSAT: EventType = EventType(57);
    /// `faccessat2`
    pub const FACCESSAT2: EventType = EventType(58);
    /// `fadvise64`
    pub const FADVISE64: EventType = EventType(59);
    /// `fallocate`
    pub const FALLOCATE: EventType = EventType(60);
    /// `fanotify_init`
    pub const FANOTIFY_INIT: EventType = EventType(61);
    /// `fanotify_mark`
    pub const FANOTIFY_MARK: EventType = EventType(62);
    /// `fchdir`
    pub const FCHDIR: EventType = EventType(63);
    /// `fchmod`
    pub const FCHMOD: EventType = EventType(64);
    /// `fchmodat`
    pub const FCHMODAT: EventType = EventType(65);
    /// `fchmodat2`
    pub const FCHMODAT2: EventType = EventType(66);
    /// `fchown`
    pub const FCHOWN: EventType = EventType(67);
    /// `fchownat`
    pub const FCHOWNAT: EventType = EventType(68);
    /// `fcntl`
    pub const FCNTL: EventType = EventType(69);
    /// `fcntl64`
    pub const FCNTL64: EventType = EventType(70);
    /// `fdatasync`
    pub const FDATASYNC: EventType = EventType(71);
    /// `fgetxattr`
    pub const FGETXATTR: EventType = EventType(72);
    /// `file_getattr`
    pub const FILE_GETATTR: EventType = EventType(73);
    /// `file_setattr`
    pub const FILE_SETATTR: EventType = EventType(74);
    /// `finit_module`
    pub const FINIT_MODULE: EventType = EventType(75);
    /// `flistxattr`
    pub const FLISTXATTR: EventType = EventType(76);
    /// `flock`
    pub const FLOCK: EventType = EventType(77);
    /// `fork`
    pub const FORK: EventType = EventType(78);
    /// `fremovexattr`
    pub const FREMOVEXATTR: EventType = EventType(79);
    /// `fsconfig`
    pub const FSCONFIG: EventType = EventType(80);
    /// `fsetxattr`
    pub const FSETXATTR: EventType = EventType(81);
    /// `fsmount`
    pub const FSMOUNT: EventType = EventType(82);
    /// `fsopen`
    pub const FSOPEN: EventType = EventType(83);
    /// `fspick`
    pub const FSPICK: EventType = EventType(84);
    /// `fstat`
    pub const FSTAT: EventType = EventType(85);
    /// `fstat64`
    pub const FSTAT64: EventType = EventType(86);
    /// `fstatat64`
    pub const FSTATAT64: EventType = EventType(87);
    /// `fstatfs`
    pub const FSTATFS: EventType = EventType(88);
    /// `fstatfs64`
    pub const FSTATFS64: EventType = EventType(89);
    /// `fsync`
    pub const FSYNC: EventType = EventType(90);
    /// `ftruncate`
    pub const FTRUNCATE: EventType = EventType(91);
    /// `futex`
    pub const FUTEX: EventType = EventType(92);
    /// `futex_requeue`
    pub const FUTEX_REQUEUE: EventType = EventType(93);
    /// `futex_wait`
    pub const FUTEX_WAIT: EventType = EventType(94);
    /// `futex_waitv`
    pub const FUTEX_WAITV: EventType = EventType(95);
    /// `futex_wake`
    pub const FUTEX_WAKE: EventType = EventType(96);
    /// `futimesat`
    pub const FUTIMESAT: EventType = EventType(97);
    /// `get_kernel_syms`
    pub const GET_KERNEL_SYMS: EventType = EventType(98);
    /// `get_mempolicy`
    pub const GET_MEMPOLICY: EventType = EventType(99);
    /// `get_robust_list`
    pub const GET_ROBUST_LIST: EventType = EventType(100);
    /// `get_thread_area`
    pub const GET_THREAD_AREA: EventType = EventType(101);
    /// `getcpu`
    pub const GETCPU: EventType = EventType(102);
    /// `getcwd`
    pub const GETCWD: EventType = EventType(103);
    /// `getdents`
    pub const GETDENTS: EventType = EventType(104);
    /// `getdents64`
    pub const GETDENTS64: EventType = EventType(105);
    /// `getegid`
    pub const GETEGID: EventType = EventType(106);
    /// `getegid32`
    pub const GETEGID32: EventType = EventType(107);
    /// `geteuid`
    pub const GETEUID: EventType = EventType(108);
    /// `geteuid32`
    pub const GETEUID32: EventType = EventType(109);
    /// `getgid`
    pub const GETGID: EventType = EventType(110);
    /// `getgid32`
    pub const GETGID32: EventType = EventType(111);
    /// `getgroups`
    pub const GETGROUPS: EventType = EventType(112);
    /// `getitimer`
    pub const GETITIMER: EventType = EventType(113);
    /// `getpeername`
    pub const GETPEERNAME: EventType = EventType(114);
    /// `getpgid`
    pub const GETPGID: EventType = EventType(115);
    /// `getpgrp`
    pub const GETPGRP: EventType = EventType(116);
    /// `getpid`
    pub const GETPID: EventType = EventType(117);
    /// `getpmsg`
    pub const GETPMSG: EventType = EventType(118);
    /// `getppid`
    pub const GETPPID: EventType = EventType(119);
    /// `getpriority`
    pub const GETPRIORITY: EventType = EventType(120);
    /// `getrandom`
    pub const GETRANDOM: EventType = EventType(121);
    /// `getresgid`
    pub const GETRESGID: EventType = EventType(122);
    /// `getresgid32`
    pub const GETRESGID32: EventType = EventType(123);
    /// `getresuid`
    pub const GETRESUID: EventType = EventType(124);
    /// `getresuid32`
    pub const GETRESUID32: EventType = EventType(125);
    /// `getrlimit`
    pub const GETRLIMIT: EventType = EventType(126);
    /// `getrusage`
    pub const GETRUSAGE: EventType = EventType(127);
    /// `getsid`
    pub const GETSID: EventType = EventType(128);
    /// `getsockname`
    pub const GETSOCKNAME: EventType = EventType(129);
    /// `getsockopt`
    pub const GETSOCKOPT: EventType = EventType(130);
    /// `gettid`
    pub const GETTID: EventType = EventType(131);
    /// `gettimeofday`
    pub const GETTIMEOFDAY: EventType = EventType(132);
    /// `getuid`
    pub const GETUID: EventType = EventType(133);
    /// `getuid32`
    pub const GETUID32: EventType = EventType(134);
    /// `getxattr`
    pub const GETXATTR: EventType = EventType(135);
    /// `getxattrat`
    pub const GETXATTRAT: EventType = EventType(136);
    /// `groupadded`
    pub const GROUPADDED: EventType = EventType(137);
    /// `groupdeleted`
    pub const GROUPDELETED: EventType = EventType(138);
    /// `idle`
    pub const IDLE: EventType = EventType(139);
    /// `infra`
    pub const INFRA: EventType = EventType(140);
    /// `init_module`
    pub const INIT_MODULE: EventType = EventType(141);
    /// `inotify_add_watch`
    pub const INOTIFY_ADD_WATCH: EventType = EventType(142);
    /// `inotify_init`
    pub const INOTIFY_INIT: EventType = EventType(143);
    /// `inotify_init1`
    pub const INOTIFY_INIT1: EventType = EventType(144);
    /// `inotify_rm_watch`
    pub const INOTIFY_RM_WATCH: EventType = EventType(145);
    /// `io_cancel`
    pub const IO_CANCEL: EventType = EventType(146);
    /// `io_destroy`
    pub const IO_DESTROY: EventType = EventType(147);
    /// `io_getevents`
    pub const IO_GETEVENTS: EventType = EventType(148);
    /// `io_pgetevents`
    pub const IO_PGETEVENTS: EventType = EventType(149);
    /// `io_setup`
    pub const IO_SETUP: EventType = EventType(150);
    /// `io_submit`
    pub const IO_SUBMIT: EventType = EventType(151);
    /// `io_uring_enter`
    pub const IO_URING_ENTER: EventType = EventType(152);
    /// `io_uring_register`
    pub const IO_URING_REGISTER: EventType = EventType(153);
    /// `io_uring_setup`
    pub const IO_URING_SETUP: EventType = EventType(154);
    /// `ioctl`
    pub const IOCTL: EventType = EventType(155);
    /// `ioperm`
    pub const IOPERM: EventType = EventType(156);
    /// `iopl`
    pub const IOPL: EventType = EventType(157);
    /// `ioprio_get`
    pub const IOPRIO_GET: EventType = EventType(158);
    /// `ioprio_set`
    pub const IOPRIO_SET: EventType = EventType(159);
    /// `ipc`
    pub const IPC: EventType = EventType(160);
    /// `k8s`
    pub const K8S: EventType = EventType(161);
    /// `kcmp`
    pub const KCMP: EventType = EventType(162);
    /// `kexec_file_load`
    pub const KEXEC_FILE_LOAD: EventType = EventType(163);
    /// `kexec_load`
    pub const KEXEC_LOAD: EventType = EventType(164);
    /// `keyctl`
    pub const KEYCTL: EventType = EventType(165);
    /// `kill`
    pub const KILL: EventType = EventType(166);
    /// `landlock_add_rule`
    pub const LANDLOCK_ADD_RULE: EventType = EventType(167);
    /// `landlock_create_ruleset`
    pub const LANDLOCK_CREATE_RULESET: EventType = EventType(168);
    /// `landlock_restrict_self`
    pub const LANDLOCK_RESTRICT_SELF: EventType = EventType(169);
    /// `lchown`
    pub const LCHOWN: EventType = EventType(170);
    /// `lgetxattr`
    pub const LGETXATTR: EventType = EventType(171);
    /// `link`
    pub const LINK: EventType = EventType(172);
    /// `linkat`
    pub const LINKAT: EventType = EventType(173);
    /// `listen`
    pub const LISTEN: EventType = EventType(174);
    /// `listmount`
    pub const LISTMOUNT: EventType = EventType(175);
    /// `listns`
    pub const LISTNS: EventType = EventType(176);
    /// `listxattr`
    pub const LISTXATTR: EventType = EventType(177);
    /// `listxattrat`
    pub const LISTXATTRAT: EventType = EventType(178);
    /// `llistxattr`
    pub const LLISTXATTR: EventType = EventType(179);
    /// `llseek`
    pub const LLSEEK: EventType = EventType(180);
    /// `lookup_dcookie`
    pub const LOOKUP_DCOOKIE: EventType = EventType(181);
    /// `lremovexattr`
    pub const LREMOVEXATTR: EventType = EventType(182);
    /// `lseek`
    pub const LSEEK: EventType = EventType(183);
    /// `lsetxattr`
    pub const LSETXATTR: EventType = EventType(184);
    /// `lsm_get_self_attr`
    pub const LSM_GET_SELF_ATTR: EventType = EventType(185);
    /// `lsm_list_modules`
    pub const LSM_LIST_MODULES: EventType = EventType(186);
    /// `lsm_set_self_attr`
    pub const LSM_SET_SELF_ATTR: EventType = EventType(187);
    /// `lstat`
    pub const LSTAT: EventType = EventType(188);
    /// `lstat64`
    pub const LSTAT64: EventType = EventType(189);
    /// `madvise`
    pub const MADVISE: EventType = EventType(190);
    /// `map_shadow_stack`
    pub const MAP_SHADOW_STACK: EventType = EventType(191);
    /// `mbind`
    pub const MBIND: EventType = EventType(192);
    /// `membarrier`
    pub const MEMBARRIER: EventType = EventType(193);
    /// `memfd_create`
    pub const MEMFD_CREATE: EventType = EventType(194);
    /// `memfd_secret`
    pub const MEMFD_SECRET: EventType = EventType(195);
    /// `mesos`
    pub const MESOS: EventType = EventType(196);
    /// `migrate_pages`
    pub const MIGRATE_PAGES: EventType = EventType(197);
    /// `mincore`
    pub const MINCORE: EventType = EventType(198);
    /// `mkdir`
    pub const MKDIR: EventType = EventType(199);
    /// `mkdirat`
    pub const MKDIRAT: EventType = EventType(200);
    /// `mknod`
    pub const MKNOD: EventType = EventType(201);
    /// `mknodat`
    pub const MKNODAT: EventType = EventType(202);
    /// `mlock`
    pub const MLOCK: EventType = EventType(203);
    /// `mlock2`
    pub const MLOCK2: EventType = EventType(204);
    /// `mlockall`
    pub const MLOCKALL: EventType = EventType(205);
    /// `mmap`
    pub const MMAP: EventType = EventType(206);
    /// `mmap2`
    pub const MMAP2: EventType = EventType(207);
    /// `modify_ldt`
    pub const MODIFY_LDT: EventType = EventType(208);
    /// `mount`
    pub const MOUNT: EventType = EventType(209);
    /// `mount_setattr`
    pub const MOUNT_SETATTR: EventType = EventType(210);
    /// `move_mount`
    pub const MOVE_MOUNT: EventType = EventType(211);
    /// `move_pages`
    pub const MOVE_PAGES: EventType = EventType(212);
    /// `mprotect`
    pub const MPROTECT: EventType = EventType(213);
    /// `mq_getsetattr`
    pub const MQ_GETSETATTR: EventType = EventType(214);
    /// `mq_notify`
    pub const MQ_NOTIFY: EventType = EventType(215);
    /// `mq_open`
    pub const MQ_OPEN: EventType = EventType(216);
    /// `mq_timedreceive`
    pub const MQ_TIMEDRECEIVE: EventType = EventType(217);
    /// `mq_timedsend`
    pub const MQ_TIMEDSEND: EventType = EventType(218);
    /// `mq_unlink`
    pub const MQ_UNLINK: EventType = EventType(219);
    /// `mremap`
    pub const MREMAP: EventType = EventType(220);
    /// `mseal`
    pub const MSEAL: EventType = EventType(221);
    /// `msgctl`
    pub const MSGCTL: EventType = EventType(222);
    /// `msgget`
    pub const MSGGET: EventType = EventType(223);
    /// `msgrcv`
    pub const MSGRCV: EventType = EventType(224);
    /// `msgsnd`
    pub const MSGSND: EventType = EventType(225);
    /// `msync`
    pub const MSYNC: EventType = EventType(226);
    /// `multiplexer`
    pub const MULTIPLEXER: EventType = EventType(227);
    /// `munlock`
    pub const MUNLOCK: EventType = EventType(228);
    /// `munlockall`
    pub const MUNLOCKALL: EventType = EventType(229);
    /// `munmap`
    pub const MUNMAP: EventType = EventType(230);
    /// `na_1`
    pub const NA_1: EventType = EventType(231);
    /// `name_to_handle_at`
    pub const NAME_TO_HANDLE_AT: EventType = EventType(232);
    /// `nanosleep`
    pub const NANOSLEEP: EventType = EventType(233);
    /// `newfstatat`
    pub const NEWFSTATAT: EventType = EventType(234);
    /// `nfsservctl`
    pub const NFSSERVCTL: EventType = EventType(235);
    /// `nice`
    pub const NICE: EventType = EventType(236);
    /// `notification`
    pub const NOTIFICATION: EventType = EventType(237);
    /// `oldfstat`
    pub const OLDFSTAT: EventType = EventType(238);
    /// `oldlstat`
    pub const OLDLSTAT: EventType = EventType(239);
    /// `oldolduname`
    pub const OLDOLDUNAME: EventType = EventType(240);
    /// `oldstat`
    pub const OLDSTAT: EventType = EventType(241);
    /// `olduname`
    pub const OLDUNAME: EventType = EventType(242);
    /// `open`
    pub const OPEN: EventType = EventType(243);
    /// `open_by_handle_at`
    pub const OPEN_BY_HANDLE_AT: EventType = EventType(244);
    /// `open_tree`
    pub const OPEN_TREE: EventType = EventType(245);
    /// `open_tree_attr`
    pub const OPEN_TREE_ATTR: EventType = EventType(246);
    /// `openat`
    pub const OPENAT: EventType = EventType(247);
    /// `openat2`
    pub const OPENAT2: EventType = EventType(248);
    /// `page_fault`
    pub const PAGE_FAULT: EventType = EventType(249);
    /// `page_fault_kernel`
    pub const PAGE_FAULT_KERNEL: EventType = EventType(250);
    /// `page_fault_user`
    pub const PAGE_FAULT_USER: EventType = EventType(251);
    /// `pause`
    pub const PAUSE: EventType = EventType(252);
    /// `pciconfig_iobase`
    pub const PCICONFIG_IOBASE: EventType = EventType(253);
    /// `pciconfig_read`
    pub const PCICONFIG_READ: EventType = EventType(254);
    /// `pciconfig_write`
    pub const PCICONFIG_WRITE: EventType = EventType(255);
    /// `perf_event_open`
    pub const PERF_EVENT_OPEN: EventType = EventType(256);
    /// `personality`
    pub const PERSONALITY: EventType = EventType(257);
    /// `pidfd_getfd`
    pub const PIDFD_GETFD: EventType = EventType(258);
    /// `pidfd_open`
    pub const PIDFD_OPEN: EventType = EventType(259);
    /// `pidfd_send_signal`
    pub const PIDFD_SEND_SIGNAL: EventType = EventType(260);
    /// `pipe`
    pub const PIPE: EventType = EventType(261);
    /// `pipe2`
    pub const PIPE2: EventType = EventType(262);
    /// `pivot_root`
    pub const PIVOT_ROOT: EventType = EventType(263);
    /// `pkey_alloc`
    pub const PKEY_ALLOC: EventType = EventType(264);
    /// `pkey_free`
    pub const PKEY_FREE: EventType = EventType(265);
    /// `pkey_mprotect`
    pub const PKEY_MPROTECT: EventType = EventType(266);
    /// `pluginevent`
    pub const PLUGINEVENT: EventType = EventType(267);
    /// `poll`
    pub const POLL: EventType = EventType(268);
    /// `ppoll`
    pub const PPOLL: EventType = EventType(269);
    /// `prctl`
    pub const PRCTL: EventType = EventType(270);
    /// `pread`
    pub const PREAD: EventType = EventType(271);
    /// `pread64`
    pub const PREAD64: EventType = EventType(272);
    /// `preadv`
    pub const PREADV: EventType = EventType(273);
    /// `preadv2`
    pub const PREADV2: EventType = EventType(274);
    /// `prlimit`
    pub const PRLIMIT: EventType = EventType(275);
    /// `prlimit64`
    pub const PRLIMIT64: EventType = EventType(276);
    /// `process_madvise`
    pub const PROCESS_MADVISE: EventType = EventType(277);
    /// `process_mrelease`
    pub const PROCESS_MRELEASE: EventType = EventType(278);
    /// `process_vm_readv`
    pub const PROCESS_VM_READV: EventType = EventType(279);
    /// `process_vm_writev`
    pub const PROCESS_VM_WRITEV: EventType = EventType(280);
    /// `procexit`
    pub const PROCEXIT: EventType = EventType(281);
    /// `procinfo`
    pub const PROCINFO: EventType = EventType(282);
    /// `pselect6`
    pub const PSELECT6: EventType = EventType(283);
    /// `ptrace`
    pub const PTRACE: EventType = EventType(284);
    /// `pwrite`
    pub const PWRITE: EventType = EventType(285);
    /// `pwrite64`
    pub const PWRITE64: EventType = EventType(286);
    /// `pwritev`
    pub const PWRITEV: EventType = EventType(287);
    /// `pwritev2`
    pub const PWRITEV2: EventType = EventType(288);
    /// `query_module`
    pub const QUERY_MODULE: EventType = EventType(289);
    /// `quotactl`
    pub const QUOTACTL: EventType = EventType(290);
    /// `quotactl_fd`
    pub const QUOTACTL_FD: EventType = EventType(291);
    /// `read`
    pub const READ: EventType = EventType(292);
    /// `readahead`
    pub const READAHEAD: EventType = EventType(293);
    /// `readdir`
    pub const READDIR: EventType = EventType(294);
    /// `readlink`
    pub const READLINK: EventType = EventType(295);
    /// `readlinkat`
    pub const READLINKAT: EventType = EventType(296);
    /// `readv`
    pub const READV: EventType = EventType(297);
    /// `reboot`
    pub const REBOOT: EventType = EventType(298);
    /// `recv`
    pub const RECV: EventType = EventType(299);
    /// `recvfrom`
    pub const RECVFROM: EventType = EventType(300);
    /// `recvmmsg`
    pub const RECVMMSG: EventType = EventType(301);
    /// `recvmsg`
    pub const RECVMSG: EventType = EventType(302);
    /// `remap_file_pages`
    pub const REMAP_FILE_PAGES: EventType = EventType(303);
    /// `removexattr`
    pub const REMOVEXATTR: EventType = EventType(304);
    /// `removexattrat`
    pub const REMOVEXATTRAT: EventType = EventType(305);
    /// `rename`
    pub const RENAME: EventType = EventType(306);
    /// `renameat`
    pub const RENAMEAT: EventType = EventType(307);
    /// `renameat2`
    pub const RENAMEAT2: EventType = EventType(308);
    /// `request_key`
    pub const REQUEST_KEY: EventType = EventType(309);
    /// `restart_syscall`
    pub const RESTART_SYSCALL: EventType = EventType(310);
    /// `riscv_flush_icache`
    pub const RISCV_FLUSH_ICACHE: EventType = EventType(311);
    /// `riscv_hwprobe`
    pub const RISCV_HWPROBE: EventType = EventType(312);
    /// `rmdir`
    pub const RMDIR: EventType = EventType(313);
    /// `rseq`
    pub const RSEQ: EventType = EventType(314);
    /// `rseq_slice_yield`
    pub const RSEQ_SLICE_YIELD: EventType = EventType(315);
    /// `rt_sigaction`
    pub const RT_SIGACTION: EventType = EventType(316);
    /// `rt_sigpending`
    pub const RT_SIGPENDING: EventType = EventType(317);
    /// `rt_sigprocmask`
    pub const RT_SIGPROCMASK: EventType = EventType(318);
    /// `rt_sigqueueinfo`
    pub const RT_SIGQUEUEINFO: EventType = EventType(319);
    /// `rt_sigreturn`
    pub const RT_SIGRETURN: EventType = EventType(320);
    /// `rt_sigsuspend`
    pub const RT_SIGSUSPEND: EventType = EventType(321);
    /// `rt_sigtimedwait`
    pub const RT_SIGTIMEDWAIT: EventType = EventType(322);
    /// `rt_tgsigqueueinfo`
    pub const RT_TGSIGQUEUEINFO: EventType = EventType(323);
    /// `rtas`
    pub const RTAS: EventType = EventType(324);
    /// `s390_guarded_storage`
    pub const S390_GUARDED_STORAGE: EventType = EventType(325);
    /// `s390_pci_mmio_read`
    pub const S390_PCI_MMIO_READ: EventType = EventType(326);
    /// `s390_pci_mmio_write`
    pub const S390_PCI_MMIO_WRITE: EventType = EventType(327);
    /// `s390_runtime_instr`
    pub const S390_RUNTIME_INSTR: EventType = EventType(328);
    /// `s390_sthyi`
    pub const S390_STHYI: EventType = EventType(329);
    /// `scapevent`
    pub const SCAPEVENT: EventType = EventType(330);
    /// `sched_get_priority_max`
    pub const SCHED_GET_PRIORITY_MAX: EventType = EventType(331);
    /// `sched_get_priority_min`
    pub const SCHED_GET_PRIORITY_MIN: EventType = EventType(332);
    /// `sched_getaffinity`
    pub const SCHED_GETAFFINITY: EventType = EventType(333);
    /// `sched_getattr`
    pub const SCHED_GETATTR: EventType = EventType(334);
    /// `sched_getparam`
    pub const SCHED_GETPARAM: EventType = EventType(335);
    /// `sched_getscheduler`
    pub const SCHED_GETSCHEDULER: EventType = EventType(336);
    /// `sched_process_exit`
    pub const SCHED_PROCESS_EXIT: EventType = EventType(337);
    /// `sched_rr_get_interval`
    pub const SCHED_RR_GET_INTERVAL: EventType = EventType(338);
    /// `sched_setaffinity`
    pub const SCHED_SETAFFINITY: EventType = EventType(339);
    /// `sched_setattr`
    pub const SCHED_SETATTR: EventType = EventType(340);
    /// `sched_setparam`
    pub const SCHED_SETPARAM: EventType = EventType(341);
    /// `sched_setscheduler`
    pub const SCHED_SETSCHEDULER: EventType = EventType(342);
    /// `sched_switch`
    pub const SCHED_SWITCH: EventType = EventType(343);
    /// `sched_yield`
    pub const SCHED_YIELD: EventType = EventType(344);
    /// `seccomp`
    pub const SECCOMP: EventType = EventType(345);
    /// `select`
    pub const SELECT: EventType = EventType(346);
    /// `semctl`
    pub const SEMCTL: EventType = EventType(347);
    /// `semget`
    pub const SEMGET: EventType = EventType(348);
    /// `semop`
    pub const SEMOP: EventType = EventType(349);
    /// `semtimedop`
    pub const SEMTIMEDOP: EventType = EventType(350);
    /// `send`
    pub const SEND: EventType = EventType(351);
    /// `sendfile`
    pub const SENDFILE: EventType = EventType(352);
    /// `sendfile64`
    pub const SENDFILE64: EventType = EventType(353);
    /// `sendmmsg`
    pub const SENDMMSG: EventType = EventType(354);
    /// `sendmsg`
    pub const SENDMSG: EventType = EventType(355);
    /// `sendto`
    pub const SENDTO: EventType = EventType(356);
    /// `set_mempolicy`
    pub const SET_MEMPOLICY: EventType = EventType(357);
    /// `set_mempolicy_home_node`
    pub const SET_MEMPOLICY_HOME_NODE: EventType = EventType(358);
    /// `set_robust_list`
    pub const SET_ROBUST_LIST: EventType = EventType(359);
    /// `set_thread_area`
    pub const SET_THREAD_AREA: EventType = EventType(360);
    /// `set_tid_address`
    pub const SET_TID_ADDRESS: EventType = EventType(361);
    /// `setdomainname`
    pub const SETDOMAINNAME: EventType = EventType(362);
    /// `setfsgid`
    pub const SETFSGID: EventType = EventType(363);
    /// `setfsuid`
    pub const SETFSUID: EventType = EventType(364);
    /// `setgid`
    pub const SETGID: EventType = EventType(365);
    /// `setgid32`
    pub const SETGID32: EventType = EventType(366);
    /// `setgroups`
    pub const SETGROUPS: EventType = EventType(367);
    /// `sethostname`
    pub const SETHOSTNAME: EventType = EventType(368);
    /// `setitimer`
    pub const SETITIMER: EventType = EventType(369);
    /// `setns`
    pub const SETNS: EventType = EventType(370);
    /// `setpgid`
    pub const SETPGID: EventType = EventType(371);
    /// `setpriority`
    pub const SETPRIORITY: EventType = EventType(372);
    /// `setregid`
    pub const SETREGID: EventType = EventType(373);
    /// `setresgid`
    pub const SETRESGID: EventType = EventType(374);
    /// `setresgid32`
    pub const SETRESGID32: EventType = EventType(375);
    /// `setresuid`
    pub const SETRESUID: EventType = EventType(376);
    /// `setresuid32`
    pub const SETRESUID32: EventType = EventType(377);
    /// `setreuid`
    pub const SETREUID: EventType = EventType(378);
    /// `setrlimit`
    pub const SETRLIMIT: EventType = EventType(379);
    /// `setsid`
    pub const SETSID: EventType = EventType(380);
    /// `setsockopt`
    pub const SETSOCKOPT: EventType = EventType(381);
    /// `settimeofday`
    pub const SETTIMEOFDAY: EventType = EventType(382);
    /// `setuid`
    pub const SETUID: EventType = EventType(383);
    /// `setuid32`
    pub const SETUID32: EventType = EventType(384);
    /// `setxattr`
    pub const SETXATTR: EventType = EventType(385);
    /// `setxattrat`
    pub const SETXATTRAT: EventType = EventType(386);
    /// `sgetmask`
    pub const SGETMASK: EventType = EventType(387);
    /// `shmat`
    pub const SHMAT: EventType = EventType(388);
    /// `shmctl`
    pub const SHMCTL: EventType = EventType(389);
    /// `shmdt`
    pub const SHMDT: EventType = EventType(390);
    /// `shmget`
    pub const SHMGET: EventType = EventType(391);
    /// `shutdown`
    pub const SHUTDOWN: EventType = EventType(392);
    /// `sigaction`
    pub const SIGACTION: EventType = EventType(393);
    /// `sigaltstack`
    pub const SIGALTSTACK: EventType = EventType(394);
    /// `signal`
    pub const SIGNAL: EventType = EventType(395);
    /// `signal_deliver`
    pub const SIGNAL_DELIVER: EventType = EventType(396);
    /// `signaldeliver`
    pub const SIGNALDELIVER: EventType = EventType(397);
    /// `signalfd`
    pub const SIGNALFD: EventType = EventType(398);
    /// `signalfd4`
    pub const SIGNALFD4: EventType = EventType(399);
    /// `sigpending`
    pub const SIGPENDING: EventType = EventType(400);
    /// `sigprocmask`
    pub const SIGPROCMASK: EventType = EventType(401);
    /// `sigreturn`
    pub const SIGRETURN: EventType = EventType(402);
    /// `sigsuspend`
    pub const SIGSUSPEND: EventType = EventType(403);
    /// `socket`
    pub const SOCKET: EventType = EventType(404);
    /// `socketcall`
    pub const SOCKETCALL: EventType = EventType(405);
    /// `socketpair`
    pub const SOCKETPAIR: EventType = EventType(406);
    /// `splice`
    pub const SPLICE: EventType = EventType(407);
    /// `spu_create`
    pub const SPU_CREATE: EventType = EventType(408);
    /// `spu_run`
    pub const SPU_RUN: EventType = EventType(409);
    /// `ssetmask`
    pub const SSETMASK: EventType = EventType(410);
    /// `stat`
    pub const STAT: EventType = EventType(411);
    /// `stat64`
    pub const STAT64: EventType = EventType(412);
    /// `statfs`
    pub const STATFS: EventType = EventType(413);
    /// `statfs64`
    pub const STATFS64: EventType = EventType(414);
    /// `statmount`
    pub const STATMOUNT: EventType = EventType(415);
    /// `statx`
    pub const STATX: EventType = EventType(416);
    /// `stime`
    pub const STIME: EventType = EventType(417);
    /// `subpage_prot`
    pub const SUBPAGE_PROT: EventType = EventType(418);
    /// `swapcontext`
    pub const SWAPCONTEXT: EventType = EventType(419);
    /// `swapoff`
    pub const SWAPOFF: EventType = EventType(420);
    /// `swapon`
    pub const SWAPON: EventType = EventType(421);
    /// `switch`
    pub const SWITCH: EventType = EventType(422);
    /// `switch_endian`
    pub const SWITCH_ENDIAN: EventType = EventType(423);
    /// `symlink`
    pub const SYMLINK: EventType = EventType(424);
    /// `symlinkat`
    pub const SYMLINKAT: EventType = EventType(425);
    /// `sync`
    pub const SYNC: EventType = EventType(426);
    /// `sync_file_range`
    pub const SYNC_FILE_RANGE: EventType = EventType(427);
    /// `sync_file_range2`
    pub const SYNC_FILE_RANGE2: EventType = EventType(428);
    /// `syncfs`
    pub const SYNCFS: EventType = EventType(429);
    /// `sys_debug_setcontext`
    pub const SYS_DEBUG_SETCONTEXT: EventType = EventType(430);
    /// `sysfs`
    pub const SYSFS: EventType = EventType(431);
    /// `sysinfo`
    pub const SYSINFO: EventType = EventType(432);
    /// `syslog`
    pub const SYSLOG: EventType = EventType(433);
    /// `task`
    pub const TASK: EventType = EventType(434);
    /// `task_file_anon_inode`
    pub const TASK_FILE_ANON_INODE: EventType = EventType(435);
    /// `task_file_directory`
    pub const TASK_FILE_DIRECTORY: EventType = EventType(436);
    /// `task_file_memfd`
    pub const TASK_FILE_MEMFD: EventType = EventType(437);
    /// `task_file_pipe`
    pub const TASK_FILE_PIPE: EventType = EventType(438);
    /// `task_file_regular`
    pub const TASK_FILE_REGULAR: EventType = EventType(439);
    /// `task_file_socket_inet`
    pub const TASK_FILE_SOCKET_INET: EventType = EventType(440);
    /// `task_file_socket_inet6`
    pub const TASK_FILE_SOCKET_INET6: EventType = EventType(441);
    /// `task_file_socket_netlink`
    pub const TASK_FILE_SOCKET_NETLINK: EventType = EventType(442);
    /// `task_file_socket_unix`
    pub const TASK_FILE_SOCKET_UNIX: EventType = EventType(443);
    /// `tee`
    pub const TEE: EventType = EventType(444);
    /// `tgkill`
    pub const TGKILL: EventType = EventType(445);
    /// `time`
    pub const TIME: EventType = EventType(446);
    /// `timer_create`
    pub const TIMER_CREATE: EventType = EventType(447);
    /// `timer_delete`
    pub const TIMER_DELETE: EventType = EventType(448);
    /// `timer_getoverrun`
    pub const TIMER_GETOVERRUN: EventType = EventType(449);
    /// `timer_gettime`
    pub const TIMER_GETTIME: EventType = EventType(450);
    /// `timer_settime`
    pub const TIMER_SETTIME: EventType = EventType(451);
    /// `timerfd`
    pub const TIMERFD: EventType = EventType(452);
    /// `timerfd_create`
    pub const TIMERFD_CREATE: EventType = EventType(453);
    /// `timerfd_gettime`
    pub const TIMERFD_GETTIME: EventType = EventType(454);
    /// `timerfd_settime`
    pub const TIMERFD_SETTIME: EventType = EventType(455);
    /// `times`
    pub const TIMES: EventType = EventType(456);
    /// `tkill`
    pub const TKILL: EventType = EventType(457);
    /// `tracer`
    pub const TRACER: EventType = EventType(458);
    /// `truncate`
    pub const TRUNCATE: EventType = EventType(459);
    /// `ugetrlimit`
    pub const UGETRLIMIT: EventType = EventType(460);
    /// `umask`
    pub const UMASK: EventType = EventType(461);
    /// `umount`
    pub const UMOUNT: EventType = EventType(462);
    /// `umount2`
    pub const UMOUNT2: EventType = EventType(463);
    /// `uname`
    pub const UNAME: EventType = EventType(464);
    /// `unlink`
    pub const UNLINK: EventType = EventType(465);
    /// `unlinkat`
    pub const UNLINKAT: EventType = EventType(466);
    /// `unshare`
    pub const UNSHARE: EventType = EventType(467);
    /// `uprobe`
    pub const UPROBE: EventType = EventType(468);
    /// `uretprobe`
    pub const URETPROBE: EventType = EventType(469);
    /// `uselib`
    pub const USELIB: EventType = EventType(470);
    /// `useradded`
    pub const USERADDED: EventType = EventType(471);
    /// `userdeleted`
    pub const USERDELETED: EventType = EventType(472);
    /// `userfaultfd`
    pub const USERFAULTFD: EventType = EventType(473);
    /// `ustat`
    pub const USTAT: EventType = EventType(474);
    /// `utime`
    pub const UTIME: EventType = EventType(475);
    /// `utimensat`
    pub const UTIMENSAT: EventType = EventType(476);
    /// `utimes`
    pub const UTIMES: EventType = EventType(477);
    /// `vfork`
    pub const VFORK: EventType = EventType(478);
    /// `vhangup`
    pub const VHANGUP: EventType = EventType(479);
    /// `vm86`
    pub const VM86: EventType = EventType(480);
    /// `vmsplice`
    pub const VMSPLICE: EventType = EventType(481);
    /// `wait4`
    pub const WAIT4: EventType = EventType(482);
    /// `waitid`
    pub const WAITID: EventType = EventType(483);
    /// `waitpid`
    pub const WAITPID: EventType = EventType(484);
    /// `write`
    pub const WRITE: EventType = EventType(485);
    /// `writev`
    pub const WRITEV: EventType = EventType(486);
}


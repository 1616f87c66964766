//! The field registry: every field the engine knows, with type, flags, multi-value semantics,
//! print format and a one-line description, and [`FieldId`], a field's index in it.
//!
//! Place in the data flow: rule text names fields; [`resolve`](super::resolve()) maps a name to
//! a [`FieldId`] here once at compile time; extraction dispatches on the id per event. The
//! `syssentry fields` command prints this table.

use super::info::{FieldInfo, FieldType, Multi, PrintFormat};

/// Field flag: an argument is required (`evt.arg[...]`, `container.label[...]`).
pub const ARG_REQUIRED: u16 = 1 << 0;
/// Field flag: an argument is allowed (`proc.aname[2]`, `proc.env[HOME]`).
pub const ARG_ALLOWED: u16 = 1 << 1;
/// Field flag: the argument is a numeric index.
pub const ARG_INDEX: u16 = 1 << 2;
/// Field flag: the argument is a key.
pub const ARG_KEY: u16 = 1 << 3;
/// Field flag: the field cannot be the right-hand side of a comparison (`val(...)`).
pub const NO_RHS: u16 = 1 << 4;
/// Field flag: transformers (`tolower(...)`) cannot be applied.
pub const NO_TRANSFORMER: u16 = 1 << 5;
/// Field flag: usable in conditions only, not in outputs.
pub const FILTER_ONLY: u16 = 1 << 6;
/// Field flag: the field is a list (`in`/`intersects`/`exists` only).
pub const IS_LIST: u16 = 1 << 7;
/// Field flag: deprecated (warn when used in outputs).
pub const DEPRECATED: u16 = 1 << 8;
/// Field flag: the value is read from the process's environment, which the state keeps only
/// when a loaded rule's condition or output uses such a field
/// ([`RuleSet::reads_env`](crate::eval::RuleSet::reads_env)).
pub const READS_ENV: u16 = 1 << 9;

/// Identifies a field of the registry (index into [`registry()`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(pub u16);

impl FieldId {
    /// The field's static description.
    pub fn info(self) -> &'static FieldInfo {
        &REGISTRY[self.0 as usize]
    }

    /// The field's name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub(crate) fn f(self) -> F {
        ALL[self.0 as usize]
    }
}

impl FieldInfo {
    /// What argument the field takes, in words: `"required"`, `"optional"` or `"none"`.
    pub fn arg_usage(&self) -> &'static str {
        if self.has(ARG_REQUIRED) {
            "required"
        } else if self.has(ARG_ALLOWED) {
            "optional"
        } else {
            "none"
        }
    }
}

/// Every field the engine knows, in registry order.
pub fn registry() -> &'static [FieldInfo] {
    REGISTRY
}

macro_rules! fields {
    ($( $id:ident = $name:literal, $ty:ident, $print:ident, $multi:ident, [$($flag:ident)|*], $doc:literal; )*) => {
        /// Internal field identifiers, in registry order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u16)]
        pub(crate) enum F { $($id),* }

        pub(crate) static ALL: &[F] = &[$(F::$id),*];

        /// Every field, in registry order (the index is the [`FieldId`]).
        pub static REGISTRY: &[FieldInfo] = &[
            $( FieldInfo {
                name: $name,
                ty: FieldType::$ty,
                flags: 0 $(| $flag)*,
                multi: Multi::$multi,
                print: PrintFormat::$print,
                doc: $doc,
            } ),*
        ];
    };
}

fields! {
    // ---- event -------------------------------------------------------------------------
    EvtNum = "evt.num", U64, Id, Single, [], "Sequence number of the event, starting at 1.";
    EvtTime = "evt.time", Str, Na, Single, [], "Event time of day in local time, HH:MM:SS.nnnnnnnnn.";
    EvtTimeS = "evt.time.s", Str, Na, Single, [], "Event time of day in local time, HH:MM:SS.";
    EvtTimeIso8601 = "evt.time.iso8601", Str, Na, Single, [], "Event time in UTC, ISO 8601 with nanoseconds and +0000.";
    EvtDatetime = "evt.datetime", Str, Na, Single, [], "Event date and time in local time, YYYY-MM-DD HH:MM:SS.nnnnnnnnn.";
    EvtDatetimeS = "evt.datetime.s", Str, Na, Single, [], "Event date and time in local time, without nanoseconds.";
    EvtRawtime = "evt.rawtime", AbsTime, Dec, Single, [], "Event time as nanoseconds since the epoch.";
    EvtRawtimeS = "evt.rawtime.s", AbsTime, Dec, Single, [], "Whole seconds of the event time since the epoch.";
    EvtRawtimeNs = "evt.rawtime.ns", AbsTime, PaddedDec, Single, [], "Nanosecond part of the event time.";
    EvtHostname = "evt.hostname", Str, Na, Single, [], "Name of the host the event was captured on.";
    EvtSource = "evt.source", Str, Na, Single, [], "Event source name (syscall for system events).";
    EvtIsAsync = "evt.is_async", Bool, Na, Single, [], "True for asynchronous meta events.";
    EvtAsynctype = "evt.asynctype", Str, Na, Single, [], "Name of an asynchronous event (for example container).";
    EvtDir = "evt.dir", Str, Dir, Single, [DEPRECATED], "Direction of the event: > for enter, < for exit (deprecated).";
    EvtType = "evt.type", Str, Na, Single, [], "Name of the event, for syscalls the syscall name (open, execve, ...).";
    SyscallType = "syscall.type", Str, Na, Single, [], "For syscall events, the syscall name; missing for other events.";
    EvtArgs = "evt.args", Str, Na, Single, [], "All event parameters as name=value pairs, resolved forms in parentheses.";
    EvtArg = "evt.arg", Str, Na, Single, [ARG_REQUIRED], "One event parameter as a string, preferring its resolved form: evt.arg.NAME or evt.arg[N].";
    EvtRawarg = "evt.rawarg", Dyn, Na, Single, [ARG_REQUIRED | NO_RHS | NO_TRANSFORMER], "One event parameter in its raw typed form: evt.rawarg.NAME.";
    EvtInfo = "evt.info", Str, Na, Single, [], "Event parameters as text (same as evt.args).";
    EvtBuffer = "evt.buffer", Bytes, Na, Single, [], "Data buffer of the event (the data parameter).";
    EvtBuflen = "evt.buflen", U64, Dec, Single, [], "Length of the data buffer of I/O events.";
    EvtRes = "evt.res", Str, Dec, Single, [], "Return value as text: SUCCESS or the errno name.";
    EvtRawres = "evt.rawres", I64, Dec, Single, [], "Return value as a signed number.";
    EvtFailed = "evt.failed", Bool, Na, Single, [], "True when the syscall returned an error.";
    EvtCount = "evt.count", U32, Dec, Single, [], "Always 1; useful to count events.";
    EvtIsOpenRead = "evt.is_open_read", Bool, Na, Single, [], "True for open events that open for reading.";
    EvtIsOpenWrite = "evt.is_open_write", Bool, Na, Single, [], "True for open events that open for writing.";
    EvtIsOpenExec = "evt.is_open_exec", Bool, Na, Single, [], "True for open/creat events that create a file with an execute bit.";
    EvtIsOpenCreate = "evt.is_open_create", Bool, Na, Single, [], "True for open events that created a file.";
    // ---- process / thread -----------------------------------------------------------------
    ProcExe = "proc.exe", Str, Na, Single, [], "First command-line argument (argv[0]) of the process.";
    ProcPexe = "proc.pexe", Str, Na, Single, [], "argv[0] of the parent process.";
    ProcAexe = "proc.aexe", Str, Na, AncestorsAny, [ARG_ALLOWED | ARG_INDEX | NO_RHS | NO_TRANSFORMER], "argv[0] of an ancestor: [N] picks one (0 = self), no index matches any ancestor.";
    ProcExepath = "proc.exepath", Str, Na, Single, [], "Full executable path of the process, as resolved by the kernel.";
    ProcPexepath = "proc.pexepath", Str, Na, Single, [], "Executable path of the parent process.";
    ProcAexepath = "proc.aexepath", Str, Na, AncestorsAny, [ARG_ALLOWED | ARG_INDEX | NO_RHS | NO_TRANSFORMER], "Executable path of an ancestor: [N] picks one, no index matches any ancestor.";
    ProcName = "proc.name", Str, Na, Single, [], "Command name of the process (kernel comm, at most 15 characters).";
    ProcPname = "proc.pname", Str, Na, Single, [], "Command name of the parent process.";
    ProcAname = "proc.aname", Str, Na, AncestorsAny, [ARG_ALLOWED | ARG_INDEX | NO_RHS | NO_TRANSFORMER], "Command name of an ancestor: [N] picks one (0 = self), no index matches any ancestor.";
    ProcArgs = "proc.args", Str, Na, Single, [ARG_ALLOWED | ARG_INDEX], "Arguments after argv[0] joined by spaces; [N] gives one argument.";
    ProcCmdline = "proc.cmdline", Str, Na, Single, [], "Command name followed by the arguments.";
    ProcPcmdline = "proc.pcmdline", Str, Na, Single, [], "Command line of the parent process.";
    ProcAcmdline = "proc.acmdline", Str, Na, AncestorsAny, [ARG_ALLOWED | ARG_INDEX | NO_RHS | NO_TRANSFORMER], "Command line of an ancestor: [N] picks one, no index matches any ancestor.";
    ProcCmdnargs = "proc.cmdnargs", U64, Dec, Single, [], "Number of command-line arguments after argv[0].";
    ProcCmdlenargs = "proc.cmdlenargs", U64, Dec, Single, [], "Total length of the arguments, spaces excluded.";
    ProcExeline = "proc.exeline", Str, Na, Single, [], "argv[0] followed by the arguments.";
    ProcEnv = "proc.env", Str, Na, Single, [ARG_ALLOWED | ARG_KEY | READS_ENV], "Environment of the process; [NAME] gives one variable's value.";
    ProcCwd = "proc.cwd", Str, Na, Single, [], "Current working directory of the process.";
    ProcTty = "proc.tty", U32, Id, Single, [], "Controlling terminal device number, 0 when none.";
    ProcPid = "proc.pid", I64, Id, Single, [], "Process id.";
    ProcPpid = "proc.ppid", I64, Id, Single, [], "Parent process id.";
    ProcApid = "proc.apid", I64, Id, AncestorsAny, [ARG_ALLOWED | ARG_INDEX | NO_RHS | NO_TRANSFORMER], "Process id of an ancestor: [N] picks one, no index matches any ancestor.";
    ProcVpid = "proc.vpid", I64, Id, Single, [], "Process id as seen from the process's own pid namespace.";
    ProcPvpid = "proc.pvpid", I64, Id, Single, [], "Parent process id as seen from its pid namespace.";
    ProcSid = "proc.sid", I64, Id, Single, [], "Session id of the process.";
    ProcSname = "proc.sname", Str, Na, Single, [], "Command name of the session leader.";
    ProcSidExe = "proc.sid.exe", Str, Na, Single, [], "argv[0] of the session leader.";
    ProcSidExepath = "proc.sid.exepath", Str, Na, Single, [], "Executable path of the session leader.";
    ProcVpgid = "proc.vpgid", I64, Id, Single, [], "Process group id as seen from the process's pid namespace.";
    ProcVpgidName = "proc.vpgid.name", Str, Na, Single, [], "Command name of the process-group leader.";
    ProcVpgidExe = "proc.vpgid.exe", Str, Na, Single, [], "argv[0] of the process-group leader.";
    ProcVpgidExepath = "proc.vpgid.exepath", Str, Na, Single, [], "Executable path of the process-group leader.";
    ProcPgid = "proc.pgid", I64, Id, Single, [], "Process group id in the host pid namespace.";
    ProcDuration = "proc.duration", RelTime, Dec, Single, [], "Nanoseconds since the process (thread) was created.";
    ProcPpidDuration = "proc.ppid.duration", RelTime, Dec, Single, [], "Nanoseconds since the parent process was created.";
    ProcPidTs = "proc.pid.ts", RelTime, Dec, Single, [], "Creation time of the process, nanoseconds since the epoch.";
    ProcPpidTs = "proc.ppid.ts", RelTime, Dec, Single, [], "Creation time of the parent process, nanoseconds since the epoch.";
    ProcIsExeWritable = "proc.is_exe_writable", Bool, Na, Single, [], "True when the executable is writable by the process's user.";
    ProcIsExeUpperLayer = "proc.is_exe_upper_layer", Bool, Na, Single, [], "True when the executable is in the writable upper layer of an overlay filesystem.";
    ProcIsExeLowerLayer = "proc.is_exe_lower_layer", Bool, Na, Single, [], "True when the executable is in a lower layer of an overlay filesystem.";
    ProcIsExeFromMemfd = "proc.is_exe_from_memfd", Bool, Na, Single, [], "True when the executable was loaded from a memfd (fileless execution).";
    ProcIsSidLeader = "proc.is_sid_leader", Bool, Na, Single, [], "True when the process leads its session.";
    ProcIsVpgidLeader = "proc.is_vpgid_leader", Bool, Na, Single, [], "True when the process leads its process group (namespace view).";
    ProcIsPgidLeader = "proc.is_pgid_leader", Bool, Na, Single, [], "True when the process leads its process group.";
    ProcExeIno = "proc.exe_ino", I64, Dec, Single, [], "Inode number of the executable.";
    ProcExeInoCtime = "proc.exe_ino.ctime", AbsTime, Dec, Single, [], "Last status-change time of the executable's inode.";
    ProcExeInoMtime = "proc.exe_ino.mtime", AbsTime, Dec, Single, [], "Last modification time of the executable's inode.";
    ProcExeInoCtimeDurationProcStart = "proc.exe_ino.ctime_duration_proc_start", AbsTime, Dec, Single, [], "Nanoseconds between the executable's ctime and the process start.";
    ProcExeInoCtimeDurationPidnsStart = "proc.exe_ino.ctime_duration_pidns_start", AbsTime, Dec, Single, [], "Nanoseconds between the pid namespace start and the executable's ctime.";
    ProcPidnsInitStartTs = "proc.pidns_init_start_ts", U64, Dec, Single, [], "Start time of the init process of the process's pid namespace.";
    ThreadCapPermitted = "thread.cap_permitted", Str, Na, Single, [], "Permitted capabilities, space-separated names.";
    ThreadCapInheritable = "thread.cap_inheritable", Str, Na, Single, [], "Inheritable capabilities, space-separated names.";
    ThreadCapEffective = "thread.cap_effective", Str, Na, Single, [], "Effective capabilities, space-separated names.";
    ProcFdopencount = "proc.fdopencount", U64, Dec, Single, [], "Number of open file descriptors of the process.";
    ProcFdlimit = "proc.fdlimit", I64, Dec, Single, [], "Maximum number of file descriptors the process may open.";
    ProcNthreads = "proc.nthreads", U64, Dec, Single, [], "Number of live threads of the process.";
    ProcNchilds = "proc.nchilds", U64, Dec, Single, [], "Number of child threads of the process, main thread excluded.";
    ThreadTid = "thread.tid", I64, Id, Single, [], "Thread id.";
    ThreadIsmain = "thread.ismain", Bool, Na, Single, [], "True for the main thread of a process.";
    ThreadVtid = "thread.vtid", I64, Id, Single, [], "Thread id as seen from its pid namespace.";
    ThreadCgroups = "thread.cgroups", Str, Na, Single, [], "All cgroups of the thread as subsystem=path, space separated.";
    ThreadCgroup = "thread.cgroup", Str, Na, Single, [ARG_REQUIRED | ARG_KEY], "Cgroup path of the thread for one subsystem: thread.cgroup[cpu].";
    // ---- file descriptors -------------------------------------------------------------------
    FdNum = "fd.num", I64, Id, Single, [], "File descriptor number used by the event, -1 when none or failed.";
    FdType = "fd.type", Str, Na, Single, [], "Type of the fd: file, directory, ipv4, ipv6, unix, pipe, event, ...";
    FdTypechar = "fd.typechar", Str, Na, Single, [], "Type of the fd as one character (f, d, 4, 6, u, p, ...).";
    FdName = "fd.name", Str, Na, Single, [], "Full name of the fd: absolute path for files, connection tuple for sockets.";
    FdDirectory = "fd.directory", Str, Na, Single, [], "Directory part of the fd's path.";
    FdFilename = "fd.filename", Str, Na, Single, [], "File-name part of the fd's path (files only).";
    FdIp = "fd.ip", IpAddr, Na, EitherEndpoint, [FILTER_ONLY | NO_RHS | NO_TRANSFORMER], "Matches if either endpoint IP matches (filter only).";
    FdCip = "fd.cip", IpAddr, Na, Single, [], "Client IP address.";
    FdSip = "fd.sip", IpAddr, Na, Single, [], "Server IP address.";
    FdLip = "fd.lip", IpAddr, Na, Single, [], "Local IP address.";
    FdRip = "fd.rip", IpAddr, Na, Single, [], "Remote IP address.";
    FdPort = "fd.port", Port, Dec, EitherEndpoint, [FILTER_ONLY | NO_RHS | NO_TRANSFORMER], "Matches if either endpoint port matches (filter only).";
    FdCport = "fd.cport", Port, Dec, Single, [], "Client port.";
    FdSport = "fd.sport", Port, Dec, Single, [], "Server port.";
    FdLport = "fd.lport", Port, Dec, Single, [], "Local port.";
    FdRport = "fd.rport", Port, Dec, Single, [], "Remote port.";
    FdL4proto = "fd.l4proto", Str, Na, Single, [], "Transport protocol of a socket: tcp, udp, icmp or raw.";
    FdSockfamily = "fd.sockfamily", Str, Na, Single, [], "Socket family: ip or unix.";
    FdIsServer = "fd.is_server", Bool, Na, Single, [], "True when the process is the server side of the connection.";
    FdUid = "fd.uid", Str, Na, Single, [], "Unique fd identifier: thread id followed by fd number.";
    FdContainername = "fd.containername", Str, Na, Single, [], "Container id, a colon and fd.name.";
    FdContainerdirectory = "fd.containerdirectory", Str, Na, Single, [], "Container id, a colon and fd.directory.";
    FdCproto = "fd.cproto", Str, Na, Single, [], "Client port as text.";
    FdSproto = "fd.sproto", Str, Na, Single, [], "Server port as text.";
    FdLproto = "fd.lproto", Str, Na, Single, [], "Local port as text.";
    FdRproto = "fd.rproto", Str, Na, Single, [], "Remote port as text.";
    FdNet = "fd.net", IpNet, Na, EitherEndpoint, [FILTER_ONLY | NO_RHS | NO_TRANSFORMER], "Matches if either endpoint is in the network (filter only).";
    FdCnet = "fd.cnet", IpNet, Na, Single, [FILTER_ONLY | NO_RHS | NO_TRANSFORMER], "Matches if the client IP is in the network (filter only).";
    FdSnet = "fd.snet", IpNet, Na, Single, [FILTER_ONLY | NO_RHS | NO_TRANSFORMER], "Matches if the server IP is in the network (filter only).";
    FdLnet = "fd.lnet", IpNet, Na, Single, [FILTER_ONLY | NO_RHS | NO_TRANSFORMER], "Matches if the local IP is in the network (filter only).";
    FdRnet = "fd.rnet", IpNet, Na, Single, [FILTER_ONLY | NO_RHS | NO_TRANSFORMER], "Matches if the remote IP is in the network (filter only).";
    FdConnected = "fd.connected", Bool, Na, Single, [], "True when the socket is connected.";
    FdNameChanged = "fd.name_changed", Bool, Na, Single, [], "True when the event changed the fd's name (UDP tuple change).";
    FdCipName = "fd.cip.name", Str, Na, Single, [NO_RHS | NO_TRANSFORMER], "Domain name recorded for the client IP.";
    FdSipName = "fd.sip.name", Str, Na, Single, [NO_RHS | NO_TRANSFORMER], "Domain name recorded for the server IP.";
    FdLipName = "fd.lip.name", Str, Na, Single, [NO_RHS | NO_TRANSFORMER], "Domain name recorded for the local IP.";
    FdRipName = "fd.rip.name", Str, Na, Single, [NO_RHS | NO_TRANSFORMER], "Domain name recorded for the remote IP.";
    FdDev = "fd.dev", U32, Hex, Single, [], "Device number of the file.";
    FdDevMajor = "fd.dev.major", U32, Dec, Single, [], "Major device number of the file.";
    FdDevMinor = "fd.dev.minor", U32, Dec, Single, [], "Minor device number of the file.";
    FdIno = "fd.ino", I64, Dec, Single, [], "Inode number of the file.";
    FdNameraw = "fd.nameraw", Str, Na, Single, [], "Path of the file exactly as passed to the syscall.";
    FdTypes = "fd.types", Str, Na, List, [IS_LIST | ARG_ALLOWED | ARG_INDEX | NO_RHS], "Distinct types of all open fds of the process; [N] gives the type of fd N.";
    FdIsUpperLayer = "fd.is_upper_layer", Bool, Na, Single, [], "True when the file is in the upper layer of an overlay filesystem.";
    FdIsLowerLayer = "fd.is_lower_layer", Bool, Na, Single, [], "True when the file is in a lower layer of an overlay filesystem.";
    // ---- users and groups -------------------------------------------------------------------
    UserUid = "user.uid", U32, Id, Single, [], "Effective user id of the thread.";
    UserName = "user.name", Str, Na, Single, [], "User name: root for uid 0, <NA> when unknown.";
    UserHomedir = "user.homedir", Str, Na, Single, [], "Home directory of the user.";
    UserShell = "user.shell", Str, Na, Single, [], "Login shell of the user.";
    UserLoginuid = "user.loginuid", I64, Id, Single, [], "Audit login uid, -1 when unset.";
    UserLoginname = "user.loginname", Str, Na, Single, [], "Name of the audit login user: root for 0, <NA> when unknown.";
    GroupGid = "group.gid", U32, Id, Single, [], "Effective group id of the thread.";
    GroupName = "group.name", Str, Na, Single, [], "Group name, <NA> when unknown.";
    // ---- containers and Kubernetes ----------------------------------------------------------
    ContainerId = "container.id", Str, Na, Single, [], "Container id (12 characters), host outside containers.";
    ContainerFullId = "container.full_id", Str, Na, Single, [], "Full container id.";
    ContainerName = "container.name", Str, Na, Single, [], "Container name, host outside containers.";
    ContainerImage = "container.image", Str, Na, Single, [], "Container image name.";
    ContainerImageId = "container.image.id", Str, Na, Single, [], "Container image id.";
    ContainerType = "container.type", Str, Na, Single, [], "Container runtime type (docker, cri-o, containerd, ...).";
    ContainerPrivileged = "container.privileged", Bool, Na, Single, [], "True for privileged containers.";
    ContainerMounts = "container.mounts", Str, Na, Single, [], "All mounts as source:dest:mode:rdwr:propagation, comma separated.";
    ContainerMount = "container.mount", Str, Na, Single, [ARG_REQUIRED | ARG_INDEX | ARG_KEY], "One mount, by index or by source path (glob allowed).";
    ContainerMountSource = "container.mount.source", Str, Na, Single, [ARG_REQUIRED | ARG_INDEX | ARG_KEY], "Mount source, by index or by destination path (glob allowed).";
    ContainerMountDest = "container.mount.dest", Str, Na, Single, [ARG_REQUIRED | ARG_INDEX | ARG_KEY], "Mount destination, by index or by source path (glob allowed).";
    ContainerMountMode = "container.mount.mode", Str, Na, Single, [ARG_REQUIRED | ARG_INDEX | ARG_KEY], "Mount mode, by index or by source path.";
    ContainerMountRdwr = "container.mount.rdwr", Str, Na, Single, [ARG_REQUIRED | ARG_INDEX | ARG_KEY], "Whether the mount is read-write, by index or by source path.";
    ContainerMountPropagation = "container.mount.propagation", Str, Na, Single, [ARG_REQUIRED | ARG_INDEX | ARG_KEY], "Mount propagation, by index or by source path.";
    ContainerImageRepository = "container.image.repository", Str, Na, Single, [], "Container image repository.";
    ContainerImageTag = "container.image.tag", Str, Na, Single, [], "Container image tag.";
    ContainerImageDigest = "container.image.digest", Str, Na, Single, [], "Container image digest.";
    ContainerStartTs = "container.start_ts", AbsTime, Dec, Single, [], "Container start time (start of its pid namespace), ns since the epoch.";
    ContainerDuration = "container.duration", RelTime, Dec, Single, [], "Nanoseconds since container.start_ts.";
    ContainerIp = "container.ip", Str, Na, Single, [], "Primary IP address of the container.";
    ContainerHealthcheck = "container.healthcheck", Str, Na, Single, [], "The container's health check command (Docker HEALTHCHECK), <NA> without one.";
    ContainerLivenessProbe = "container.liveness_probe", Str, Na, Single, [], "The container's Kubernetes liveness probe command (exec probes, from the pod's last applied configuration), <NA> without one.";
    ContainerReadinessProbe = "container.readiness_probe", Str, Na, Single, [], "The container's Kubernetes readiness probe command (as container.liveness_probe), <NA> without one.";
    ContainerHostPid = "container.host_pid", Bool, Na, Single, [], "True when the container shares the host pid namespace.";
    ContainerHostNetwork = "container.host_network", Bool, Na, Single, [], "True when the container shares the host network namespace.";
    ContainerHostIpc = "container.host_ipc", Bool, Na, Single, [], "True when the container shares the host IPC namespace.";
    ContainerLabel = "container.label", Str, Na, Single, [ARG_REQUIRED | ARG_KEY], "One container label: container.label[key] or container.label.key.";
    ContainerLabels = "container.labels", Str, Na, Single, [], "Container labels as key:value, comma separated.";
    K8sPodName = "k8s.pod.name", Str, Na, Single, [], "Kubernetes pod name (from the container's labels).";
    K8sNsName = "k8s.ns.name", Str, Na, Single, [], "Kubernetes namespace name (from the container's labels).";
    K8sPodId = "k8s.pod.id", Str, Na, Single, [], "Kubernetes pod UID (legacy name).";
    K8sPodUid = "k8s.pod.uid", Str, Na, Single, [], "Kubernetes pod UID.";
    K8sPodSandboxId = "k8s.pod.sandbox_id", Str, Na, Single, [], "Pod sandbox id, 12 characters.";
    K8sPodFullSandboxId = "k8s.pod.full_sandbox_id", Str, Na, Single, [], "Full pod sandbox id.";
    K8sPodLabel = "k8s.pod.label", Str, Na, Single, [ARG_REQUIRED | ARG_KEY], "One pod label: k8s.pod.label[key] or k8s.pod.label.key.";
    K8sPodLabels = "k8s.pod.labels", Str, Na, Single, [], "Pod labels as key:value, comma separated.";
    K8sPodIp = "k8s.pod.ip", Str, Na, Single, [], "Primary IP address of the pod.";
    EcsCluster = "ecs.cluster", Str, Na, Single, [], "Amazon ECS cluster of the container's task (the ECS agent's com.amazonaws.ecs.cluster label).";
    EcsTaskArn = "ecs.task.arn", Str, Na, Single, [], "ARN of the container's Amazon ECS task (label com.amazonaws.ecs.task-arn).";
    EcsTaskFamily = "ecs.task.family", Str, Na, Single, [], "Family of the task definition of the container's Amazon ECS task (label com.amazonaws.ecs.task-definition-family).";
    EcsTaskRevision = "ecs.task.revision", Str, Na, Single, [], "Revision of that task definition (label com.amazonaws.ecs.task-definition-version).";
    EcsContainerName = "ecs.container.name", Str, Na, Single, [], "The container's name in its Amazon ECS task definition (label com.amazonaws.ecs.container-name).";
}

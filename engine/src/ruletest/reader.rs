//! Reading a test file: YAML (with positions) → [`TestFile`]. Every problem is a
//! [`TestFileError`] naming file:line:column of the offending node.
//!
//! Place in the data flow: test file text → **reader** → spec → seeding, events, engine. Events
//! themselves are read by [`super::events`].

use super::error::{Problem, TestFileError};
use super::events;
use super::spec::{Case, ContainerSeed, Expected, ProcessSeed, Seed, TestFile};
use super::values;
use crate::event::{flags::FILE_FLAGS, mk::comm_of, SockAddr};
use crate::rules::yaml::{self, Node, NodeKind, Pos};
use crate::rules::Priority;
use crate::state::{ContainerInfo, Fd, FdKind, IpTuple, L4Proto, Role};
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};

/// The start of every case's clock: 2026-01-02T03:04:05Z, in nanoseconds since the epoch.
pub const T0: u64 = 1_767_323_045_000_000_000;

/// Reads and checks a test file.
pub fn read_file(path: &Path) -> Result<TestFile, TestFileError> {
    let bytes = std::fs::read(path).map_err(|source| TestFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_str(path, &bytes)
}

/// Whether a file looks like a test file (a mapping with a `cases:` key at the top), for picking
/// test files out of a directory. Unreadable or unparsable files count as test files so that
/// reading them reports the problem.
pub fn is_test_file(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return true;
    };
    let Ok(text) = yaml::decode_text(&bytes) else {
        return true;
    };
    match yaml::parse_documents(text) {
        Ok(docs) => matches!(docs.first(), Some(Some(n)) if n.get("cases").is_some()),
        Err(_) => true,
    }
}

/// Reads a test file from its bytes (`path` names it in errors and anchors relative rule paths).
pub fn read_str(path: &Path, bytes: &[u8]) -> Result<TestFile, TestFileError> {
    let d = Doc { path };
    let yaml_err = |source: yaml::YamlError| {
        let p = source.pos().unwrap_or(Pos {
            line: 1,
            column: 1,
            offset: 0,
        });
        TestFileError::Yaml {
            path: path.to_path_buf(),
            line: p.line,
            column: p.column,
            source,
        }
    };
    let text = yaml::decode_text(bytes).map_err(yaml_err)?;
    let docs = yaml::parse_documents(text).map_err(yaml_err)?;
    let start = Pos {
        line: 1,
        column: 1,
        offset: 0,
    };
    let root = match docs.first() {
        Some(Some(n)) if n.get("cases").is_some() => n,
        Some(Some(n)) => return Err(d.err(n.pos, Problem::NotATestFile)),
        _ => return Err(d.err(start, Problem::NotATestFile)),
    };
    let entries = d.map(root, "the test file", "the test file")?;
    d.check_keys(
        entries,
        "the test file",
        &["rules", "containers", "processes", "cases"],
        "rules, containers, processes, cases",
    )?;

    let rules_node = d.require(root, "rules", "the test file")?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let rules = d
        .str_list(rules_node, "rules")?
        .into_iter()
        .map(|r| dir.join(r))
        .collect();

    let mut containers = BTreeMap::new();
    let mut seed = Seed::default();
    if let Some(n) = root.get("containers") {
        seed.containers = d.containers(n, &mut containers)?;
    }
    let mut pids = BTreeSet::from([1i64]);
    if let Some(n) = root.get("processes") {
        seed.processes = d.processes(n, &containers, &mut pids)?;
    }

    let cases_node = d.require(root, "cases", "the test file")?;
    let items = d.seq(cases_node, "cases")?;
    if items.is_empty() {
        return Err(d.err(cases_node.pos, Problem::NoCases));
    }
    let mut cases = Vec::with_capacity(items.len());
    let mut names = BTreeSet::new();
    for item in items {
        let case = d.case(item, &containers, &pids)?;
        if !names.insert(case.name.clone()) {
            return Err(d.err(item.pos, Problem::DuplicateCase { name: case.name }));
        }
        cases.push(case);
    }
    Ok(TestFile {
        path: path.to_path_buf(),
        rules,
        rules_pos: rules_node.pos,
        seed,
        cases,
    })
}

/// Node access with errors that name the file and position.
pub(super) struct Doc<'a> {
    pub(super) path: &'a Path,
}

impl Doc<'_> {
    /// An error at `pos`.
    pub(super) fn err(&self, pos: Pos, problem: Problem) -> TestFileError {
        TestFileError::Format {
            path: self.path.to_path_buf(),
            line: pos.line,
            column: pos.column,
            problem,
        }
    }

    fn wrong(&self, node: &Node, key: &str, expected: &'static str) -> TestFileError {
        self.err(
            node.pos,
            Problem::WrongType {
                key: key.to_string(),
                expected,
                found: node.type_name(),
            },
        )
    }

    /// A value that does not parse.
    pub(super) fn bad(
        &self,
        node: &Node,
        key: &str,
        value: &str,
        expected: &'static str,
    ) -> TestFileError {
        self.err(
            node.pos,
            Problem::BadValue {
                key: key.to_string(),
                value: value.to_string(),
                expected,
            },
        )
    }

    /// The entries of a mapping.
    pub(super) fn map<'n>(
        &self,
        node: &'n Node,
        key: &str,
        _what: &str,
    ) -> Result<&'n [(Node, Node)], TestFileError> {
        node.as_map()
            .ok_or_else(|| self.wrong(node, key, "a mapping"))
    }

    /// The items of a sequence.
    pub(super) fn seq<'n>(&self, node: &'n Node, key: &str) -> Result<&'n [Node], TestFileError> {
        node.as_seq()
            .ok_or_else(|| self.wrong(node, key, "a sequence"))
    }

    /// Rejects keys outside `allowed`.
    pub(super) fn check_keys(
        &self,
        entries: &[(Node, Node)],
        what: &'static str,
        allowed: &[&str],
        expected: &'static str,
    ) -> Result<(), TestFileError> {
        for (k, _) in entries {
            let key = k.as_scalar().unwrap_or("");
            if !allowed.contains(&key) {
                return Err(self.err(
                    k.pos,
                    Problem::UnknownKey {
                        key: key.to_string(),
                        what,
                        expected,
                    },
                ));
            }
        }
        Ok(())
    }

    /// A required key of a mapping.
    pub(super) fn require<'n>(
        &self,
        node: &'n Node,
        key: &'static str,
        what: &'static str,
    ) -> Result<&'n Node, TestFileError> {
        node.get(key)
            .ok_or_else(|| self.err(node.pos, Problem::MissingKey { key, what }))
    }

    /// A non-null scalar.
    pub(super) fn scalar<'n>(&self, node: &'n Node, key: &str) -> Result<&'n str, TestFileError> {
        match &node.kind {
            NodeKind::Scalar { value, .. } if !node.is_null() => Ok(value),
            _ => Err(self.wrong(node, key, "a scalar")),
        }
    }

    /// A signed integer.
    pub(super) fn int(&self, node: &Node, key: &str) -> Result<i64, TestFileError> {
        let s = self.scalar(node, key)?;
        values::parse_i64(s).ok_or_else(|| self.bad(node, key, s, "an integer"))
    }

    /// An unsigned 32-bit integer (ids, terminals).
    pub(super) fn u32(&self, node: &Node, key: &str) -> Result<u32, TestFileError> {
        let s = self.scalar(node, key)?;
        values::parse_u64(s, false)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| self.bad(node, key, s, "an unsigned 32-bit integer"))
    }

    /// A boolean.
    pub(super) fn bool(&self, node: &Node, key: &str) -> Result<bool, TestFileError> {
        let s = self.scalar(node, key)?;
        values::parse_bool(s).ok_or_else(|| self.bad(node, key, s, "true or false"))
    }

    /// A string.
    pub(super) fn string(&self, node: &Node, key: &str) -> Result<String, TestFileError> {
        self.scalar(node, key).map(str::to_string)
    }

    /// A sequence of strings; a single scalar counts as a one-item list.
    pub(super) fn str_list(&self, node: &Node, key: &str) -> Result<Vec<String>, TestFileError> {
        match &node.kind {
            NodeKind::Seq(items) => items.iter().map(|i| self.string(i, key)).collect(),
            NodeKind::Scalar { .. } if !node.is_null() => Ok(vec![self.string(node, key)?]),
            _ => Err(self.wrong(node, key, "a string or a sequence of strings")),
        }
    }

    fn containers(
        &self,
        node: &Node,
        known: &mut BTreeMap<String, String>,
    ) -> Result<Vec<ContainerSeed>, TestFileError> {
        let mut out = Vec::new();
        for (k, v) in self.map(node, "containers", "containers")? {
            let key = self.string(k, "containers")?;
            let info = self.container(v, &key)?;
            if known.contains_key(&key) || known.values().any(|id| *id == info.id) {
                return Err(self.err(k.pos, Problem::DuplicateContainer { name: key }));
            }
            known.insert(key.clone(), info.id.clone());
            out.push(ContainerSeed { key, info });
        }
        Ok(out)
    }

    fn container(&self, node: &Node, key: &str) -> Result<ContainerInfo, TestFileError> {
        const KEYS: &[&str] = &[
            "id",
            "image",
            "name",
            "type",
            "privileged",
            "host_network",
            "host_pid",
            "ip",
            "pod",
            "k8s_ns",
            "pod_uid",
            "labels",
            "pod_labels",
        ];
        let entries = self.map(node, key, "a container")?;
        self.check_keys(entries, "a container", KEYS, "id, image, name, type, privileged, host_network, host_pid, ip, pod, k8s_ns, pod_uid, labels, pod_labels")?;
        let id_node = self.require(node, "id", "a container")?;
        let id = self.string(id_node, "id")?.to_ascii_lowercase();
        if !(id.len() == 12 || id.len() == 64) || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.bad(
                id_node,
                "id",
                &id,
                "a container id (12 or 64 hex characters)",
            ));
        }
        let mut info = ContainerInfo {
            id: id[..12].to_string(),
            full_id: id.clone(),
            name: key.to_string(),
            container_type: "containerd".into(),
            ..ContainerInfo::default()
        };
        for (k, v) in entries {
            let kname = k.as_scalar().unwrap_or("");
            match kname {
                "image" => {
                    let image = self.string(v, kname)?;
                    let (repo, tag, digest) = split_image(&image);
                    (info.image_repository, info.image_tag, info.image_digest) =
                        (repo, tag, digest);
                    info.image = image;
                }
                "name" => info.name = self.string(v, kname)?,
                "type" => info.container_type = self.string(v, kname)?,
                "privileged" => info.privileged = self.bool(v, kname)?,
                "host_network" => info.host_network = self.bool(v, kname)?,
                "host_pid" => info.host_pid = self.bool(v, kname)?,
                "ip" => info.ip = self.string(v, kname)?,
                "pod" => {
                    _ = info
                        .labels
                        .insert("io.kubernetes.pod.name".into(), self.string(v, kname)?)
                }
                "k8s_ns" => {
                    _ = info
                        .labels
                        .insert("io.kubernetes.pod.namespace".into(), self.string(v, kname)?)
                }
                "pod_uid" => {
                    _ = info
                        .labels
                        .insert("io.kubernetes.pod.uid".into(), self.string(v, kname)?)
                }
                "labels" => info.labels.extend(self.string_map(v, kname)?),
                "pod_labels" => info.pod_sandbox_labels.extend(self.string_map(v, kname)?),
                _ => {}
            }
        }
        Ok(info)
    }

    fn string_map(&self, node: &Node, key: &str) -> Result<Vec<(String, String)>, TestFileError> {
        self.map(node, key, key)?
            .iter()
            .map(|(k, v)| Ok((self.string(k, key)?, self.string(v, key)?)))
            .collect()
    }

    fn processes(
        &self,
        node: &Node,
        containers: &BTreeMap<String, String>,
        pids: &mut BTreeSet<i64>,
    ) -> Result<Vec<ProcessSeed>, TestFileError> {
        let items = self.seq(node, "processes")?;
        let mut out: Vec<ProcessSeed> = Vec::with_capacity(items.len());
        for item in items {
            let p = self.process(item, containers)?;
            if pids.contains(&p.pid) && !(p.pid == 1 && out.iter().all(|q| q.pid != 1)) {
                return Err(self.err(item.pos, Problem::DuplicatePid { pid: p.pid }));
            }
            pids.insert(p.pid);
            out.push(p);
        }
        // Parents must exist (seeded here or earlier, or pid 1); order does not matter.
        for p in &out {
            if p.pid != 1 && !pids.contains(&p.ppid) {
                return Err(self.err(
                    p.pos,
                    Problem::UnknownParent {
                        pid: p.pid,
                        ppid: p.ppid,
                    },
                ));
            }
        }
        Ok(out)
    }

    fn process(
        &self,
        node: &Node,
        containers: &BTreeMap<String, String>,
    ) -> Result<ProcessSeed, TestFileError> {
        const KEYS: &[&str] = &[
            "pid",
            "ppid",
            "exe",
            "args",
            "comm",
            "env",
            "container",
            "uid",
            "gid",
            "loginuid",
            "tty",
            "cwd",
            "upper_layer",
            "memfd",
            "writable",
            "fds",
        ];
        let entries = self.map(node, "processes", "a process")?;
        self.check_keys(entries, "a process", KEYS, "pid, ppid, exe, args, comm, env, container, uid, gid, loginuid, tty, cwd, upper_layer, memfd, writable, fds")?;
        let pid_node = self.require(node, "pid", "a process")?;
        let pid = self.int(pid_node, "pid")?;
        if pid <= 0 {
            return Err(self.bad(pid_node, "pid", &pid.to_string(), "a positive process id"));
        }
        let exe = self.string(self.require(node, "exe", "a process")?, "exe")?;
        let args = match node.get("args") {
            Some(n) => self.str_list(n, "args")?,
            None => vec![exe.clone()],
        };
        let comm = match node.get("comm") {
            Some(n) => self.string(n, "comm")?,
            None => comm_of(&exe).to_string(),
        };
        let uid = node
            .get("uid")
            .map(|n| self.u32(n, "uid"))
            .transpose()?
            .unwrap_or(0);
        let mut p = ProcessSeed {
            pid,
            ppid: node
                .get("ppid")
                .map(|n| self.int(n, "ppid"))
                .transpose()?
                .unwrap_or(1),
            exe,
            args,
            comm,
            env: node
                .get("env")
                .map(|n| self.str_list(n, "env"))
                .transpose()?
                .unwrap_or_default(),
            container_id: String::new(),
            uid,
            gid: node
                .get("gid")
                .map(|n| self.u32(n, "gid"))
                .transpose()?
                .unwrap_or(uid),
            loginuid: match node.get("loginuid") {
                Some(n) => {
                    let v = self.int(n, "loginuid")?;
                    u32::try_from(v).unwrap_or(u32::MAX)
                }
                None => u32::MAX,
            },
            tty: node
                .get("tty")
                .map(|n| self.u32(n, "tty"))
                .transpose()?
                .unwrap_or(0),
            cwd: dir_with_slash(
                node.get("cwd")
                    .map(|n| self.string(n, "cwd"))
                    .transpose()?
                    .unwrap_or_else(|| "/".into()),
            ),
            exe_flags: events::exe_flags(self, node)?,
            fds: Vec::new(),
            pos: node.pos,
        };
        if let Some(n) = node.get("container") {
            let name = self.string(n, "container")?;
            p.container_id = containers
                .get(&name)
                .cloned()
                .ok_or_else(|| self.err(n.pos, Problem::UnknownContainer { name }))?;
        }
        if let Some(n) = node.get("fds") {
            for item in self.seq(n, "fds")? {
                let (num, fd) = self.fd(item)?;
                if p.fds.iter().any(|(m, _)| *m == num) {
                    return Err(self.err(item.pos, Problem::DuplicateFd { fd: num }));
                }
                p.fds.push((num, fd));
            }
        }
        Ok(p)
    }

    fn fd(&self, node: &Node) -> Result<(i64, Fd), TestFileError> {
        const KINDS: &[&str] = &["file", "directory", "tcp", "udp", "listen", "unix", "memfd"];
        let entries = self.map(node, "fds", "an fd")?;
        self.check_keys(
            entries,
            "an fd",
            &[
                "fd",
                "file",
                "directory",
                "tcp",
                "udp",
                "listen",
                "unix",
                "memfd",
                "flags",
                "role",
            ],
            "fd, file, directory, tcp, udp, listen, unix, memfd, flags, role",
        )?;
        let num = self.int(self.require(node, "fd", "an fd")?, "fd")?;
        let kinds: Vec<&(Node, Node)> = entries
            .iter()
            .filter(|(k, _)| KINDS.contains(&k.as_scalar().unwrap_or("")))
            .collect();
        let [(k, v)] = kinds.as_slice() else {
            return Err(self.err(node.pos, Problem::FdKind));
        };
        let kind = k.as_scalar().unwrap_or("");
        let text = self.scalar(v, kind)?;
        let mut fd = match kind {
            "file" | "directory" | "memfd" => {
                let k = match kind {
                    "file" => FdKind::File,
                    "directory" => FdKind::Directory,
                    _ => FdKind::Memfd,
                };
                let mut fd = Fd::new(k, text);
                fd.name_raw = text.to_string();
                fd
            }
            "unix" => Fd::new(FdKind::Unix, text),
            "listen" => {
                let (ip, port) = match values::parse_sockaddr(text) {
                    Some(SockAddr::Inet(a, p)) => (IpAddr::V4(a), p),
                    Some(SockAddr::Inet6(a, p)) => (IpAddr::V6(a), p),
                    _ => return Err(self.bad(v, kind, text, "an address ip:port ([ipv6]:port)")),
                };
                let mut fd = Fd::new(
                    if ip.is_ipv4() {
                        FdKind::Ipv4ServSock
                    } else {
                        FdKind::Ipv6ServSock
                    },
                    "",
                );
                let any = if ip.is_ipv4() {
                    IpAddr::V4(Ipv4Addr::UNSPECIFIED)
                } else {
                    IpAddr::V6(Ipv6Addr::UNSPECIFIED)
                };
                fd.l4proto = L4Proto::Tcp;
                fd.tuple = Some(IpTuple {
                    cip: any,
                    cport: 0,
                    sip: ip,
                    sport: port,
                });
                fd.role = Role::Server;
                fd.refresh_socket_name();
                fd
            }
            _ => {
                let t = values::parse_tuple(text)
                    .as_ref()
                    .and_then(values::tuple_endpoints)
                    .ok_or_else(|| self.bad(v, kind, text, "a tuple ip:port->ip:port"))?;
                let (cip, cport, sip, sport) = t;
                let mut fd = Fd::new(
                    if cip.is_ipv4() {
                        FdKind::Ipv4Sock
                    } else {
                        FdKind::Ipv6Sock
                    },
                    "",
                );
                fd.l4proto = if kind == "tcp" {
                    L4Proto::Tcp
                } else {
                    L4Proto::Udp
                };
                fd.tuple = Some(IpTuple {
                    cip,
                    cport,
                    sip,
                    sport,
                });
                fd.connected = true;
                fd.role = Role::Client;
                fd.refresh_socket_name();
                fd
            }
        };
        if let Some(n) = node.get("flags") {
            let s = self.scalar(n, "flags")?;
            fd.flags = values::parse_flags(s, Some(FILE_FLAGS)).map_err(|flag| {
                self.err(
                    n.pos,
                    Problem::UnknownFlag {
                        param: "flags".into(),
                        flag: flag.into(),
                        known: values::flag_names(Some(FILE_FLAGS)),
                    },
                )
            })? as u32;
        }
        if let Some(n) = node.get("role") {
            fd.role = match self.scalar(n, "role")? {
                "client" => Role::Client,
                "server" => Role::Server,
                other => return Err(self.bad(n, "role", other, "client or server")),
            };
        }
        Ok((num, fd))
    }

    fn case(
        &self,
        node: &Node,
        file_containers: &BTreeMap<String, String>,
        file_pids: &BTreeSet<i64>,
    ) -> Result<Case, TestFileError> {
        let entries = self.map(node, "cases", "a case")?;
        self.check_keys(
            entries,
            "a case",
            &["name", "containers", "processes", "events", "expect"],
            "name, containers, processes, events, expect",
        )?;
        let name = self.string(self.require(node, "name", "a case")?, "name")?;
        let mut containers = file_containers.clone();
        let mut pids = file_pids.clone();
        let mut seed = Seed::default();
        if let Some(n) = node.get("containers") {
            seed.containers = self.containers(n, &mut containers)?;
        }
        if let Some(n) = node.get("processes") {
            seed.processes = self.processes(n, &containers, &mut pids)?;
        }
        let ev_node = self.require(node, "events", "a case")?;
        let mut evs = Vec::new();
        for item in self.seq(ev_node, "events")? {
            evs.push(events::read_event(self, item, &mut pids)?);
        }
        let expect_node = self.require(node, "expect", "a case")?;
        let expect = if expect_node.is_null() {
            Vec::new()
        } else {
            self.seq(expect_node, "expect")?
                .iter()
                .map(|e| self.expected(e))
                .collect::<Result<_, _>>()?
        };
        Ok(Case {
            name,
            pos: node.pos,
            seed,
            events: evs,
            expect,
        })
    }

    fn expected(&self, node: &Node) -> Result<Expected, TestFileError> {
        let entries = self.map(node, "expect", "an expected alert")?;
        self.check_keys(
            entries,
            "an expected alert",
            &["rule", "priority", "output_contains"],
            "rule, priority, output_contains",
        )?;
        let rule = self.string(self.require(node, "rule", "an expected alert")?, "rule")?;
        let priority =
            match node.get("priority") {
                Some(n) => {
                    let s = self.scalar(n, "priority")?;
                    Some(s.parse::<Priority>().map_err(|_| {
                        self.bad(n, "priority", s, "a priority (emergency ... debug)")
                    })?)
                }
                None => None,
            };
        let output_contains = node
            .get("output_contains")
            .map(|n| self.str_list(n, "output_contains"))
            .transpose()?
            .unwrap_or_default();
        Ok(Expected {
            pos: node.pos,
            rule,
            priority,
            output_contains,
        })
    }
}

/// `repository[:tag][@digest]` split into its parts (a `:` before the last `/` is a registry
/// port, not a tag).
pub fn split_image(image: &str) -> (String, String, String) {
    let (name, digest) = image.split_once('@').unwrap_or((image, ""));
    let slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[slash..].rfind(':') {
        Some(i) => (
            name[..slash + i].to_string(),
            name[slash + i + 1..].to_string(),
            digest.to_string(),
        ),
        None => (name.to_string(), String::new(), digest.to_string()),
    }
}

/// A directory with a trailing `/`, as the state keeps working directories.
pub(super) fn dir_with_slash(mut d: String) -> String {
    if !d.ends_with('/') {
        d.push('/');
    }
    d
}

/// The test files a path stands for: the file itself, or every test file below a directory
/// (recursively, in path order; files without a top-level `cases:` key are skipped, so rules and
/// tests may share a directory tree).
pub fn collect_test_files(path: &Path) -> Result<Vec<PathBuf>, TestFileError> {
    let meta = std::fs::metadata(path).map_err(|source| TestFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let rd = std::fs::read_dir(&dir).map_err(|source| TestFileError::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in rd {
            let entry = entry.map_err(|source| TestFileError::Io {
                path: dir.clone(),
                source,
            })?;
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") && is_test_file(&p) {
                out.push(p);
            }
        }
    }
    if out.is_empty() {
        return Err(TestFileError::NoTests {
            path: path.to_path_buf(),
        });
    }
    out.sort();
    Ok(out)
}

//! Reading the `containers:` and `processes:` (with their `fds:`) of a test file or case: the
//! state that exists before the first event.
//!
//! Place in the data flow: test file → reader → **setup** → [`super::seed`] → engine.

use super::doc::Doc;
use super::error::{Problem, TestFileError};
use super::spec::{ContainerSeed, ProcessSeed};
use super::values;
use syssentry_engine::event::{flags::FILE_FLAGS, mk::comm_of, SockAddr};
use syssentry_engine::rules::yaml::Node;
use syssentry_engine::state::{split_image_reference, ContainerInfo, Fd, FdKind, IpTuple, L4Proto, Role};
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

impl Doc<'_> {
    pub(super) fn host_ips(&self, node: &Node) -> Result<Vec<IpAddr>, TestFileError> {
        let mut out = Vec::new();
        for item in self.seq(node, "host_ips")? {
            let s = self.scalar(item, "host_ips")?;
            out.push(
                s.trim()
                    .parse()
                    .map_err(|_| self.bad(item, "host_ips", s, "an IP address"))?,
            );
        }
        Ok(out)
    }

    pub(super) fn containers(
        &self,
        node: &Node,
        known: &mut BTreeMap<String, String>,
    ) -> Result<Vec<ContainerSeed>, TestFileError> {
        let mut out = Vec::new();
        for (k, v) in self.map(node, "containers")? {
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
        let entries = self.map(node, key)?;
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
                    let (repo, tag, digest) = split_image_reference(&image);
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
        self.map(node, key)?
            .iter()
            .map(|(k, v)| Ok((self.string(k, key)?, self.string(v, key)?)))
            .collect()
    }

    pub(super) fn processes(
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
        let entries = self.map(node, "processes")?;
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
            cwd: values::dir_with_slash(
                node.get("cwd")
                    .map(|n| self.string(n, "cwd"))
                    .transpose()?
                    .unwrap_or_else(|| "/".into()),
            ),
            exe_flags: self.exe_flags(node)?,
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
        let entries = self.map(node, "fds")?;
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
                fd.name_raw = Some(text.into());
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
                    .and_then(|t| t.ip_endpoints())
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
}


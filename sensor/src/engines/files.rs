//! A container's own `/etc/passwd` and `/etc/group`, read through its init process's root
//! (`<host_root>/proc/<pid>/root/etc/...`), so that `user.name` and `group.name` of its
//! processes are the container's names, not the host's.
//!
//! Place in the data flow: engine → **these files** with the container's description → state.

use crate::engines::update::ContainerDescription;
use std::io::Read;
use std::path::Path;
use syssentry_engine::state::ContainerInfo;

/// Bytes of a container's `/etc/passwd` or `/etc/group` read at most.
const MAX_ID_FILE: u64 = 1 << 20;

/// `info` with the user and group files of the container whose init process is `pid` (when
/// known and readable).
pub fn describe(info: ContainerInfo, host_root: &Path, pid: Option<i64>) -> ContainerDescription {
    let pid = pid.filter(|p| *p > 0);
    let read = |file: &str| pid.and_then(|p| read_bounded(&host_root.join(format!("proc/{p}/root/etc/{file}"))));
    ContainerDescription { passwd: read("passwd"), group: read("group"), info, partial: false }
}

/// A small text file, at most [`MAX_ID_FILE`] bytes; `None` when it cannot be read.
fn read_bounded(path: &Path) -> Option<String> {
    let mut text = String::new();
    std::fs::File::open(path).ok()?.take(MAX_ID_FILE).read_to_string(&mut text).ok()?;
    Some(text)
}

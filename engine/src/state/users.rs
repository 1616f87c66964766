//! Users and groups: uid → name/home/shell and gid → name, per container.
//!
//! Place in the data flow: filled from `/etc/passwd` and `/etc/group` text (host or container)
//! or programmatically; read by `user.*`, `group.*` and the rendering of uid/gid parameters.
//! Tables are keyed by container id (`""` = host) and bounded.

use foldhash::HashMap;

/// One user entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct User {
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
    /// Login name.
    pub name: String,
    /// Home directory.
    pub home: String,
    /// Login shell.
    pub shell: String,
}

/// One group entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Group {
    /// Group id.
    pub gid: u32,
    /// Group name.
    pub name: String,
}

/// An entry keyed by a numeric id (uid, gid).
pub trait IdEntry {
    /// The entry's id.
    fn id(&self) -> u32;
}

impl IdEntry for User {
    fn id(&self) -> u32 {
        self.uid
    }
}

impl IdEntry for Group {
    fn id(&self) -> u32 {
        self.gid
    }
}

/// Entries by (container id, numeric id), bounded over all containers.
#[derive(Debug, Clone)]
pub struct IdTable<T> {
    by_container: HashMap<Box<str>, HashMap<u32, T>>,
    len: usize,
    /// Maximum number of entries over all containers.
    pub cap: usize,
    /// Entries refused because the table was full.
    pub dropped: u64,
}

/// Users by (container id, uid).
pub type UserTable = IdTable<User>;
/// Groups by (container id, gid).
pub type GroupTable = IdTable<Group>;

impl<T> Default for IdTable<T> {
    fn default() -> Self {
        IdTable { by_container: HashMap::default(), len: 0, cap: 0, dropped: 0 }
    }
}

impl<T: IdEntry> IdTable<T> {
    /// An empty table holding at most `cap` entries.
    pub fn with_cap(cap: usize) -> Self {
        IdTable { cap, ..IdTable::default() }
    }

    /// Adds or replaces an entry of a container (`""` = host). Returns false when full.
    pub fn insert(&mut self, container: &str, entry: T) -> bool {
        let id = entry.id();
        let exists = self.by_container.get(container).is_some_and(|m| m.contains_key(&id));
        if !exists && self.len >= self.cap {
            self.dropped += 1;
            return false;
        }
        if !exists {
            self.len += 1;
        }
        self.by_container.entry(container.into()).or_default().insert(id, entry);
        true
    }

    /// Forgets every entry of a container (it is gone); returns how many there were.
    pub fn remove_container(&mut self, container: &str) -> usize {
        let n = self.by_container.remove(container).map_or(0, |m| m.len());
        self.len -= n;
        n
    }

    /// Looks an entry up in a container (`""` = host).
    pub fn get(&self, container: &str, id: u32) -> Option<&T> {
        self.by_container.get(container)?.get(&id)
    }

    /// Number of entries stored.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds every line `parse` accepts for the given container; returns how many were added.
    fn load_lines(&mut self, container: &str, text: &str, parse: fn(&str) -> Option<T>) -> usize {
        text.lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(parse)
            .fold(0, |n, e| if self.insert(container, e) { n + 1 } else { n })
    }
}

impl UserTable {
    /// Adds every well-formed line of `/etc/passwd` text
    /// (`name:pw:uid:gid:gecos:home:shell`) for the given container; malformed lines are
    /// skipped. Returns the number of users added.
    pub fn load_passwd(&mut self, container: &str, text: &str) -> usize {
        self.load_lines(container, text, parse_passwd_line)
    }

    /// A host user table from `/etc/passwd` text, unbounded by default caps.
    pub fn parse_passwd(text: &str) -> UserTable {
        let mut t = UserTable::with_cap(usize::MAX);
        t.load_passwd("", text);
        t
    }
}

impl GroupTable {
    /// Adds every well-formed line of `/etc/group` text (`name:pw:gid:members`).
    pub fn load_group(&mut self, container: &str, text: &str) -> usize {
        self.load_lines(container, text, parse_group_line)
    }

    /// A host group table from `/etc/group` text.
    pub fn parse_group(text: &str) -> GroupTable {
        let mut t = GroupTable::with_cap(usize::MAX);
        t.load_group("", text);
        t
    }
}

fn parse_passwd_line(line: &str) -> Option<User> {
    let mut it = line.split(':');
    let name = it.next()?;
    let _pw = it.next()?;
    let uid = it.next()?.parse().ok()?;
    let gid = it.next()?.parse().ok()?;
    let _gecos = it.next()?;
    let home = it.next()?;
    let shell = it.next().unwrap_or("");
    Some(User { uid, gid, name: name.to_owned(), home: home.to_owned(), shell: shell.to_owned() })
}

fn parse_group_line(line: &str) -> Option<Group> {
    let mut it = line.split(':');
    let (name, _pw) = (it.next()?, it.next()?);
    let gid = it.next()?.parse().ok()?;
    Some(Group { gid, name: name.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwd_parsing() {
        let t = UserTable::parse_passwd(
            "root:x:0:0:root:/root:/bin/bash\n# comment\nbad line\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t.get("", 65534).map(|u| u.name.as_str()), Some("nobody"));
        assert_eq!(t.get("", 0).map(|u| u.shell.as_str()), Some("/bin/bash"));
        assert!(t.get("abc", 0).is_none());
    }

    #[test]
    fn caps_are_enforced() {
        let mut t = UserTable::with_cap(1);
        assert!(t.insert(
            "",
            User {
                uid: 1,
                ..User::default()
            }
        ));
        assert!(!t.insert(
            "",
            User {
                uid: 2,
                ..User::default()
            }
        ));
        assert!(t.insert(
            "",
            User {
                uid: 1,
                name: "x".into(),
                ..User::default()
            }
        ));
        assert_eq!(t.dropped, 1);
        let g = GroupTable::parse_group("root:x:0:\nwheel:x:10:a,b\n");
        assert_eq!(g.get("", 10).map(|g| g.name.as_str()), Some("wheel"));
    }

    #[test]
    fn a_gone_containers_users_free_their_room() {
        let mut t = UserTable::with_cap(3);
        assert_eq!(t.load_passwd("3ad7b26ded6d", "root:x:0:0::/:/bin/sh\napp:x:1234:1234::/:/bin/sh\n"), 2);
        assert_eq!(t.load_passwd("", "root:x:0:0::/:/bin/sh\n"), 1);
        assert_eq!(t.remove_container("3ad7b26ded6d"), 2);
        assert_eq!(t.remove_container("3ad7b26ded6d"), 0);
        assert_eq!(t.len(), 1);
        assert!(t.get("3ad7b26ded6d", 1234).is_none());
        assert_eq!(t.load_passwd("0a1b2c3d4e5f", "root:x:0:0::/:/bin/sh\napp:x:1234:1234::/:/bin/sh\n"), 2);
    }
}

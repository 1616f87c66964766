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

/// Users by (container id, uid), bounded.
#[derive(Debug, Clone, Default)]
pub struct UserTable {
    by_container: HashMap<Box<str>, HashMap<u32, User>>,
    len: usize,
    /// Maximum number of entries over all containers.
    pub cap: usize,
    /// Entries refused because the table was full.
    pub dropped: u64,
}

impl UserTable {
    /// An empty table holding at most `cap` users.
    pub fn with_cap(cap: usize) -> Self {
        UserTable {
            cap,
            ..UserTable::default()
        }
    }

    /// Adds or replaces a user of a container (`""` = host). Returns false when full.
    pub fn insert(&mut self, container: &str, user: User) -> bool {
        let exists = self
            .by_container
            .get(container)
            .is_some_and(|m| m.contains_key(&user.uid));
        if !exists && self.len >= self.cap {
            self.dropped += 1;
            return false;
        }
        if !exists {
            self.len += 1;
        }
        self.by_container
            .entry(container.into())
            .or_default()
            .insert(user.uid, user);
        true
    }

    /// Looks a user up in a container (`""` = host).
    pub fn get(&self, container: &str, uid: u32) -> Option<&User> {
        self.by_container.get(container)?.get(&uid)
    }

    /// Number of users stored.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds every well-formed line of `/etc/passwd` text
    /// (`name:pw:uid:gid:gecos:home:shell`) for the given container; malformed lines are
    /// skipped. Returns the number of users added.
    pub fn load_passwd(&mut self, container: &str, text: &str) -> usize {
        let mut n = 0;
        for line in text.lines() {
            if let Some(u) = parse_passwd_line(line) {
                if self.insert(container, u) {
                    n += 1;
                }
            }
        }
        n
    }

    /// A host user table from `/etc/passwd` text, unbounded by default caps.
    pub fn parse_passwd(text: &str) -> UserTable {
        let mut t = UserTable::with_cap(usize::MAX);
        t.load_passwd("", text);
        t
    }
}

fn parse_passwd_line(line: &str) -> Option<User> {
    let line = line.trim_end_matches('\r');
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let mut it = line.split(':');
    let name = it.next()?;
    let _pw = it.next()?;
    let uid = it.next()?.parse().ok()?;
    let gid = it.next()?.parse().ok()?;
    let _gecos = it.next()?;
    let home = it.next()?;
    let shell = it.next().unwrap_or("");
    Some(User {
        uid,
        gid,
        name: name.to_owned(),
        home: home.to_owned(),
        shell: shell.to_owned(),
    })
}

/// One group entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Group {
    /// Group id.
    pub gid: u32,
    /// Group name.
    pub name: String,
}

/// Groups by (container id, gid), bounded.
#[derive(Debug, Clone, Default)]
pub struct GroupTable {
    by_container: HashMap<Box<str>, HashMap<u32, Group>>,
    len: usize,
    /// Maximum number of entries over all containers.
    pub cap: usize,
    /// Entries refused because the table was full.
    pub dropped: u64,
}

impl GroupTable {
    /// An empty table holding at most `cap` groups.
    pub fn with_cap(cap: usize) -> Self {
        GroupTable {
            cap,
            ..GroupTable::default()
        }
    }

    /// Adds or replaces a group of a container (`""` = host). Returns false when full.
    pub fn insert(&mut self, container: &str, group: Group) -> bool {
        let exists = self
            .by_container
            .get(container)
            .is_some_and(|m| m.contains_key(&group.gid));
        if !exists && self.len >= self.cap {
            self.dropped += 1;
            return false;
        }
        if !exists {
            self.len += 1;
        }
        self.by_container
            .entry(container.into())
            .or_default()
            .insert(group.gid, group);
        true
    }

    /// Looks a group up.
    pub fn get(&self, container: &str, gid: u32) -> Option<&Group> {
        self.by_container.get(container)?.get(&gid)
    }

    /// Number of groups stored.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds every well-formed line of `/etc/group` text (`name:pw:gid:members`).
    pub fn load_group(&mut self, container: &str, text: &str) -> usize {
        let mut n = 0;
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut it = line.split(':');
            let (Some(name), Some(_), Some(gid)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let Ok(gid) = gid.parse() else { continue };
            if self.insert(
                container,
                Group {
                    gid,
                    name: name.to_owned(),
                },
            ) {
                n += 1;
            }
        }
        n
    }

    /// A host group table from `/etc/group` text.
    pub fn parse_group(text: &str) -> GroupTable {
        let mut t = GroupTable::with_cap(usize::MAX);
        t.load_group("", text);
        t
    }
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
}

//! The fd table of one process: a short vector sorted by fd number while the process has few
//! fds (nearly every process), a hash map above that.
//!
//! Place in the data flow: event → state (**fd table** of the process, updated by open, close,
//! dup, socket, ...) → `fd.*` fields.
//!
//! Why two forms: a hash table sized for five fds costs about 1.2 KB (eight buckets of key and
//! [`Fd`] plus control bytes), the sorted vector exactly what it holds; with 10,000 tracked
//! processes that is most of the state's memory. Processes that keep many fds (servers with
//! thousands of connections) switch to the hash map, so an insertion never shifts more than
//! [`SMALL_MAX`] entries.

use super::fd::Fd;
use foldhash::HashMap;

/// Most fds kept in the sorted vector; the table becomes a hash map above this.
pub const SMALL_MAX: usize = 32;

/// At or below this many fds after removals, a hash map turns back into a vector.
const SMALL_AGAIN: usize = SMALL_MAX / 4;

/// The fds of one process, bounded by the state's per-process cap.
#[derive(Debug, Clone)]
pub struct FdTable {
    slots: Slots,
}

#[derive(Debug, Clone)]
enum Slots {
    /// Sorted by fd number, at most [`SMALL_MAX`] entries.
    Small(Vec<(i64, Fd)>),
    /// Many fds (boxed, so every thread's table is only as large as a vector).
    Large(Box<HashMap<i64, Fd>>),
}

impl Default for FdTable {
    fn default() -> Self {
        FdTable { slots: Slots::Small(Vec::new()) }
    }
}

impl FdTable {
    /// The fd `n`, if open.
    pub fn get(&self, n: i64) -> Option<&Fd> {
        match &self.slots {
            Slots::Small(v) => v.binary_search_by_key(&n, |e| e.0).ok().map(|i| &v[i].1),
            Slots::Large(m) => m.get(&n),
        }
    }

    /// The fd `n`, mutable.
    pub fn get_mut(&mut self, n: i64) -> Option<&mut Fd> {
        match &mut self.slots {
            Slots::Small(v) => match v.binary_search_by_key(&n, |e| e.0) {
                Ok(i) => Some(&mut v[i].1),
                Err(_) => None,
            },
            Slots::Large(m) => m.get_mut(&n),
        }
    }

    /// Inserts or replaces fd `n`; refuses (returns false) a new fd beyond `cap` entries.
    pub fn insert(&mut self, n: i64, fd: Fd, cap: usize) -> bool {
        let len = self.len();
        match &mut self.slots {
            Slots::Small(v) => match v.binary_search_by_key(&n, |e| e.0) {
                Ok(i) => v[i].1 = fd,
                Err(_) if len >= cap => return false,
                Err(i) if len < SMALL_MAX => {
                    if v.len() == v.capacity() {
                        // Grow by half (at least two): small tables stay close to their size.
                        v.reserve_exact((v.len() / 2).max(2));
                    }
                    v.insert(i, (n, fd));
                }
                Err(_) => {
                    let mut m: HashMap<i64, Fd> = HashMap::default();
                    m.reserve(SMALL_MAX * 2);
                    m.extend(v.drain(..));
                    m.insert(n, fd);
                    self.slots = Slots::Large(Box::new(m));
                }
            },
            Slots::Large(m) => {
                if len >= cap && !m.contains_key(&n) {
                    return false;
                }
                m.insert(n, fd);
            }
        }
        true
    }

    /// Removes fd `n`.
    pub fn remove(&mut self, n: i64) -> Option<Fd> {
        let fd = match &mut self.slots {
            Slots::Small(v) => {
                let i = v.binary_search_by_key(&n, |e| e.0).ok()?;
                return Some(v.remove(i).1);
            }
            Slots::Large(m) => m.remove(&n),
        };
        self.compact();
        fd
    }

    /// Number of open fds.
    pub fn len(&self) -> usize {
        match &self.slots {
            Slots::Small(v) => v.len(),
            Slots::Large(m) => m.len(),
        }
    }

    /// Whether no fd is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Iterates over `(fd number, fd)`: in fd order while the table is small, in no particular
    /// order otherwise.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &Fd)> {
        let (small, large) = match &self.slots {
            Slots::Small(v) => (Some(v.iter().map(|(k, f)| (*k, f))), None),
            Slots::Large(m) => (None, Some(m.iter().map(|(k, f)| (*k, f)))),
        };
        small.into_iter().flatten().chain(large.into_iter().flatten())
    }

    /// Keeps only the fds for which `keep` returns true.
    pub fn retain(&mut self, mut keep: impl FnMut(i64, &Fd) -> bool) {
        match &mut self.slots {
            Slots::Small(v) => v.retain(|(k, f)| keep(*k, f)),
            Slots::Large(m) => m.retain(|k, f| keep(*k, f)),
        }
        self.compact();
    }

    /// A copy holding exactly the same fds with no spare room (a forked child's table).
    pub fn copy_exact(&self) -> FdTable {
        match &self.slots {
            Slots::Small(v) => {
                let mut out = Vec::with_capacity(v.len());
                out.extend(v.iter().cloned());
                FdTable { slots: Slots::Small(out) }
            }
            Slots::Large(m) => FdTable { slots: Slots::Large(m.clone()) },
        }
    }

    /// Releases spare room (after seeding a process's fds in one go).
    pub fn shrink_to_fit(&mut self) {
        match &mut self.slots {
            Slots::Small(v) => v.shrink_to_fit(),
            Slots::Large(m) => m.shrink_to_fit(),
        }
    }

    /// Turns a hash map that shrank back into a sorted vector; releases a vector's spare room
    /// once it is mostly empty.
    fn compact(&mut self) {
        match &mut self.slots {
            Slots::Large(m) if m.len() <= SMALL_AGAIN => {
                let mut v: Vec<(i64, Fd)> = m.drain().collect();
                v.sort_unstable_by_key(|e| e.0);
                v.shrink_to_fit();
                self.slots = Slots::Small(v);
            }
            Slots::Small(v) if v.capacity() > 8 && v.len() * 4 <= v.capacity() => v.shrink_to_fit(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::FdKind;

    fn fd(name: &str) -> Fd {
        Fd::new(FdKind::File, name)
    }

    fn is_large(t: &FdTable) -> bool {
        matches!(t.slots, Slots::Large(_))
    }

    #[test]
    fn small_table_stays_sorted_and_answers_like_a_map() {
        let mut t = FdTable::default();
        for n in [5, 1, 3, 0, 4] {
            assert!(t.insert(n, fd(&format!("/f{n}")), 100));
        }
        assert!(t.insert(3, fd("/again"), 100));
        assert_eq!(t.len(), 5);
        assert!(!is_large(&t));
        assert_eq!(t.iter().map(|(n, _)| n).collect::<Vec<_>>(), [0, 1, 3, 4, 5]);
        assert_eq!(&*t.get(3).unwrap().name, "/again");
        assert!(t.get(2).is_none());
        t.get_mut(4).unwrap().flags = 7;
        assert_eq!(t.get(4).unwrap().flags, 7);
        assert_eq!(&*t.remove(1).unwrap().name, "/f1");
        assert!(t.remove(1).is_none());
        t.retain(|n, _| n != 5);
        assert_eq!(t.iter().map(|(n, _)| n).collect::<Vec<_>>(), [0, 3, 4]);
    }

    #[test]
    fn grows_into_a_map_and_back_keeping_every_fd_and_the_cap() {
        let mut t = FdTable::default();
        for n in 0..(SMALL_MAX as i64 + 10) {
            assert!(t.insert(n * 2, fd(&format!("/f{n}")), 64));
        }
        assert!(is_large(&t));
        assert_eq!(t.len(), SMALL_MAX + 10);
        for n in 0..(SMALL_MAX as i64 + 10) {
            assert_eq!(&*t.get(n * 2).unwrap().name, format!("/f{n}"));
        }
        // The cap holds in both forms.
        for n in 1000..1100 {
            t.insert(n, fd("/x"), 64);
        }
        assert_eq!(t.len(), 64);
        assert!(!t.insert(5000, fd("/y"), 64));
        assert!(t.insert(0, fd("/replaced"), 64));
        t.retain(|n, _| n < 8);
        assert!(!is_large(&t));
        assert_eq!(t.iter().map(|(n, _)| n).collect::<Vec<_>>(), [0, 2, 4, 6]);
        assert_eq!(&*t.get(0).unwrap().name, "/replaced");
        let mut small = FdTable::default();
        assert!(small.insert(1, fd("/a"), 1));
        assert!(!small.insert(2, fd("/b"), 1));
    }

    #[test]
    fn exact_copy_has_no_spare_room() {
        let mut t = FdTable::default();
        for n in 0..5 {
            t.insert(n, fd("/dev/null"), 100);
        }
        let c = t.copy_exact();
        match &c.slots {
            Slots::Small(v) => assert_eq!(v.capacity(), 5),
            Slots::Large(_) => panic!("a five-fd table is small"),
        }
        assert_eq!(c.iter().count(), 5);
    }
}

//! Constant sets for `in` / `intersects` and the `oneof` / `anyof` / `allof` modifiers.
//!
//! Place in the data flow: the compiler builds a set from the right-hand-side list once; the
//! evaluator tests membership per event without allocating.
//!
//! Membership is exact: bytes for strings (no C-string truncation: libsinsp hashes the value's
//! bytes after dropping trailing NULs only), numeric equality for numbers, address equality or
//! network containment for IPs. For a list-valued field, `in` holds when every extracted value
//! is a member (an empty list is vacuously inside) and `intersects` when at least one is; see
//! [`all_in`] and [`any_in`]. An empty right-hand list `()` contains nothing.

use std::collections::HashSet;
use std::net::IpAddr;

use super::net::IpNet;

/// Sets up to this size are searched linearly (length check, then bytes); larger ones use a
/// `HashSet`. Measured (bench profile, `benches/set_strategies.rs`, half hits,
/// half misses): a linear scan costs 6–20 ns up to 16 values and grows past the ~30 ns of a
/// std-hasher lookup between 16 and 32 values; binary search over sorted values never beat
/// both (21–120 ns), so it is only available through [`BytesSet::with_strategy`].
const LINEAR_MAX: usize = 16;

/// A set of byte strings with a representation chosen by size.
#[derive(Debug, Clone)]
pub struct BytesSet {
    repr: BytesRepr,
    min_len: usize,
    max_len: usize,
}

#[derive(Debug, Clone)]
enum BytesRepr {
    Linear(Box<[Box<[u8]>]>),
    Sorted(Box<[Box<[u8]>]>),
    Hashed(HashSet<Box<[u8]>>),
}

impl BytesSet {
    /// Builds the set (duplicates are dropped).
    pub fn new<I, V>(values: I) -> BytesSet
    where
        I: IntoIterator<Item = V>,
        V: AsRef<[u8]>,
    {
        let mut items: Vec<Box<[u8]>> = values.into_iter().map(|v| v.as_ref().into()).collect();
        items.sort_unstable();
        items.dedup();
        let min_len = items.iter().map(|v| v.len()).min().unwrap_or(usize::MAX);
        let max_len = items.iter().map(|v| v.len()).max().unwrap_or(0);
        let repr = if items.len() <= LINEAR_MAX {
            BytesRepr::Linear(items.into_boxed_slice())
        } else {
            BytesRepr::Hashed(items.into_iter().collect())
        };
        BytesSet {
            repr,
            min_len,
            max_len,
        }
    }

    /// Builds the set with an explicit representation (for measurements and tests).
    pub fn with_strategy<I, V>(values: I, strategy: SetStrategy) -> BytesSet
    where
        I: IntoIterator<Item = V>,
        V: AsRef<[u8]>,
    {
        let mut set = BytesSet::new(values);
        let items: Vec<Box<[u8]>> =
            match std::mem::replace(&mut set.repr, BytesRepr::Linear(Box::new([]))) {
                BytesRepr::Linear(v) | BytesRepr::Sorted(v) => v.into_vec(),
                BytesRepr::Hashed(h) => {
                    let mut v: Vec<_> = h.into_iter().collect();
                    v.sort_unstable();
                    v
                }
            };
        set.repr = match strategy {
            SetStrategy::Linear => BytesRepr::Linear(items.into_boxed_slice()),
            SetStrategy::Sorted => BytesRepr::Sorted(items.into_boxed_slice()),
            SetStrategy::Hashed => BytesRepr::Hashed(items.into_iter().collect()),
        };
        set
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        match &self.repr {
            BytesRepr::Linear(v) | BytesRepr::Sorted(v) => v.len(),
            BytesRepr::Hashed(h) => h.len(),
        }
    }

    /// Whether the set is empty (then nothing is a member).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The representation in use.
    pub fn strategy(&self) -> SetStrategy {
        match self.repr {
            BytesRepr::Linear(_) => SetStrategy::Linear,
            BytesRepr::Sorted(_) => SetStrategy::Sorted,
            BytesRepr::Hashed(_) => SetStrategy::Hashed,
        }
    }

    /// Exact-bytes membership.
    #[inline]
    pub fn contains(&self, value: &[u8]) -> bool {
        if value.len() < self.min_len || value.len() > self.max_len {
            return false;
        }
        match &self.repr {
            BytesRepr::Linear(items) => items.iter().any(|v| **v == *value),
            BytesRepr::Sorted(items) => items.binary_search_by(|v| (**v).cmp(value)).is_ok(),
            BytesRepr::Hashed(items) => items.contains(value),
        }
    }
}

/// How a [`BytesSet`] stores its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetStrategy {
    /// Unsorted scan.
    Linear,
    /// Binary search over sorted values.
    Sorted,
    /// `HashSet` with the std hasher.
    Hashed,
}

/// A set of integers (or any ordered `Copy` value): sorted, binary-searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumSet<T> {
    items: Box<[T]>,
}

impl<T: Ord + Copy> NumSet<T> {
    /// Builds the set (duplicates are dropped).
    pub fn new<I: IntoIterator<Item = T>>(values: I) -> NumSet<T> {
        let mut items: Vec<T> = values.into_iter().collect();
        items.sort_unstable();
        items.dedup();
        NumSet {
            items: items.into_boxed_slice(),
        }
    }

    /// Membership.
    #[inline]
    pub fn contains(&self, value: T) -> bool {
        if self.items.len() <= LINEAR_MAX {
            self.items.contains(&value)
        } else {
            self.items.binary_search(&value).is_ok()
        }
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A set of IP addresses and networks: a value is a member if it equals one of the addresses
/// (same family) or lies in one of the networks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpSet {
    addrs: NumSet<IpAddr>,
    nets: Box<[IpNet]>,
}

impl IpSet {
    /// Builds the set from addresses and networks.
    pub fn new<A, N>(addrs: A, nets: N) -> IpSet
    where
        A: IntoIterator<Item = IpAddr>,
        N: IntoIterator<Item = IpNet>,
    {
        let mut nets: Vec<IpNet> = nets.into_iter().collect();
        nets.dedup();
        IpSet {
            addrs: NumSet::new(addrs),
            nets: nets.into_boxed_slice(),
        }
    }

    /// Membership (address equality or network containment).
    #[inline]
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.addrs.contains(ip) || self.nets.iter().any(|n| n.contains(ip))
    }

    /// Whether the set has neither addresses nor networks.
    pub fn is_empty(&self) -> bool {
        self.addrs.is_empty() && self.nets.is_empty()
    }
}

/// `in` on a list-valued field: every extracted value is a member (true for an empty list).
pub fn all_in<I: IntoIterator>(values: I, member: impl FnMut(I::Item) -> bool) -> bool {
    values.into_iter().all(member)
}

/// `intersects` on a list-valued field: at least one extracted value is a member.
pub fn any_in<I: IntoIterator>(values: I, member: impl FnMut(I::Item) -> bool) -> bool {
    values.into_iter().any(member)
}

/// The `oneof` / `anyof` / `allof` modifiers of a string operator over a right-hand list.
///
/// Each right-hand element is tested on its own (`v op r`); duplicates count separately, so
/// `= oneof (x, x)` is false for `x`. An empty list makes every modifier false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modifier {
    /// Exactly one element matches.
    OneOf,
    /// At least one element matches.
    AnyOf,
    /// Every element matches (and there is at least one).
    AllOf,
}

impl Modifier {
    /// Parses the keyword (`oneof`, `anyof`, `allof`).
    pub fn from_keyword(word: &str) -> Option<Modifier> {
        match word {
            "oneof" => Some(Modifier::OneOf),
            "anyof" => Some(Modifier::AnyOf),
            "allof" => Some(Modifier::AllOf),
            _ => None,
        }
    }

    /// Applies the modifier: `test` tells whether the value matches one right-hand element.
    #[inline]
    pub fn eval<T>(self, rhs: &[T], mut test: impl FnMut(&T) -> bool) -> bool {
        if rhs.is_empty() {
            return false;
        }
        match self {
            Modifier::AnyOf => rhs.iter().any(test),
            Modifier::AllOf => rhs.iter().all(test),
            Modifier::OneOf => {
                let mut found = false;
                for r in rhs {
                    if test(r) {
                        if found {
                            return false;
                        }
                        found = true;
                    }
                }
                found
            }
        }
    }
}

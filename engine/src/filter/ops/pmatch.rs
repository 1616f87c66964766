//! The `pmatch` operator: does a path lie at or below one of a set of directories?
//!
//! Place in the data flow: the compiler builds one [`PathPrefixSet`] from the right-hand list;
//! the evaluator calls [`PathPrefixSet::matches`] per event without allocating.
//!
//! Semantics (libsinsp `path_prefix_search`):
//! * paths are split on `/` and empty components are dropped, so `/a//b/`, `a/b` and `/a/b`
//!   are the same path, and `/` (or the empty string) has no components;
//! * a search path matches a path when each of its components matches the path's component at
//!   the same depth; the path may have more components (`/a/b` matches `/a/b/c` but not `/a`
//!   or `/a/bc`); `/` therefore matches every path;
//! * a search-path component containing `*`, `?` or `[` is an `fnmatch` glob (`/opt/*/bin`)
//!   matched against one whole component (`*` never crosses a `/`, because components are
//!   matched one by one); other components compare as exact bytes.
//!
//! Difference from libsinsp: its tree walk advances the component cursor while trying sibling
//! glob components, so with two globs at the same level whose first candidate matches but fails
//! deeper, later siblings are tried against the wrong component (and the order of siblings
//! depends on a hash table). This set implements the documented meaning instead: any search
//! path that matches component-wise.

use super::glob::Glob;

/// A compiled `pmatch` right-hand side.
#[derive(Debug, Clone, Default)]
pub struct PathPrefixSet {
    /// Search paths, each a list of components; no entry is a longer copy of a shorter one.
    paths: Vec<Box<[Component]>>,
}

#[derive(Debug, Clone)]
enum Component {
    Literal(Box<[u8]>),
    Glob(Glob),
}

impl Component {
    fn new(text: &[u8]) -> Component {
        if text.iter().any(|b| matches!(b, b'*' | b'?' | b'[')) {
            Component::Glob(Glob::new(text, false))
        } else {
            Component::Literal(text.into())
        }
    }

    fn matches(&self, part: &[u8]) -> bool {
        match self {
            Component::Literal(lit) => **lit == *part,
            Component::Glob(glob) => glob.matches(part),
        }
    }

    fn text(&self) -> &[u8] {
        match self {
            Component::Literal(lit) => lit,
            Component::Glob(glob) => glob.pattern(),
        }
    }
}

/// The non-empty `/`-separated components of `path`.
fn components(path: &[u8]) -> impl Iterator<Item = &[u8]> + Clone {
    path.split(|&b| b == b'/').filter(|c| !c.is_empty())
}

impl PathPrefixSet {
    /// An empty set (matches nothing).
    pub fn new() -> PathPrefixSet {
        PathPrefixSet::default()
    }

    /// Builds the set from search paths.
    pub fn from_paths<I, P>(paths: I) -> PathPrefixSet
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let mut set = PathPrefixSet::new();
        for path in paths {
            set.add(path.as_ref());
        }
        set
    }

    /// Adds one search path. A path already covered by a shorter one with the same components
    /// is not stored, and paths the new one covers are dropped.
    pub fn add(&mut self, path: &[u8]) {
        let new: Box<[Component]> = components(path).map(Component::new).collect();
        let same_prefix = |short: &[Component], long: &[Component]| {
            short.len() <= long.len() && short.iter().zip(long).all(|(a, b)| a.text() == b.text())
        };
        if self.paths.iter().any(|p| same_prefix(p, &new)) {
            return;
        }
        self.paths.retain(|p| !same_prefix(&new, p));
        self.paths.push(new);
    }

    /// Number of search paths kept.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether the set has no search path.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Whether `path` is at or below one of the search paths.
    pub fn matches(&self, path: &[u8]) -> bool {
        let parts = components(path);
        self.paths.iter().any(|search| {
            let mut parts = parts.clone();
            search
                .iter()
                .all(|comp| parts.next().is_some_and(|part| comp.matches(part)))
        })
    }
}

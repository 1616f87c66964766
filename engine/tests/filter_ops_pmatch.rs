//! `pmatch`: cases of libs `filter_op_pmatch.ut.cpp` and `prefix_search.ut.cpp`.

use syssentry_engine::filter::ops::PathPrefixSet;

fn pm(paths: &[&str], path: &str) -> bool {
    PathPrefixSet::from_paths(paths).matches(path.as_bytes())
}

#[test]
fn upstream_filter_op_pmatch() {
    let name = "/opt/dir/subdir/file.txt";
    assert!(pm(&["/opt/dir"], name));
    assert!(pm(&["/opt/dir/subdir"], name));
    assert!(!pm(&["/opt/dir2"], name));
    assert!(pm(&["/opt/dir", "/opt/dir2"], name));
    assert!(!pm(&["/opt/dir3", "/opt/dir2"], name));
    assert!(pm(&["/opt/*"], name));
    assert!(pm(&["/opt/*/subdir"], name));
    assert!(pm(&["/opt/di?/subdir"], name));
    assert!(!pm(&["/opt/dii?/subdir"], name));
    assert!(pm(&["/opt/di[r]/subdir"], name));
    assert!(!pm(&["/opt/di[!r]/subdir"], name));
    assert!(!pm(&["/opt/di[t]/subdir"], name));
    assert!(!pm(&["/opt/di/subdir"], name));
    assert!(!pm(&["/opt/*/subdir2"], name));
    assert!(pm(&["/opt/*/*"], name));
    assert!(!pm(&["/opt/*/*/subsubdir"], name));
}

#[test]
fn upstream_prefix_search_basic() {
    let set = PathPrefixSet::from_paths([
        "/var/run",
        "/var/run/dmesg",
        "/etc/",
        "/lib",
        "/usr/lib",
        "/usr/local",
    ]);
    assert!(set.matches(b"/var/run/docker"));
    assert!(!set.matches(b"/boot"));
    assert!(!set.matches(b"/var/lib/messages"));
    assert!(!set.matches(b"/var"));
    assert!(set.matches(b"/var/run"));
    assert!(!set.matches(b"/usr"));
    assert!(set.matches(b"/etc"));
    assert!(set.matches(b"/usr/lib/foo"));
    // /var/run/dmesg is covered by /var/run and not kept.
    assert_eq!(set.len(), 5);
}

#[test]
fn upstream_prefix_search_glob() {
    let set = PathPrefixSet::from_paths(["/opt/*/subdir", "/opt2/*", "/opt3/*/subdir2/*"]);
    assert!(!set.matches(b"/opt"));
    assert!(set.matches(b"/opt/dir/subdir"));
    assert!(set.matches(b"/opt/dir/subdir/file.txt"));
    assert!(!set.matches(b"/opt3/dir/subdir2"));
    assert!(set.matches(b"/opt3/dir/subdir2/file.txt"));
}

#[test]
fn upstream_prefix_search_subpaths() {
    let mut set =
        PathPrefixSet::from_paths(["/var/log/messages", "/etc/", "/lib", "/usr/local/lib64"]);
    assert_eq!(set.len(), 4);
    set.add(b"/usr/local/new");
    assert_eq!(set.len(), 5);
    set.add(b"/usr/local");
    assert_eq!(
        set.len(),
        4,
        "/usr/local drops /usr/local/lib64 and /usr/local/new"
    );
    set.add(b"/usr/local/lib64");
    set.add(b"/usr/local/new");
    assert_eq!(set.len(), 4, "already covered by /usr/local");
    set.add(b"/usr");
    set.add(b"/var");
    assert_eq!(set.len(), 4);
    assert!(set.matches(b"/usr/share"));
    assert!(set.matches(b"/var/tmp"));
    set.add(b"/");
    assert_eq!(set.len(), 1);
}

#[test]
fn upstream_prefix_search_root_dir() {
    let set = PathPrefixSet::from_paths(["/"]);
    for path in ["/", "/one", "/one/two", "/one/two/three"] {
        assert!(set.matches(path.as_bytes()), "{path}");
    }
}

#[test]
fn component_rules() {
    // Empty components are ignored on both sides; relative and absolute spellings agree.
    assert!(pm(&["/a//b/"], "a/b/c"));
    assert!(pm(&["a/b"], "/a//b"));
    assert!(!pm(&["/a/b"], "/a/bc"));
    // A glob never crosses a component boundary.
    assert!(!pm(&["/a*c"], "/ab/c"));
    assert!(pm(&["/a*"], "/ab/c"));
    // The empty search path behaves like `/`.
    assert!(pm(&[""], "/anything"));
    assert!(!pm(&[], "/anything"));
    assert!(PathPrefixSet::new().is_empty());
    // Sibling globs at the same depth are all tried.
    assert!(pm(&["/opt/*/a", "/opt/d*/b"], "/opt/dir/b"));
    assert!(pm(&["/opt/d*/b", "/opt/*/a"], "/opt/dir/a"));
}

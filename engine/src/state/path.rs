//! Path concatenation and normalisation as libsinsp does it when it computes `fd.name` and
//! the working directory: `.`/`..` components and repeated separators are removed, a trailing
//! separator is dropped, and the base is used verbatim (so `<UNKNOWN>` + `a` gives
//! `<UNKNOWN>a`, as upstream).
//!
//! Place in the data flow: used by state updates (open*, chdir) and by fields computing names
//! of failed opens.

/// Joins `base` (a directory, normally ending in `/`) and `path`, normalising `path`'s
/// components. An absolute `path` ignores `base`. Paths longer than 4096 bytes give
/// `/DIR_TOO_LONG/FILENAME_TOO_LONG`, as upstream.
pub fn concatenate_paths(base: &str, path: &str) -> String {
    const MAX: usize = 4096;
    if base.len() + path.len() + 1 > MAX {
        return "/DIR_TOO_LONG/FILENAME_TOO_LONG".to_owned();
    }
    let mut out = String::with_capacity(base.len() + path.len());
    let keep_base = !path.is_empty() && !path.starts_with('/');
    if keep_base {
        out.push_str(base);
    }
    normalize_into(&mut out, !keep_base || base.is_empty(), path);
    out
}

/// In-place form of [`concatenate_paths`]: `out` holds the base on entry and the joined,
/// normalised path on return (no allocation beyond growing `out`).
pub fn append_path(out: &mut String, path: &str) {
    if out.len() + path.len() + 1 > 4096 {
        out.clear();
        out.push_str("/DIR_TOO_LONG/FILENAME_TOO_LONG");
        return;
    }
    if path.is_empty() || path.starts_with('/') {
        out.clear();
    }
    let empty = out.is_empty();
    normalize_into(out, empty, path);
}

/// Appends `path` to `out`, resolving `.` and `..` components against everything already in
/// `out` (so `..` may climb into the base). `empty_base` tells whether `out` started empty,
/// which decides whether a leading separator is kept.
fn normalize_into(out: &mut String, empty_base: bool, path: &str) {
    let b = path.as_bytes();
    if is_plain(b) && (b[0] != b'/' || (out.is_empty() && empty_base)) {
        // Nothing to resolve: the common absolute path, or a plain relative one, is copied.
        out.push_str(path);
        return;
    }
    normalize_components(out, empty_base, path);
}

/// [`normalize_into`] component by component, for paths with something to resolve.
fn normalize_components(out: &mut String, empty_base: bool, path: &str) {
    let b = path.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'.' && (out.is_empty() || out.ends_with('/')) {
            let n1 = b.get(i + 1).copied();
            let n2 = b.get(i + 2).copied();
            if n1 == Some(b'.') && n2 == Some(b'/') {
                rewind(out);
                i += 3;
            } else if n1 == Some(b'.') && n2.is_none() {
                rewind(out);
                i += 2;
            } else if n1 == Some(b'/') {
                i += 2;
            } else if n1.is_none() {
                i += 1;
            } else {
                out.push('.');
                i += 1;
            }
        } else if c == b'/' {
            if !(out.ends_with('/') || (out.is_empty() && !empty_base)) {
                out.push('/');
            }
            i += 1;
        } else {
            // The rest of the component up to the next separator is copied as it is (a `.` is
            // only special at the start of a component).
            let end = memchr::memchr(b'/', &b[i..]).map_or(b.len(), |p| i + p);
            out.push_str(path.get(i..end).unwrap_or(""));
            i = end;
        }
    }
    if out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
}

/// Whether normalising `b` would copy it unchanged: not empty, no `.` at the start of a
/// component (after a separator), no doubled separator, no trailing separator unless `b` is
/// the root, and no leading `.` (whether that starts a component depends on the base).
fn is_plain(b: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    if first == b'.' || (last == b'/' && b.len() > 1) {
        return false;
    }
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'/', &b[i..]) {
        let at = i + p;
        if matches!(b.get(at + 1), Some(b'/' | b'.')) {
            return false;
        }
        i = at + 1;
    }
    true
}

/// Removes the last component (back to just after the previous separator); does nothing at
/// the root.
fn rewind(out: &mut String) {
    if out.len() <= 1 {
        return;
    }
    out.pop();
    while !out.is_empty() && !out.ends_with('/') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::concatenate_paths as c;

    #[test]
    fn normalisation() {
        assert_eq!(c("/root/", "file"), "/root/file");
        assert_eq!(c("/root/", "./a/../b"), "/root/b");
        assert_eq!(c("/root/", "../etc/passwd"), "/etc/passwd");
        assert_eq!(c("/", "../../etc"), "/etc");
        assert_eq!(c("/tmp/", "/etc//shadow"), "/etc/shadow");
        assert_eq!(c("", "/etc/"), "/etc");
        assert_eq!(c("", "/"), "/");
        assert_eq!(c("/a/", ""), "");
        assert_eq!(c("<UNKNOWN>", "tmp/targetpath"), "<UNKNOWN>tmp/targetpath");
        assert_eq!(c("/home/u/", ".."), "/home");
        assert_eq!(c("/x/", "a/./b/."), "/x/a/b");
        assert_eq!(c("/x/", ".hidden"), "/x/.hidden");
        assert_eq!(c("/x/", "é.d/ü..z/./f"), "/x/é.d/ü..z/f");
        assert_eq!(c("/x/", "a.b/..c/../d"), "/x/a.b/d");
    }

    proptest::proptest! {
        /// Copying a path with nothing to resolve gives what resolving it component by
        /// component gives.
        #[test]
        fn plain_paths_copied_as_resolved(
            base in "(<UNKNOWN>|/|/[a./]{0,6}/|[a.]{0,3})",
            path in "[a./é]{0,10}",
        ) {
            for empty_base in [true, false] {
                let (mut fast, mut slow) = (base.clone(), base.clone());
                super::normalize_into(&mut fast, empty_base, &path);
                super::normalize_components(&mut slow, empty_base, &path);
                proptest::prop_assert_eq!(&fast, &slow, "{:?} + {:?} ({})", base, path, empty_base);
            }
        }
    }

    #[test]
    fn in_place_form_agrees() {
        for (b, p) in [
            ("/root/", "a/../b"),
            ("/", "../x"),
            ("", "/etc/"),
            ("/a/", ""),
            ("<UNKNOWN>", "t/x"),
        ] {
            let mut out = b.to_string();
            super::append_path(&mut out, p);
            assert_eq!(out, c(b, p), "{b} + {p}");
        }
    }
}

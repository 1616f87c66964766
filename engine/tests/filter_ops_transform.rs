//! Transformers: cases of libs `filter_transformer.ut.cpp` on primitive values (fd.name =
//! `/tmp/file_to_run`, fd.directory = `/tmp`), including the `getopt` cases.

use syssentry_engine::filter::ops::transform::{
    b64_decode, basename, basename_into, concat, join, len_bytes, len_str, to_lower, to_upper,
};
use syssentry_engine::filter::ops::{ByteList, GetoptSpec};

fn lower(s: &str) -> String {
    let mut out = Vec::new();
    to_lower(s.as_bytes(), &mut out);
    String::from_utf8(out).unwrap()
}

fn upper(s: &str) -> String {
    let mut out = Vec::new();
    to_upper(s.as_bytes(), &mut out);
    String::from_utf8(out).unwrap()
}

fn b64(s: &str) -> Option<Vec<u8>> {
    let mut out = vec![1, 2, 3];
    b64_decode(s.as_bytes(), &mut out).then_some(out)
}

#[test]
fn upstream_case() {
    assert_eq!(upper("hello"), "HELLO");
    assert_eq!(upper("WORLD"), "WORLD");
    assert_eq!(upper("eXcItED"), "EXCITED");
    assert_eq!(upper(""), "");
    assert_eq!(upper("wOrLd"), "WORLD");
    assert_eq!(upper("ONE_1234"), "ONE_1234");
    assert_eq!(lower("HELLO"), "hello");
    assert_eq!(lower("world"), "world");
    assert_eq!(lower("NoT eXcItED"), "not excited");
    assert_eq!(lower(""), "");
    assert_eq!(lower("one_1234"), "one_1234");
    // ASCII only; trailing NULs are dropped.
    assert_eq!(upper("é"), "é");
    let mut out = Vec::new();
    to_upper(b"ab\0\0", &mut out);
    assert_eq!(out, b"AB");
}

#[test]
fn upstream_b64() {
    assert_eq!(b64("aGVsbG8="), Some(b"hello".to_vec()));
    assert_eq!(b64("d29ybGQgIQ=="), Some(b"world !".to_vec()));
    assert_eq!(b64(""), Some(vec![]));
    // join("W", ("YWFhL", "JiYg")) and concat("YWFh", "YmJi"), then b64.
    assert_eq!(b64("YWFhLWJiYg"), Some(b"aaa-bbb".to_vec()));
    assert_eq!(b64("YWFhYmJi"), Some(b"aaabbb".to_vec()));
}

#[test]
fn b64_edge_cases() {
    assert_eq!(b64("QQ"), Some(b"A".to_vec()));
    assert_eq!(b64("QQ="), Some(b"A".to_vec()));
    assert_eq!(b64("QQ=="), Some(b"A".to_vec()));
    assert_eq!(b64("QUJD"), Some(b"ABC".to_vec()));
    assert_eq!(b64("QUJD="), Some(b"ABC".to_vec()));
    assert_eq!(b64("QUJD=="), Some(b"ABC".to_vec()));
    assert_eq!(b64("QUJD==="), None);
    assert_eq!(b64("="), None);
    assert_eq!(b64("=="), None);
    assert_eq!(b64("Q"), None);
    assert_eq!(b64("QR"), None, "non-zero trailing bits");
    assert_eq!(b64("QQ=A"), None);
    assert_eq!(b64("aGVs bG8="), None);
    assert_eq!(b64("a-_b"), None, "url-safe alphabet is not accepted");
}

#[test]
fn upstream_basename() {
    assert_eq!(basename(b"/home/ubuntu/hello.txt"), b"hello.txt");
    assert_eq!(basename(b"/usr/local/bin/cat"), b"cat");
    assert_eq!(basename(b"/"), b"");
    assert_eq!(basename(b"/hello/"), b"");
    assert_eq!(basename(b"hello"), b"hello");
    assert_eq!(basename(b""), b"");
    assert_eq!(basename(b"/tmp/file_to_run"), b"file_to_run");
    let mut out = vec![9];
    basename_into(b"/a/b", &mut out);
    assert_eq!(out, b"b");
}

#[test]
fn upstream_len() {
    assert_eq!(len_str(b"/home/ubuntu/hello.txt"), 22);
    assert_eq!(len_str(b"/"), 1);
    assert_eq!(len_str(b"/tmp/file_to_run"), 16);
    assert_eq!(len_str(b"ab\0cd"), 2);
    assert_eq!(len_bytes(b"ab\0cd"), 5);
    assert_eq!(len_bytes(b"hello\n"), 6);
}

fn joined(sep: &str, parts: &[&str]) -> String {
    let mut out = Vec::new();
    join(sep.as_bytes(), parts.iter().map(|p| p.as_bytes()), &mut out);
    String::from_utf8(out).unwrap()
}

fn concatenated(parts: &[&str]) -> String {
    let mut out = Vec::new();
    concat(parts.iter().map(|p| p.as_bytes()), &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn upstream_join_concat() {
    let (name, dir) = ("/tmp/file_to_run", "/tmp");
    assert_eq!(
        joined(name, &[name, dir]),
        "/tmp/file_to_run/tmp/file_to_run/tmp"
    );
    assert_eq!(joined("-", &[name, dir]), "/tmp/file_to_run-/tmp");
    assert_eq!(joined("-", &["aaa", "bbb"]), "aaa-bbb");
    assert_eq!(joined("->", &["aaa", "bbb"]), "aaa->bbb");
    assert_eq!(joined("->", &["aaa"]), "aaa");
    assert_eq!(
        joined("->", &[name, "aaa", dir]),
        "/tmp/file_to_run->aaa->/tmp"
    );
    assert_eq!(
        joined("->", &[&upper(name), "aaa"]),
        "/TMP/FILE_TO_RUN->aaa"
    );
    let inner = joined("->", &["aaa", &upper(name)]);
    assert_eq!(joined("-", &[dir, &inner]), "/tmp-aaa->/TMP/FILE_TO_RUN");
    assert_eq!(joined(",", &["1", "1"]), "1,1");
    assert_eq!(joined(",", &[]), "");
    assert_eq!(len_str(joined("-", &[name, dir]).as_bytes()), 21);
    assert_eq!(concatenated(&[name, dir]), "/tmp/file_to_run/tmp");
    assert_eq!(concatenated(&["aaa", "bbb"]), "aaabbb");
    assert_eq!(concatenated(&["aaa", "bbb", "ccc"]), "aaabbbccc");
    assert_eq!(concatenated(&[&upper(name), "aaa"]), "/TMP/FILE_TO_RUNaaa");
    assert_eq!(lower(&concatenated(&["AAA", "BBB"])), "aaabbb");
    assert_eq!(len_str(concatenated(&[name, dir]).as_bytes()), 20);
    // Parts are C strings.
    let mut out = Vec::new();
    concat([&b"ab\0x"[..], b"cd"], &mut out);
    assert_eq!(out, b"abcd");
}

fn opts(args: &[&str], optstring: &str) -> Vec<String> {
    let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    let mut out = ByteList::new();
    out.push(b"stale");
    GetoptSpec::new(optstring.as_bytes()).options(&args, &mut out);
    out.iter()
        .map(|v| String::from_utf8(v.to_vec()).unwrap())
        .collect()
}

fn intersects(args: &[&str], optstring: &str, set: &[&str]) -> bool {
    opts(args, optstring)
        .iter()
        .any(|v| set.contains(&v.as_str()))
}

fn select(args: &[&str], optstring: &str, opt: u8) -> Option<String> {
    let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    let mut out = Vec::new();
    GetoptSpec::new(optstring.as_bytes())
        .select(&args, opt, &mut out)
        .then(|| String::from_utf8(out).unwrap())
}

#[test]
fn upstream_getopt_list() {
    assert!(intersects(&["-n", ""], "n", &["n"]));
    assert!(intersects(&["-t", "hello"], "t:", &["t", "hello"]));
    assert_eq!(opts(&["-nt", "hello"], "nt:"), ["n", "t", "hello"]);
    assert_eq!(opts(&["-thello"], "t:"), ["t", "hello"]);
    assert_eq!(opts(&["-n", "-t", "hello"], "nt:"), ["n", "t", "hello"]);
    assert!(!intersects(&["-n"], "n", &["t"]));
    assert!(intersects(&["-n", "--", "-t"], "nt:", &["n"]));
    assert!(!intersects(&["-n", "--", "-t"], "nt:", &["t"]));
    assert_eq!(opts(&["-x", "-n"], "n"), ["?", "n"]);
    assert!(!intersects(&["-x", "-n"], "n", &["x"]));
    assert_eq!(
        opts(&["-l", "-p", "8080", "-e", "/bin/sh"], "lp:e:"),
        ["l", "p", "8080", "e", "/bin/sh"]
    );
    assert_eq!(opts(&["-lpe", "/bin/sh"], "lp:e:"), ["l", "p", "e"]);
    assert!(intersects(&["-lpe", "/bin/sh"], "lpe:", &["/bin/sh"]));
    assert!(opts(&["-n", "-t"], "").iter().all(|v| v == "?"));
    assert!(opts(&[""], "n").is_empty());
    assert!(opts(&["arg1", "arg2", "arg3"], "n").is_empty());
    assert!(opts(&["arg1", "-n", "arg2"], "n").is_empty());
    assert!(opts(&["-", "-n"], "n").is_empty());
    assert!(opts(&["-"], "n").is_empty());
    assert_eq!(opts(&["-t"], "t:"), [""]);
    assert_eq!(opts(&["-t"], ":t:"), [""]);
    assert_eq!(opts(&["-n", "--", "--"], "n"), ["n"]);
    assert!(opts(&["--", "-n"], "n").is_empty());
    assert!(intersects(&["-nat", "hello"], "na:t", &["n", "a", "t"]));
    assert_eq!(opts(&["-abcvalue"], "abc:"), ["a", "b", "c", "value"]);
    assert_eq!(opts(&["-abc", "value"], "abc:"), ["a", "b", "c", "value"]);
    assert_eq!(opts(&["-n", "-n", "-n"], "n"), ["n", "n", "n"]);
    assert_eq!(
        opts(&["-t", "val1", "-t", "val2"], "t:"),
        ["t", "val1", "t", "val2"]
    );
    assert_eq!(opts(&["-p8080"], "p:"), ["p", "8080"]);
    assert_eq!(opts(&["-t", "-123"], "t:"), ["t", "-123"]);
    assert_eq!(opts(&["-t", ""], "t:"), ["t", ""]);
    assert_eq!(
        opts(&["-p", "22", "-i", "keyfile", "user@host"], "p:i:"),
        ["p", "22", "i", "keyfile"]
    );
    assert_eq!(
        opts(&["-xzf", "file.tar.gz"], "xzf:"),
        ["x", "z", "f", "file.tar.gz"]
    );
    assert_eq!(
        opts(&["-e", "/bin/sh", "attacker.com", "4444"], "e:"),
        ["e", "/bin/sh"]
    );
    assert_eq!(opts(&["-rn", "pattern", "/path"], "rn"), ["r", "n"]);
    assert_eq!(
        opts(
            &["-it", "-p", "8080:80", "-v", "/host:/container", "image"],
            "itp:v:"
        ),
        ["i", "t", "p", "8080:80", "v", "/host:/container"]
    );
    assert_eq!(opts(&["-a1b2c3"], "a1b2c3"), ["a", "1", "b", "2", "c", "3"]);
    assert!(opts(&["regular_file", "-f", "another_file"], "f:").is_empty());
    assert_eq!(
        opts(&["-f", "another_file", "regular_file"], "f:"),
        ["f", "another_file"]
    );
    assert_eq!(opts(&["-t", " "], "t:"), ["t", " "]);
    assert!(opts(&["", "-n", ""], "n").is_empty());
    assert_eq!(opts(&["-@", "-+"], "@+"), ["@", "+"]);
    assert_eq!(opts(&["-nx"], "n"), ["n", "?"]);
    assert!(opts(&["--exec"], "e:").is_empty());
    assert_eq!(opts(&["--exec", "-n"], "n"), ["n"]);
    assert_eq!(opts(&["-n", "file", "-t"], "nt"), ["n"]);
    assert_eq!(opts(&["-:"], "a:"), ["?"]);
}

#[test]
fn upstream_getopt_select() {
    assert_eq!(
        select(&["-n", "-t", "hello"], "nt:", b't').as_deref(),
        Some("hello")
    );
    assert_eq!(
        select(&["-n", "-t", "hello"], "nt:", b'n').as_deref(),
        Some("n")
    );
    assert_eq!(
        select(&["-t", "v1", "-t", "v2"], "t:", b't').as_deref(),
        Some("v2")
    );
    assert_eq!(select(&["-t?"], "t:", b't').as_deref(), Some("?"));
    assert_eq!(select(&["-t:"], ":t:", b't').as_deref(), Some(":"));
    assert_eq!(select(&["-t"], "t:", b't').as_deref(), Some(""));
    assert_eq!(select(&["-t"], ":t:", b't').as_deref(), Some(""));
    assert_eq!(select(&["-n"], "nt:", b't'), None);
    assert_eq!(select(&["-t", "v1", "-t"], "t:", b't').as_deref(), Some(""));
    // An unknown option never satisfies a selector, even `?`.
    assert_eq!(select(&["-x"], "n?", b'?'), None);
    assert_eq!(select(&["-?"], "n?", b'?').as_deref(), Some("?"));
}

#[test]
fn byte_list_reuse() {
    let mut list = ByteList::new();
    list.push(b"a");
    list.push(b"");
    list.push(b"bc");
    assert_eq!(list.len(), 3);
    assert_eq!(list.get(1), Some(&b""[..]));
    assert_eq!(list.get(2), Some(&b"bc"[..]));
    assert_eq!(list.get(3), None);
    list.clear();
    assert!(list.is_empty());
}

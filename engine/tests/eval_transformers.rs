//! Multi-value transformers (`join`, `concat`, `getopt`), transformer lists and literal
//! transformer arguments in conditions and outputs, and byte-based output widths.
//!
//! Condition cases port libsinsp's `test/filter_transformer.ut.cpp` (`multivalue_transformer_*`)
//! and output cases its `test/eventformatter.ut.cpp` (`*_transformer`), on an event like
//! upstream's: an open of `/tmp/file_to_run` (fd 3) with `evt.num` 1.

mod common;


use common::seed;
use syssentry_engine::event::ppm::{open::*, AT_FDCWD};
use syssentry_engine::event::{mk, Event};
use syssentry_engine::fields::EvalCtx;
use syssentry_engine::filter::compile::{CompileError, EvalScratch, Program};
use syssentry_engine::filter::parse::parse;
use syssentry_engine::output::OutputFormat;
use syssentry_engine::state::State;

/// init(1) → bash(100) → nc(200) `nc -l -p 8080 -e /bin/sh`, and café(300) child of bash.
fn state() -> State {
    let mut st = State::default();
    seed(&mut st, 1, 0, "/sbin/init", &["init"], &[]);
    seed(&mut st, 100, 1, "/usr/bin/bash", &["bash"], &[]);
    seed(
        &mut st,
        200,
        100,
        "/usr/bin/nc",
        &["nc", "-l", "-p", "8080", "-e", "/bin/sh"],
        &[],
    );
    seed(&mut st, 300, 100, "/usr/bin/café", &["café"], &[]);
    st
}

/// `pid` opens `/tmp/file_to_run` as fd 3; `evt.num` is 1.
fn open_ev(st: &mut State, pid: i64) -> Event {
    let ev = mk::openat(pid, AT_FDCWD, "/tmp/file_to_run", O_RDONLY, 0, 3)
        .num(1)
        .build();
    st.apply(&ev);
    ev
}

/// An event without an fd (`fd.*` fields are missing).
fn chdir_ev(st: &mut State, pid: i64) -> Event {
    let ev = mk::chdir(pid, "/tmp", 0).num(2).build();
    st.apply(&ev);
    ev
}

fn compile(cond: &str) -> Result<Program, CompileError> {
    let expr = parse(cond).unwrap_or_else(|e| panic!("{cond}: parse error {e}"));
    Program::compile(&expr)
}

fn eval(st: &State, ev: &Event, cond: &str) -> bool {
    let prog = compile(cond).unwrap_or_else(|e| panic!("{cond}: {e}"));
    prog.matches(&EvalCtx::new(ev, st), &mut EvalScratch::default())
}

fn check_all(st: &State, ev: &Event, cases: &[(&str, bool)]) {
    let mut scratch = EvalScratch::default();
    for (cond, want) in cases {
        let prog = compile(cond).unwrap_or_else(|e| panic!("{cond}: {e}"));
        assert_eq!(
            prog.matches(&EvalCtx::new(ev, st), &mut scratch),
            *want,
            "{cond}"
        );
        // The same scratch gives the same answer again (buffers are reused, not stale).
        assert_eq!(
            prog.matches(&EvalCtx::new(ev, st), &mut scratch),
            *want,
            "{cond} (again)"
        );
    }
}

/// The compile error of `cond`, and the text its span covers.
fn error_of(cond: &str) -> (CompileError, String) {
    let expr = parse(cond).unwrap_or_else(|e| panic!("{cond}: parse error {e}"));
    let err = match Program::compile(&expr) {
        Ok(_) => panic!("{cond}: compiled, expected an error"),
        Err(e) => e,
    };
    let span = err.span();
    let text = cond[span.start as usize..span.end as usize].to_string();
    (err, text)
}

#[test]
fn join_upstream_cases() {
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    check_all(
        &st,
        &ev,
        &[
            (
                "join(fd.name, (fd.name,fd.directory)) = /tmp/file_to_run/tmp/file_to_run/tmp",
                true,
            ),
            (
                r#"join("-", (fd.name,fd.directory)) = /tmp/file_to_run-/tmp"#,
                true,
            ),
            (r#"join("-", ("aaa","bbb")) = aaa-bbb"#, true),
            (r#"join("->", ("aaa","bbb")) = aaa->bbb"#, true),
            (r#"join("->", ("aaa")) = aaa"#, true),
            (
                r#"join("->", (fd.name, "aaa")) = /tmp/file_to_run->aaa"#,
                true,
            ),
            (
                r#"join("->", (fd.name, "aaa", fd.directory)) = /tmp/file_to_run->aaa->/tmp"#,
                true,
            ),
            (
                r#"join("->", (toupper(fd.name), "aaa")) = /TMP/FILE_TO_RUN->aaa"#,
                true,
            ),
            (
                r#"join("->", ( "aaa", toupper(fd.name))) = aaa->/TMP/FILE_TO_RUN"#,
                true,
            ),
            (
                r#"join("-", (fd.directory, join("->", ( "aaa", toupper(fd.name))))) = /tmp-aaa->/TMP/FILE_TO_RUN"#,
                true,
            ),
            (r#"join(",", ("aaa","bbb")) = "aaa,bbb""#, true),
            (r#"join(",", ("aaa","bbb")) = "aaa-bbb""#, false),
            (r#"join(",", (evt.num, evt.num)) = "1,1""#, true),
            (r#"join(",", ()) = """#, true),
            (r#"join(",", ()) = ",""#, false),
        ],
    );
}

#[test]
fn concat_upstream_cases() {
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    check_all(
        &st,
        &ev,
        &[
            ("concat(fd.name, fd.directory) = /tmp/file_to_run/tmp", true),
            (r#"concat("aaa", "bbb") = aaabbb"#, true),
            (r#"concat("aaa", "bbb", "ccc") = aaabbbccc"#, true),
            (r#"concat(fd.name, "aaa") = /tmp/file_to_runaaa"#, true),
            (
                r#"concat(fd.name, "aaa", fd.directory) = /tmp/file_to_runaaa/tmp"#,
                true,
            ),
            (
                r#"concat(toupper(fd.name), "aaa") = /TMP/FILE_TO_RUNaaa"#,
                true,
            ),
            (
                r#"concat("aaa", toupper(fd.name)) = aaa/TMP/FILE_TO_RUN"#,
                true,
            ),
            (
                r#"concat(fd.directory, concat("aaa", toupper(fd.name))) = /tmpaaa/TMP/FILE_TO_RUN"#,
                true,
            ),
            (r#"concat("aaa", "bbb") = "aaabbb""#, true),
            (r#"concat("aaa", "bbb") = "aaa-bbb""#, false),
        ],
    );
}

#[test]
fn outer_transformers_on_multivalue_results() {
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    check_all(
        &st,
        &ev,
        &[
            (
                r#"toupper(join("-", (fd.name, fd.directory))) = /TMP/FILE_TO_RUN-/TMP"#,
                true,
            ),
            (r#"toupper(join("-", ("aaa", "bbb"))) = AAA-BBB"#, true),
            (
                r#"tolower(join("-", (fd.name, fd.directory))) = /tmp/file_to_run-/tmp"#,
                true,
            ),
            (r#"tolower(join("-", ("AAA", "BBB"))) = aaa-bbb"#, true),
            (r#"len(join("-", (fd.name, fd.directory))) = 21"#, true),
            (r#"len(join("-", ("aaa", "bbb"))) = 7"#, true),
            (r#"join("-", ("aaa", "bbb")) = "aaa-bbb""#, true),
            (r#"b64(join("W", ("YWFhL", "JiYg"))) = "aaa-bbb""#, true),
            (
                r#"toupper(tolower(join("-", (fd.name, fd.directory)))) = /TMP/FILE_TO_RUN-/TMP"#,
                true,
            ),
            (
                r#"toupper(join("-", (fd.name, fd.directory))) contains /TMP"#,
                true,
            ),
            (
                r#"toupper(join("-", (fd.name, fd.directory))) startswith /TMP"#,
                true,
            ),
            (r#"len(join("-", (fd.name, fd.directory))) > 20"#, true),
            (r#"len(join("-", (fd.name, fd.directory))) >= 21"#, true),
            (r#"len(join("-", (fd.name, fd.directory))) < 22"#, true),
            (
                "toupper(concat(fd.name, fd.directory)) = /TMP/FILE_TO_RUN/TMP",
                true,
            ),
            (r#"toupper(concat("aaa", "bbb")) = AAABBB"#, true),
            (
                "tolower(concat(fd.name, fd.directory)) = /tmp/file_to_run/tmp",
                true,
            ),
            (r#"tolower(concat("AAA", "BBB")) = aaabbb"#, true),
            ("len(concat(fd.name, fd.directory)) = 20", true),
            (r#"len(concat("aaa", "bbb")) = 6"#, true),
            (r#"concat("aaa", "bbb") = "aaabbb""#, true),
            (r#"b64(concat("YWFh", "YmJi")) = "aaabbb""#, true),
            (
                "toupper(tolower(concat(fd.name, fd.directory))) = /TMP/FILE_TO_RUN/TMP",
                true,
            ),
            ("toupper(concat(fd.name, fd.directory)) contains /TMP", true),
            (
                "toupper(concat(fd.name, fd.directory)) startswith /TMP",
                true,
            ),
            ("len(concat(fd.name, fd.directory)) > 19", true),
            ("len(concat(fd.name, fd.directory)) >= 20", true),
            ("len(concat(fd.name, fd.directory)) < 21", true),
            // b64 of text that is not base64 has no value.
            (r#"b64(concat("YWFh", "!!")) exists"#, false),
        ],
    );
}

#[test]
fn getopt_upstream_cases() {
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    let cases: &[(&str, bool)] = &[
        (r#"getopt(("-n",""), "n") intersects ("n")"#, true),
        (
            r#"getopt(("-t", "hello"), "t:") intersects ("t", "hello")"#,
            true,
        ),
        (
            r#"getopt(("-nt", "hello"), "nt:") intersects ("n", "t", "hello")"#,
            true,
        ),
        (
            r#"getopt(("-thello"), "t:") intersects ("t", "hello")"#,
            true,
        ),
        (
            r#"getopt(("-n", "-t", "hello"), "nt:") intersects ("n", "t", "hello")"#,
            true,
        ),
        (r#"getopt(("-n"), "n") intersects ("t")"#, false),
        (
            r#"getopt(("-n", "--", "-t"), "nt:") intersects ("n")"#,
            true,
        ),
        (
            r#"getopt(("-n", "--", "-t"), "nt:") intersects ("t")"#,
            false,
        ),
        (r#"getopt(("-x", "-n"), "n") intersects ("?", "n")"#, true),
        (r#"getopt(("-x", "-n"), "n") intersects ("x")"#, false),
        (
            r#"getopt(("-l", "-p", "8080", "-e", "/bin/sh"), "lp:e:") intersects ("l", "p", "e", "8080", "/bin/sh")"#,
            true,
        ),
        (
            r#"getopt(("-lpe", "/bin/sh"), "lp:e:") intersects ("l","p","e")"#,
            true,
        ),
        (
            r#"getopt(("-lpe", "/bin/sh"), "lpe:") intersects ("/bin/sh")"#,
            true,
        ),
        (r#"getopt(("-n", "-t"), "") intersects ("n")"#, false),
        (r#"getopt(("-n", "-t"), "") intersects ("t")"#, false),
        (r#"getopt((""), "n") intersects ("n")"#, false),
        (
            r#"getopt(("arg1", "arg2", "arg3"), "n") intersects ("n")"#,
            false,
        ),
        (
            r#"getopt(("arg1", "-n", "arg2"), "n") intersects ("n")"#,
            false,
        ),
        (r#"getopt(("-", "-n"), "n") intersects ("n")"#, false),
        (r#"getopt(("-"), "n") intersects ("n")"#, false),
        (r#"getopt(("-t"), "t:") intersects ("")"#, true),
        (r#"getopt(("-t"), "t:") intersects ("?")"#, false),
        (r#"getopt(("-t"), "t:") intersects ("t")"#, false),
        (r#"getopt(("-t"), ":t:") intersects ("")"#, true),
        (r#"getopt(("-t"), ":t:") intersects (":")"#, false),
        (r#"getopt(("-n", "--", "--"), "n") intersects ("n")"#, true),
        (r#"getopt(("--", "-n"), "n") intersects ("n")"#, false),
        (
            r#"getopt(("-nat", "hello"), "na:t") intersects ("n", "a", "t")"#,
            true,
        ),
        (
            r#"getopt(("-abcvalue"), "abc:") intersects ("a", "b", "c", "value")"#,
            true,
        ),
        (
            r#"getopt(("-abc", "value"), "abc:") intersects ("a", "b", "c", "value")"#,
            true,
        ),
        (r#"getopt(("-n", "-n", "-n"), "n") intersects ("n")"#, true),
        (r#"getopt(("-v", "-v", "-v"), "v") intersects ("v")"#, true),
        (
            r#"getopt(("-t", "val1", "-t", "val2"), "t:") intersects ("t", "val1", "val2")"#,
            true,
        ),
        (
            r#"getopt(("-p", "8080"), "p:") intersects ("p", "8080")"#,
            true,
        ),
        (r#"getopt(("-p8080"), "p:") intersects ("p", "8080")"#, true),
        (r#"getopt(("-n", "42"), "n:") intersects ("n", "42")"#, true),
        (
            r#"getopt(("-t", "-123"), "t:") intersects ("t", "-123")"#,
            true,
        ),
        (
            r#"getopt(("-f", "/etc/passwd"), "f:") intersects ("f", "/etc/passwd")"#,
            true,
        ),
        (
            r#"getopt(("-f", "./relative/path"), "f:") intersects ("f", "./relative/path")"#,
            true,
        ),
        (
            r#"getopt(("-u", "http://example.com:8080/path"), "u:") intersects ("u", "http://example.com:8080/path")"#,
            true,
        ),
        (r#"getopt(("-t", ""), "t:") intersects ("t", "")"#, true),
        (
            r#"getopt(("-p", "22", "-i", "keyfile", "user@host"), "p:i:") intersects ("p", "22", "i", "keyfile")"#,
            true,
        ),
        (
            r#"getopt(("-xzf", "file.tar.gz"), "xzf:") intersects ("x", "z", "f", "file.tar.gz")"#,
            true,
        ),
        (
            r#"getopt(("-X", "POST", "-H", "header", "-d", "data", "url"), "X:H:d:") intersects ("X", "POST", "H", "header", "d", "data")"#,
            true,
        ),
        (
            r#"getopt(("-e", "/bin/sh", "attacker.com", "4444"), "e:") intersects ("e", "/bin/sh")"#,
            true,
        ),
        (
            r#"getopt(("-rn", "pattern", "/path"), "rn") intersects ("r", "n")"#,
            true,
        ),
        (
            r#"getopt(("-it", "-p", "8080:80", "-v", "/host:/container", "image"), "itp:v:") intersects ("i", "t", "p", "8080:80", "v", "/host:/container")"#,
            true,
        ),
        (
            r#"getopt(("-a", "1", "-b", "2", "-c", "3"), "a:b:c:") intersects ("a", "1", "b", "2", "c", "3")"#,
            true,
        ),
        (
            r#"getopt(("-abc"), "abc") intersects ("a", "b", "c")"#,
            true,
        ),
        (
            r#"getopt(("-a", "val", "-b"), "a:b") intersects ("a", "val", "b")"#,
            true,
        ),
        (
            r#"getopt(("-abcdefg"), "abcdefg") intersects ("a", "b", "c", "d", "e", "f", "g")"#,
            true,
        ),
        (
            r#"getopt(("-1", "-2", "-3"), "123") intersects ("1", "2", "3")"#,
            true,
        ),
        (
            r#"getopt(("-a1b2c3"), "a1b2c3") intersects ("a", "1", "b", "2", "c", "3")"#,
            true,
        ),
        (
            r#"getopt(("regular_file", "-f", "another_file"), "f:") intersects ("f", "another_file")"#,
            false,
        ),
        (
            r#"getopt(("-f", "another_file", "regular_file"), "f:") intersects ("f", "another_file")"#,
            true,
        ),
        (r#"getopt(("-t", " "), "t:") intersects ("t", " ")"#, true),
        (r#"getopt(("", "-n", ""), "n") intersects ("n")"#, false),
        (r#"getopt(("-@", "-+"), "@+") intersects ("@", "+")"#, true),
        (r#"getopt(("-nx"), "n") intersects ("n", "?")"#, true),
        (r#"getopt(("-n", "-t", "hello"), "nt:")[t] = hello"#, true),
        (r#"getopt(("-n", "-t", "hello"), "nt:")[t] = n"#, false),
        (r#"getopt(("-n", "-t", "hello"), "nt:")[n] = n"#, true),
        (r#"getopt(("-t", "v1", "-t", "v2"), "t:")[t] = v2"#, true),
        (r#"getopt(("-t?"), "t:")[t] = ?"#, true),
        (r#"getopt(("-t:"), ":t:")[t] = :"#, true),
        (r#"getopt(("-t"), "t:")[t] != """#, false),
        (r#"getopt(("-t"), "t:")[t] = """#, true),
        (r#"getopt(("-t"), "t:")[t] = ?"#, false),
        (r#"getopt(("-t"), ":t:")[t] = :"#, false),
        (r#"getopt(("-n"), "nt:")[t] != """#, false),
        (r#"getopt(("-t", "v1", "-t"), "t:")[t] = v1"#, false),
        (r#"getopt(("-t", "v1", "-t"), "t:")[t] = """#, true),
        (r#"getopt(("--exec"), "e:") intersects ("?")"#, false),
        (r#"getopt(("--exec"), "e:") intersects ("e")"#, false),
        (r#"getopt(("--exec", "-n"), "n") intersects ("n")"#, true),
        (
            r#"getopt(("-n", "file", "-t"), "nt") intersects ("n")"#,
            true,
        ),
        (
            r#"getopt(("-n", "file", "-t"), "nt") intersects ("t")"#,
            false,
        ),
        (
            r#"getopt(("-abcdefghijklmnopqrstuvwxyz"), "abcdefghijklmnopqrstuvwxyz") intersects ("a", "b", "c", "z")"#,
            true,
        ),
        (
            r#"getopt(("-a", "-b", "-c", "-d", "-e", "-f"), "abcdef") intersects ("a", "b", "c", "d", "e", "f")"#,
            true,
        ),
        (
            r#"getopt(("-t", "this_is_a_very_long_argument_value_that_might_test_buffer_handling"), "t:") intersects ("t", "this_is_a_very_long_argument_value_that_might_test_buffer_handling")"#,
            true,
        ),
    ];
    check_all(&st, &ev, cases);
}

#[test]
fn getopt_on_process_arguments() {
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    // nc -l -p 8080 -e /bin/sh
    let args = "(proc.args[0], proc.args[1], proc.args[2], proc.args[3], proc.args[4])";
    check_all(
        &st,
        &ev,
        &[
            (&format!(r#"getopt({args}, "lp:e:")[e] = /bin/sh"#), true),
            (&format!(r#"getopt({args}, "lp:e:")[p] = 8080"#), true),
            (&format!(r#"getopt({args}, "lp:e:")[l] = l"#), true),
            (&format!(r#"getopt({args}, "lp:e:")[x] exists"#), false),
            (
                &format!(r#"getopt({args}, "lp:e:") in (l, p, e, 8080, /bin/sh)"#),
                true,
            ),
            (&format!(r#"getopt({args}, "lp:e:") in (l, p, e)"#), false),
            (&format!(r#"len(getopt({args}, "lp:e:")) = 5"#), true),
            (&format!(r#"getopt({args}, "lp:e:") exists"#), true),
            // The option string may come from the event too.
            (
                &format!(r#"getopt({args}, concat("lp:", "e:"))[e] = /bin/sh"#),
                true,
            ),
            (&format!(r#"getopt({args}, proc.args[1])[l] = l"#), false),
            // Options compared with another list (all values of the right side are the set).
            (
                &format!(r#"getopt({args}, "lp:e:") intersects getopt(("-e", "x"), "e:")"#),
                true,
            ),
            (
                &format!(r#"getopt(("-e"), "e") in getopt({args}, "lp:e:")"#),
                true,
            ),
            (
                &format!(r#"getopt(("-z"), "z") intersects getopt({args}, "lp:e:")"#),
                false,
            ),
            (r#"getopt(("a"), "z") in getopt(("-e"), "e")"#, true),
        ],
    );
}

#[test]
fn transformer_lists_and_literals() {
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    check_all(
        &st,
        &ev,
        &[
            // Literal arguments of single-value transformers (libsinsp accepts them).
            (r#"tolower("ABC") = abc"#, true),
            (r#"len("abcd") = 4"#, true),
            (r#"basename("/a/b/c") = c"#, true),
            // Transformer lists are lists of strings.
            (r#"len(("a", fd.name)) = 2"#, true),
            (r#"tolower(("A", "B")) intersects (b)"#, true),
            (r#"tolower(("A", "B")) in (a, b)"#, true),
            (r#"len(()) = 0"#, true),
            // Numbers print as text: pids and 64-bit integers.
            (r#"join("/", (proc.pid, proc.ppid)) = "200/100""#, true),
            (r#"concat(proc.name, "-", proc.pname) = nc-bash"#, true),
            // Ancestors: concat takes the first value (the parent), a list takes them all.
            (r#"concat(proc.aname, "!") = bash!"#, true),
            (r#"join(",", (proc.aname)) = "bash,init""#, true),
            // A list field is flattened into a transformer list.
            (r#"join(",", (fd.types, "x")) = "file,x""#, true),
            (r#"join(",", fd.types) = file"#, true),
            (r#"join(",", tolower(fd.types)) = file"#, true),
        ],
    );
}

#[test]
fn both_sides_of_a_comparison() {
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    check_all(
        &st,
        &ev,
        &[
            (r#"proc.name = concat("n", "c")"#, true),
            (r#"proc.name = concat("n", "x")"#, false),
            (r#"proc.name != concat("n", "x")"#, true),
            (
                r#"fd.name = join("", (fd.directory, "/file_to_run"))"#,
                true,
            ),
            (r#"fd.name startswith concat(fd.directory, "/")"#, true),
            (r#"concat(proc.name, "x") = val(proc.name)"#, false),
            (r#"concat(proc.pname, "") = val(proc.pname)"#, true),
            (r#"toupper(proc.name) = toupper(concat("N", "c"))"#, true),
            (r#"fd.name = tolower("/TMP/FILE_TO_RUN")"#, true),
            (r#"getopt(("-t", "x"), "t:")[t] = concat("", "x")"#, true),
        ],
    );
}

#[test]
fn missing_arguments_make_the_result_missing() {
    let mut st = state();
    let ev = chdir_ev(&mut st, 200);
    check_all(
        &st,
        &ev,
        &[
            // fd.name is missing on a chdir.
            (r#"concat(fd.name, "x") exists"#, false),
            (r#"concat("x", fd.name) = x"#, false),
            (r#"not concat("x", fd.name) = x"#, true),
            (r#"join(",", (proc.name, fd.name)) exists"#, false),
            (r#"join(fd.name, ("a", "b")) exists"#, false),
            (r#"getopt(("-n"), fd.name) exists"#, false),
            (r#"getopt((proc.args[0], fd.name), "l") exists"#, false),
            (r#"getopt((proc.args[0], fd.name), "l")[l] exists"#, false),
            (r#"len(concat(fd.name, "x")) >= 0"#, false),
            (r#"proc.name = concat(fd.name, "")"#, false),
            (r#"proc.name != concat(fd.name, "")"#, false),
            // Present values still work on the same event.
            (r#"concat(proc.name, "x") = ncx"#, true),
            (r#"join(",", ()) exists"#, true),
            (r#"getopt((), "n") exists"#, true),
            (r#"getopt((), "n") in (a)"#, true),
            (r#"getopt((), "n") intersects (a)"#, false),
            (r#"getopt((), "n")[n] exists"#, false),
        ],
    );
}

#[test]
fn argument_errors_with_spans() {
    // (condition, text the error's span covers, a word of the message)
    let cases: &[(&str, &str, &str)] = &[
        // Counts.
        (r#"join("-") = foo"#, r#"join("-")"#, "2 arguments"),
        (
            r#"join("-", "a", "b") = foo"#,
            r#"join("-", "a", "b")"#,
            "exactly 2",
        ),
        (r#"concat("aaa") = foo"#, r#"concat("aaa")"#, "at least 2"),
        (
            r#"getopt(("a")) intersects ("n")"#,
            r#"getopt(("a"))"#,
            "at least 2",
        ),
        (
            r#"getopt(("a"), "n", "extra") intersects ("n")"#,
            r#"getopt(("a"), "n", "extra")"#,
            "exactly 2",
        ),
        (
            r#"tolower(proc.name, "x") = foo"#,
            r#"tolower(proc.name, "x")"#,
            "exactly one",
        ),
        // Kinds and types.
        (
            r#"join(fd.types, ("a", "b")) = foo"#,
            "fd.types",
            "single value",
        ),
        (
            r#"join(("a", "b"), ("a", "b")) = foo"#,
            r#"("a", "b")"#,
            "single value",
        ),
        (
            r#"join(("a", "b"), "a") = foo"#,
            r#"("a", "b")"#,
            "single value",
        ),
        (r#"join("a", "b") = foo"#, r#""b""#, "must be a list"),
        (
            r#"concat(fd.types, "a") = foo"#,
            "fd.types",
            "must be a string",
        ),
        (
            r#"concat(("a", "b"), "a") = foo"#,
            r#"("a", "b")"#,
            "must be a string",
        ),
        (
            r#"concat("a", ("a", "b")) = foo"#,
            r#"("a", "b")"#,
            "must be a string",
        ),
        (
            r#"concat(("a", "b"), ("a", "b")) = foo"#,
            r#"("a", "b")"#,
            "must be a string",
        ),
        (
            r#"concat(proc.pid, "a") = foo"#,
            "proc.pid",
            "must be a string",
        ),
        (
            r#"getopt("not_a_list", "n") intersects ("n")"#,
            r#""not_a_list""#,
            "must be a list",
        ),
        (
            r#"getopt(("-n"), ("n")) intersects ("n")"#,
            r#"("n")"#,
            "single value",
        ),
        (
            r#"getopt(("-n"), "n")[""] = n"#,
            r#"getopt(("-n"), "n")[""]"#,
            "one option character",
        ),
        (
            r#"getopt(("-n"), "n")[nt] = n"#,
            r#"getopt(("-n"), "n")[nt]"#,
            "one option character",
        ),
        (
            r#"concat("a", "b")[x] = n"#,
            r#"concat("a", "b")[x]"#,
            "field arguments",
        ),
        // libsinsp also refuses a getopt result as join's list: its declared type is a string.
        (
            r#"join(",", getopt(("-n"), "n")) = n"#,
            r#"getopt(("-n"), "n")"#,
            "must be a list",
        ),
        // syssentry refuses values libsinsp would splice as raw bytes.
        (
            r#"concat(len(proc.name), "x") = foo"#,
            "len(proc.name)",
            "raw in-memory bytes",
        ),
        (
            r#"join(proc.pid, ("a", "b")) = foo"#,
            "proc.pid",
            "raw in-memory bytes",
        ),
        (
            r#"join(",", len(fd.types)) = foo"#,
            "len(fd.types)",
            "raw in-memory bytes",
        ),
        (
            r#"join(",", (evt.count)) = foo"#,
            "evt.count",
            "raw in-memory bytes",
        ),
        (
            r#"join(",", (len(proc.name))) = foo"#,
            "len(proc.name)",
            "raw in-memory bytes",
        ),
        // Transformers on fields that refuse them, and types they do not take.
        (
            r#"concat(tolower(proc.aname), "x") = foo"#,
            "proc.aname",
            "does not support transformers",
        ),
        (
            r#"tolower(len(proc.name)) = foo"#,
            "tolower(len(proc.name))",
            "not supported",
        ),
        // The result types must match across a comparison.
        (
            r#"proc.pid = concat("1", "2")"#,
            r#"concat("1", "2")"#,
            "incompatible type",
        ),
        (
            r#"proc.name = getopt(("-n"), "n")"#,
            r#"getopt(("-n"), "n")"#,
            "incompatible type",
        ),
        (
            r#"proc.name in getopt(("-n"), "n")"#,
            r#"getopt(("-n"), "n")"#,
            "incompatible type",
        ),
    ];
    for (cond, span_text, word) in cases {
        let (err, text) = error_of(cond);
        assert_eq!(&text, span_text, "{cond}: span of {err}");
        let msg = err.to_string();
        assert!(msg.contains(word), "{cond}: '{msg}' lacks '{word}'");
        assert!(!msg.ends_with('.'), "{cond}: '{msg}'");
    }
    // Empty argument lists do not parse at all.
    for cond in [
        "join() = foo",
        "concat() = foo",
        r#"getopt() intersects ("n")"#,
    ] {
        assert!(parse(cond).is_err(), "{cond}");
    }
}

#[test]
fn deep_nesting_is_bounded() {
    let mut cond = String::from("proc.name");
    for _ in 0..40 {
        cond = format!(r#"concat({cond}, "x")"#);
    }
    let cond = format!("{cond} = x");
    let expr = parse(&cond).expect("parses");
    assert!(matches!(
        Program::compile(&expr),
        Err(CompileError::TooDeep { .. })
    ));
}

fn render(st: &State, ev: &Event, fmt: &str) -> String {
    let f = OutputFormat::compile(fmt).unwrap_or_else(|e| panic!("{fmt}: {e}"));
    let mut out = String::new();
    let mut scratch = EvalScratch::default();
    f.render(&EvalCtx::new(ev, st), &mut scratch, &mut out);
    let mut again = String::new();
    f.render(&EvalCtx::new(ev, st), &mut scratch, &mut again);
    assert_eq!(out, again, "{fmt}: second render differs");
    out
}

fn keys(fmt: &str) -> Vec<String> {
    OutputFormat::compile(fmt)
        .unwrap_or_else(|e| panic!("{fmt}: {e}"))
        .keys()
        .iter()
        .map(|(k, _)| k.to_string())
        .collect()
}

#[test]
fn outputs_with_multivalue_transformers() {
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    for (fmt, want, want_keys) in [
        (
            r#"start %join("->", (proc.name, fd.name)) end"#,
            "start nc->/tmp/file_to_run end",
            &["proc.name", "fd.name"][..],
        ),
        (
            "start %concat(proc.name, fd.name) end",
            "start nc/tmp/file_to_run end",
            &["proc.name", "fd.name"][..],
        ),
        (
            "start %toupper(concat(proc.name, fd.name)) end",
            "start NC/TMP/FILE_TO_RUN end",
            &["proc.name", "fd.name"][..],
        ),
        (
            "start %concat(toupper(proc.name), fd.name) end",
            "start NC/tmp/file_to_run end",
            &["proc.name", "fd.name"][..],
        ),
        (
            r#"start %join("->", (toupper(proc.name), tolower(fd.name))) end"#,
            "start NC->/tmp/file_to_run end",
            &["proc.name", "fd.name"][..],
        ),
        (
            r#"start %toupper(join("->", (concat(proc.name, fd.name), proc.name))) end"#,
            "start NC/TMP/FILE_TO_RUN->NC end",
            &["proc.name", "fd.name"][..],
        ),
        (
            r#"%concat(proc.name, "-", proc.pname)"#,
            "nc-bash",
            &["proc.name", "proc.pname"][..],
        ),
        (
            r#"opts=%getopt((proc.args[0], proc.args[1], proc.args[2]), "lp:") sh=%getopt((proc.args[3], proc.args[4]), "e:")[e]"#,
            "opts=(l,p,8080) sh=/bin/sh",
            &[
                "proc.args[0]",
                "proc.args[1]",
                "proc.args[2]",
                "proc.args[3]",
                "proc.args[4]",
            ][..],
        ),
        (
            r#"%getopt((), "n") %getopt(("-x"), "n")[n] %len(getopt(("-a", "-b"), "ab"))"#,
            "() <NA> 2",
            &[][..],
        ),
        ("%tolower(fd.types)", "(file)", &["fd.types"][..]),
    ] {
        assert_eq!(render(&st, &ev, fmt), want, "{fmt}");
        assert_eq!(keys(fmt), want_keys, "{fmt}");
    }
    // A missing argument prints <NA>.
    let ev2 = chdir_ev(&mut st, 200);
    assert_eq!(
        render(&st, &ev2, r#"[%concat(proc.name, fd.name)]"#),
        "[<NA>]"
    );
    // Invalid arguments are not fields; the shorter-prefix retry cannot split a transformer.
    assert!(OutputFormat::compile(r#"%concat(proc.name, fd.nameX)"#).is_err());
    assert!(OutputFormat::compile(r#"%concat("a")"#).is_err());
    assert!(OutputFormat::compile(r#"%join(",", proc.name)"#).is_err());
}

#[test]
fn output_widths_count_bytes() {
    let mut st = state();
    let ev = open_ev(&mut st, 300);
    // proc.name is "café": 5 bytes, 4 characters.
    for (fmt, want) in [
        ("[%proc.name]", "[café]"),
        ("[%5proc.name]", "[café]"),
        ("[%6proc.name]", "[café ]"),
        ("[%8proc.name]", "[café   ]"),
        ("[%3proc.name]", "[caf]"),
        // A cut inside "é" leaves an incomplete sequence: Falco's output encoder prints U+FFFD.
        ("[%4proc.name]", "[caf\u{FFFD}]"),
        ("[%4toupper(proc.name)]", "[CAF\u{FFFD}]"),
        ("[%6toupper(proc.name)]", "[CAFé ]"),
        (r#"[%7concat(proc.name, "€")]"#, "[café\u{FFFD}]"),
        (r#"[%8concat(proc.name, "€")]"#, "[café€]"),
        (r#"[%9concat(proc.name, "€")]"#, "[café€ ]"),
        (r#"[%2concat(fd.name, "x")]"#, "[/t]"),
        ("[%6fd.name]", "[/tmp/f]"),
    ] {
        assert_eq!(render(&st, &ev, fmt), want, "{fmt}");
    }
}

#[test]
fn single_check_helper_agrees() {
    // Sanity for the helpers themselves: a condition that must fail does.
    let mut st = state();
    let ev = open_ev(&mut st, 200);
    assert!(eval(&st, &ev, r#"concat("a", "b") = ab"#));
    assert!(!eval(&st, &ev, r#"concat("a", "b") = ba"#));
}

//! Condition semantics on real fields: synthetic events through the state, conditions parsed and
//! compiled with `filter::parse` + `Program::compile`, evaluated with `Program::matches`.
//! Cases port libsinsp's `filter_compiler.ut.cpp`, `filterchecks/*.cpp` and
//! `filter_op_*.ut.cpp` where they apply, plus the traps of the spec (§2.4–2.7, §7).

mod common;

use std::net::Ipv4Addr;

use common::seed;
use syssentry_engine::event::ppm::{af, open::*, sock, AT_FDCWD};
use syssentry_engine::event::{mk, Event, EventBuilder, EventType, SockTuple};
use syssentry_engine::fields::EvalCtx;
use syssentry_engine::filter::ast::Span;
use syssentry_engine::filter::compile::{CompileError, EvalScratch, Program};
use syssentry_engine::filter::parse::parse;
use syssentry_engine::state::State;

/// init(1) → sshd(50) → bash(100) → cat(200); `cat` has `/etc/shadow` open as fd 3.
struct Fx {
    st: State,
}

impl Fx {
    fn new() -> Fx {
        let mut st = State::default();
        seed(&mut st, 1, 0, "/sbin/init", &["init"], &[]);
        seed(&mut st, 50, 1, "/usr/sbin/sshd", &["sshd", "-D"], &[]);
        seed(
            &mut st,
            100,
            50,
            "/usr/bin/bash",
            &["bash", "-i"],
            &["HOME=/root", "TERM=xterm"],
        );
        seed(
            &mut st,
            200,
            100,
            "/usr/bin/cat",
            &["cat", "/etc/shadow", "-n"],
            &[],
        );
        st.local_addrs.push("10.0.0.5".parse().unwrap());
        let mut fx = Fx { st };
        fx.apply(mk::openat(200, AT_FDCWD, "/etc/shadow", O_RDONLY, 0, 3).build());
        fx
    }

    fn apply(&mut self, ev: Event) -> Event {
        self.st.apply(&ev);
        ev
    }

    /// The open of `/etc/shadow` by `cat` (fd 3).
    fn open_ev(&mut self) -> Event {
        self.apply(
            mk::openat(200, AT_FDCWD, "/etc/shadow", O_RDONLY, 0, 3)
                .num(7)
                .build(),
        )
    }

    /// An event of `cat` without any fd (`chdir`).
    fn chdir_ev(&mut self) -> Event {
        self.apply(mk::chdir(200, "/tmp", 0).build())
    }

    /// A TCP connection of `cat` from 10.0.0.5:34567 to 93.184.216.34:443 on fd 4.
    fn connect_ev(&mut self) -> Event {
        self.apply(mk::socket(200, af::AF_INET, sock::SOCK_STREAM, 0, 4).build());
        let tuple = SockTuple::Inet {
            sip: Ipv4Addr::new(10, 0, 0, 5),
            sport: 34567,
            dip: Ipv4Addr::new(93, 184, 216, 34),
            dport: 443,
        };
        self.apply(mk::connect(200, 4, tuple, 0).build())
    }

    /// A `sendto` on the connected socket with `data`.
    fn send_ev(&mut self, data: &[u8]) -> Event {
        let _ = self.connect_ev();
        let tuple = SockTuple::Inet {
            sip: Ipv4Addr::new(10, 0, 0, 5),
            sport: 34567,
            dip: Ipv4Addr::new(93, 184, 216, 34),
            dport: 443,
        };
        self.apply(mk::sendto(200, 4, tuple, data, data.len() as i64).build())
    }
}

fn compile(cond: &str) -> Result<Program, CompileError> {
    let expr = parse(cond).unwrap_or_else(|e| panic!("{cond}: parse error {e}"));
    Program::compile(&expr)
}

fn eval(st: &State, ev: &Event, cond: &str) -> bool {
    let p = compile(cond).unwrap_or_else(|e| panic!("{cond}: {e}"));
    let ctx = EvalCtx::new(ev, st);
    let mut sc = EvalScratch::default();
    let first = p.matches(&ctx, &mut sc);
    // Scratch buffers are reused across events: a second run must agree.
    assert_eq!(
        p.matches(&ctx, &mut sc),
        first,
        "{cond}: second evaluation differs"
    );
    first
}

fn err(cond: &str) -> CompileError {
    match compile(cond) {
        Ok(_) => panic!("{cond}: expected a compile error"),
        Err(e) => e,
    }
}

/// Asserts the truth value of each condition on `ev`.
fn expect(st: &State, ev: &Event, cases: &[(&str, bool)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(c, want)| eval(st, ev, c) != *want)
        .map(|(c, want)| format!("{c}: expected {want}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn text_at(cond: &str, span: Span) -> &str {
    &cond[span.start as usize..span.end as usize]
}

#[test]
fn missing_value_is_false_for_every_operator_and_not_negates_it() {
    let mut fx = Fx::new();
    let ev = fx.chdir_ev();
    // fd.name, fd.sport, fd.sip, fd.connected, fd.net, fd.types: no fd on a chdir event.
    expect(
        &fx.st,
        &ev,
        &[
            ("fd.name = /tmp", false),
            ("fd.name != /tmp", false),
            ("not fd.name = /tmp", true),
            ("not fd.name != /tmp", true),
            ("fd.name exists", false),
            ("not fd.name exists", true),
            ("fd.name contains t", false),
            ("fd.name icontains t", false),
            ("fd.name startswith /", false),
            ("fd.name endswith p", false),
            ("fd.name glob *", false),
            ("fd.name iglob *", false),
            ("fd.name regex '.*'", false),
            ("fd.name pmatch (/)", false),
            ("fd.name in (/tmp, /etc)", false),
            ("fd.name intersects (/tmp)", false),
            ("fd.name < 1", false),
            ("fd.name >= 1", false),
            ("fd.name = oneof (a, b)", false),
            ("fd.name != allof (a, b)", false),
            ("fd.sport = 443", false),
            ("fd.sport != 443", false),
            ("fd.sport < 1", false),
            ("fd.sport > 1", false),
            ("fd.sport in (1, 2)", false),
            ("not fd.sport = 443", true),
            ("fd.sip = 1.2.3.4", false),
            ("fd.sip != 1.2.3.4", false),
            ("not fd.sip != 1.2.3.4", true),
            ("fd.snet = 0.0.0.0/0", false),
            ("fd.snet != 10.0.0.0/8", false),
            ("fd.ip != 1.2.3.4", false),
            ("fd.port != 1", false),
            ("fd.net != 10.0.0.0/8", false),
            ("fd.types exists", false),
            ("fd.types in (file)", false),
            ("fd.types intersects (file)", false),
            ("len(fd.name) = 0", false),
            ("len(fd.name) != 0", false),
            ("tolower(fd.name) != x", false),
            ("fd.name = val(proc.name)", false),
            ("proc.name = val(fd.name)", false),
            ("proc.name != val(fd.name)", false),
        ],
    );
    // A missing bool (`evt.is_open_read` has no value outside open events).
    let ev2 = fx.chdir_ev();
    assert!(!eval(&fx.st, &ev2, "evt.buffer exists"));
    assert!(!eval(&fx.st, &ev2, "evt.buffer != abc"));
    assert!(eval(&fx.st, &ev2, "not evt.buffer bcontains 6162"));
}

#[test]
fn missing_thread_makes_process_fields_missing() {
    let fx = Fx::new();
    // An event of a thread the state does not know.
    let ev = mk::chdir(4242, "/tmp", 0).build();
    expect(
        &fx.st,
        &ev,
        &[
            ("proc.name = cat", false),
            ("proc.name != cat", false),
            ("not proc.name = cat", true),
            ("proc.pid = 4242", false),
            ("proc.pid != 4242", false),
            ("proc.aname = bash", false),
            ("proc.aname != bash", false),
            ("evt.type = chdir", true),
        ],
    );
}

#[test]
fn boolean_structure_and_short_circuit_truth_tables() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    // libsinsp's boolean_evaluation cases with c.true := `proc.name = cat` and
    // c.false := `proc.name = dog`.
    let cases: &[(bool, &str)] = &[
        (true, "c.true=1"),
        (false, "c.false=1"),
        (false, "not c.true=1"),
        (false, "not(c.true=1)"),
        (true, "not not c.true=1"),
        (true, "not not(c.true=1)"),
        (true, "not (not c.true=1)"),
        (false, "not not not c.true=1"),
        (false, "not not not(c.true=1)"),
        (false, "not (not (not c.true=1))"),
        (false, "not(not(not c.true=1))"),
        (true, "not not not not c.true=1"),
        (true, "not not(not not c.true=1)"),
        (true, "c.true=1 and c.true=1"),
        (false, "c.true=1 and c.false=1"),
        (false, "c.false=1 and c.true=1"),
        (false, "c.false=1 and c.false=1"),
        (false, "c.true=1 and not c.true=1"),
        (false, "not c.true=1 and c.true=1"),
        (true, "c.true=1 or c.true=1"),
        (true, "c.true=1 or c.false=1"),
        (true, "c.false=1 or c.true=1"),
        (false, "c.false=1 or c.false=1"),
        (true, "c.false=1 or not c.false=1"),
        (true, "not c.false=1 or c.false=1"),
        (true, "c.true=1 or c.true=1 and c.false=1"),
        (false, "(c.true=1 or c.true=1) and c.false=1"),
        (true, "not (not (c.true=1 or c.true=1) and c.false=1)"),
        (false, "not (c.false=1 or c.false=1 or c.true=1)"),
        (true, "not (c.false=1 or c.false=1 and not c.true=1)"),
        (false, "not (c.false=1 or not c.false=1 and c.true=1)"),
        (
            false,
            "not ((c.false=1 or not (c.false=1 and not c.true=1)) and c.true=1)",
        ),
    ];
    for (want, cond) in cases {
        let cond = cond
            .replace("c.true=1", "proc.name = cat")
            .replace("c.false=1", "proc.name = dog");
        assert_eq!(eval(&fx.st, &ev, &cond), *want, "{cond}");
    }
    // A check after a decided `and`/`or` is not evaluated: a missing field there changes nothing.
    assert!(!eval(&fx.st, &ev, "proc.name = dog and fd.sport != 1"));
    assert!(eval(&fx.st, &ev, "proc.name = cat or fd.sport = 1"));
}

#[test]
fn string_operators() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    expect(
        &fx.st,
        &ev,
        &[
            ("proc.name = cat", true),
            ("proc.name == cat", true),
            ("proc.name = Cat", false),
            ("proc.name != cat", false),
            ("proc.name != dog", true),
            // Ordering operators take numbers in the grammar; on strings they compare bytes.
            ("proc.name < 1", false),
            ("proc.name <= 1", false),
            ("proc.name > 1", true),
            ("proc.name >= 1", true),
            ("proc.args[1] < 0", true),
            ("fd.name contains shad", true),
            ("fd.name contains SHAD", false),
            ("fd.name icontains SHAD", true),
            ("fd.name startswith /etc/", true),
            ("fd.name startswith etc", false),
            ("fd.name endswith dow", true),
            ("fd.name endswith /etc", false),
            ("fd.name in (/etc/passwd, /etc/shadow)", true),
            ("fd.name in (/etc/passwd)", false),
            ("fd.name in ()", false),
            ("fd.name intersects (/etc/shadow)", true),
            ("fd.directory = /etc", true),
            ("fd.filename = shadow", true),
            ("proc.cmdline = \"cat /etc/shadow -n\"", true),
            ("proc.args = \"/etc/shadow -n\"", true),
            ("proc.args[0] = /etc/shadow", true),
            ("proc.args[1] = -n", true),
            ("proc.exepath = /usr/bin/cat", true),
        ],
    );
}

#[test]
fn glob_iglob_pmatch_regex_are_full_matches() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    expect(
        &fx.st,
        &ev,
        &[
            ("fd.name glob /etc/*", true),
            ("fd.name glob /etc", false),
            ("fd.name glob *shad", false),
            ("fd.name glob '*shad*'", true),
            // No FNM_PATHNAME: `*` crosses `/`.
            ("fd.name glob /*dow", true),
            ("fd.name glob /etc/?hadow", true),
            ("fd.name glob '/etc/[rs]hadow'", true),
            ("fd.name glob /ETC/*", false),
            ("fd.name iglob /ETC/SHADOW", true),
            ("fd.name pmatch (/etc)", true),
            ("fd.name pmatch (/et)", false),
            ("fd.name pmatch (/usr, /etc/shadow)", true),
            ("fd.name pmatch (/*/shadow)", true),
            ("fd.name regex '/etc/.*'", true),
            ("fd.name regex 'etc'", false),
            ("fd.name regex '.*etc.*'", true),
            ("fd.name regex '^/etc/shadow$'", true),
            ("fd.name regex '/etc/(shadow|passwd)'", true),
            ("proc.name regex '[a-c]+t'", true),
        ],
    );
    // libsinsp filter_regex_operator_evaluation, on evt.source = syscall.
    expect(
        &fx.st,
        &ev,
        &[
            ("evt.source regex '^[s]{1}ysca[l]{2}$'", true),
            ("evt.source regex 'yscal.*'", false),
            ("evt.source regex '.*yscal'", false),
            ("evt.source regex 'syscal.*'", true),
            ("evt.source regex '^unknown$'", false),
            ("toupper(evt.source) regex '^[A-Z]+$'", true),
        ],
    );
    assert!(matches!(
        err("proc.name regex '('"),
        CompileError::InvalidValue { .. }
    ));
    assert!(matches!(
        err("evt.hostname regex val(evt.source)"),
        CompileError::Unsupported { .. }
    ));
}

#[test]
fn regex_on_invalid_utf8_is_sanitised() {
    let mut fx = Fx::new();
    let ev = fx.send_ev(b"ab\xffcd");
    // `.` matches the replacement character of an invalid byte; the value is used up to a NUL.
    assert!(eval(&fx.st, &ev, "evt.arg.data exists"));
    let ev2 = fx.apply(mk::openat(200, AT_FDCWD, "/tmp/a\u{e9}b", O_RDONLY, 0, 5).build());
    assert!(eval(&fx.st, &ev2, "fd.name regex '/tmp/a.b'"));
}

#[test]
fn numeric_operators_and_widths() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    expect(
        &fx.st,
        &ev,
        &[
            ("proc.pid = 200", true),
            ("proc.pid != 200", false),
            ("proc.pid < 201", true),
            ("proc.pid <= 200", true),
            ("proc.pid > 199", true),
            ("proc.pid >= 201", false),
            ("proc.pid in (1, 200, 3)", true),
            ("proc.pid intersects (200)", true),
            ("proc.pid in (1, 2)", false),
            ("proc.ppid = 100", true),
            ("fd.num = 3", true),
            ("fd.num > -1", true),
            ("evt.num = 7", true),
            ("evt.num > 6", true),
            ("evt.rawres = 3", true),
            ("evt.rawres >= 0", true),
            ("evt.rawres > -1", true),
            ("user.uid = 0", true),
            ("evt.count = 1", true),
            // Signed constants on a signed field; leading + is accepted.
            ("proc.pid > -5", true),
            ("proc.pid = +200", true),
        ],
    );
    // A negative constant wraps for an unsigned field: -1 is the largest uint32.
    assert!(eval(&fx.st, &ev, "user.uid < -1"));
    assert!(!eval(&fx.st, &ev, "evt.num > -1"));
    // Hex and floating constants are refused for numeric fields; so are words.
    for c in [
        "proc.pid = 0x10",
        "proc.pid = 1.0",
        "evt.num = 1e3",
        "proc.pid = abc",
        "user.uid in (1, 0x2)",
    ] {
        assert!(matches!(err(c), CompileError::InvalidValue { .. }), "{c}");
    }
    let e = err("proc.pid = 0x10");
    assert_eq!(text_at("proc.pid = 0x10", e.span()), "0x10");
}

#[test]
fn bool_operators() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    expect(
        &fx.st,
        &ev,
        &[
            ("evt.is_open_read = true", true),
            ("evt.is_open_read = false", false),
            ("evt.is_open_read != false", true),
            ("evt.is_open_write = false", true),
            ("evt.is_open_read in (false, true)", true),
            ("evt.is_open_read in (false)", false),
            ("evt.failed = false", true),
        ],
    );
    for c in ["evt.failed = 1", "evt.failed = TRUE", "evt.failed = yes"] {
        assert!(matches!(err(c), CompileError::InvalidValue { .. }), "{c}");
    }
}

#[test]
fn ip_net_and_ports_with_either_endpoint_semantics() {
    let mut fx = Fx::new();
    let ev = fx.connect_ev();
    expect(
        &fx.st,
        &ev,
        &[
            ("fd.sip = 93.184.216.34", true),
            ("fd.sip != 93.184.216.34", false),
            ("fd.cip = 10.0.0.5", true),
            ("fd.sip in (1.1.1.1, 93.184.216.34)", true),
            ("fd.snet = 93.184.0.0/16", true),
            ("fd.snet = 10.0.0.0/8", false),
            ("fd.cnet = 10.0.0.0/8", true),
            ("fd.snet != 10.0.0.0/8", true),
            ("fd.snet in (10.0.0.0/8, 93.0.0.0/8)", true),
            ("fd.rnet = 93.184.216.0/24", true),
            // Either endpoint: = and in if one matches, != only if both differ.
            ("fd.ip = 10.0.0.5", true),
            ("fd.ip = 93.184.216.34", true),
            ("fd.ip = 1.2.3.4", false),
            ("fd.ip != 10.0.0.5", false),
            ("fd.ip != 1.2.3.4", true),
            ("fd.ip in (1.2.3.4, 93.184.216.34)", true),
            ("fd.net = 10.0.0.0/8", true),
            ("fd.net = 93.184.216.0/24", true),
            ("fd.net = 192.168.0.0/16", false),
            ("fd.net != 10.0.0.0/8", false),
            ("fd.net != 192.168.0.0/16", true),
            ("fd.port = 443", true),
            ("fd.port = 34567", true),
            ("fd.port = 80", false),
            ("fd.port != 443", false),
            ("fd.port != 80", true),
            ("fd.port in (80, 443)", true),
            ("fd.port > 40000", false),
            ("fd.port > 1000", true),
            ("fd.sport = 443", true),
            ("fd.sport = https", true),
            ("fd.sport in (http, https)", true),
            ("fd.sport != https", false),
            ("fd.cport = 34567", true),
            ("fd.sport > 442", true),
            ("fd.l4proto = tcp", true),
        ],
    );
    assert!(matches!(
        err("fd.sport = nosuchservice"),
        CompileError::InvalidValue { .. }
    ));
    assert!(matches!(
        err("fd.sip = 10.0.0.0/8"),
        CompileError::InvalidValue { .. }
    ));
    assert!(matches!(
        err("fd.sip = 999.1.1.1"),
        CompileError::InvalidValue { .. }
    ));
    assert!(matches!(
        err("fd.sip contains 10"),
        CompileError::OperatorNotSupported { .. }
    ));
    // With a modifier only = and != apply to addresses.
    assert!(eval(
        &fx.st,
        &ev,
        "fd.sip == anyof (1.1.1.1, 93.184.216.34)"
    ));
    assert!(eval(&fx.st, &ev, "fd.sip != allof (1.1.1.1, 2.2.2.2)"));
    assert!(eval(&fx.st, &ev, "fd.snet == anyof (93.0.0.0/8)"));
    assert_eq!(
        err("fd.sip contains anyof (10.0.0.5)").to_string(),
        "'contains' with modifier not supported for ip address and network filters"
    );
}

#[test]
fn ipv6_addresses() {
    let mut fx = Fx::new();
    fx.apply(mk::socket(200, af::AF_INET6, sock::SOCK_STREAM, 0, 6).build());
    let tuple = SockTuple::Inet6 {
        sip: "2001:db8::1".parse().unwrap(),
        sport: 40000,
        dip: "2001:db8::2".parse().unwrap(),
        dport: 22,
    };
    let ev = fx.apply(mk::connect(200, 6, tuple, 0).build());
    expect(
        &fx.st,
        &ev,
        &[
            ("fd.sip = 2001:db8::2", true),
            ("fd.sip = \"2001:db8:0:0:0:0:0:2\"", true),
            ("fd.snet = \"2001:db8::/32\"", true),
            ("fd.snet = 10.0.0.0/8", false),
            ("fd.ip = 2001:db8::1", true),
            ("fd.sport = ssh", true),
        ],
    );
}

#[test]
fn buffer_operators() {
    let mut fx = Fx::new();
    let ev = fx.send_ev(b"GET /index HTTP/1.1\r\n");
    expect(
        &fx.st,
        &ev,
        &[
            ("evt.buffer exists", true),
            ("evt.buffer contains GET", true),
            ("evt.buffer startswith GET", true),
            ("evt.buffer endswith HTTP", false),
            ("evt.buffer bcontains 48545450", true),
            ("evt.buffer bcontains 4854545a", false),
            ("evt.buffer bstartswith 474554", true),
            ("evt.buffer bstartswith 4854", false),
            ("evt.buffer bstartswith 474554202f", true),
            ("evt.buffer = GET", false),
            ("evt.buffer != GET", true),
            ("evt.buffer in (GET)", false),
            ("len(evt.buffer) = 21", true),
        ],
    );
    // libsinsp supported_operators: bcontains/bstartswith take hex only.
    for c in [
        "evt.buffer bstartswith g",
        "evt.buffer bstartswith 123Z",
        "evt.buffer bstartswith abc_1",
        "evt.buffer bcontains 123",
    ] {
        assert!(matches!(err(c), CompileError::InvalidValue { .. }), "{c}");
    }
    // Buffers are not C strings: a NUL inside is compared too.
    let ev2 = fx.send_ev(b"ab\0cd");
    assert!(eval(&fx.st, &ev2, "evt.buffer bcontains 006364"));
    assert!(eval(&fx.st, &ev2, "len(evt.buffer) = 5"));
    assert!(!eval(&fx.st, &ev2, "evt.buffer bcontains 6465"));
}

#[test]
fn list_fields_in_intersects_and_len() {
    let mut fx = Fx::new();
    fx.apply(mk::socket(200, af::AF_INET, sock::SOCK_STREAM, 0, 4).build());
    let ev = fx.open_ev();
    expect(
        &fx.st,
        &ev,
        &[
            ("fd.types exists", true),
            // `in`: every value is in the set; `intersects`: some value is.
            ("fd.types in (file, ipv4)", true),
            ("fd.types in (file, ipv4, unix)", true),
            ("fd.types in (file)", false),
            ("fd.types intersects (file)", true),
            ("fd.types intersects (unix, pipe)", false),
            ("len(fd.types) = 2", true),
            ("fd.types[3] = file", true),
            ("fd.types[4] in (ipv4)", true),
            ("tolower(fd.types) intersects (file)", true),
        ],
    );
    for c in [
        "fd.types = file",
        "fd.types contains f",
        "fd.types pmatch (/x)",
        "fd.types != file",
    ] {
        assert!(
            matches!(err(c), CompileError::OperatorNotSupported { .. }),
            "{c}"
        );
    }
    assert_eq!(
        err("fd.types = file").to_string(),
        "'=' operator not supported for list filters"
    );
}

#[test]
fn list_fields_on_a_process_without_fds() {
    let mut fx = Fx::new();
    seed(&mut fx.st, 300, 1, "/usr/bin/true", &["true"], &[]);
    // A close of an fd the state never saw: an fd event of a known thread without any fd.
    let ev = fx.apply(mk::close(300, 9, 0).build());
    expect(
        &fx.st,
        &ev,
        &[
            ("fd.types exists", true),
            ("fd.types in (file)", true),
            ("fd.types intersects (file)", false),
            ("len(fd.types) = 0", true),
        ],
    );
}

#[test]
fn modifiers() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    // libsinsp cmp_operator_modifiers, with proc.name = cat for "myexe".
    let cases: &[(&str, bool)] = &[
        ("proc.name == oneof (cat, bash)", true),
        ("proc.name == oneof (cat)", true),
        ("proc.name == oneof (bash, sh)", false),
        ("proc.name == oneof (cat, cat)", false),
        ("proc.name == anyof (cat, bash)", true),
        ("proc.name == anyof (bash, sh)", false),
        ("proc.name == anyof (cat, cat)", true),
        ("proc.name == allof (cat)", true),
        ("proc.name == allof (cat, bash)", false),
        ("proc.name == allof (cat, cat)", true),
        ("proc.name != oneof (cat, cat, bash)", true),
        ("proc.name != oneof (cat, cat)", false),
        ("proc.name != oneof (bash, sh)", false),
        ("proc.name != oneof (cat, bash)", true),
        ("proc.name != anyof (bash, sh)", true),
        ("proc.name != allof (bash, sh)", true),
        ("proc.name != allof (cat, bash)", false),
        ("proc.name contains oneof (ca, bash)", true),
        ("proc.name contains oneof (c, at)", false),
        ("proc.name contains allof (c, at)", true),
        ("proc.name icontains anyof (CA, BASH)", true),
        ("proc.name icontains allof (CA, BASH)", false),
        ("proc.name startswith oneof (c, b)", true),
        ("proc.name startswith allof (c, ca)", true),
        ("proc.name endswith anyof (t, sh)", true),
        ("proc.name endswith oneof (t, at)", false),
        ("proc.name glob oneof (c*, bash)", true),
        ("proc.name glob oneof (c*, *t)", false),
        ("proc.name glob allof (c*, *t)", true),
        ("proc.name iglob anyof (C*, BASH)", true),
        ("proc.name regex oneof (c.*, b.*)", true),
        ("proc.name regex allof (c.*, .*t)", true),
        ("proc.name regex anyof (b.*, sh.*)", false),
        ("toupper(proc.name) == oneof (CAT, BASH)", true),
        ("toupper(proc.name) != allof (BASH, SH)", true),
        ("toupper(proc.name) != allof (CAT, BASH)", false),
        ("proc.name == oneof ()", false),
        ("proc.name == anyof ()", false),
        ("proc.name == allof ()", false),
        ("proc.name != allof ()", false),
        (
            "proc.name == oneof (cat) and proc.name != allof (bash, sh)",
            true,
        ),
        (
            "proc.name == anyof (cat, bash) or proc.name != oneof (cat)",
            true,
        ),
        // Modifiers on other types and on evt.type.
        ("proc.pid == anyof (1, 200)", true),
        ("proc.pid == oneof (200, 200)", false),
        ("proc.pid != allof (1, 2)", true),
        ("evt.is_open_read == anyof (true)", true),
        ("evt.type == oneof (openat, open)", true),
        ("evt.type == oneof (openat, openat)", false),
        ("evt.type == allof (openat, open)", false),
        ("evt.type != anyof (open, execve)", true),
        ("evt.type == anyof ()", false),
    ];
    expect(&fx.st, &ev, cases);
    assert!(matches!(
        err("evt.type == anyof (nosuchevent)"),
        CompileError::UnknownEventType { .. }
    ));
}

#[test]
fn field_to_field_comparisons() {
    let mut fx = Fx::new();
    seed(&mut fx.st, 400, 100, "/usr/bin/bash", &["bash"], &[]);
    let ev = fx.apply(mk::chdir(400, "/tmp", 0).build());
    expect(
        &fx.st,
        &ev,
        &[
            ("proc.name = val(proc.pname)", true),
            ("proc.name != val(proc.pname)", false),
            ("proc.name = proc.pname", false),
            ("proc.exepath = val(proc.pexepath)", true),
            ("proc.name startswith val(proc.pname)", true),
            ("proc.ppid = val(proc.pid)", false),
            ("proc.ppid < val(proc.pid)", true),
            ("proc.pid > val(proc.ppid)", true),
            ("tolower(proc.name) = tolower(proc.pname)", true),
            ("toupper(proc.name) = toupper(proc.pname)", true),
            (
                "tolower(toupper(proc.name)) = tolower(toupper(proc.pname))",
                true,
            ),
            ("tolower(proc.name) = toupper(proc.pname)", false),
            ("evt.source = val(evt.source)", true),
        ],
    );
    let mut fx2 = Fx::new();
    let ev2 = fx2.connect_ev();
    assert!(eval(&fx2.st, &ev2, "fd.sip != val(fd.cip)"));
    assert!(!eval(&fx2.st, &ev2, "fd.sip = val(fd.cip)"));
    assert!(eval(&fx2.st, &ev2, "fd.lip = val(fd.cip)"));
    assert!(eval(&fx2.st, &ev2, "fd.sport = val(fd.rport)"));
}

#[test]
fn field_to_field_errors() {
    // Types must be identical.
    let e = err("proc.name = val(evt.is_open_read)");
    assert_eq!(
        e.to_string(),
        "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'evt.is_open_read' has incompatible type 'BOOL'"
    );
    assert!(matches!(
        err("proc.pid = val(user.uid)"),
        CompileError::FieldTypeMismatch { .. }
    ));
    assert!(matches!(
        err("len(proc.name) = val(proc.pid)"),
        CompileError::FieldTypeMismatch { .. }
    ));
    // val() must hold a field (not a transformer): the parser already refuses it.
    assert!(parse("proc.name = val(tolower(toupper(proc.name)))").is_err());
    assert!(parse("proc.name = val(proc.name, evt.type)").is_err());
    // val() on the right only, one field, no argument, no list/regex operators, no modifier.
    for c in [
        "fd.name = val(proc.name)[x]",
        "proc.name pmatch val(proc.pname)",
        "proc.name regex val(proc.pname)",
        "fd.snet = val(fd.cip)",
        "proc.aname = val(proc.name)",
        "proc.name = val(proc.aname)",
        "fd.sip = val(fd.ip)",
    ] {
        match compile(c) {
            Err(CompileError::Unsupported { .. }) | Err(CompileError::FieldTypeMismatch { .. }) => {
            }
            other => panic!("{c}: {other:?}"),
        }
    }
    assert_eq!(
        err("fd.name = val(proc.name)[x]").to_string(),
        "transformer 'val' does not support field arguments"
    );
    assert_eq!(
        err("toupper(fd.name)[x] = foo").to_string(),
        "transformer 'toupper' does not support field arguments"
    );
    assert_eq!(
        err("proc.aname = val(proc.name)").to_string(),
        "field 'proc.aname' doesn't support right-hand side fields"
    );
    assert_eq!(
        err("proc.name = val(proc.aname)").to_string(),
        "field 'proc.aname' can't be used as a right-hand side field"
    );
    assert_eq!(
        err("fd.snet = val(fd.cip)").to_string(),
        "field type 'IPNET' doesn't support right-hand side fields"
    );
    let c = "proc.name = val(proc.nope)";
    let e = err(c);
    assert!(matches!(e, CompileError::UnknownField { .. }));
    assert_eq!(text_at(c, e.span()), "proc.nope");
}

#[test]
fn transformers() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    expect(
        &fx.st,
        &ev,
        &[
            ("toupper(proc.name) = CAT", true),
            ("tolower(toupper(proc.name)) = cat", true),
            ("tolower(proc.name) = CAT", false),
            ("basename(fd.name) = shadow", true),
            ("basename(proc.exepath) = cat", true),
            ("toupper(basename(fd.name)) = SHADOW", true),
            ("len(proc.name) = 3", true),
            ("len(proc.name) > 2", true),
            ("len(fd.name) = 11", true),
            ("len(basename(fd.name)) = 6", true),
            ("len(proc.args[1]) = 2", true),
            ("tolower(fd.name) glob /etc/*", true),
            ("toupper(fd.name) contains SHADOW", true),
            ("basename(proc.cwd) = ''", true),
        ],
    );
    // b64 decodes; invalid input has no value.
    let ev2 = fx.apply(mk::openat(200, AT_FDCWD, "Y2F0", O_RDONLY, 0, 7).build());
    assert!(eval(&fx.st, &ev2, "b64(fd.nameraw) = cat"));
    assert!(eval(&fx.st, &ev2, "len(b64(fd.nameraw)) = 3"));
    let ev3 = fx.apply(mk::openat(200, AT_FDCWD, "not*base64", O_RDONLY, 0, 8).build());
    assert!(!eval(&fx.st, &ev3, "b64(fd.nameraw) exists"));
    assert!(!eval(&fx.st, &ev3, "b64(fd.nameraw) != x"));
    // Type rules: string transformers on strings only, len on strings, buffers and lists.
    for c in [
        "toupper(evt.rawres) = -1",
        "tolower(evt.rawres) = -1",
        "b64(evt.rawres) = -1",
        "basename(evt.buffer) = x",
        "tolower(evt.buffer) = x",
        "len(proc.pid) = 1",
        "tolower(evt.is_open_read) = x",
        "toupper(evt.rawarg.res) = -1",
        "tolower(proc.aname) = x",
        "tolower(fd.ip) = x",
        "join(',', proc.name) = x",
        "len(proc.name) contains 1",
    ] {
        assert!(compile(c).is_err(), "{c}");
    }
    assert_eq!(
        err("toupper(evt.rawres) = -1").to_string(),
        "can't add field transformer: type 'INT64' is not supported by 'toupper' transformer applied on field 'evt.rawres'"
    );
    assert_eq!(
        err("len(proc.name) contains 1").to_string(),
        "'contains' operator not supported for numeric filters"
    );
    assert_eq!(
        err("tolower(evt.rawarg.res) = x").to_string(),
        "field 'evt.rawarg.res' does not support transformers"
    );
}

#[test]
fn ancestor_fields() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    // cat(200) → bash(100) → sshd(50) → init(1).
    expect(
        &fx.st,
        &ev,
        &[
            ("proc.aname = bash", true),
            ("proc.aname = sshd", true),
            ("proc.aname = init", true),
            // The process itself is not an ancestor.
            ("proc.aname = cat", false),
            ("proc.aname != sshd", true),
            ("proc.aname in (sshd, dockerd)", true),
            ("proc.aname contains ss", true),
            ("proc.aname startswith ini", true),
            ("proc.aname[0] = cat", true),
            ("proc.aname[1] = bash", true),
            ("proc.aname[2] = sshd", true),
            ("proc.aname[2] != sshd", false),
            ("proc.aname[3] = init", true),
            ("proc.aname[4] = init", false),
            ("proc.aname[4] != init", false),
            ("proc.apid = 50", true),
            ("proc.apid = 200", false),
            ("proc.apid[1] = 100", true),
            ("proc.aexepath = /usr/sbin/sshd", true),
            ("proc.aexe = sshd", true),
            ("proc.acmdline = \"sshd -D\"", true),
            ("proc.pname = bash", true),
            ("proc.pname != bash", false),
            ("proc.sname exists", true),
        ],
    );
    // With a single ancestor, `!=` is true only if it differs.
    let ev2 = fx.apply(mk::chdir(50, "/", 0).build());
    assert!(!eval(&fx.st, &ev2, "proc.aname != init"));
    assert!(eval(&fx.st, &ev2, "proc.aname != bash"));
    // init has no ancestor: every ancestor check is false.
    let ev3 = fx.apply(mk::chdir(1, "/", 0).build());
    assert!(!eval(&fx.st, &ev3, "proc.aname != x"));
    assert!(!eval(&fx.st, &ev3, "proc.aname exists"));
    assert!(eval(&fx.st, &ev3, "proc.aname[0] = init"));
}

#[test]
fn env_and_keyed_fields() {
    let mut fx = Fx::new();
    let ev = fx.apply(mk::chdir(100, "/", 0).build());
    expect(
        &fx.st,
        &ev,
        &[
            ("proc.env[HOME] = /root", true),
            ("proc.env[TERM] startswith xt", true),
            // An unset variable reads as the empty string, as in libsinsp.
            ("proc.env[NOPE] = ''", true),
            ("proc.env[NOPE] != x", true),
            ("proc.env contains \"TERM=xterm\"", true),
        ],
    );
}

#[test]
fn event_type_sets() {
    let mut fx = Fx::new();
    let ev = fx.open_ev();
    expect(
        &fx.st,
        &ev,
        &[
            ("evt.type = openat", true),
            ("evt.type == openat", true),
            ("evt.type = open", false),
            ("evt.type != open", true),
            ("evt.type != openat", false),
            ("evt.type in (open, openat, openat2)", true),
            ("evt.type in (execve)", false),
            ("evt.type intersects (openat)", true),
            ("not evt.type in (execve, clone)", true),
            ("evt.type startswith open", true),
            ("tolower(evt.type) = openat", true),
            ("syscall.type = openat", true),
            ("evt.type exists", true),
        ],
    );
    for (c, bad) in [
        ("evt.type = nosuchevent", "nosuchevent"),
        ("evt.type in (open, nosuch)", "(open, nosuch)"),
        ("evt.type != nosuch", "nosuch"),
        ("evt.type startswith ope", "ope"),
        ("evt.type > 1", "1"),
    ] {
        let e = err(c);
        assert!(
            matches!(e, CompileError::UnknownEventType { .. }),
            "{c}: {e:?}"
        );
        assert!(e.is_unknown_filter());
        assert_eq!(text_at(c, e.span()), bad, "{c}");
    }
    assert_eq!(
        err("evt.type = nosuchevent").to_string(),
        "unknown event type nosuchevent"
    );
    // Syscall names without their own event are event types too.
    assert!(compile("evt.type in (mlock, ppoll, procexit, container)").is_ok());
    let clone = EventBuilder::new(EventType::from_name("chdir").unwrap())
        .tid(200)
        .res(0)
        .build();
    assert!(eval(
        &fx.st,
        &clone,
        "evt.type = chdir and evt.type != open"
    ));
}

#[test]
fn unknown_fields_and_operator_errors_carry_spans() {
    let c = "evt.type = open and proc.nam = cat";
    let e = err(c);
    assert!(matches!(e, CompileError::UnknownField { .. }));
    assert!(e.is_unknown_filter());
    assert_eq!(
        e.to_string(),
        "filter_check called with nonexistent field proc.nam"
    );
    assert_eq!(text_at(c, e.span()), "proc.nam");

    for (c, field) in [
        ("evt.arg.nosuchparam = 1", "evt.arg.nosuchparam"),
        ("proc.name[1] = x", "proc.name[1]"),
        ("proc.aname[x] = x", "proc.aname[x]"),
        ("evt.arg = x", "evt.arg"),
    ] {
        let e = err(c);
        assert!(matches!(e, CompileError::UnknownField { .. }), "{c}: {e:?}");
        assert_eq!(text_at(c, e.span()), field, "{c}");
    }

    let c = "proc.name = cat or proc.pid contains 1";
    let e = err(c);
    assert!(matches!(e, CompileError::OperatorNotSupported { .. }));
    assert_eq!(
        e.to_string(),
        "'contains' operator not supported for numeric filters"
    );
    assert_eq!(text_at(c, e.span()), "proc.pid contains 1");

    // libsinsp operators_field_types_compatibility, on this engine's fields.
    let table: &[(&str, &[&str], &[&str])] = &[
        (
            "evt.rawtime",
            &[
                "exists",
                "= 1",
                "!= 1",
                "< 1",
                "<= 1",
                "> 1",
                ">= 1",
                "in (1)",
                "intersects (1)",
            ],
            &[
                "contains 1",
                "icontains 1",
                "startswith 1",
                "glob 1",
                "pmatch (1)",
                "endswith 1",
                "bcontains 303000",
                "bstartswith 303000",
                "iglob 1",
                "regex '1'",
            ],
        ),
        (
            "evt.is_open_read",
            &[
                "exists",
                "= true",
                "!= true",
                "in (true)",
                "intersects (true)",
            ],
            &[
                "< true",
                "<= true",
                "> true",
                ">= true",
                "contains true",
                "icontains true",
                "startswith true",
                "glob true",
                "pmatch (true)",
                "endswith true",
                "bcontains 7472756500",
                "iglob true",
                "regex '1'",
            ],
        ),
        (
            "evt.buffer",
            &[
                "exists",
                "= test",
                "!= test",
                "contains test",
                "in (test)",
                "intersects (test)",
                "startswith test",
                "endswith test",
                "bcontains 303000",
                "bstartswith 303000",
            ],
            &[
                "< 1",
                "<= 2",
                "> 3",
                ">= 4",
                "icontains test",
                "glob test",
                "pmatch (test)",
                "iglob test",
                "regex '.*'",
            ],
        ),
        (
            "fd.name",
            &[
                "exists",
                "= true",
                "!= true",
                "< 1",
                "<= 1",
                "> 1",
                ">= 1",
                "contains true",
                "in (true)",
                "intersects (true)",
                "icontains true",
                "startswith true",
                "glob true",
                "pmatch (true)",
                "endswith true",
                "iglob true",
                "regex '/home/.*/dev'",
            ],
            &["bcontains 303000", "bstartswith 303000"],
        ),
        (
            "proc.pid",
            &[
                "exists",
                "= 1",
                "!= 1",
                "< 1",
                "<= 1",
                "> 1",
                ">= 1",
                "in (1)",
                "intersects (1)",
            ],
            &[
                "contains 1",
                "icontains 1",
                "startswith 1",
                "glob 1",
                "pmatch (1)",
                "endswith 1",
                "bcontains 303000",
                "bstartswith 303000",
                "iglob 1",
                "regex '1'",
            ],
        ),
        (
            "fd.ip",
            &[
                "exists",
                "= 127.0.0.1",
                "!= 127.0.0.1",
                "in (127.0.0.1)",
                "intersects (127.0.0.1)",
                "== anyof (127.0.0.1)",
                "!= allof (127.0.0.1)",
            ],
            &[
                "< 127",
                "<= 127",
                "> 127",
                ">= 127",
                "contains 127.0.0.1",
                "icontains 127.0.0.1",
                "startswith 127.0.0.1",
                "glob 127.0.0.1",
                "pmatch (127.0.0.1)",
                "endswith 127.0.0.1",
                "iglob 127.0.0.1",
                "regex '.*'",
                "contains anyof (127.0.0.1)",
                "regex allof ('.*')",
            ],
        ),
        (
            "fd.net",
            &[
                "exists",
                "= 127.0.0.1/32",
                "!= 127.0.0.1/32",
                "in (127.0.0.1/32)",
                "intersects (127.0.0.1/32)",
                "== anyof (127.0.0.1/32)",
                "!= allof (127.0.0.1/32)",
            ],
            &[
                "< 127",
                "contains 127.0.0.1/32",
                "startswith 127.0.0.1/32",
                "glob 127.0.0.1/32",
                "pmatch (127.0.0.1/32)",
                "regex '.*'",
                "contains anyof (127.0.0.1/32)",
                "startswith allof (127.0.0.1/32)",
            ],
        ),
        (
            "fd.port",
            &[
                "exists",
                "= 1",
                "!= 1",
                "< 1",
                "<= 1",
                "> 1",
                ">= 1",
                "in (1)",
                "intersects (1)",
            ],
            &[
                "contains 1",
                "icontains 1",
                "startswith 1",
                "glob 1",
                "pmatch (1)",
                "endswith 1",
                "iglob 1",
                "regex '1'",
            ],
        ),
        (
            "proc.pid.ts",
            &[
                "exists",
                "= 1",
                "!= 1",
                "< 1",
                ">= 1",
                "in (1)",
                "intersects (1)",
            ],
            &["contains 1", "glob 1", "pmatch (1)", "regex '1'"],
        ),
        (
            "evt.count",
            &[
                "exists",
                "= 1",
                "!= 1",
                "< 1",
                "<= 1",
                "> 1",
                ">= 1",
                "in (1)",
                "intersects (1)",
            ],
            &[
                "contains 1",
                "icontains 1",
                "startswith 1",
                "glob 1",
                "endswith 1",
                "iglob 1",
                "regex '1'",
            ],
        ),
        (
            "evt.num",
            &[
                "exists",
                "= 1",
                "!= 1",
                "< 1",
                "<= 1",
                "> 1",
                ">= 1",
                "in (1)",
                "intersects (1)",
            ],
            &[
                "contains 1",
                "icontains 1",
                "startswith 1",
                "glob 1",
                "pmatch (1)",
                "endswith 1",
                "bcontains 303000",
                "iglob 1",
                "regex '1'",
            ],
        ),
    ];
    for (field, ok, bad) in table {
        for rest in *ok {
            let c = format!("{field} {rest}");
            if let Err(e) = compile(&c) {
                panic!("{c}: {e}");
            }
        }
        for rest in *bad {
            // Refused by the grammar (ordering operators take numbers) or by the compiler.
            let c = format!("{field} {rest}");
            assert!(
                parse(&c).map_or(true, |e| Program::compile(&e).is_err()),
                "{c}: expected an error"
            );
        }
    }
}

#[test]
fn nul_bytes_in_constants() {
    // libsinsp filter_nul_byte_value.
    for c in [
        "proc.name = \"\\x00\"",
        "proc.name contains \"\\x00\"",
        "proc.name icontains \"\\x00\"",
        "proc.name startswith \"\\x00\"",
        "proc.name endswith \"\\x00\"",
        "proc.name pmatch (\"\\x00\")",
        "proc.name glob \"\\x00?\"",
        "proc.name regex \"\\x00\"",
        "proc.name in (a, \"\\x00\")",
        "evt.buffer bcontains \"\\x00\"",
        "evt.buffer bstartswith \"\\x00\"",
    ] {
        assert!(compile(c).is_err(), "{c}: expected an error");
    }
    assert!(compile("evt.buffer = \"\\x00\"").is_ok());
}

#[test]
fn compiler_hints() {
    let hints = |c: &str| -> Vec<String> {
        compile(c)
            .unwrap_or_else(|e| panic!("{c}: {e}"))
            .warnings()
            .iter()
            .map(|w| w.message.clone())
            .collect()
    };
    assert_eq!(
        hints("proc.name = proc.pname"),
        ["'proc.pname' may be a valid field misused as a const string value"]
    );
    assert_eq!(hints("proc.name in (bash, proc.pname)").len(), 1);
    assert_eq!(
        hints("proc.name = 'toupper( proc.pname)'"),
        ["'toupper( proc.pname)' may be a valid field transformer misused as a const string value"]
    );
    assert!(hints("proc.name = toupper(proc.pname)").is_empty());
    assert!(hints("proc.name = bash").is_empty());
    assert_eq!(
        hints("proc.name regex bash"),
        ["regex check with 'bash' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'"]
    );
    let c = "evt.type = open and proc.name = proc.pname";
    let p = compile(c).unwrap();
    assert_eq!(text_at(c, p.warnings()[0].span), "proc.pname");
    assert_eq!(
        text_at(c, p.warnings()[0].check_span),
        "proc.name = proc.pname"
    );
}

#[test]
fn scratch_is_reused_without_growth_across_events() {
    // The evaluation path keeps its buffers: after a warm-up the scratch capacity is stable.
    let mut fx = Fx::new();
    let p = compile("tolower(fd.name) contains shadow and proc.name = val(proc.pname) or fd.name regex '/etc/.*'").unwrap();
    let mut sc = EvalScratch::default();
    let ev = fx.open_ev();
    for _ in 0..3 {
        let ctx = EvalCtx::new(&ev, &fx.st);
        assert!(p.matches(&ctx, &mut sc));
    }
}

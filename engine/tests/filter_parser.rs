//! Conformance of the condition parser with libsinsp's `filter_parser.ut.cpp`: every accepted and
//! rejected input (data files under `tests/data/filter/`), the exact-AST cases, the position
//! cases and the error-message cases.

use std::path::PathBuf;

use syssentry_engine::filter::ast::{Expr, ExprKind, Span};
use syssentry_engine::filter::parse::{line_col, parse, Parser, ParseErrorKind};

fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/filter").join(name)
}

/// Decodes one line of a data file (see the header of the files for the escapes).
fn decode_line(line: &str) -> String {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            match b[i + 1] {
                b'\\' => out.push(b'\\'),
                b'n' => out.push(b'\n'),
                b't' => out.push(b'\t'),
                b'r' => out.push(b'\r'),
                b'x' => {
                    let hex = std::str::from_utf8(&b[i + 2..i + 4]).expect("hex digits");
                    out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
                    i += 4;
                    continue;
                }
                other => panic!("bad escape \\{} in data line {line:?}", other as char),
            }
            i += 2;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("data lines decode to utf-8")
}

fn cases(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(data_path(name)).expect("read data file");
    text.lines().filter(|l| !l.starts_with("## ")).map(decode_line).collect()
}

/// The whitespace variants libsinsp's `test_accept` also checks.
fn variants(input: &str) -> Vec<String> {
    let padded = format!(" {input} ");
    let lf = padded.replace(' ', "\n");
    let tab = lf.replace('\n', "\t");
    vec![input.to_string(), padded, lf, tab]
}

#[test]
fn accepts_every_upstream_accept_case_with_whitespace_variants() {
    let all = cases("accept.txt");
    assert_eq!(all.len(), 327);
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &all {
        for v in variants(case) {
            checked += 1;
            if let Err(e) = parse(&v) {
                failures.push(format!("{v:?}: {e} at {}:{}", e.line, e.column));
            }
        }
    }
    assert_eq!(checked, 327 * 4);
    assert!(failures.is_empty(), "{} rejected:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn accepts_the_exact_accept_cases() {
    let all = cases("accept_exact.txt");
    assert_eq!(all.len(), 8);
    for case in &all {
        if let Err(e) = parse(case) {
            panic!("{case:?} rejected: {e}");
        }
    }
}

#[test]
fn rejects_every_upstream_reject_case() {
    let all = cases("reject.txt");
    assert_eq!(all.len(), 191);
    let accepted: Vec<_> = all.iter().filter(|c| parse(c).is_ok()).collect();
    assert!(accepted.is_empty(), "{} accepted:\n{accepted:#?}", accepted.len());
}

// ---- builders for expected trees (spans are ignored by `same_shape`) -----------------------

fn node(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}
fn field(name: &str) -> Expr {
    node(ExprKind::Field { name: name.into(), arg: None })
}
fn value(v: &str) -> Expr {
    node(ExprKind::Value(v.into()))
}
fn ident(v: &str) -> Expr {
    node(ExprKind::Identifier(v.into()))
}
fn list(values: &[&str]) -> Expr {
    node(ExprKind::List(values.iter().map(|s| s.to_string()).collect()))
}
fn unary(left: Expr, op: &str) -> Expr {
    node(ExprKind::UnaryCheck { left: Box::new(left), op: op.into() })
}
fn binary(left: Expr, op: &str, right: Expr) -> Expr {
    node(ExprKind::BinaryCheck { left: Box::new(left), op: op.into(), right: Box::new(right) })
}
fn and(c: Vec<Expr>) -> Expr {
    node(ExprKind::And(c))
}
fn or(c: Vec<Expr>) -> Expr {
    node(ExprKind::Or(c))
}
fn not(c: Expr) -> Expr {
    node(ExprKind::Not(Box::new(c)))
}
fn tr(name: &str, v: Expr) -> Expr {
    node(ExprKind::Transformer { name: name.into(), values: vec![v], arg: None })
}

fn assert_ast(input: &str, expected: &Expr) {
    let got = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    assert!(got.same_shape(expected), "{input:?}\n  expected: {expected}\n  actual:   {got}\n  {got:?}");
}

#[test]
fn expr_all_node_types() {
    let expected = or(vec![
        and(vec![unary(field("evt.name"), "exists"), binary(field("evt.type"), "in", list(&["a", "b"]))]),
        binary(field("proc.name"), "=", value("cat")),
    ]);
    assert_ast("evt.name exists and evt.type in (a, b) or proc.name=cat", &expected);
}

#[test]
fn expr_transformers() {
    let expected = or(vec![
        and(vec![
            unary(tr("b64", field("evt.name")), "exists"),
            binary(tr("tolower", tr("toupper", field("evt.type"))), "in", tr("val", field("some.field"))),
        ]),
        binary(field("proc.name"), "=", tr("b64", tr("tolower", field("some.field")))),
    ]);
    assert_ast(
        "b64(evt.name) exists and tolower(toupper(evt.type)) in val(some.field) or proc.name=b64(tolower(some.field))",
        &expected,
    );
}

#[test]
fn expr_multi_negation() {
    assert_ast("not not not not not(not not(not not_macro))", &not(not(ident("not_macro"))));
}

#[test]
fn str_op_modifier_asts() {
    let pn = || field("proc.name");
    assert_ast("proc.name == oneof (cat, nginx)", &binary(pn(), "== oneof", list(&["cat", "nginx"])));
    assert_ast("proc.name != anyof (cat, nginx)", &binary(pn(), "!= anyof", list(&["cat", "nginx"])));
    assert_ast("proc.name = allof (cat)", &binary(pn(), "= allof", list(&["cat"])));
    assert_ast("proc.name == oneof ()", &binary(pn(), "== oneof", list(&[])));
    // upstream: a value node; here a list name on the right is an Identifier (same printed form)
    assert_ast("proc.name == oneof my_list", &binary(pn(), "== oneof", ident("my_list")));
    assert_ast(
        "proc.name == oneof (cat, nginx) and fd.name exists",
        &and(vec![binary(pn(), "== oneof", list(&["cat", "nginx"])), unary(field("fd.name"), "exists")]),
    );
    assert_ast(
        "proc.name == anyof and fd.name exists",
        &and(vec![binary(pn(), "==", value("anyof")), unary(field("fd.name"), "exists")]),
    );
    assert_ast(
        "proc.name == oneof (cat) and proc.name == anyof",
        &and(vec![binary(pn(), "== oneof", list(&["cat"])), binary(pn(), "==", value("anyof"))]),
    );
    assert_ast("proc.name contains oneof (cat, nginx)", &binary(pn(), "contains oneof", list(&["cat", "nginx"])));
    assert_ast("proc.name startswith anyof (/etc/, /tmp/)", &binary(pn(), "startswith anyof", list(&["/etc/", "/tmp/"])));
}

#[test]
fn str_op_modifier_canonical_round_trip() {
    let s1 = parse("proc.name == oneof (cat, nginx)").unwrap().to_string();
    let e2 = parse(&s1).unwrap();
    assert_eq!(e2.to_string(), s1);
    assert!(parse("proc.name == oneof (cat, nginx)").unwrap().same_shape(&e2));
    for input in [
        "proc.name != anyof (cat, nginx, apache)",
        "proc.name contains oneof (cat, nginx)",
        "proc.name startswith anyof (/etc/, /tmp/)",
        "proc.name glob allof (cat*, *nginx*)",
    ] {
        assert_eq!(parse(input).unwrap().to_string(), input);
    }
}

#[test]
fn canonical_forms_of_field_and_transformer_args() {
    let cases = [
        (r#"getopt(proc.args, "nt:")[t] = value"#, "getopt(proc.args,nt:)[t] = value"),
        ("evt.arg[0] = value", "evt.arg[0] = value"),
        (r#"getopt(proc.args, "nt:")["t"] = value"#, "getopt(proc.args,nt:)[t] = value"),
        ("evt.arg[key] = value", "evt.arg[key] = value"),
        (r#"evt.arg["key with space"] = value"#, r#"evt.arg["key with space"] = value"#),
    ];
    for (input, canonical) in cases {
        assert_eq!(parse(input).unwrap().to_string(), canonical, "{input}");
    }
}

fn left_arg(input: &str) -> Option<String> {
    match parse(input).unwrap().kind {
        ExprKind::BinaryCheck { left, .. } => match left.kind {
            ExprKind::Field { arg, .. } | ExprKind::Transformer { arg, .. } => arg,
            other => panic!("unexpected left side {other:?}"),
        },
        other => panic!("not a check: {other:?}"),
    }
}

#[test]
fn field_and_transformer_args_are_optional_and_may_be_empty() {
    assert_eq!(left_arg("test.str = value"), None);
    assert_eq!(left_arg(r#"test.str[""] = value"#), Some(String::new()));
    assert!(!parse("test.str = value").unwrap().same_shape(&parse(r#"test.str[""] = value"#).unwrap()));
    assert_eq!(left_arg(r#"getopt(proc.args, "nt:") = value"#), None);
    assert_eq!(left_arg(r#"getopt(proc.args, "nt:")[""] = value"#), Some(String::new()));
}

fn reject_msg(input: &str, msg: &str) {
    match parse(input) {
        Ok(e) => panic!("{input:?} accepted as {e}"),
        Err(e) => assert_eq!(e.to_string(), msg, "{input:?}"),
    }
}

#[test]
fn field_arg_error_messages() {
    reject_msg("evt.arg[] = value", "expected a valid field argument: a quoted string or a bare string");
    reject_msg(r#"evt.arg["x" = value"#, "expected a ']' token");
    reject_msg(r#"getopt(proc.args, "nt:")[] = value"#, "expected a valid field argument: a quoted string or a bare string");
    reject_msg(r#"getopt(proc.args, "nt:")["t" = value"#, "expected a ']' token");
}

#[test]
fn recursion_depth_limit() {
    let deep = "(".repeat(100_000);
    let err = Parser::new().max_depth(100).parse(&deep).unwrap_err();
    assert_eq!(err.to_string(), "exceeded max depth limit of 100");
    assert_eq!(err.kind, ParseErrorKind::DepthExceeded { max: 100 });
    assert!(Parser::new().max_depth(100).parse("((((((((((a))))))))))").is_ok());
    // Falco's limit of 1000 is the default.
    let err = parse(&deep).unwrap_err();
    assert_eq!(err.to_string(), "exceeded max depth limit of 1000");
}

/// Where the parser stands after `input`: upstream's `get_pos()` after a successful parse is
/// always the end of the input.
#[test]
fn position_after_parse() {
    let cases = [
        ("a and b", 7, 1, 8),
        ("a and b    ", 11, 1, 12),
        ("not b", 5, 1, 6),
        ("not b    ", 9, 1, 10),
        ("a    ", 5, 1, 6),
        ("a \n and \n  b", 12, 3, 4),
        ("a \n and \n not \n b", 17, 4, 3),
    ];
    for (input, idx, line, col) in cases {
        assert!(parse(input).is_ok());
        assert_eq!(input.len(), idx);
        assert_eq!(line_col(input, input.len()), (line, col), "{input:?}");
    }
}

/// libsinsp's position visitor: kind name + start offset, line and column of every node.
fn positions(input: &str) -> String {
    fn walk(e: &Expr, text: &str, out: &mut String) {
        let kind = match &e.kind {
            ExprKind::And(_) => "and",
            ExprKind::Or(_) => "or",
            ExprKind::Not(_) => "not",
            ExprKind::Identifier(_) => "identifier",
            ExprKind::Value(_) => "value",
            ExprKind::List(_) => "list",
            ExprKind::TransformerList(_) => "transformer_list",
            ExprKind::UnaryCheck { .. } => "unary",
            ExprKind::BinaryCheck { .. } => "binary",
            ExprKind::Field { .. } => "field",
            ExprKind::Transformer { .. } => "transformer",
        };
        let start = e.span.start as usize;
        let (line, col) = line_col(text, start);
        out.push_str(&format!("{kind}{start} {line} {col}"));
        match &e.kind {
            ExprKind::And(c) | ExprKind::Or(c) => c.iter().for_each(|c| walk(c, text, out)),
            ExprKind::Not(c) => walk(c, text, out),
            ExprKind::UnaryCheck { left, .. } => walk(left, text, out),
            ExprKind::BinaryCheck { left, right, .. } => {
                walk(left, text, out);
                walk(right, text, out);
            }
            ExprKind::Transformer { values, .. } => values.iter().for_each(|c| walk(c, text, out)),
            _ => {}
        }
    }
    let e = parse(input).unwrap();
    let mut out = String::new();
    walk(&e, input, &mut out);
    out
}

#[test]
fn node_positions_match_upstream() {
    let cases = [
        ("proc.name exists", "unary0 1 1field0 1 1"),
        ("proc.name=nginx", "binary0 1 1field0 1 1value10 1 11"),
        ("proc.aname[3]=nginx", "binary0 1 1field0 1 1value14 1 15"),
        ("proc.name =nginx", "binary0 1 1field0 1 1value11 1 12"),
        ("proc.name= nginx", "binary0 1 1field0 1 1value11 1 12"),
        ("proc.name = nginx", "binary0 1 1field0 1 1value12 1 13"),
        ("proc.name in (nginx, apache)", "binary0 1 1field0 1 1list13 1 14"),
        ("proc.name in ( nginx, apache)", "binary0 1 1field0 1 1list13 1 14"),
        ("not proc.name=nginx", "not0 1 1binary4 1 5field4 1 5value14 1 15"),
        (
            "proc.name=nginx or proc.name=apache",
            "or0 1 1binary0 1 1field0 1 1value10 1 11binary19 1 20field19 1 20value29 1 30",
        ),
        (
            "(proc.name=nginx or proc.name=apache)",
            "or1 1 2binary1 1 2field1 1 2value11 1 12binary20 1 21field20 1 21value30 1 31",
        ),
        (
            "proc.name=nginx and proc.name=apache",
            "and0 1 1binary0 1 1field0 1 1value10 1 11binary20 1 21field20 1 21value30 1 31",
        ),
        (
            "(proc.name=nginx and proc.name=apache)",
            "and1 1 2binary1 1 2field1 1 2value11 1 12binary21 1 22field21 1 22value31 1 32",
        ),
        (
            "(proc.aname[2]=nginx and evt.type in (connect,accept)) or (not fd.name exists) or (proc.name=apache and evt.type=switch)",
            "or0 1 1and1 1 2binary1 1 2field1 1 2value15 1 16binary25 1 26field25 1 26list37 1 38not59 1 60unary63 1 64field63 1 64and83 1 84binary83 1 84field83 1 84value93 1 94binary104 1 105field104 1 105value113 1 114",
        ),
        (
            "b64(evt.name) exists and tolower(toupper(evt.type)) in val(some.field) or proc.name=b64(tolower(some.field))",
            "or0 1 1and0 1 1unary0 1 1transformer0 1 1field4 1 5binary25 1 26transformer25 1 26transformer33 1 34field41 1 42transformer55 1 56field59 1 60binary74 1 75field74 1 75transformer84 1 85transformer88 1 89field96 1 97",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(positions(input), expected, "{input:?}");
    }
}

#[test]
fn node_positions_multiline() {
    let input = "\n(proc.aname[2]=nginx\n     and evt.type in (connect,accept))\n   or (not fd.name exists)\n   or (proc.name=apache\n       and evt.type=switch)";
    // Upstream places the top-level `or` at offset 0, the blank before its first operand; our
    // spans start at the operand's first byte (1, line 2 column 1). Everything else is identical.
    let upstream_tail = "and2 2 2binary2 2 2field2 2 2value16 2 16binary31 3 10field31 3 10list43 3 22not68 4 8unary72 4 12field72 4 12and95 5 8binary95 5 8field95 5 8value105 5 18binary123 6 12field123 6 12value132 6 21";
    assert_eq!(positions(input), format!("or1 2 1{upstream_tail}"));
}

#[test]
fn transformer_list_positions() {
    let p = positions(r#"join("-", (fd.name, fd.directory)) = value"#);
    assert!(p.contains("transformer0 1 1"), "{p}");
    assert!(p.contains("transformer_list"), "{p}");
}

#[test]
fn modifier_positions() {
    let p = positions("proc.name == oneof (cat)");
    assert!(p.contains("binary0 1 1") && p.contains("field0 1 1") && p.contains("list19 1 20"), "{p}");
}

#[test]
fn supported_operator_and_transformer_lists() {
    use syssentry_engine::filter::parse::{list_operators, supported_operators, supported_transformers};
    let mut ops = supported_operators().to_vec();
    ops.sort_unstable();
    let mut expected = vec![
        "=", "==", "!=", "<=", ">=", "<", ">", "exists", "contains", "icontains", "bcontains", "glob", "iglob",
        "bstartswith", "startswith", "endswith", "in", "intersects", "pmatch", "regex",
    ];
    expected.sort_unstable();
    assert_eq!(ops, expected);
    assert_eq!(list_operators(), ["intersects", "in", "pmatch"]);
    assert_eq!(supported_transformers(), ["tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"]);
}

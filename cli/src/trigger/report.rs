//! What `syssentry trigger` prints: the action list, the verification table and its JSON form.
//!
//! Place in the data flow: after output; renders the verdicts of [`super::expect`].

use super::catalog::{Action, ACTIONS};
use super::expect::{Outcome, Verdict};
use serde_json::json;

/// `syssentry trigger list`: name, place, what it does, expected rules per ruleset.
pub fn list(json_out: bool) -> String {
    if json_out {
        let v: Vec<_> = ACTIONS
            .iter()
            .map(|a| {
                json!({
                    "action": a.name,
                    "does": a.does,
                    "container": a.place != super::catalog::Place::Host,
                    "runtime": a.place == super::catalog::Place::Runtime,
                    "expects": { "falco_stable": a.expects.falco_stable, "syssentry": a.expects.syssentry },
                })
            })
            .collect();
        return format!("{}\n", serde_json::Value::Array(v));
    }
    let mut s = String::new();
    for a in ACTIONS {
        s.push_str(&format!("{}\n    {}\n", a.name, a.does));
        s.push_str(&format!("    falco stable rules: {}\n", names(a.expects.falco_stable)));
        s.push_str(&format!("    syssentry rules:    {}\n", names(a.expects.syssentry)));
    }
    s
}

fn names(n: &[&str]) -> String {
    if n.is_empty() {
        "(none)".to_string()
    } else {
        n.join(", ")
    }
}

/// The line printed for an action performed without `--verify`.
pub fn performed_line(a: &Action, error: Option<&str>) -> String {
    let expects: Vec<&str> = a.expects.names().collect();
    match error {
        None => format!("{:<26} done; expected to fire: {}", a.name, names(&expects)),
        Some(e) => format!("{:<26} ERROR: {e}", a.name),
    }
}

/// The line printed for an action not run without `--verify` (no container runtime).
pub fn not_run_line(a: &Action, why: &str) -> String {
    format!("{:<26} not run: {why}", a.name)
}

/// The verification table: action, expected rules, alerts seen, result.
pub fn table(outcomes: &[Outcome]) -> String {
    let rows: Vec<[String; 4]> = outcomes
        .iter()
        .map(|o| {
            let result = match (&o.verdict, &o.error) {
                (Verdict::Error, Some(e)) => format!("ERROR: {e}"),
                (Verdict::Fail, _) if !o.wrong_metadata.is_empty() => {
                    let absent: Vec<&str> =
                        o.missing.iter().copied().filter(|m| !o.wrong_metadata.iter().any(|(r, _)| r == m)).collect();
                    let absent = if absent.is_empty() { String::new() } else { format!("missing: {}; ", absent.join(", ")) };
                    format!("FAIL ({absent}alerted without the container's metadata: {})", wrong_metadata(o).join("; "))
                }
                (Verdict::Fail, _) => format!("FAIL (missing: {})", o.missing.join(", ")),
                (Verdict::Unavailable, Some(e)) => format!("not run: {e}"),
                (v, _) => v.word().to_string(),
            };
            let seen = if o.seen.is_empty() { "-".to_string() } else { o.seen.join(", ") };
            let exp = if o.expected.is_empty() { "-".to_string() } else { o.expected.join(", ") };
            [o.action.to_string(), exp, seen, result]
        })
        .collect();
    let head = ["action", "expected rules", "alerts seen", "result"].map(String::from);
    let mut w = [0usize; 4];
    for r in std::iter::once(&head).chain(&rows) {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let mut s = String::new();
    for r in std::iter::once(&head).chain(&rows) {
        let line = format!("{:<a$}  {:<b$}  {:<c$}  {}", r[0], r[1], r[2], r[3], a = w[0], b = w[1], c = w[2]);
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// `rule: what its alert said` for each expected rule that alerted without the metadata.
fn wrong_metadata(o: &Outcome) -> Vec<String> {
    o.wrong_metadata.iter().map(|(rule, said)| format!("{rule}: {said}")).collect()
}

/// Counts by verdict: passed, failed, not covered, errors, skipped, not run.
pub fn counts(outcomes: &[Outcome]) -> [usize; 6] {
    let n = |v: Verdict| outcomes.iter().filter(|o| o.verdict == v).count();
    [n(Verdict::Pass), n(Verdict::Fail), n(Verdict::NotCovered), n(Verdict::Error), n(Verdict::Skipped), n(Verdict::Unavailable)]
}

/// The summary line.
pub fn summary(outcomes: &[Outcome]) -> String {
    let [p, f, nc, e, sk, nr] = counts(outcomes);
    let not_run = if nr > 0 { format!(", {nr} not run (no container runtime)") } else { String::new() };
    format!(
        "syssentry trigger: {p} passed, {f} failed, {nc} not covered by the loaded rules, {e} could not be performed, {sk} skipped{not_run}\n"
    )
}

/// The JSON form of a verification.
pub fn json(outcomes: &[Outcome], failed: bool) -> String {
    let [p, f, nc, e, sk, nr] = counts(outcomes);
    let actions: Vec<_> = outcomes
        .iter()
        .map(|o| {
            json!({
                "action": o.action,
                "expected": o.expected,
                "seen": o.seen,
                "missing": o.missing,
                "result": match o.verdict {
                    Verdict::Pass => "pass",
                    Verdict::Fail => "fail",
                    Verdict::NotCovered => "not_covered",
                    Verdict::Error => "error",
                    Verdict::Skipped => "skipped",
                    Verdict::Unavailable => "not_run",
                },
                "error": o.error,
                "wrong_metadata": wrong_metadata(o),
            })
        })
        .collect();
    let v = json!({
        "actions": actions,
        "passed": p, "failed": f, "not_covered": nc, "errors": e, "skipped": sk, "not_run": nr,
        "ok": !failed,
    });
    format!("{v}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(action: &'static str, expected: Vec<&'static str>, seen: &[&str], verdict: Verdict) -> Outcome {
        let missing = expected.iter().copied().filter(|e| !seen.contains(e)).collect();
        let seen = seen.iter().map(|s| s.to_string()).collect();
        Outcome { action, expected, seen, missing, verdict, error: None, wrong_metadata: Vec::new() }
    }

    #[test]
    fn table_names_missing_rules_and_aligns_columns() {
        let t = table(&[
            outcome("read-shadow", vec!["Read sensitive file untrusted"], &["Read sensitive file untrusted"], Verdict::Pass),
            outcome("ptrace-attach", vec!["PTRACE attached to process"], &[], Verdict::Fail),
            outcome("setns", vec![], &[], Verdict::NotCovered),
        ]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[2].ends_with("FAIL (missing: PTRACE attached to process)"), "{t}");
        assert!(lines[3].starts_with("setns ") && lines[3].ends_with("not covered by the loaded rules"), "{t}");
        let col = lines[0].find("expected rules").unwrap();
        assert_eq!(lines[1].find("Read sensitive"), Some(col), "{t}");
    }

    #[test]
    fn json_counts_verdicts() {
        let o = [outcome("a", vec!["R"], &["R"], Verdict::Pass), outcome("b", vec!["R"], &[], Verdict::Fail)];
        let v: serde_json::Value = serde_json::from_str(&json(&o, true)).unwrap();
        assert_eq!((v["passed"].as_u64(), v["failed"].as_u64(), v["ok"].as_bool()), (Some(1), Some(1), Some(false)));
        assert_eq!(v["actions"][1]["missing"][0], "R");
    }

    #[test]
    fn listing_shows_every_action() {
        let l = list(false);
        for a in ACTIONS {
            assert!(l.lines().any(|x| x == a.name), "{}", a.name);
        }
        let v: serde_json::Value = serde_json::from_str(&list(true)).unwrap();
        assert_eq!(v.as_array().map(Vec::len), Some(ACTIONS.len()));
    }
}

//! The verdicts of `syssentry trigger --verify`: which rules each action is expected to fire
//! given the rules loaded, which alerts belong to it (by process lineage, or for an action in a
//! real container by that container's id, with the metadata the alert must carry), pass or
//! fail, and whether the run as a whole failed. Pure functions over plain data.
//!
//! Place in the data flow: after output. Alerts the engine produced are matched to the actions
//! that caused them.

use super::catalog::Action;
use std::collections::BTreeSet;

/// The fields a runtime action's alert must carry, checked against what the action knows.
pub const METADATA_FIELDS: [&str; 4] = ["container.name", "container.image.repository", "container.image.tag", "user.name"];

/// An alert as the verifier keeps it: the rule, and the pid of the process that caused it
/// followed by its ancestors' pids (parent first), as the state tables knew them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeenAlert {
    /// The rule's name.
    pub rule: String,
    /// The process and its ancestors.
    pub lineage: Vec<i64>,
    /// The container id of the process (12 characters; empty on the host).
    pub container: String,
    /// The values of [`METADATA_FIELDS`] as the alert's event gave them (`<NA>` when unknown).
    pub metadata: Vec<(&'static str, String)>,
}

/// A runtime action's container and the metadata its alerts must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InContainer {
    /// The container's full id.
    pub id: String,
    /// Field and the value the alert must show.
    pub want: Vec<(&'static str, String)>,
}

/// How performing an action went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Performed {
    /// Its child process ran, with this pid.
    Ran {
        /// The pid of the action's child.
        pid: i64,
    },
    /// It ran in a real container.
    InContainer(InContainer),
    /// It needs something this host lacks (a container runtime); nothing was done.
    Unavailable {
        /// What is missing.
        why: String,
    },
    /// It could not be performed.
    Failed {
        /// Why.
        why: String,
    },
    /// It was not started (interrupted before its turn).
    Skipped,
}

/// The verdict on one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every expected rule alerted.
    Pass,
    /// At least one expected rule did not alert.
    Fail,
    /// None of the rules it expects is loaded and enabled: nothing could be verified.
    NotCovered,
    /// The action could not be performed.
    Error,
    /// The action was not started.
    Skipped,
    /// The action needs what this host lacks (a container runtime).
    Unavailable,
}

impl Verdict {
    /// The word the table shows.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::NotCovered => "not covered by the loaded rules",
            Verdict::Error => "ERROR",
            Verdict::Skipped => "skipped",
            Verdict::Unavailable => "not run",
        }
    }
}

/// The outcome of one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The action's name.
    pub action: &'static str,
    /// The expected rules that are loaded and enabled.
    pub expected: Vec<&'static str>,
    /// The rules that alerted for the action's processes (sorted, once each).
    pub seen: Vec<String>,
    /// Expected rules that did not alert.
    pub missing: Vec<&'static str>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why the action could not be performed (or was not run), if it could not.
    pub error: Option<String>,
    /// For an action in a container: expected rules that alerted, but not with the container's
    /// metadata, each with what its alert said instead (`field=value (expected want)`).
    pub wrong_metadata: Vec<(&'static str, String)>,
}

/// The action's expected rules that are among `loaded` (the loaded and enabled rule names).
pub fn expected(action: &Action, loaded: &BTreeSet<String>) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = action.expects.names().filter(|n| loaded.contains(*n)).collect();
    v.dedup();
    v
}

/// The rules of the alerts caused by the process `pid` or its descendants.
pub fn attributed(pid: i64, alerts: &[SeenAlert]) -> BTreeSet<&str> {
    alerts.iter().filter(|a| a.lineage.contains(&pid)).map(|a| a.rule.as_str()).collect()
}

/// The alerts of processes in the container `id` (alerts carry the 12-character short id).
fn in_container<'a>(id: &'a str, alerts: &'a [SeenAlert]) -> impl Iterator<Item = &'a SeenAlert> + 'a {
    alerts.iter().filter(move |a| a.container.len() >= 12 && id.starts_with(a.container.as_str()))
}

/// What an alert of the action's container shows that it should not: the wanted fields it gets
/// wrong, as `field=value (expected want)`.
fn metadata_mismatch(alert: &SeenAlert, want: &[(&'static str, String)]) -> Vec<String> {
    want.iter()
        .filter_map(|(field, value)| {
            let got = alert.metadata.iter().find(|(f, _)| f == field).map_or("<NA>", |(_, v)| v.as_str());
            (got != value).then(|| format!("{field}={got} (expected {value})"))
        })
        .collect()
}

/// Judges one action.
pub fn judge(action: &Action, loaded: &BTreeSet<String>, performed: &Performed, alerts: &[SeenAlert]) -> Outcome {
    let expected = expected(action, loaded);
    // Expected rules that alerted only without the container's metadata, and what they said.
    let mut wrong_metadata: Vec<(&'static str, String)> = Vec::new();
    let (seen, error): (Vec<String>, _) = match performed {
        Performed::Ran { pid } => (attributed(*pid, alerts).into_iter().map(str::to_string).collect(), None),
        Performed::InContainer(c) => {
            let mine: Vec<&SeenAlert> = in_container(&c.id, alerts).collect();
            let mut seen: Vec<String> = mine.iter().map(|a| a.rule.clone()).collect();
            seen.sort();
            seen.dedup();
            // An expected rule counts only if one of its alerts names the container right.
            for rule in &expected {
                let mismatches: Vec<Vec<String>> =
                    mine.iter().filter(|a| a.rule == *rule).map(|a| metadata_mismatch(a, &c.want)).collect();
                if !mismatches.is_empty() && mismatches.iter().all(|m| !m.is_empty()) {
                    wrong_metadata.push((*rule, mismatches[0].join(", ")));
                }
            }
            (seen, None)
        }
        Performed::Failed { why } | Performed::Unavailable { why } => (Vec::new(), Some(why.clone())),
        Performed::Skipped => (Vec::new(), None),
    };
    let missing: Vec<&'static str> =
        expected.iter().copied().filter(|e| !seen.iter().any(|s: &String| s == e) || wrong_metadata.iter().any(|(r, _)| r == e)).collect();
    let ran = matches!(performed, Performed::Ran { .. } | Performed::InContainer(_));
    let verdict = match performed {
        Performed::Skipped => Verdict::Skipped,
        Performed::Failed { .. } => Verdict::Error,
        Performed::Unavailable { .. } => Verdict::Unavailable,
        _ if ran && expected.is_empty() => Verdict::NotCovered,
        _ if missing.is_empty() => Verdict::Pass,
        _ => Verdict::Fail,
    };
    Outcome { action: action.name, expected, seen, missing, verdict, error, wrong_metadata }
}

/// Whether every expected rule of every performed action has alerted (the verifier stops
/// waiting then).
pub fn all_seen(actions: &[&Action], loaded: &BTreeSet<String>, performed: &[Performed], alerts: &[SeenAlert]) -> bool {
    actions.iter().zip(performed).all(|(a, p)| judge(a, loaded, p, alerts).missing.is_empty())
}

/// Whether the run failed (exit status 1): any failure, error or skipped action; an action not
/// covered by the loaded rules, or not run for want of a container runtime, when it was named
/// on the command line; with `--all`, no action covered at all.
pub fn run_failed(outcomes: &[Outcome], all: bool) -> bool {
    let bad = outcomes.iter().any(|o| match o.verdict {
        Verdict::Fail | Verdict::Error | Verdict::Skipped => true,
        Verdict::NotCovered | Verdict::Unavailable => !all,
        Verdict::Pass => false,
    });
    bad || outcomes.iter().all(|o| matches!(o.verdict, Verdict::NotCovered | Verdict::Unavailable))
}

#[cfg(test)]
mod tests {
    use super::super::catalog::{Action, Expects, Place};
    use super::*;

    const TWO: Action = Action {
        name: "two",
        does: "",
        place: Place::Host,
        needs_netns: false,
        expects: Expects { falco_stable: &["Upstream A"], syssentry: &["Ours A"] },
    };

    fn loaded(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn alert(rule: &str, lineage: &[i64]) -> SeenAlert {
        SeenAlert { rule: rule.into(), lineage: lineage.to_vec(), ..SeenAlert::default() }
    }

    fn in_ctr(rule: &str, container: &str, name: &str) -> SeenAlert {
        let metadata = vec![("container.name", name.to_string()), ("container.image.repository", "img".to_string())];
        SeenAlert { rule: rule.into(), lineage: vec![1], container: container.into(), metadata }
    }

    #[test]
    fn an_action_in_a_container_needs_its_alert_to_name_the_container() {
        let l = loaded(&["Upstream A", "Ours A"]);
        let id = "0123456789abcdef0123";
        let want = vec![("container.name", "c1".to_string()), ("container.image.repository", "img".to_string())];
        let ran = Performed::InContainer(InContainer { id: id.into(), want });
        let good = [in_ctr("Upstream A", "0123456789ab", "c1"), in_ctr("Ours A", "0123456789ab", "c1")];
        assert_eq!(judge(&TWO, &l, &ran, &good).verdict, Verdict::Pass);

        // The same rules, alerting without the name (metadata missed): a failure that says so.
        let bare = [in_ctr("Upstream A", "0123456789ab", "<NA>"), in_ctr("Ours A", "0123456789ab", "c1")];
        let o = judge(&TWO, &l, &ran, &bare);
        assert_eq!((o.verdict, o.missing.clone()), (Verdict::Fail, vec!["Upstream A"]));
        assert_eq!(o.seen, vec!["Ours A", "Upstream A"], "what alerted is shown");
        assert_eq!(o.wrong_metadata, vec![("Upstream A", "container.name=<NA> (expected c1)".to_string())]);
        // One good alert of the rule is enough.
        let mixed = [bare[0].clone(), good[0].clone(), good[1].clone()];
        assert_eq!(judge(&TWO, &l, &ran, &mixed).verdict, Verdict::Pass);

        // Alerts of another container, or of the host, are not the action's.
        let other = [in_ctr("Upstream A", "fedcba987654", "c1"), in_ctr("Ours A", "", "c1")];
        assert_eq!(judge(&TWO, &l, &ran, &other).missing, vec!["Upstream A", "Ours A"]);
    }

    #[test]
    fn without_a_runtime_container_actions_are_not_run() {
        let l = loaded(&["Upstream A"]);
        let none = Performed::Unavailable { why: "no container runtime".into() };
        let o = judge(&TWO, &l, &none, &[]);
        assert_eq!((o.verdict, o.error.as_deref()), (Verdict::Unavailable, Some("no container runtime")));
        let pass = judge(&TWO, &l, &Performed::Ran { pid: 1 }, &[alert("Upstream A", &[1])]);
        assert!(!run_failed(&[pass.clone(), o.clone()], true), "--all runs what the host allows");
        assert!(run_failed(&[pass, o.clone()], false), "an action named on the command line must run");
        assert!(run_failed(&[o], true), "nothing run proves nothing");
    }

    #[test]
    fn expected_set_is_the_loaded_names_of_either_ruleset() {
        assert_eq!(expected(&TWO, &loaded(&["Upstream A", "Other"])), vec!["Upstream A"]);
        assert_eq!(expected(&TWO, &loaded(&["Ours A"])), vec!["Ours A"]);
        assert_eq!(expected(&TWO, &loaded(&["Ours A", "Upstream A"])), vec!["Upstream A", "Ours A"]);
        assert!(expected(&TWO, &loaded(&["upstream a"])).is_empty(), "names compare exactly");
    }

    #[test]
    fn alerts_belong_to_the_action_whose_pid_is_in_their_lineage() {
        let alerts = [alert("Upstream A", &[200, 100, 1]), alert("Noise", &[300, 1]), alert("Child", &[100, 1])];
        let got: Vec<&str> = attributed(100, &alerts).into_iter().collect();
        assert_eq!(got, vec!["Child", "Upstream A"]);
        assert!(attributed(1000, &alerts).is_empty());
    }

    #[test]
    fn pass_fail_and_not_covered() {
        let l = loaded(&["Upstream A", "Ours A"]);
        let ran = Performed::Ran { pid: 10 };
        let both = [alert("Upstream A", &[10]), alert("Ours A", &[11, 10])];
        assert_eq!(judge(&TWO, &l, &ran, &both).verdict, Verdict::Pass);

        let one = [alert("Upstream A", &[10]), alert("Ours A", &[99])];
        let o = judge(&TWO, &l, &ran, &one);
        assert_eq!((o.verdict, o.missing.clone()), (Verdict::Fail, vec!["Ours A"]));
        assert_eq!(o.seen, vec!["Upstream A".to_string()]);

        let o = judge(&TWO, &loaded(&["Unrelated"]), &ran, &both);
        assert_eq!(o.verdict, Verdict::NotCovered, "alerts without a loaded expectation prove nothing");

        let failed = Performed::Failed { why: "no ip".into() };
        let o = judge(&TWO, &l, &failed, &both);
        assert_eq!((o.verdict, o.error.as_deref()), (Verdict::Error, Some("no ip")));
    }

    #[test]
    fn exit_status_policy() {
        let l = loaded(&["Upstream A"]);
        let pass = judge(&TWO, &l, &Performed::Ran { pid: 1 }, &[alert("Upstream A", &[1])]);
        let fail = judge(&TWO, &l, &Performed::Ran { pid: 1 }, &[]);
        let uncovered = judge(&TWO, &loaded(&[]), &Performed::Ran { pid: 1 }, &[]);
        assert!(!run_failed(std::slice::from_ref(&pass), false));
        assert!(run_failed(&[pass.clone(), fail], true));
        assert!(!run_failed(&[pass.clone(), uncovered.clone()], true), "--all tolerates uncovered actions");
        assert!(run_failed(&[pass, uncovered.clone()], false), "a named action must be covered");
        assert!(run_failed(&[uncovered], true), "nothing covered proves nothing");
        let skipped = judge(&TWO, &l, &Performed::Skipped, &[]);
        assert!(run_failed(&[skipped], true));
    }

    #[test]
    fn waiting_ends_when_every_expected_rule_alerted() {
        let l = loaded(&["Upstream A"]);
        let acts = [&TWO, &TWO];
        let performed = [Performed::Ran { pid: 1 }, Performed::Ran { pid: 2 }];
        assert!(!all_seen(&acts, &l, &performed, &[alert("Upstream A", &[1])]));
        assert!(all_seen(&acts, &l, &performed, &[alert("Upstream A", &[1]), alert("Upstream A", &[2, 1])]));
    }
}

//! [`OutputOptions`]: how alerts are written (host name, time form, the container fields Falco
//! suggests appending), and the full format text of a rule's output under those options.
//!
//! Place in the data flow: configuration → rule-set build (format texts compiled once) and the
//! **output** stage (alert lines per match).

use std::sync::Arc;

/// The text Falco appends to every syscall rule's output by default (`suggested_output`).
pub const SUGGESTED_OUTPUT: &str = "container_id=%container.id container_name=%container.name \
container_image_repository=%container.image.repository container_image_tag=%container.image.tag \
k8s_pod_name=%k8s.pod.name k8s_ns_name=%k8s.ns.name";

/// What is appended besides [`SUGGESTED_OUTPUT`] on an Amazon ECS instance: the task of the
/// container (Falco has no ECS fields).
pub const ECS_SUGGESTED_OUTPUT: &str = "ecs_cluster=%ecs.cluster ecs_task_family=%ecs.task.family \
ecs_task_revision=%ecs.task.revision ecs_container_name=%ecs.container.name";

/// How alerts are written.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// The `hostname` of every alert.
    pub hostname: Arc<str>,
    /// Append [`SUGGESTED_OUTPUT`] to syscall rules' outputs (Falco's default: on).
    pub suggested_output: bool,
    /// Prefix lines with ISO 8601 UTC time instead of local `HH:MM:SS.nnnnnnnnn`.
    pub time_iso8601: bool,
    /// The local time zone as an offset from UTC in seconds; `None` uses the host's time zone.
    pub utc_offset: Option<i32>,
    /// With [`OutputOptions::suggested_output`], also append [`ECS_SUGGESTED_OUTPUT`] (set on
    /// Amazon ECS instances).
    pub ecs_output: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions { hostname: Arc::from("localhost"), suggested_output: true, time_iso8601: false, utc_offset: None, ecs_output: false }
    }
}

impl OutputOptions {
    /// The full format text for a rule's output: its own text plus, for syscall rules, the
    /// suggested container fields when enabled. A suggested field the rule's output already
    /// shows (`%container.name` in the rule's own text, say) is not appended a second time.
    pub fn format_text(&self, output: &str, source: &str) -> String {
        if !(self.suggested_output && source == "syscall") {
            return output.to_string();
        }
        let mut text = output.to_string();
        let ecs = if self.ecs_output { ECS_SUGGESTED_OUTPUT } else { "" };
        for part in SUGGESTED_OUTPUT.split(' ').chain(ecs.split(' ').filter(|p| !p.is_empty())) {
            let field = part.split_once('%').map_or(part, |(_, f)| f);
            if !shows_field(output, field) {
                text.push(' ');
                text.push_str(part);
            }
        }
        text
    }
}

/// Whether `output` references `field` as `%field` (not as the start of a longer name such as
/// `%container.image` in `%container.image.tag`).
fn shows_field(output: &str, field: &str) -> bool {
    let pat = format!("%{field}");
    output.match_indices(&pat).any(|(at, _)| {
        !output[at + pat.len()..]
            .starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '['))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecs_fields_follow_the_container_fields_on_ecs_instances_only() {
        let plain = OutputOptions::default();
        let ecs = OutputOptions { ecs_output: true, ..OutputOptions::default() };
        let t = plain.format_text("read by %proc.name", "syscall");
        assert!(t.ends_with("k8s_ns_name=%k8s.ns.name"), "{t}");
        let t = ecs.format_text("read by %proc.name in %ecs.task.family", "syscall");
        assert!(t.contains("k8s_ns_name=%k8s.ns.name ecs_cluster=%ecs.cluster"), "{t}");
        assert!(!t.contains("ecs_task_family="), "a field the rule shows is not appended twice: {t}");
        assert!(t.ends_with("ecs_container_name=%ecs.container.name"), "{t}");
        let off = OutputOptions { suggested_output: false, ..ecs };
        assert_eq!(off.format_text("x", "syscall"), "x");
        assert_eq!(OutputOptions { ecs_output: true, ..OutputOptions::default() }.format_text("x", "k8s_audit"), "x");
    }
}

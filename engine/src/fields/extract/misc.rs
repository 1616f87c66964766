//! `user.*`, `group.*`, `container.*` and `k8s.*` fields.
//!
//! Users and groups are looked up per container (`""` = host); unknown users print `<NA>`
//! (`root` for uid 0), never missing. Container fields follow the container plugin: host
//! processes get the built-in `host` entry, containers without metadata only have
//! `container.id`, `container.start_ts` and `container.duration`.

use crate::fields::ctx::EvalCtx;
use crate::fields::field_ref::{FieldArg, FieldRef};
use crate::fields::registry::F;
use crate::fields::scratch::Scratch;
use crate::fields::value::Value;
use crate::filter::ops::glob::matches_pattern;
use crate::state::{ContainerInfo, Mount};

pub(super) fn extract<'s>(
    id: F,
    f: &FieldRef,
    ctx: &'s EvalCtx<'_>,
    sc: &'s mut Scratch,
) -> Option<Value<'s>> {
    let st = ctx.state;
    let t = ctx.thread()?;
    let cid: &str = &t.container_id;
    match id {
        F::UserUid => return Some(Value::U64(u64::from(t.uid))),
        F::UserName | F::UserHomedir | F::UserShell => {
            let user = st.users.get(cid, t.uid);
            return Some(Value::Str(match (id, user) {
                (F::UserName, Some(u)) => &u.name,
                (F::UserHomedir, Some(u)) => &u.home,
                (F::UserShell, Some(u)) => &u.shell,
                (F::UserName, None) if t.uid == 0 => "root",
                (F::UserHomedir, None) if t.uid == 0 => "/root",
                _ => "<NA>",
            }));
        }
        F::UserLoginuid => {
            return Some(Value::I64(if t.loginuid < u32::MAX {
                i64::from(t.loginuid)
            } else {
                -1
            }))
        }
        F::UserLoginname => {
            return Some(Value::Str(match st.users.get(cid, t.loginuid) {
                Some(u) => &u.name,
                None if t.loginuid == 0 => "root",
                None => "<NA>",
            }))
        }
        F::GroupGid => return Some(Value::U64(u64::from(t.gid))),
        F::GroupName => {
            return Some(Value::Str(match st.groups.get(cid, t.gid) {
                Some(g) => &g.name,
                None if t.gid == 0 => "root",
                None => "<NA>",
            }))
        }
        F::ContainerStartTs | F::ContainerDuration => {
            if t.pidns_init_start_ts == 0 {
                return None;
            }
            return Some(Value::U64(if id == F::ContainerStartTs {
                t.pidns_init_start_ts
            } else {
                ctx.event.ts.wrapping_sub(t.pidns_init_start_ts)
            }));
        }
        _ => {}
    }
    let Some(c) = ctx.container() else {
        return (id == F::ContainerId).then_some(Value::Str(cid));
    };
    Some(match id {
        F::ContainerId => Value::Str(&c.id),
        F::ContainerFullId => Value::Str(&c.full_id),
        F::ContainerName => Value::Str(&c.name),
        F::ContainerImage => Value::Str(&c.image),
        F::ContainerImageId => Value::Str(&c.image_id),
        F::ContainerType => Value::Str(&c.container_type),
        F::ContainerPrivileged => Value::Bool(c.privileged),
        F::ContainerHostPid => Value::Bool(c.host_pid),
        F::ContainerHostNetwork => Value::Bool(c.host_network),
        F::ContainerHostIpc => Value::Bool(c.host_ipc),
        F::ContainerIp => Value::Str(&c.ip),
        F::ContainerHealthcheck => Value::Str(c.healthcheck.as_deref()?),
        F::ContainerLivenessProbe => Value::Str(c.liveness_probe.as_deref()?),
        F::ContainerReadinessProbe => Value::Str(c.readiness_probe.as_deref()?),
        F::ContainerImageRepository => Value::Str(&c.image_repository),
        F::ContainerImageTag => Value::Str(&c.image_tag),
        F::ContainerImageDigest => Value::Str(&c.image_digest),
        F::ContainerMounts => {
            sc.a.clear();
            for (i, m) in c.mounts.iter().enumerate() {
                if i > 0 {
                    sc.a.push(',');
                }
                m.write_to(&mut sc.a);
            }
            Value::Str(&sc.a)
        }
        F::ContainerMount
        | F::ContainerMountSource
        | F::ContainerMountDest
        | F::ContainerMountMode
        | F::ContainerMountRdwr
        | F::ContainerMountPropagation => {
            let m = find_mount(id, c, &f.arg)?;
            match id {
                F::ContainerMount => {
                    sc.a.clear();
                    m.write_to(&mut sc.a);
                    Value::Str(&sc.a)
                }
                F::ContainerMountSource => Value::Str(&m.source),
                F::ContainerMountDest => Value::Str(&m.dest),
                F::ContainerMountMode => Value::Str(&m.mode),
                F::ContainerMountRdwr => Value::Str(if m.rdwr { "true" } else { "false" }),
                _ => Value::Str(&m.propagation),
            }
        }
        F::ContainerLabel => {
            let FieldArg::Key(k) = &f.arg else {
                return None;
            };
            Value::Str(c.labels.get(&**k)?)
        }
        F::ContainerLabels => {
            write_labels(&mut sc.a, &c.labels);
            Value::Str(&sc.a)
        }
        F::K8sPodName => Value::Str(c.labels.get("io.kubernetes.pod.name")?),
        F::K8sNsName => Value::Str(c.labels.get("io.kubernetes.pod.namespace")?),
        F::K8sPodId | F::K8sPodUid => Value::Str(c.labels.get("io.kubernetes.pod.uid")?),
        // The labels the ECS agent puts on every container it starts.
        F::EcsCluster => Value::Str(c.labels.get("com.amazonaws.ecs.cluster")?),
        F::EcsTaskArn => Value::Str(c.labels.get("com.amazonaws.ecs.task-arn")?),
        F::EcsTaskFamily => Value::Str(c.labels.get("com.amazonaws.ecs.task-definition-family")?),
        F::EcsTaskRevision => Value::Str(c.labels.get("com.amazonaws.ecs.task-definition-version")?),
        F::EcsContainerName => Value::Str(c.labels.get("com.amazonaws.ecs.container-name")?),
        F::K8sPodSandboxId => {
            let s = &c.pod_sandbox_id;
            Value::Str(s.get(..12).unwrap_or(s))
        }
        F::K8sPodFullSandboxId => Value::Str(&c.pod_sandbox_id),
        F::K8sPodLabel => {
            let FieldArg::Key(k) = &f.arg else {
                return None;
            };
            Value::Str(c.pod_sandbox_labels.get(&**k)?)
        }
        F::K8sPodLabels => {
            write_labels(&mut sc.a, &c.pod_sandbox_labels);
            Value::Str(&sc.a)
        }
        F::K8sPodIp => Value::Str(&c.ip),
        _ => return None,
    })
}

/// A mount by index, or by path glob (source for most fields, destination for
/// `container.mount.source`; `fnmatch` semantics, as the `glob` operator), first match wins.
fn find_mount<'c>(id: F, c: &'c ContainerInfo, arg: &FieldArg) -> Option<&'c Mount> {
    match arg {
        FieldArg::Index(i) => c.mounts.get(*i as usize),
        FieldArg::Key(k) => c.mounts.iter().find(|m| {
            let path = if id == F::ContainerMountSource {
                &m.dest
            } else {
                &m.source
            };
            matches_pattern(k.as_bytes(), path.as_bytes(), false)
        }),
        _ => None,
    }
}

/// `key:value` pairs separated by `, `, skipping annotations and `io.kubernetes.*` labels.
fn write_labels(out: &mut String, labels: &std::collections::BTreeMap<String, String>) {
    out.clear();
    for (k, v) in labels {
        if k.starts_with("annotation.") || k.starts_with("io.kubernetes.") {
            continue;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(k);
        if !v.is_empty() {
            out.push(':');
            out.push_str(v);
        }
    }
}

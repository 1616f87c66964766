//! Dispatch of per-event extraction on the resolved field id to the event (`evt.*`), process
//! (`proc.*`, `thread.*`), fd (`fd.*`) and user/group/container extractors, and the multi-value
//! walks (ancestors, endpoints, lists).
//!
//! Place in the data flow: evaluator/formatter → **dispatch** → [`evt`], [`proc`], [`fd`],
//! [`misc`] → values.

use super::{evt, fd, misc, proc};
use crate::fields::ctx::EvalCtx;
use crate::fields::field_ref::FieldRef;
use crate::fields::info::Multi;
use crate::fields::registry::F;
use crate::fields::scratch::Scratch;
use crate::fields::value::Value;

/// Calls `visit` for each value the field has for this event: none when the value is missing,
/// one usually, one per ancestor for ancestor fields without an index (parent first), one per
/// endpoint (client, then server) for `fd.ip`/`fd.net`/`fd.port`, one per element for lists.
/// `visit` returns `true` to stop early.
pub fn extract(
    f: &FieldRef,
    ctx: &EvalCtx<'_>,
    scratch: &mut Scratch,
    visit: &mut dyn FnMut(Value<'_>) -> bool,
) {
    match f.multi {
        Multi::Single => {
            if let Some(v) = single(f, ctx, scratch) {
                visit(v);
            }
        }
        Multi::AncestorsAny => proc::ancestors(f, ctx, visit),
        Multi::EitherEndpoint => fd::endpoints(f, ctx, visit),
        Multi::List => fd::fd_types(ctx, scratch, visit),
    }
}

/// Whether a list field has a value for this event. A list can be present and empty (a thread
/// without open fds has `fd.types = ()`): `exists` and `in` are then true, `intersects` false.
/// Always false for fields that are not lists.
pub fn list_present(f: &FieldRef, ctx: &EvalCtx<'_>) -> bool {
    f.multi == Multi::List && fd::fd_types_present(ctx)
}

/// The single value of a field (the first for multi-valued fields).
pub(crate) fn single<'s>(
    f: &FieldRef,
    ctx: &'s EvalCtx<'_>,
    sc: &'s mut Scratch,
) -> Option<Value<'s>> {
    let id = f.id.f();
    match id {
        F::EvtNum
        | F::EvtTime
        | F::EvtTimeS
        | F::EvtTimeIso8601
        | F::EvtDatetime
        | F::EvtDatetimeS
        | F::EvtRawtime
        | F::EvtRawtimeS
        | F::EvtRawtimeNs
        | F::EvtHostname
        | F::EvtSource
        | F::EvtIsAsync
        | F::EvtAsynctype
        | F::EvtDir
        | F::EvtType
        | F::SyscallType
        | F::EvtArgs
        | F::EvtArg
        | F::EvtRawarg
        | F::EvtInfo
        | F::EvtBuffer
        | F::EvtBuflen
        | F::EvtRes
        | F::EvtRawres
        | F::EvtFailed
        | F::EvtCount
        | F::EvtIsOpenRead
        | F::EvtIsOpenWrite
        | F::EvtIsOpenExec
        | F::EvtIsOpenCreate => evt::extract(id, f, ctx, sc),
        F::ThreadTid => Some(Value::I64(ctx.event.tid)),
        F::UserUid
        | F::UserName
        | F::UserHomedir
        | F::UserShell
        | F::UserLoginuid
        | F::UserLoginname
        | F::GroupGid
        | F::GroupName
        | F::ContainerId
        | F::ContainerFullId
        | F::ContainerName
        | F::ContainerImage
        | F::ContainerImageId
        | F::ContainerType
        | F::ContainerPrivileged
        | F::ContainerMounts
        | F::ContainerMount
        | F::ContainerMountSource
        | F::ContainerMountDest
        | F::ContainerMountMode
        | F::ContainerMountRdwr
        | F::ContainerMountPropagation
        | F::ContainerImageRepository
        | F::ContainerImageTag
        | F::ContainerImageDigest
        | F::ContainerStartTs
        | F::ContainerDuration
        | F::ContainerIp
        | F::ContainerHealthcheck
        | F::ContainerLivenessProbe
        | F::ContainerReadinessProbe
        | F::ContainerHostPid
        | F::ContainerHostNetwork
        | F::ContainerHostIpc
        | F::ContainerLabel
        | F::ContainerLabels
        | F::K8sPodName
        | F::K8sNsName
        | F::K8sPodId
        | F::K8sPodUid
        | F::K8sPodSandboxId
        | F::K8sPodFullSandboxId
        | F::K8sPodLabel
        | F::K8sPodLabels
        | F::K8sPodIp
        | F::EcsCluster
        | F::EcsTaskArn
        | F::EcsTaskFamily
        | F::EcsTaskRevision
        | F::EcsContainerName => misc::extract(id, f, ctx, sc),
        F::FdNum
        | F::FdType
        | F::FdTypechar
        | F::FdName
        | F::FdDirectory
        | F::FdFilename
        | F::FdIp
        | F::FdCip
        | F::FdSip
        | F::FdLip
        | F::FdRip
        | F::FdPort
        | F::FdCport
        | F::FdSport
        | F::FdLport
        | F::FdRport
        | F::FdL4proto
        | F::FdSockfamily
        | F::FdIsServer
        | F::FdUid
        | F::FdContainername
        | F::FdContainerdirectory
        | F::FdCproto
        | F::FdSproto
        | F::FdLproto
        | F::FdRproto
        | F::FdNet
        | F::FdCnet
        | F::FdSnet
        | F::FdLnet
        | F::FdRnet
        | F::FdConnected
        | F::FdNameChanged
        | F::FdCipName
        | F::FdSipName
        | F::FdLipName
        | F::FdRipName
        | F::FdDev
        | F::FdDevMajor
        | F::FdDevMinor
        | F::FdIno
        | F::FdNameraw
        | F::FdTypes
        | F::FdIsUpperLayer
        | F::FdIsLowerLayer => fd::extract(id, f, ctx, sc),
        _ => proc::extract(id, f, ctx, sc),
    }
}

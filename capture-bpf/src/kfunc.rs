//! The BPF object's calls of kernel functions (kfuncs), linked at load time. aya 0.14 relocates
//! no kfunc call, so the C code encodes its one call by hand (`SSE_RDONLY_CAST_CALL` in
//! `bpf/open_filter.h`): a `call` instruction whose source register says "kfunc" and whose
//! immediate is a marker. Before the object is loaded, each marked call gets the BTF id of
//! `bpf_rdonly_cast` in the running kernel, and the program's `file_btf_id` the id of
//! `struct file`; where the kernel has no such kfunc, the call becomes `r0 = 0` and
//! `file_btf_id` stays 0, and the program reads the file's fields with probe reads instead.
//!
//! Place in the data flow: below capture; the loader links the object here, then loads it.

use crate::error::CaptureError;
use aya::Btf;
use aya_obj::btf::BtfKind;

/// The hand-encoded call: `BPF_JMP | BPF_CALL` (0x85), source register 2 (`BPF_PSEUDO_KFUNC_CALL`),
/// offset 0, immediate 0x5e5ec0de (little-endian). Keep in step with `SSE_RDONLY_CAST_CALL`.
pub const RDONLY_CAST_CALL: [u8; 8] = [0x85, 0x20, 0x00, 0x00, 0xde, 0xc0, 0x5e, 0x5e];

/// `r0 = 0` (`BPF_ALU64 | BPF_MOV | BPF_K`).
const R0_ZERO: [u8; 8] = [0xb7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

/// The BTF ids the call needs, from the running kernel's BTF: `bpf_rdonly_cast` and
/// `struct file`; `None` when the kernel lacks either.
pub fn rdonly_cast_ids(btf: &Btf) -> Option<(u32, u32)> {
    let func = btf.id_by_type_name_kind("bpf_rdonly_cast", BtfKind::Func).ok()?;
    let file = btf.id_by_type_name_kind("file", BtfKind::Struct).ok()?;
    Some((func, file))
}

/// `object` with every marked call in its program sections linked to `ids` (the kfunc's and
/// `struct file`'s BTF ids) or, without them, replaced by `r0 = 0`; and the value for the
/// program's `file_btf_id`.
pub fn link(object: &[u8], ids: Option<(u32, u32)>) -> Result<(Vec<u8>, u32), CaptureError> {
    use object::{Object, ObjectSection, SectionKind};
    let bad = |what: String| CaptureError::Object { what };
    let file = object::File::parse(object).map_err(|e| bad(format!("not an ELF object: {e}")))?;
    let programs: Vec<(usize, usize)> = file
        .sections()
        .filter(|s| s.kind() == SectionKind::Text)
        .filter_map(|s| s.file_range())
        .map(|(start, len)| (start as usize, len as usize))
        .collect();
    let mut out = object.to_vec();
    let mut sites = 0;
    for (start, len) in programs {
        let Some(code) = out.get_mut(start..start + len) else {
            return Err(bad(format!("program section at {start} ({len} bytes) lies outside the object")));
        };
        // Instructions are 8 bytes, from the section's start.
        for insn in code.chunks_exact_mut(8) {
            if insn == RDONLY_CAST_CALL {
                sites += 1;
                match ids {
                    Some((func, _)) => insn[4..].copy_from_slice(&func.to_le_bytes()),
                    None => insn.copy_from_slice(&R0_ZERO),
                }
            }
        }
    }
    if sites == 0 {
        return Err(bad("no bpf_rdonly_cast call site in its program sections (the object and the loader disagree)".into()));
    }
    Ok((out, ids.map_or(0, |(_, file)| file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_object_has_its_call_sites_and_links_them_either_way() {
        let object = crate::object_bytes();
        let sites = object.chunks_exact(8).filter(|i| *i == RDONLY_CAST_CALL).count();
        assert!(sites >= 1, "the object encodes the call");

        let (linked, file) = link(object, Some((64927, 718))).unwrap();
        assert_eq!(file, 718);
        let call = [0x85, 0x20, 0x00, 0x00, 0x9f, 0xfd, 0x00, 0x00];
        assert_eq!(linked.chunks_exact(8).filter(|i| *i == call).count(), sites);
        assert_eq!(linked.len(), object.len());
        let changed = linked.chunks_exact(8).zip(object.chunks_exact(8)).filter(|(a, b)| a != b).count();
        assert_eq!(changed, sites, "only the call sites change");

        let (unlinked, file) = link(object, None).unwrap();
        assert_eq!(file, 0);
        assert_eq!(unlinked.chunks_exact(8).filter(|i| *i == R0_ZERO).count(), object.chunks_exact(8).filter(|i| *i == R0_ZERO).count() + sites);
        assert!(unlinked.chunks_exact(8).all(|i| i != RDONLY_CAST_CALL));

        assert!(link(&object[..64], None).is_err(), "not an object");
        let mut without = object.to_vec();
        for insn in without.chunks_exact_mut(8).filter(|i| *i == RDONLY_CAST_CALL) {
            insn.copy_from_slice(&R0_ZERO);
        }
        assert!(link(&without, None).is_err(), "no call site is an error");
    }
}

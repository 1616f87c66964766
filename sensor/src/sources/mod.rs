//! The event sources the sensor ships: the kernel through eBPF ([`ebpf`]) and a scripted
//! synthetic scenario ([`synthetic`]) that tries the pipeline without root or BPF.
//!
//! Place in the data flow: **source** → event → state → evaluation → output → sink.

pub mod ebpf;
pub mod synthetic;

//! [`Decoder::decode`]: one record of any kind (syscall exit, exec, process exit) into an event.
//!
//! Place in the data flow: capture ring → **dispatch** → [`syscall`](super::syscall) or
//! [`process`](super::process) decoding → engine event.

use syssentry_event::Event;

use super::decoder::Decoder;
use super::error::DecodeError;
use super::raw_record::Record;
use crate::abi;

impl Decoder {
    /// Decodes one record into `ev` (reset first).
    pub fn decode(&mut self, buf: &[u8], ev: &mut Event) -> Result<(), DecodeError> {
        let rec = Record::parse(buf)?;
        if rec.flags & abi::SSE_RF_TRUNCATED as u16 != 0 {
            self.truncated += 1;
        }
        match rec.kind as u32 {
            abi::SSE_K_SYSCALL => {
                self.syscall(&rec, ev)?;
                mark_not_dirs(&rec, ev);
                Ok(())
            }
            abi::SSE_K_EXEC => self.exec(&rec, ev),
            _ => self.procexit(&rec, ev),
        }
    }
}

/// The directory-fd arguments the kernel found not to be open directories
/// (`SSE_RF_NOTDIR0 << i`), marked on the event by their fd values.
fn mark_not_dirs(rec: &Record<'_>, ev: &mut Event) {
    let bits = rec.flags >> abi::SSE_RF_NOTDIR0.trailing_zeros();
    if bits == 0 {
        return;
    }
    for i in 0..6 {
        if bits & (1 << i) != 0 {
            ev.mark_not_dir(rec.arg_i32(i));
        }
    }
}

//! [`EvalScratch`]: the reusable buffers of one evaluating thread (field rendering, transformer
//! slots, right-hand values of field comparisons).
//!
//! Place in the data flow: created once per evaluating thread → lent to every **evaluation** of
//! a program and every output rendering; nothing is allocated once the buffers have grown.

use super::extract::Slot;
use crate::fields::{JsonValue, Scratch};
use crate::filter::ops::ByteList;

/// Reusable buffers for evaluation, one per evaluating thread.
#[derive(Debug, Default)]
pub struct EvalScratch {
    /// Buffers the field extractors write derived values into.
    pub fields: Scratch,
    /// One slot of buffers per transformer node of the largest operand evaluated so far.
    pub(crate) slots: Vec<Slot>,
    /// The right-hand value of a field-to-field (`val()`) comparison.
    pub(crate) rhs: Vec<u8>,
    /// The right-hand values of a list-to-list comparison.
    pub(crate) rhs_set: ByteList,
    /// A transformer's value rendered for an output, before its width is applied.
    pub(crate) render: Vec<u8>,
    /// Sanitised text of a value that is not valid UTF-8, for regexes.
    pub(crate) text: String,
    /// Results of subtrees several rules hold, for the event being evaluated.
    pub(crate) memo: super::memo::Memo,
    /// Per segment of the output being rendered: the value a field printed (its text a range
    /// of the line), for `output_fields` to take it from there.
    pub(crate) printed: Vec<JsonValue>,
}

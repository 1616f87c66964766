//! An alert's `output_fields`: each field token of the rule's output (and the time key) with
//! its typed value, held without an allocation per value. The keys are the rule's, shared by
//! all its alerts; a string value is a range of the alert's message when the message printed
//! the field, else of one text buffer of the alert's own.
//!
//! Place in the data flow: rule output → **output fields** (inside an [`Alert`](super::Alert))
//! → sink, which reads them through [`OutputFields`].

use crate::fields::JsonValue;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;
use std::sync::Arc;

/// A value as an alert holds it: a string's range is of the message line or of the alert's own
/// text buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stored {
    /// A field the message printed.
    Line(JsonValue),
    /// A value written into the alert's own buffers.
    Own(JsonValue),
}

/// The `output_fields` of one alert, as the alert holds them.
#[derive(Debug, Clone)]
pub(crate) struct StoredFields {
    /// The keys, sorted; shared with the rule.
    pub(crate) keys: Arc<[Arc<str>]>,
    /// One value per key.
    pub(crate) values: Vec<Stored>,
    /// Text of the values the message did not print.
    pub(crate) text: String,
    /// List items, as ranges of `text`.
    pub(crate) items: Vec<(usize, usize)>,
}

/// An alert's `output_fields`: keys sorted, each once, with their values.
#[derive(Clone, Copy)]
pub struct OutputFields<'a> {
    pub(crate) line: &'a str,
    pub(crate) fields: &'a StoredFields,
}

impl<'a> OutputFields<'a> {
    /// How many keys.
    pub fn len(&self) -> usize {
        self.fields.keys.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.fields.keys.is_empty()
    }

    /// The keys and their values, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, FieldValue<'a>)> + 'a {
        let this = *self;
        this.fields.keys.iter().zip(&this.fields.values).map(move |(k, v)| (&**k, this.value(*v)))
    }

    /// The value of `key`, if the alert has that key.
    pub fn get(&self, key: &str) -> Option<FieldValue<'a>> {
        let i = self.fields.keys.binary_search_by(|k| (**k).cmp(key)).ok()?;
        self.fields.values.get(i).map(|v| self.value(*v))
    }

    /// All of them as a JSON object.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(self.iter().map(|(k, v)| (k.to_owned(), v.to_json())).collect())
    }

    fn value(&self, v: Stored) -> FieldValue<'a> {
        let (v, text) = match v {
            Stored::Line(v) => (v, self.line),
            Stored::Own(v) => (v, self.fields.text.as_str()),
        };
        match v {
            JsonValue::Null => FieldValue::Null,
            JsonValue::Bool(b) => FieldValue::Bool(b),
            JsonValue::U64(n) => FieldValue::U64(n),
            JsonValue::I64(n) => FieldValue::I64(n),
            JsonValue::Text(s, e) => FieldValue::Str(text.get(s..e).unwrap_or("")),
            JsonValue::List(s, e) => FieldValue::List(ListValue { text, items: self.fields.items.get(s..e).unwrap_or(&[]) }),
        }
    }
}

impl PartialEq for OutputFields<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for OutputFields<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for OutputFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            m.serialize_entry(k, &v)?;
        }
        m.end()
    }
}

/// One value of an alert's `output_fields`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    /// The field had no value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An unsigned number.
    U64(u64),
    /// A signed number.
    I64(i64),
    /// A string.
    Str(&'a str),
    /// A list of strings (`fd.types`, ...).
    List(ListValue<'a>),
}

impl FieldValue<'_> {
    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match *self {
            FieldValue::Null => J::Null,
            FieldValue::Bool(b) => J::Bool(b),
            FieldValue::U64(n) => J::from(n),
            FieldValue::I64(n) => J::from(n),
            FieldValue::Str(s) => J::String(s.to_owned()),
            FieldValue::List(l) => J::Array(l.iter().map(|s| J::String(s.to_owned())).collect()),
        }
    }

    /// The string, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            FieldValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl Serialize for FieldValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            FieldValue::Null => s.serialize_unit(),
            FieldValue::Bool(b) => s.serialize_bool(b),
            FieldValue::U64(n) => s.serialize_u64(n),
            FieldValue::I64(n) => s.serialize_i64(n),
            FieldValue::Str(v) => s.serialize_str(v),
            FieldValue::List(l) => {
                let mut seq = s.serialize_seq(Some(l.items.len()))?;
                for item in l.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

/// A list value: its items in order.
#[derive(Clone, Copy)]
pub struct ListValue<'a> {
    text: &'a str,
    items: &'a [(usize, usize)],
}

impl<'a> ListValue<'a> {
    /// The items.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let text = self.text;
        self.items.iter().map(move |&(s, e)| text.get(s..e).unwrap_or(""))
    }
}

impl PartialEq for ListValue<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.items.len() == other.items.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for ListValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

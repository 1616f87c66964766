//! The Fluent Bit input plugin (`libsyssentry.so`): the sink end of the data flow.
//!
//! This crate is empty until the plugin work lands (issue 4): it will hold the proxy-ABI FFI
//! module, the alert queue and the msgpack encoder. It builds no shared object yet.

//! Diagnostics: errors and warnings with code, file, line and column.

//! JSON: an escaping writer and a depth-limited, unescaping pull reader.

pub mod read;
pub mod timestamp;
pub mod write;

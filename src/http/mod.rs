//! HTTP/1.1 request framing and response parsing.

pub mod response;

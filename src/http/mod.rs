//! HTTP/1.1 request framing and response parsing.

pub mod request;
pub mod response;

pub use request::EncodedRequest;
pub use response::Response;

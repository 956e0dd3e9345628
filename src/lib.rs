//! Allocation-free, `no_std`, sans-IO codec for the AWS Lambda MicroVMs control plane.
//!
//! (Crate guide: filled in as the layers land.)
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "std")]
extern crate std;

pub mod buf;
pub mod decode;
pub mod endpoint;
mod error;
pub mod http;
pub mod json;
pub mod model;
pub mod ops;
pub mod sigv4;
pub mod uri;

pub use buf::BufferTooSmall;
pub use error::Error;

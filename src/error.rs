//! One error type for callers who handle every layer alike.
//!
//! Each layer has its own small error enum, so a caller matching on a specific failure sees
//! only what that step can produce. `Error` wraps them all, for `?` in code that drives the
//! whole path (resolve, sign, encode, parse, decode) and only reports failures.

use core::fmt;

use crate::{decode, endpoint, http, sigv4};

/// Any error of this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// Endpoint resolution failed.
    Endpoint(endpoint::Error),
    /// Credentials, signer settings or the request were refused by the signer.
    Signing(sigv4::Error),
    /// A request could not be encoded (validation, signing or buffer size).
    Encode(http::request::Error),
    /// A response's HTTP framing is incomplete or malformed.
    Response(http::response::Error),
    /// A response body could not be decoded.
    Decode(decode::DecodeError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Endpoint(e) => e.fmt(f),
            Error::Signing(e) => e.fmt(f),
            Error::Encode(e) => e.fmt(f),
            Error::Response(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

macro_rules! from {
    ($($variant:ident($ty:ty)),*) => {
        $(impl From<$ty> for Error {
            fn from(e: $ty) -> Self {
                Error::$variant(e)
            }
        })*
    };
}

from!(
    Endpoint(endpoint::Error),
    Signing(sigv4::Error),
    Encode(http::request::Error),
    Response(http::response::Error),
    Decode(decode::DecodeError)
);

//! Operations: each binds a model input and output to an HTTP method, a path and an error set.
//!
//! Every operation has the same two halves:
//!
//! - `encode(&endpoint, &mut signer, unix_seconds, &mut buf)`: validate, write the body, frame
//!   and sign the HTTP/1.1 request into `buf` (see [`http::request`](crate::http::request)).
//! - `decode(&response)`: a 2xx response becomes the operation's output, anything else the
//!   operation's typed error ([`Outcome::Err`]); only a malformed *success* body, or an error
//!   value over its capacity, is a [`DecodeError`](crate::decode::DecodeError).
//!
//! | operation | method and path | output | errors |
//! | --- | --- | --- | --- |
//! | [`RunMicrovm`](crate::model::RunMicrovm) | `POST /2025-09-09/microvms` | [`Microvm`](crate::model::Microvm) | [`RunMicrovmError`](crate::model::RunMicrovmError) |
//! | [`GetMicrovm`](crate::model::GetMicrovm) | `GET /2025-09-09/microvms/{microvmIdentifier}` | [`Microvm`](crate::model::Microvm) | [`GetMicrovmError`](crate::model::GetMicrovmError) |
//! | [`TerminateMicrovm`](crate::model::TerminateMicrovm) | `DELETE /2025-09-09/microvms/{microvmIdentifier}` | `()` | [`MicrovmActionError`](crate::model::MicrovmActionError) |
//! | [`SuspendMicrovm`](crate::model::SuspendMicrovm) | `POST /2025-09-09/microvms/{microvmIdentifier}/suspend` | `()` | [`MicrovmActionError`](crate::model::MicrovmActionError) |
//! | [`ResumeMicrovm`](crate::model::ResumeMicrovm) | `POST /2025-09-09/microvms/{microvmIdentifier}/resume` | `()` | [`MicrovmActionError`](crate::model::MicrovmActionError) |

mod lifecycle;
mod run_microvm;

use crate::http::response::Response;

/// The service's answer: the operation's output, or one of its typed errors.
///
/// Not a `Result` on purpose: a service error is a successfully decoded answer, and the
/// `?` operator should not conflate it with a response that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Outcome<T, E> {
    /// A 2xx response, decoded.
    Ok(T),
    /// A modeled (or unknown) service error, decoded.
    Err(E),
}

impl<T, E> Outcome<T, E> {
    /// As a `Result`, for callers who do want `?` on service errors too.
    pub fn into_result(self) -> Result<T, E> {
        match self {
            Outcome::Ok(t) => Ok(t),
            Outcome::Err(e) => Err(e),
        }
    }

    /// Whether this is the output.
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }
}

/// The signature every operation error enum's `decode_error` has.
type ErrorDecoder<E> =
    fn(u16, Option<&[u8]>, Option<&[u8]>, &[u8]) -> Result<E, crate::decode::DecodeError>;

/// The one decision every operation's `decode` makes: a 2xx body goes to `output`, anything
/// else to the operation's error decoder (with the status and the two error headers).
fn decode_outcome<T, E>(
    response: &Response<'_>,
    output: impl FnOnce(&[u8]) -> Result<T, crate::decode::DecodeError>,
    error: ErrorDecoder<E>,
) -> Result<Outcome<T, E>, crate::decode::DecodeError> {
    if response.is_success() {
        output(response.body()).map(Outcome::Ok)
    } else {
        error(
            response.status(),
            response.header("x-amzn-errortype"),
            response.header("retry-after"),
            response.body(),
        )
        .map(Outcome::Err)
    }
}

/// The service's SigV4 signing name (the model's `signingName`): pass it to
/// [`Signer::new`](crate::sigv4::Signer::new) with the same region the endpoint was resolved for.
pub const SIGNING_NAME: &str = "lambda";

/// Path of the MicroVM collection, from the model's `requestUri`s.
const MICROVMS: &str = "/2025-09-09/microvms";

//! The lifecycle operations on one MicroVM: `GetMicrovm`, `TerminateMicrovm`, `SuspendMicrovm`
//! and `ResumeMicrovm`. Each puts `microvmIdentifier` in its path and sends no body.

use super::{MICROVMS, Outcome, decode_outcome};
use crate::buf::Sink;
use crate::decode::DecodeError;
use crate::endpoint::Endpoint;
use crate::http::request::{self, Body, Call, EncodedRequest, PathPart};
use crate::http::response::Response;
use crate::model::{
    GetMicrovm, GetMicrovmError, Microvm, MicrovmActionError, ResumeMicrovm, SuspendMicrovm,
    TerminateMicrovm,
};
use crate::sigv4::Signer;

/// The body of operations that have none.
enum NoBody {}

impl Body for NoBody {
    fn write<S: Sink + ?Sized>(&self, _: &mut S) {
        match *self {}
    }
}

fn encode<'b>(
    method: &'static str,
    id: &str,
    suffix: &'static str,
    endpoint: &Endpoint<'_>,
    signer: &mut Signer<'_>,
    unix_seconds: i64,
    buf: &'b mut [u8],
) -> Result<EncodedRequest<'b>, request::Error> {
    let path = [
        PathPart::Literal(MICROVMS),
        PathPart::Literal("/"),
        PathPart::Label(id),
        PathPart::Literal(suffix),
    ];
    let call = Call {
        method,
        path: &path,
    };
    request::encode::<NoBody>(&call, None, endpoint, signer, unix_seconds, buf)
}

impl GetMicrovm<'_> {
    /// Validates the input, then writes the signed `GET /2025-09-09/microvms/{microvmIdentifier}`
    /// request into `buf`.
    ///
    /// ```
    /// use lambda_microvms_codec::endpoint::{Endpoint, Params};
    /// use lambda_microvms_codec::model::GetMicrovm;
    /// use lambda_microvms_codec::sigv4::{Credentials, Signer};
    ///
    /// let endpoint = Endpoint::resolve(&Params::region("eu-west-1"))?;
    /// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)?;
    /// let mut signer = Signer::new(creds, "eu-west-1", "lambda")?;
    /// let mut tx = [0u8; 512];
    /// let request = GetMicrovm::new("mvm/1").encode(&endpoint, &mut signer, 1_795_790_111, &mut tx)?;
    /// assert!(request.as_bytes().starts_with(b"GET /2025-09-09/microvms/mvm%2F1 HTTP/1.1\r\n"));
    /// assert!(request.body().is_empty());
    /// # Ok::<(), lambda_microvms_codec::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`RunMicrovm::encode`](crate::model::RunMicrovm::encode).
    pub fn encode<'b>(
        &self,
        endpoint: &Endpoint<'_>,
        signer: &mut Signer<'_>,
        unix_seconds: i64,
        buf: &'b mut [u8],
    ) -> Result<EncodedRequest<'b>, request::Error> {
        self.validate()?;
        encode(
            "GET",
            self.microvm_identifier,
            "",
            endpoint,
            signer,
            unix_seconds,
            buf,
        )
    }

    /// Decodes the answer: a [`Microvm`] or a [`GetMicrovmError`].
    ///
    /// # Errors
    /// As [`RunMicrovm::decode`](crate::model::RunMicrovm::decode).
    pub fn decode<const S: usize, const N: usize, const M: usize>(
        response: &Response<'_>,
    ) -> Result<Outcome<Microvm<S, N>, GetMicrovmError<M>>, DecodeError> {
        decode_outcome(response, Microvm::from_json, GetMicrovmError::decode_error)
    }

    /// As [`decode`](Self::decode), into a caller-owned output.
    ///
    /// # Errors
    /// As [`decode`](Self::decode); `out` is unspecified after an error.
    pub fn decode_into<const S: usize, const N: usize, const M: usize>(
        response: &Response<'_>,
        out: &mut Microvm<S, N>,
    ) -> Result<Outcome<(), GetMicrovmError<M>>, DecodeError> {
        decode_outcome(
            response,
            |body| out.decode_into(body),
            GetMicrovmError::decode_error,
        )
    }
}

/// Decodes the answer of an operation whose output has no members: any 2xx is success (the
/// body, an empty JSON object, carries nothing to check).
fn decode_action<const M: usize>(
    response: &Response<'_>,
) -> Result<Outcome<(), MicrovmActionError<M>>, DecodeError> {
    decode_outcome(response, |_| Ok(()), MicrovmActionError::decode_error)
}

macro_rules! action {
    ($name:ident, $method:literal, $suffix:literal, $doc_path:literal) => {
        impl $name<'_> {
            #[doc = concat!("Validates the input, then writes the signed `", $method, " ", $doc_path, "` request into `buf`.")]
            ///
            /// # Errors
            /// As [`RunMicrovm::encode`](crate::model::RunMicrovm::encode).
            pub fn encode<'b>(
                &self,
                endpoint: &Endpoint<'_>,
                signer: &mut Signer<'_>,
                unix_seconds: i64,
                buf: &'b mut [u8],
            ) -> Result<EncodedRequest<'b>, request::Error> {
                self.validate()?;
                encode($method, self.microvm_identifier, $suffix, endpoint, signer, unix_seconds, buf)
            }

            /// Decodes the answer: `()` on success (the output shape has no members), or a
            /// [`MicrovmActionError`].
            ///
            /// # Errors
            /// Only an error value over its capacity `M`.
            pub fn decode<const M: usize>(
                response: &Response<'_>,
            ) -> Result<Outcome<(), MicrovmActionError<M>>, DecodeError> {
                decode_action(response)
            }
        }
    };
}

action!(
    TerminateMicrovm,
    "DELETE",
    "",
    "/2025-09-09/microvms/{microvmIdentifier}"
);
action!(
    SuspendMicrovm,
    "POST",
    "/suspend",
    "/2025-09-09/microvms/{microvmIdentifier}/suspend"
);
action!(
    ResumeMicrovm,
    "POST",
    "/resume",
    "/2025-09-09/microvms/{microvmIdentifier}/resume"
);

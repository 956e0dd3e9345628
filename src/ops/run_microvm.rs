//! `RunMicrovm`: `POST /2025-09-09/microvms`, output `RunMicrovmResponse`.

use super::{MICROVMS, Outcome, decode_outcome};
use crate::buf::Sink;
use crate::decode::DecodeError;
use crate::endpoint::Endpoint;
use crate::http::request::{self, Body, Call, EncodedRequest, PathPart};
use crate::http::response::Response;
use crate::model::{Microvm, RunMicrovm, RunMicrovmError};
use crate::sigv4::Signer;

const CALL: Call<'static, 'static> = Call {
    method: "POST",
    path: &[PathPart::Literal(MICROVMS)],
};

impl Body for RunMicrovm<'_> {
    fn write<S: Sink + ?Sized>(&self, sink: &mut S) {
        self.write_body(sink);
    }
}

impl RunMicrovm<'_> {
    /// Validates the input, then writes the complete signed HTTP/1.1 request into `buf`.
    ///
    /// `unix_seconds` is the current UTC time; the signature is valid for 15 minutes around it.
    ///
    /// ```
    /// use lambda_microvms_codec::endpoint::{Endpoint, Params};
    /// use lambda_microvms_codec::model::{ClientToken, IdlePolicy, RunMicrovm};
    /// use lambda_microvms_codec::sigv4::{Credentials, Signer};
    ///
    /// let endpoint = Endpoint::resolve(&Params::region("us-east-1"))?;
    /// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)?;
    /// let mut signer = Signer::new(creds, "us-east-1", "lambda")?;
    ///
    /// let input = RunMicrovm::new("my-image", ClientToken::from_random([7; 16]))
    ///     .idle_policy(IdlePolicy::new(300, 600, true));
    /// let mut tx = [0u8; 1024];
    /// let request = input.encode(&endpoint, &mut signer, 1_795_790_111, &mut tx)?;
    /// assert!(request.head().starts_with(b"POST /2025-09-09/microvms HTTP/1.1\r\n"));
    /// assert!(request.body().starts_with(b"{\"imageIdentifier\":\"my-image\""));
    /// # Ok::<(), lambda_microvms_codec::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`request::Error::Validation`] (nothing written), [`request::Error::Signing`], or
    /// [`request::Error::BufferTooSmall`] with the size of the whole request.
    pub fn encode<'b>(
        &self,
        endpoint: &Endpoint<'_>,
        signer: &mut Signer<'_>,
        unix_seconds: i64,
        buf: &'b mut [u8],
    ) -> Result<EncodedRequest<'b>, request::Error> {
        self.validate()?;
        request::encode(&CALL, Some(self), endpoint, signer, unix_seconds, buf)
    }

    /// Decodes the service's answer to a `RunMicrovm` request.
    ///
    /// Capacities come from the binding's type (`Microvm<S, N>`, `RunMicrovmError<M>`); the
    /// defaults suit a gateway. Firmware that keeps one long-lived output should use
    /// [`decode_into`](Self::decode_into).
    ///
    /// ```
    /// use lambda_microvms_codec::http::Response;
    /// use lambda_microvms_codec::model::{Microvm, MicrovmState, RunMicrovm, RunMicrovmError};
    /// use lambda_microvms_codec::ops::Outcome;
    ///
    /// let raw = b"HTTP/1.1 429 Too Many Requests\r\nx-amzn-errortype: ThrottlingException\r\n\
    ///             Retry-After: 2\r\nContent-Length: 23\r\n\r\n{\"message\":\"slow down\"}";
    /// let response = Response::parse(raw)?;
    /// let outcome: Outcome<Microvm, RunMicrovmError> = RunMicrovm::decode(&response)?;
    /// match outcome {
    ///     Outcome::Ok(vm) => assert_eq!(vm.state, MicrovmState::Running),
    ///     Outcome::Err(e) => {
    ///         assert!(e.is_throttling() && e.is_retryable());
    ///         assert_eq!(e.message(), Some("slow down"));
    ///     }
    /// }
    /// # Ok::<(), lambda_microvms_codec::Error>(())
    /// ```
    ///
    /// # Errors
    /// A 2xx body that is not a valid `RunMicrovmResponse`, or a value over its capacity.
    pub fn decode<const S: usize, const N: usize, const M: usize>(
        response: &Response<'_>,
    ) -> Result<Outcome<Microvm<S, N>, RunMicrovmError<M>>, DecodeError> {
        decode_outcome(response, Microvm::from_json, RunMicrovmError::decode_error)
    }

    /// As [`decode`](Self::decode), writing the output into `out` instead of returning it, so a
    /// multi-kilobyte output never crosses the stack.
    ///
    /// # Errors
    /// As [`decode`](Self::decode); `out` is unspecified after an error.
    pub fn decode_into<const S: usize, const N: usize, const M: usize>(
        response: &Response<'_>,
        out: &mut Microvm<S, N>,
    ) -> Result<Outcome<(), RunMicrovmError<M>>, DecodeError> {
        decode_outcome(
            response,
            |body| out.decode_into(body),
            RunMicrovmError::decode_error,
        )
    }
}

//! Header-mode signing of the one request shape this crate's operations send: no query, the
//! default [`Settings`], and a fixed set of signed headers (`content-type` when there is a
//! JSON body, `host`, `x-amz-date`, `x-amz-security-token` with temporary credentials).
//!
//! The names are known here, already lowercase and in canonical order, so the canonical
//! request goes straight into the hash with no plan, no index sort, no name lowercasing and no
//! per-header validation; the general [`Plan`](super::canonical::Plan) (query sorting,
//! presigning, repeated headers, reserved-name checks) is then not needed by the operations,
//! which lets LTO drop it from firmware that does not call [`Signer::sign`] itself. The path
//! still goes through the shared [`write_canonical_path`], so dot segments normalize exactly
//! as on the general path. `tests` compares both paths on generated requests.

use super::canonical::{has_ctl, hex32, is_token, is_wire_path, put_trimmed, write_canonical_path};
use super::{ALGORITHM, Error, Settings, Signer, Staged, time};
use crate::buf::Sink;
use sha2::{Digest, Sha256};

/// A request of the fixed shape: see the module documentation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SimpleRequest<'r> {
    /// HTTP method (an RFC 7230 token).
    pub(crate) method: &'r str,
    /// Wire path, starting with `/` (normalized and double-encoded as the default settings do).
    pub(crate) path: &'r str,
    /// `Host` header value.
    pub(crate) host: &'r str,
    /// Whether `Content-Type: application/json` is sent and signed.
    pub(crate) json: bool,
    /// SHA-256 of the body, 64 lowercase hex digits (the caller computed it).
    pub(crate) payload_sha256_hex: &'r [u8; 64],
}

/// The signature of a [`SimpleRequest`] and what its headers need: no request data, so it
/// stays small and does not borrow the request.
#[derive(Clone, Copy)]
pub(crate) struct SimpleSignature<'a> {
    signature: [u8; 32],
    amz_date: [u8; 16],
    access_key_id: &'a str,
    region: &'a str,
    service: &'a str,
    session_token: Option<&'a str>,
    json: bool,
}

/// `content-type;host;x-amz-date;x-amz-security-token`, of which each shape signs a slice.
const SIGNED: &[u8] = b"content-type;host;x-amz-date;x-amz-security-token";

fn signed_headers(json: bool, token: bool) -> &'static [u8] {
    let start = if json { 0 } else { "content-type;".len() };
    let end = if token {
        SIGNED.len()
    } else {
        "content-type;host;x-amz-date".len()
    };
    SIGNED.get(start..end).unwrap_or_default()
}

impl<'a> Signer<'a> {
    /// Signs a [`SimpleRequest`] for the `Authorization` header: the same signature
    /// [`Signer::sign`] gives the equivalent [`SignableRequest`](super::SignableRequest) with
    /// [`Settings::DEFAULT`].
    pub(crate) fn sign_simple(
        &mut self,
        request: &SimpleRequest<'_>,
        unix_seconds: i64,
    ) -> Result<SimpleSignature<'a>, Error> {
        if !is_token(request.method) {
            return Err(Error::InvalidMethod);
        }
        if !is_wire_path(request.path.as_bytes()) {
            return Err(Error::InvalidPath);
        }
        // The general path allows obs-folds in values; a host never holds one, so any control
        // byte is refused.
        if has_ctl(request.host.as_bytes()) {
            return Err(Error::InvalidHeaderValue);
        }
        let amz_date = time::DateTime::from_unix_seconds(unix_seconds)?.amz_date();
        let token = self.credentials.session_token();
        let signed = signed_headers(request.json, token.is_some());

        let mut h = Sha256::new();
        let mut s = Staged::new(&mut h);
        s.put_str(request.method);
        s.put_byte(b'\n');
        write_canonical_path(&mut s, request.path.as_bytes(), &Settings::DEFAULT)?;
        s.put(b"\n\n");
        if request.json {
            s.put(b"content-type:application/json\n");
        }
        s.put(b"host:");
        put_trimmed(&mut s, request.host.as_bytes());
        s.put(b"\nx-amz-date:");
        s.put(&amz_date);
        if let Some(t) = token {
            s.put(b"\nx-amz-security-token:");
            put_trimmed(&mut s, t.as_bytes());
        }
        s.put(b"\n\n");
        s.put(signed);
        s.put_byte(b'\n');
        s.put(request.payload_sha256_hex);
        s.flush();
        let canonical: [u8; 32] = h.finalize().into();

        let (region, service) = (self.region, self.service);
        let mut date = [0u8; 8];
        date.copy_from_slice(&amz_date[..8]);
        let mut mac = self.signing_mac(&date).clone();
        let mut s = Staged::new(&mut mac);
        s.put_str(ALGORITHM);
        s.put_byte(b'\n');
        s.put(&amz_date);
        s.put_byte(b'\n');
        s.put(&date);
        s.put_byte(b'/');
        s.put_str(region);
        s.put_byte(b'/');
        s.put_str(service);
        s.put(b"/aws4_request\n");
        s.put(&hex32(&canonical));
        s.flush();
        let signature: [u8; 32] = hmac::Mac::finalize(mac).into_bytes().into();
        Ok(self.simple_signature(signature, amz_date, request.json))
    }

    fn simple_signature(
        &self,
        signature: [u8; 32],
        amz_date: [u8; 16],
        json: bool,
    ) -> SimpleSignature<'a> {
        SimpleSignature {
            signature,
            amz_date,
            access_key_id: self.credentials.access_key_id(),
            region: self.region,
            service: self.service,
            session_token: self.credentials.session_token(),
            json,
        }
    }

    /// Exact length of what [`SimpleSignature::write_headers`] will write for a request with
    /// (`json`) or without a JSON body: it depends on the credentials, scope and signed header
    /// names only, so framing can place the body before signing.
    pub(crate) fn simple_headers_len(&self, json: bool) -> usize {
        // Summed rather than counted by running `write_headers` into a `Counter`, which would
        // link a second copy of it; `tests` checks the sum against the written headers.
        const FIXED: usize = "X-Amz-Date: \r\n".len()
            + 16
            + "Authorization: ".len()
            + ALGORITHM.len()
            + " Credential=//".len()
            + 8
            + "//aws4_request, SignedHeaders=".len()
            + ", Signature=\r\n".len()
            + 64;
        let token = self.credentials.session_token();
        let token_len = token.map_or(0, |t| {
            "X-Amz-Security-Token: \r\n".len().saturating_add(t.len())
        });
        FIXED
            .saturating_add(token_len)
            .saturating_add(self.credentials.access_key_id().len())
            .saturating_add(self.region.len())
            .saturating_add(self.service.len())
            .saturating_add(signed_headers(json, token.is_some()).len())
    }
}

impl SimpleSignature<'_> {
    /// The raw 32-byte signature.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.signature
    }

    /// Writes the signer's headers as `Name: value\r\n` lines, byte for byte as
    /// [`Signature::write_headers`](super::Signature::write_headers) does for the same request.
    pub(crate) fn write_headers<S: Sink + ?Sized>(&self, sink: &mut S) {
        sink.put(b"X-Amz-Date: ");
        sink.put(&self.amz_date);
        sink.put(b"\r\n");
        if let Some(t) = self.session_token {
            sink.put(b"X-Amz-Security-Token: ");
            sink.put_str(t);
            sink.put(b"\r\n");
        }
        sink.put(b"Authorization: ");
        sink.put_str(ALGORITHM);
        sink.put(b" Credential=");
        sink.put_str(self.access_key_id);
        sink.put_byte(b'/');
        sink.put(self.amz_date.get(..8).unwrap_or_default());
        sink.put_byte(b'/');
        sink.put_str(self.region);
        sink.put_byte(b'/');
        sink.put_str(self.service);
        sink.put(b"/aws4_request, SignedHeaders=");
        sink.put(signed_headers(self.json, self.session_token.is_some()));
        sink.put(b", Signature=");
        sink.put(&hex32(&self.signature));
        sink.put(b"\r\n");
    }
}

impl core::fmt::Debug for SimpleSignature<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SimpleSignature")
            .field("amz_date", &self.amz_date)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Credentials, Payload, SignableRequest};
    use super::*;
    use crate::buf::test_sink::VecSink;
    use crate::http::request::CONTENT_TYPE_JSON as JSON;
    extern crate std;
    use std::string::String;
    use std::vec::Vec;

    /// xorshift64*: deterministic inputs without a dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'t>(&mut self, xs: &[&'t str]) -> &'t str {
            xs[self.below(xs.len())]
        }
    }

    fn general_headers(sig: &super::super::Signature<'_>) -> (Vec<u8>, [u8; 32]) {
        let mut out = Vec::new();
        sig.write_headers(&mut VecSink(&mut out));
        (out, *sig.bytes())
    }

    #[test]
    fn fast_path_matches_the_general_signer() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let segments = [
            "2025-09-09",
            "microvms",
            "a%2Fb",
            "%2E%2E",
            ".",
            "..",
            "",
            "x y",
            "~-_.",
            "%C3%A9",
            "ARN:aws",
            "é",
            "+=&",
            "*",
        ];
        let hosts = [
            "lambda.us-east-1.amazonaws.com",
            "localhost:8080",
            "[::1]:443",
            "h",
            " spaced  host ",
        ];
        let methods = ["GET", "POST", "DELETE", "PUT", "PATCH"];
        let tokens = [
            None,
            Some("tok"),
            Some(" a  b c "),
            Some("IQoJb3JpZ2luX2VjE+/=="),
        ];
        let keys = ["AKIDEXAMPLE", "ASIA1234", "k"];
        let regions = ["us-east-1", "eu-west-3", "cn-north-1"];
        let services = ["lambda", "service", "s-3"];
        for case in 0..3000 {
            let mut path = String::new();
            for _ in 0..rng.below(6) {
                path.push('/');
                path.push_str(rng.pick(&segments));
            }
            if path.is_empty() || rng.below(4) == 0 {
                path.push('/');
            }
            let host = rng.pick(&hosts);
            let method = rng.pick(&methods);
            let json = rng.below(2) == 0;
            let mut hash = [0u8; 64];
            for h in &mut hash {
                *h = b"0123456789abcdef"[rng.below(16)];
            }
            let creds = Credentials::new(
                rng.pick(&keys),
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                tokens[rng.below(tokens.len())],
            )
            .unwrap();
            let mut signer = Signer::new(creds, rng.pick(&regions), rng.pick(&services)).unwrap();
            // Spread over 1970..9999 and across day boundaries.
            let t = (rng.next() % 253_402_300_799) as i64;

            let with_body = [("Content-Type", JSON), ("Host", host)];
            let general = SignableRequest {
                method,
                path: &path,
                query: &[],
                headers: if json { &with_body } else { &with_body[1..] },
                payload: Payload::Sha256Hex(core::str::from_utf8(&hash).unwrap()),
            };
            let simple = SimpleRequest {
                method,
                path: &path,
                host,
                json,
                payload_sha256_hex: &hash,
            };
            let g = signer.clone().sign(&general, t, &Settings::DEFAULT);
            let f = signer.sign_simple(&simple, t);
            match (g, f) {
                (Ok(g), Ok(f)) => {
                    let (gh, gb) = general_headers(&g);
                    assert_eq!(gb, *f.bytes(), "case {case}: {path:?} {host:?}");
                    let mut fh = Vec::new();
                    f.write_headers(&mut VecSink(&mut fh));
                    assert_eq!(gh, fh, "case {case}");
                    assert_eq!(signer.simple_headers_len(json), fh.len(), "case {case}");
                }
                (Err(g), Err(f)) => assert_eq!(g, f, "case {case}"),
                (g, f) => panic!("case {case}: general {g:?}, fast {f:?}"),
            }
        }
    }

    #[test]
    fn refuses_what_the_general_path_refuses() {
        let creds = Credentials::new("AKID", "secret", None).unwrap();
        let mut signer = Signer::new(creds, "us-east-1", "lambda").unwrap();
        let hash = [b'0'; 64];
        let req = |method, path, host| SimpleRequest {
            method,
            path,
            host,
            json: false,
            payload_sha256_hex: &hash,
        };
        let cases = [
            (req("G T", "/", "h"), Error::InvalidMethod),
            (req("GET", "x", "h"), Error::InvalidPath),
            (req("GET", "/a?b", "h"), Error::InvalidPath),
            (req("GET", "/", "h\r\nX: y"), Error::InvalidHeaderValue),
        ];
        for (r, e) in cases {
            assert_eq!(signer.sign_simple(&r, 0).unwrap_err(), e);
        }
        assert_eq!(
            signer.sign_simple(&req("GET", "/", "h"), -1).unwrap_err(),
            Error::TimeOutOfRange
        );
    }
}

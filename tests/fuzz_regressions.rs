//! Inputs the fuzz targets in `fuzz/` found, each reduced to the property that failed there.
//!
//! A test is added here before its fix. One whose fix belongs to another module is committed
//! `#[ignore]`d with the reason, and un-ignored with the fix.
//!
//! Fixed: `error_type_of_non_ascii_header_matches_typed_code` (`Response::error_type` now
//! declines non-ASCII values instead of reading them as UTF-8).

use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::model::RunMicrovmError;

/// `decode_error` (crash-341b7ac8c944043c9cd0703becb0475877888350, minimized):
/// [`Response::error_type`] promises to cut the code "as the typed error decoders cut it", but
/// for a non-ASCII `x-amzn-ErrorType` it reads the value as UTF-8 (`"A\u{80}"`) while the
/// decoders read header bytes as Latin-1, as botocore's `http.client` does (`"AÂ\u{80}"`).
#[test]
fn error_type_of_non_ascii_header_matches_typed_code() {
    let raw = b"HTTP/1.1 400 Bad Request\r\n\
        x-amzn-ErrorType: A\xc2\x80\r\n\
        Content-Length: 2\r\n\
        \r\n\
        {}";
    let response = Response::parse(raw).expect("valid response");
    let typed = RunMicrovmError::<64>::decode_error(
        response.status(),
        response.header("x-amzn-errortype"),
        response.header("retry-after"),
        response.body(),
    )
    .expect("a typed error");
    // Either no quick answer, or the same answer as the decoders.
    if let Some(quick) = response.error_type() {
        assert_eq!(quick, typed.code());
    }
}

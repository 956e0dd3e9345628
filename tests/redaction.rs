//! `Debug` output of every public type that can hold a request, a response or a signing input:
//! none may show a secret (the session token, the run-hook payload, a token in a header or a
//! response body). Logging a value with `{:?}` is what a gateway does first when debugging, so
//! this is where secrets leak if they leak at all.

use lambda_microvms_codec::buf::{Sink, Writer};
use lambda_microvms_codec::endpoint::{Endpoint, Params};
use lambda_microvms_codec::json::read::Reader;
use lambda_microvms_codec::json::write::JsonWriter;
use lambda_microvms_codec::model::{ClientToken, RunMicrovm};
use lambda_microvms_codec::sigv4::{Credentials, Payload, Settings, SignableRequest, Signer};
use lambda_microvms_codec::uri::Encoded;

const TOKEN: &str = "SESSIONTOKENSECRET";
const PAYLOAD: &str = "HOOKPAYLOADSECRET";

fn assert_clean(what: &str, text: &str) {
    for secret in [TOKEN, PAYLOAD] {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
    // Bytes printed as numbers would hide the text from the check above.
    assert!(
        !text.contains("83, 69, 83, 83"),
        "{what} prints raw bytes: {text}"
    );
}

fn signer(session_token: Option<&'static str>) -> Signer<'static> {
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        session_token,
    )
    .unwrap();
    Signer::new(credentials, "us-east-1", "lambda").unwrap()
}

#[test]
fn encoded_request_shows_sizes_only() {
    let endpoint = Endpoint::resolve(&Params::region("us-east-1")).unwrap();
    let mut signer = signer(Some(TOKEN));
    let input =
        RunMicrovm::new("my-image", ClientToken::from_random([7; 16])).run_hook_payload(PAYLOAD);
    let mut tx = [0u8; 2048];
    let request = input
        .encode(&endpoint, &mut signer, 1_767_225_600, &mut tx)
        .unwrap();
    // The request does carry both: the check below would catch them.
    let text = String::from_utf8_lossy(request.as_bytes()).into_owned();
    assert!(text.contains(TOKEN) && text.contains(PAYLOAD));
    let debug = format!("{request:?}");
    assert_clean("EncodedRequest", &debug);
    assert_eq!(
        debug,
        format!(
            "EncodedRequest {{ head_len: {}, body_len: {} }}",
            request.head().len(),
            request.body().len()
        )
    );
}

#[test]
fn writers_show_lengths_only() {
    let mut buf = [0u8; 64];
    let mut w = Writer::new(&mut buf);
    w.put_str(TOKEN);
    assert_clean("Writer", &format!("{w:?}"));
    assert_eq!(format!("{w:?}"), "Writer { len: 18, capacity: 64 }");
    let mut j = JsonWriter::new(&mut w);
    j.begin_object();
    j.key("t");
    j.string(PAYLOAD);
    assert_clean("JsonWriter", &format!("{j:?}"));
}

#[test]
fn reader_shows_position_only() {
    let body = format!(r#"{{"token":"{TOKEN}"}}"#);
    let mut r = Reader::new(body.as_bytes());
    assert_clean("Reader", &format!("{r:?}"));
    r.begin_object().unwrap();
    assert_clean("Reader", &format!("{r:?}"));
}

#[test]
fn signable_request_and_signature_hide_header_and_query_values() {
    // A caller that adds the token itself (`omit_session_token`) or signs a presigned query.
    let headers = [
        ("Host", "lambda.us-east-1.amazonaws.com"),
        ("X-Amz-Security-Token", TOKEN),
    ];
    let query = [("X-Amz-Security-Token", TOKEN)];
    // The query's percent-encoder, which the signer's sort runs over values.
    assert_clean(
        "uri::Encoded",
        &format!("{:?}", Encoded::new(TOKEN.as_bytes())),
    );
    let request = SignableRequest {
        method: "POST",
        path: "/",
        query: &query,
        headers: &headers,
        payload: Payload::Bytes(PAYLOAD.as_bytes()),
    };
    let debug = format!("{request:?}");
    assert_clean("SignableRequest", &debug);
    assert!(
        debug.contains("X-Amz-Security-Token"),
        "names stay: {debug}"
    );
    // The caller sends the token itself, so the credentials carry none.
    let mut signer = signer(None);
    let settings = Settings {
        omit_session_token: true,
        ..Settings::DEFAULT
    };
    let signature = signer.sign(&request, 1_767_225_600, &settings).unwrap();
    assert_clean("Signature", &format!("{signature:?}"));
}

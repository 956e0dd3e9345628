//! GetMicrovm, TerminateMicrovm, SuspendMicrovm and ResumeMicrovm requests against the ones a real
//! botocore 1.44.8 client signed (tests/data/vectors/lifecycle_requests.json, made by
//! scripts/gen_vectors.py lifecycle). They carry no body, so everything botocore signs must be
//! identical: the percent-encoded path label, the headers, and the `Authorization` value itself.

mod common;

use lambda_microvms_codec::endpoint::{Endpoint, Params};
use lambda_microvms_codec::http::request;
use lambda_microvms_codec::model::{GetMicrovm, ResumeMicrovm, SuspendMicrovm, TerminateMicrovm};
use lambda_microvms_codec::ops::SIGNING_NAME;
use lambda_microvms_codec::sigv4::{Credentials, Signer};
use serde_json::Value;

fn encode(case: &Value, buf: &mut [u8]) -> Result<usize, request::Error> {
    let region = case["region"].as_str().unwrap();
    let endpoint = Endpoint::resolve(&Params::region(region)).unwrap();
    let c = &case["credentials"];
    let creds = Credentials::new(
        c["accessKeyId"].as_str().unwrap(),
        c["secretAccessKey"].as_str().unwrap(),
        c["sessionToken"].as_str(),
    )
    .unwrap();
    let mut signer = Signer::new(creds, region, SIGNING_NAME).unwrap();
    let t = common::suite::unix_seconds(case["time"].as_str().unwrap()).unwrap();
    let id = case["params"]["microvmIdentifier"].as_str().unwrap();
    let r = match case["operation"].as_str().unwrap() {
        "GetMicrovm" => GetMicrovm::new(id).encode(&endpoint, &mut signer, t, buf),
        "TerminateMicrovm" => TerminateMicrovm::new(id).encode(&endpoint, &mut signer, t, buf),
        "SuspendMicrovm" => SuspendMicrovm::new(id).encode(&endpoint, &mut signer, t, buf),
        "ResumeMicrovm" => ResumeMicrovm::new(id).encode(&endpoint, &mut signer, t, buf),
        other => panic!("unknown operation {other}"),
    }?;
    Ok(r.len())
}

#[test]
fn every_lifecycle_request_is_botocores() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("data/vectors/lifecycle_requests.json")).unwrap();
    assert!(cases.len() >= 40);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let expected = &case["expected"];
        let mut buf = [0u8; 2048];
        let len = encode(case, &mut buf).unwrap_or_else(|e| panic!("{name}: {e}"));

        let mut headers = [httparse::EMPTY_HEADER; 16];
        let mut req = httparse::Request::new(&mut headers);
        let head = match req.parse(&buf[..len]).unwrap() {
            httparse::Status::Complete(n) => n,
            httparse::Status::Partial => panic!("{name}: partial head"),
        };
        assert_eq!(head, len, "{name}: no body");
        assert_eq!(req.method, expected["method"].as_str(), "{name}");
        assert_eq!(req.path, expected["path"].as_str(), "{name}");

        // Every header botocore sent except its own bookkeeping must be ours, value for value,
        // and we send nothing botocore did not (Host is implicit in botocore's record).
        let ours: Vec<(String, String)> = req
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.to_ascii_lowercase(),
                    String::from_utf8(h.value.to_vec()).unwrap(),
                )
            })
            .collect();
        let mut theirs: Vec<(String, String)> = expected["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_ascii_lowercase(),
                    h[1].as_str().unwrap().to_owned(),
                )
            })
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "user-agent" | "amz-sdk-invocation-id" | "amz-sdk-request"
                )
            })
            .collect();
        theirs.push(("host".into(), expected["host"].as_str().unwrap().into()));
        let mut ours_sorted = ours.clone();
        ours_sorted.sort();
        theirs.sort();
        assert_eq!(ours_sorted, theirs, "{name}: headers");
        assert_eq!(ours[0].0, "host", "{name}: Host first");
    }
}

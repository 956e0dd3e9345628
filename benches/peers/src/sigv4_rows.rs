//! Peer 2: aws-sigv4 alone, signing the fixture request.

use std::hint::black_box;

use aws_sdk_lambdamicrovms::config::Credentials;
use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SigningParams, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use crate::fixture::{self, Fixture};
use crate::floor;
use crate::harness::{Group, Row, Side};

pub fn rows(fx: &'static Fixture) -> Vec<Row> {
    let identity: &'static Identity = Box::leak(Box::new(
        Credentials::new(
            fixture::ACCESS_KEY_ID,
            fixture::SECRET_ACCESS_KEY,
            None,
            None,
            "static",
        )
        .into(),
    ));
    // Built once, as an SDK builds them once per operation config; `sign` is what runs per
    // request, and it derives the signing key itself every time (aws-sigv4 has no key
    // cache: the SDK above it does not add one either).
    let params: SigningParams<'static> = v4::SigningParams::builder()
        .identity(identity)
        .region(fixture::REGION)
        .name(fixture::SERVICE)
        .time(fixture::time())
        .settings(SigningSettings::default())
        .build()
        .expect("complete params")
        .into();
    let headers: &'static [(String, String)] =
        Box::leak(floor::request_headers(fx.body.len()).into_boxed_slice());
    let body: &'static [u8] = &fx.body;

    let op = move || {
        let request = SignableRequest::new(
            fixture::METHOD,
            fixture::URL,
            headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            SignableBody::Bytes(black_box(body)),
        )
        .expect("valid request");
        sign(request, &params).expect("signs")
    };

    let (instructions, signature) = op().into_parts();
    assert_eq!(
        signature,
        floor::reference_signature(fx),
        "aws-sigv4 and the floor sign the same bytes"
    );
    let (added, _) = instructions.into_parts();
    let names: Vec<&str> = added.iter().map(|h| h.name()).collect();
    assert_eq!(
        names,
        ["x-amz-date", "authorization"],
        "header-based signing"
    );

    vec![Row::new(
        "aws-sigv4 1.6: http_request::sign (SignableRequest::new + sign)",
        Group::Sign,
        Side::Peer,
        move |n| {
            for _ in 0..n {
                black_box(op());
            }
        },
    )]
}

//! serde_json's best case for the 200 body: borrowed strings (`Cow`, owned only when
//! escaped), `f64` timestamps; the same shapes as `benches/peers/src/serde_rows.rs`.
#![allow(dead_code)]

use serde::Deserialize;
use std::borrow::Cow;

#[derive(Deserialize, Debug)]
#[serde(transparent)]
pub struct Str<'a>(#[serde(borrow)] pub Cow<'a, str>);

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IdlePolicy {
    pub max_idle_duration_seconds: i32,
    pub suspended_duration_seconds: i32,
    pub auto_resume_enabled: bool,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct RunMicrovmResponse<'a> {
    #[serde(borrow)]
    pub microvm_id: Str<'a>,
    #[serde(borrow)]
    pub state: Str<'a>,
    #[serde(borrow)]
    pub endpoint: Str<'a>,
    #[serde(borrow)]
    pub image_arn: Str<'a>,
    #[serde(borrow)]
    pub image_version: Str<'a>,
    #[serde(borrow)]
    pub execution_role_arn: Option<Str<'a>>,
    pub idle_policy: Option<IdlePolicy>,
    pub maximum_duration_in_seconds: i32,
    pub started_at: f64,
    pub terminated_at: Option<f64>,
    #[serde(borrow)]
    pub state_reason: Option<Str<'a>>,
    #[serde(borrow)]
    pub kms_key_identifier: Option<Str<'a>>,
    #[serde(borrow)]
    pub ingress_network_connectors: Option<Vec<Str<'a>>>,
    #[serde(borrow)]
    pub egress_network_connectors: Option<Vec<Str<'a>>>,
}

#[inline(never)]
pub fn decode(body: &[u8]) -> RunMicrovmResponse<'_> {
    serde_json::from_slice(body).expect("valid body")
}

/// Every member decoded, strings borrowed.
pub fn check(body: &[u8]) {
    let r = decode(body);
    assert_eq!(r.microvm_id.0, "mvm-0123456789abcdef0");
    assert!(matches!(r.image_arn.0, Cow::Borrowed(_)));
    assert_eq!(r.terminated_at, Some(1_767_254_400.5));
    assert_eq!(r.egress_network_connectors.map(|v| v.len()), Some(2));
}

//! RunMicrovm validation against botocore: for each parameter set botocore rejected
//! (tests/data/vectors/run_microvm_invalid.json), parameter mapping plus `validate_each` must
//! report exactly the problems botocore listed.

mod common;

use std::collections::BTreeSet;

use common::params::{ParamError, RunMicrovmParams};
use lambda_microvms_codec::model::{Rule, ValidationError};
use serde_json::Value;

fn path(e: &ValidationError) -> String {
    match e.index {
        Some(i) => format!("{}[{i}]", e.member),
        None => e.member.to_owned(),
    }
}

/// One problem in a form both sides can be reduced to.
fn ours(e: &ValidationError) -> String {
    match e.rule {
        Rule::Required => format!("required {}", path(e)),
        Rule::MinLength(n) => format!("min-length {} {n}", path(e)),
        Rule::MinValue(n) => format!("min-value {} {n}", path(e)),
        Rule::MaxValue(n) => format!("max-value {} {n}", path(e)),
        Rule::MaxItems(n) => format!("max-items {} {n}", path(e)),
        _ => panic!("rule without a botocore equivalent: {e:?}"),
    }
}

fn our_problems(params: &Value) -> BTreeSet<String> {
    let (parsed, errors) = RunMicrovmParams::parse_lenient(params);
    let mut out: BTreeSet<String> = errors
        .iter()
        .map(|e| match e {
            ParamError::Invalid(v) => ours(v),
            ParamError::WrongType(p) => format!("type {p}"),
            ParamError::Unknown(p) => format!("unknown {p}"),
            ParamError::Union(p) => format!("union {p}"),
        })
        .collect();
    parsed.request([0; 16]).validate_each(|e| {
        out.insert(ours(&e));
    });
    out
}

/// botocore's message lines (`botocore/validate.py` wording) reduced to the same form.
fn botocore_problems(message: &str) -> BTreeSet<String> {
    let body = message
        .strip_prefix("ParamValidationError: Parameter validation failed:\n")
        .unwrap_or_else(|| panic!("not a ParamValidationError: {message}"));
    body.lines()
        .map(|line| {
            let quoted = || line.split('"').nth(1).expect("quoted name").to_owned();
            let param = || {
                line.split("parameter ")
                    .nth(1)
                    .and_then(|r| r.split(',').next())
                    .expect("parameter path")
                    .to_owned()
            };
            let last_number = || line.rsplit(' ').next().expect("number").to_owned();
            if let Some(rest) = line.strip_prefix("Missing required parameter in ") {
                let parent = rest.split(':').next().unwrap();
                if parent == "input" {
                    format!("required {}", quoted())
                } else {
                    format!("required {parent}.{}", quoted())
                }
            } else if line.starts_with("Invalid length for parameter")
                && line.contains("valid min length")
            {
                format!("min-length {} {}", param(), last_number())
            } else if line.starts_with("Invalid value for parameter")
                && line.contains("valid min value")
            {
                format!("min-value {} {}", param(), last_number())
            } else if line.starts_with("Invalid type for parameter") {
                format!("type {}", param())
            } else if line.starts_with("Unknown parameter in input") {
                format!("unknown {}", quoted())
            } else if line.contains("tagged union") {
                // "...tagged union structure logging. ..." / "...tagged unionstructure logging: ..."
                let after = line.split("structure ").nth(1).expect("union name");
                let name: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
                format!("union {name}")
            } else {
                panic!("unrecognised botocore message line: {line}")
            }
        })
        .collect()
}

#[test]
fn rejections_match_botocore() {
    let vectors: Vec<Value> =
        serde_json::from_str(include_str!("data/vectors/run_microvm_invalid.json")).unwrap();
    let (mut checked, mut accepted) = (0, 0);
    for case in vectors.iter().filter(|c| c["kind"] == "params") {
        let name = case["name"].as_str().unwrap();
        if case["botocoreError"].is_null() {
            // botocore checks minima only; the model's maxima on integers and list sizes are
            // the one place we are deliberately stricter. Patterns and string maxima are not.
            let mut ours = our_problems(&case["params"]);
            ours.retain(|p| !p.starts_with("max-value ") && !p.starts_with("max-items "));
            assert_eq!(ours, BTreeSet::new(), "{name}: botocore accepted it");
            accepted += 1;
            continue;
        }
        let expected = botocore_problems(case["botocoreError"].as_str().unwrap());
        assert!(!expected.is_empty(), "{name}");
        assert_eq!(our_problems(&case["params"]), expected, "{name}");
        checked += 1;
    }
    assert!(
        checked >= 20 && accepted >= 2,
        "only {checked} + {accepted} cases"
    );
}

/// Limits botocore does not check (it validates minima only) but the model states and we enforce.
#[test]
fn maxima_botocore_skips_are_enforced() {
    let too_many: Vec<String> = (0..11).map(|i| format!("nc-{i}")).collect();
    let params = serde_json::json!({
        "imageIdentifier": "i",
        "maximumDurationInSeconds": 28801,
        "egressNetworkConnectors": too_many,
    });
    let expected: BTreeSet<String> = [
        "max-value maximumDurationInSeconds 28800",
        "max-items egressNetworkConnectors 10",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(our_problems(&params), expected);
}

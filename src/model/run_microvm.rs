//! Input of the `RunMicrovm` operation (`RunMicrovmRequest`).

use core::fmt;

use super::microvm::{ClientToken, IdlePolicy, Logging};
use super::validate::{self, ValidationError};
use crate::buf::{Counter, Sink};
use crate::json::write::{JsonWriter, quoted};

/// Most connectors per list (`NetworkConnectorList`, model `max: 10`).
pub const MAX_NETWORK_CONNECTORS: usize = 10;

/// Request to run a new MicroVM from an image (`RunMicrovmRequest`).
///
/// Borrows every string from the caller. The two members that must always be sent,
/// `imageIdentifier` and `clientToken`, are constructor arguments, so neither can be forgotten;
/// the rest are optional and set with the builder methods. Unset members are left out of the
/// body (never sent as `null`).
///
/// Model constraints, of which only the minima and ranges are enforced by
/// [`validate`](Self::validate) (maximum lengths and patterns are left to the service, as
/// botocore does, so that the service can relax them without a firmware update):
///
/// | member | model |
/// | --- | --- |
/// | `imageIdentifier` | required, length 1..=256 |
/// | `imageVersion` | length 1..=2048, pattern `[^\s]+` |
/// | `executionRoleArn` | length 20..=2048, pattern `arn:aws[a-z\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+` |
/// | `idlePolicy` | see [`IdlePolicy`] |
/// | `logging` | see [`Logging`] |
/// | `kmsKeyIdentifier` | length 1..=2048, a key ARN, alias ARN, alias name or key ID |
/// | `runHookPayload` | sensitive, length 0..=4096 |
/// | `maximumDurationInSeconds` | 1..=28800 (8 hours) |
/// | `ingressNetworkConnectors`, `egressNetworkConnectors` | at most 10 items, each length 1..=2048 |
/// | `clientToken` | idempotency token, length 1..=128 |
///
/// Differences from the published API reference, which follows the model here:
/// `kmsKeyIdentifier` exists only in the model (service-2.json), not in the reference's request
/// syntax; the reference says `runHookPayload` may be 16,384 bytes while the model says 4096
/// characters. Neither maximum is enforced, so both documents' payloads can be sent.
///
/// ```
/// use lambda_microvms_codec::buf::Writer;
/// use lambda_microvms_codec::model::{ClientToken, IdlePolicy, Logging, RunMicrovm};
///
/// let random = [7u8; 16]; // from the device's RNG
/// let connectors = ["arn:aws:lambda:us-east-1:123456789012:network-connector/nc-1"];
/// let req = RunMicrovm::new("my-image", ClientToken::from_random(random))
///     .image_version("3")
///     .idle_policy(IdlePolicy::new(300, 3600, true))
///     .logging(Logging::cloud_watch("/microvms/my-image"))
///     .maximum_duration_in_seconds(3600)
///     .egress_network_connectors(&connectors);
/// req.validate().expect("valid input");
///
/// let mut body = [0u8; 512];
/// let mut out = Writer::new(&mut body);
/// req.write_body(&mut out);
/// let len = out.finish().expect("buffer large enough");
/// assert_eq!(len, req.body_len());
/// assert!(body[..len].starts_with(br#"{"egressNetworkConnectors":["arn:aws:lambda:"#));
///
/// // Every problem, one per line, for diagnostics:
/// let bad = RunMicrovm::new("", ClientToken::new("t")).idle_policy(IdlePolicy::new(5, 0, false));
/// let mut lines = Vec::new();
/// bad.validate_each(|e| lines.push(e.to_string()));
/// assert_eq!(lines, [
///     "imageIdentifier: must be at least 1 character long",
///     "idlePolicy.maxIdleDurationSeconds: must be at least 60",
/// ]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RunMicrovm<'a> {
    /// `imageIdentifier`: ARN or ID of the MicroVM image to run.
    pub image_identifier: &'a str,
    /// `imageVersion`: version of the image to run.
    pub image_version: Option<&'a str>,
    /// `executionRoleArn`: IAM role the MicroVM assumes while running.
    pub execution_role_arn: Option<&'a str>,
    /// `idlePolicy`: auto-suspend and auto-resume behaviour.
    pub idle_policy: Option<IdlePolicy>,
    /// `logging`: where application logs go.
    pub logging: Option<Logging<'a>>,
    /// `runHookPayload`: body of the MicroVM's `/run` lifecycle hook. Sensitive (tenant
    /// configuration, secret references): `Debug` and `defmt` print it redacted.
    pub run_hook_payload: Option<&'a str>,
    /// `maximumDurationInSeconds`: lifetime after which the platform terminates the MicroVM.
    pub maximum_duration_in_seconds: Option<i32>,
    /// `kmsKeyIdentifier`: customer managed KMS key for the MicroVM configuration at rest.
    pub kms_key_identifier: Option<&'a str>,
    /// `ingressNetworkConnectors`: connectors configured for inbound traffic.
    pub ingress_network_connectors: Option<&'a [&'a str]>,
    /// `egressNetworkConnectors`: connectors available for outbound traffic.
    pub egress_network_connectors: Option<&'a [&'a str]>,
    /// `clientToken`: idempotency token, always sent.
    pub client_token: ClientToken<'a>,
}

impl<'a> RunMicrovm<'a> {
    /// A request for `image_identifier` with only the required members set.
    ///
    /// `client_token` is required here although the model makes it optional: SDKs always fill
    /// it in, and without it a retried request could start a second MicroVM.
    pub const fn new(image_identifier: &'a str, client_token: ClientToken<'a>) -> Self {
        Self {
            image_identifier,
            image_version: None,
            execution_role_arn: None,
            idle_policy: None,
            logging: None,
            run_hook_payload: None,
            maximum_duration_in_seconds: None,
            kms_key_identifier: None,
            ingress_network_connectors: None,
            egress_network_connectors: None,
            client_token,
        }
    }

    /// Sets `imageVersion`.
    pub const fn image_version(mut self, version: &'a str) -> Self {
        self.image_version = Some(version);
        self
    }

    /// Sets `executionRoleArn`.
    pub const fn execution_role_arn(mut self, arn: &'a str) -> Self {
        self.execution_role_arn = Some(arn);
        self
    }

    /// Sets `idlePolicy`.
    pub const fn idle_policy(mut self, policy: IdlePolicy) -> Self {
        self.idle_policy = Some(policy);
        self
    }

    /// Sets `logging`.
    pub const fn logging(mut self, logging: Logging<'a>) -> Self {
        self.logging = Some(logging);
        self
    }

    /// Sets `runHookPayload` (sensitive).
    pub const fn run_hook_payload(mut self, payload: &'a str) -> Self {
        self.run_hook_payload = Some(payload);
        self
    }

    /// Sets `maximumDurationInSeconds`.
    pub const fn maximum_duration_in_seconds(mut self, seconds: i32) -> Self {
        self.maximum_duration_in_seconds = Some(seconds);
        self
    }

    /// Sets `kmsKeyIdentifier`.
    pub const fn kms_key_identifier(mut self, key: &'a str) -> Self {
        self.kms_key_identifier = Some(key);
        self
    }

    /// Sets `ingressNetworkConnectors` (an empty list is sent as `[]`).
    pub const fn ingress_network_connectors(mut self, connectors: &'a [&'a str]) -> Self {
        self.ingress_network_connectors = Some(connectors);
        self
    }

    /// Sets `egressNetworkConnectors` (an empty list is sent as `[]`).
    pub const fn egress_network_connectors(mut self, connectors: &'a [&'a str]) -> Self {
        self.egress_network_connectors = Some(connectors);
        self
    }

    /// Replaces the `clientToken` given to [`new`](Self::new).
    pub const fn client_token(mut self, token: ClientToken<'a>) -> Self {
        self.client_token = token;
        self
    }

    /// Checks the model's constraints and returns the first problem, in model member order.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut first = None;
        self.validate_each(|e| {
            first.get_or_insert(e);
        });
        first.map_or(Ok(()), Err)
    }

    /// Reports every problem, in model member order, for tools that list them all.
    ///
    /// Bounded work: strings are scanned at most up to their minimum length and list elements
    /// only up to index 255.
    pub fn validate_each(&self, mut f: impl FnMut(ValidationError)) {
        let f = &mut f;
        let n = MAX_NETWORK_CONNECTORS as u32;
        if let Some(list) = self.ingress_network_connectors {
            validate::string_list(f, "ingressNetworkConnectors", list, n, 1);
        }
        if let Some(list) = self.egress_network_connectors {
            validate::string_list(f, "egressNetworkConnectors", list, n, 1);
        }
        validate::min_length(f, "imageIdentifier", None, self.image_identifier, 1);
        if let Some(v) = self.image_version {
            validate::min_length(f, "imageVersion", None, v, 1);
        }
        if let Some(arn) = self.execution_role_arn {
            validate::min_length(f, "executionRoleArn", None, arn, 20);
        }
        if let Some(p) = &self.idle_policy {
            p.validate_each(f);
        }
        if let Some(l) = &self.logging {
            l.validate_each(f);
        }
        if let Some(k) = self.kms_key_identifier {
            validate::min_length(f, "kmsKeyIdentifier", None, k, 1);
        }
        // runHookPayload: model minimum 0, so any string is acceptable.
        if let Some(d) = self.maximum_duration_in_seconds {
            validate::range(f, "maximumDurationInSeconds", d, Some(1), Some(28800));
        }
        self.client_token.validate_each(f);
    }

    /// Writes the JSON request body: compact, members in model order, unset members absent.
    ///
    /// Does not validate; call [`validate`](Self::validate) first. Writing cannot fail: use a
    /// [`Writer`](crate::buf::Writer) to learn whether a caller buffer was large enough.
    pub fn write_body<S: Sink + ?Sized>(&self, sink: &mut S) {
        let mut j = JsonWriter::new(sink);
        j.begin_object();
        for (key, list) in [
            (
                quoted!("ingressNetworkConnectors"),
                self.ingress_network_connectors,
            ),
            (
                quoted!("egressNetworkConnectors"),
                self.egress_network_connectors,
            ),
        ] {
            if let Some(list) = list {
                j.quoted_key(key);
                j.begin_array();
                for item in list {
                    j.string(item);
                }
                j.end_array();
            }
        }
        j.quoted_key(quoted!("imageIdentifier"));
        j.string(self.image_identifier);
        optional_string(&mut j, quoted!("imageVersion"), self.image_version);
        optional_string(&mut j, quoted!("executionRoleArn"), self.execution_role_arn);
        if let Some(p) = &self.idle_policy {
            j.quoted_key(quoted!("idlePolicy"));
            p.write_json(&mut j);
        }
        if let Some(l) = &self.logging {
            j.quoted_key(quoted!("logging"));
            l.write_json(&mut j);
        }
        optional_string(&mut j, quoted!("kmsKeyIdentifier"), self.kms_key_identifier);
        optional_string(&mut j, quoted!("runHookPayload"), self.run_hook_payload);
        if let Some(d) = self.maximum_duration_in_seconds {
            j.quoted_key(quoted!("maximumDurationInSeconds"));
            j.i32(d);
        }
        j.quoted_key(quoted!("clientToken"));
        j.string(self.client_token.as_str());
        j.end_object();
    }

    /// The exact length of [`write_body`](Self::write_body)'s output (for `Content-Length` or
    /// sizing a buffer), computed by writing into a counter.
    pub fn body_len(&self) -> usize {
        let mut c = Counter::default();
        self.write_body(&mut c);
        c.0
    }
}

/// `key` (from [`quoted!`]) and `value`, when there is a value.
fn optional_string<S: Sink + ?Sized>(
    j: &mut JsonWriter<'_, S>,
    key: &'static str,
    value: Option<&str>,
) {
    if let Some(v) = value {
        j.quoted_key(key);
        j.string(v);
    }
}

/// Shown in place of `runHookPayload`.
const REDACTED: &str = "<redacted>";

impl fmt::Debug for RunMicrovm<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunMicrovm")
            .field("image_identifier", &self.image_identifier)
            .field("image_version", &self.image_version)
            .field("execution_role_arn", &self.execution_role_arn)
            .field("idle_policy", &self.idle_policy)
            .field("logging", &self.logging)
            .field("run_hook_payload", &self.run_hook_payload.map(|_| REDACTED))
            .field(
                "maximum_duration_in_seconds",
                &self.maximum_duration_in_seconds,
            )
            .field("kms_key_identifier", &self.kms_key_identifier)
            .field(
                "ingress_network_connectors",
                &self.ingress_network_connectors,
            )
            .field("egress_network_connectors", &self.egress_network_connectors)
            .field("client_token", &self.client_token)
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for RunMicrovm<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "RunMicrovm {{ image_identifier: {=str}, image_version: {}, execution_role_arn: {}, \
             idle_policy: {}, logging: {}, run_hook_payload: {}, maximum_duration_in_seconds: {}, \
             kms_key_identifier: {}, ingress_network_connectors: {}, \
             egress_network_connectors: {}, client_token: {} }}",
            self.image_identifier,
            self.image_version,
            self.execution_role_arn,
            self.idle_policy,
            self.logging,
            self.run_hook_payload.map(|_| REDACTED),
            self.maximum_duration_in_seconds,
            self.kms_key_identifier,
            self.ingress_network_connectors,
            self.egress_network_connectors,
            self.client_token,
        );
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::model::validate::Rule;
    use std::vec::Vec;

    const ROLE: &str = "arn:aws:iam::123456789012:role/microvm";

    fn token() -> ClientToken<'static> {
        ClientToken::new("token")
    }

    fn problems(req: &RunMicrovm<'_>) -> Vec<ValidationError> {
        let mut v = Vec::new();
        req.validate_each(|e| v.push(e));
        assert_eq!(req.validate(), v.first().copied().map_or(Ok(()), Err));
        v
    }

    fn only(req: RunMicrovm<'_>, member: &str, index: Option<u8>, rule: Rule) {
        let p = problems(&req);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].member, p[0].index, p[0].rule), (member, index, rule));
    }

    fn full() -> RunMicrovm<'static> {
        RunMicrovm::new("img", token())
            .image_version("1")
            .execution_role_arn(ROLE)
            .idle_policy(IdlePolicy::new(60, 0, true))
            .logging(Logging::cloud_watch_stream("g", "s"))
            .kms_key_identifier("k")
            .run_hook_payload("")
            .maximum_duration_in_seconds(1)
            .ingress_network_connectors(&["a"; 10])
            .egress_network_connectors(&[])
    }

    #[test]
    fn valid_inputs_at_the_limits_pass() {
        assert_eq!(problems(&full()), []);
        assert_eq!(problems(&full().maximum_duration_in_seconds(28800)), []);
        assert_eq!(problems(&RunMicrovm::new("i", token())), []);
        let generated = RunMicrovm::new("i", ClientToken::from_random([0; 16]));
        assert_eq!(problems(&generated), []);
        assert_eq!(problems(&full().logging(Logging::Disabled)), []);
        let no_group = Logging::CloudWatch {
            log_group: None,
            log_stream: None,
        };
        assert_eq!(problems(&full().logging(no_group)), []);
    }

    #[test]
    fn rule_min_length_image_identifier() {
        only(
            RunMicrovm::new("", token()),
            "imageIdentifier",
            None,
            Rule::MinLength(1),
        );
    }

    #[test]
    fn rule_min_length_image_version() {
        only(
            full().image_version(""),
            "imageVersion",
            None,
            Rule::MinLength(1),
        );
    }

    #[test]
    fn rule_min_length_execution_role_arn_counts_characters() {
        only(
            full().execution_role_arn("arn:aws:iam::123456"),
            "executionRoleArn",
            None,
            Rule::MinLength(20),
        );
        // 19 characters but more than 20 bytes.
        only(
            full().execution_role_arn("ééééééééééééééééééé"),
            "executionRoleArn",
            None,
            Rule::MinLength(20),
        );
        assert_eq!(
            problems(&full().execution_role_arn("arn:aws:iam::1234567")),
            []
        );
    }

    #[test]
    fn rule_min_length_log_group() {
        only(
            full().logging(Logging::cloud_watch("")),
            "logging.cloudWatch.logGroup",
            None,
            Rule::MinLength(1),
        );
    }

    #[test]
    fn rule_min_length_log_stream() {
        only(
            full().logging(Logging::cloud_watch_stream("g", "")),
            "logging.cloudWatch.logStream",
            None,
            Rule::MinLength(1),
        );
    }

    #[test]
    fn rule_min_length_kms_key_identifier() {
        only(
            full().kms_key_identifier(""),
            "kmsKeyIdentifier",
            None,
            Rule::MinLength(1),
        );
    }

    #[test]
    fn rule_min_length_connector_elements_carry_their_index() {
        only(
            full().ingress_network_connectors(&["a", "b", "c", ""]),
            "ingressNetworkConnectors",
            Some(3),
            Rule::MinLength(1),
        );
        only(
            full().egress_network_connectors(&[""]),
            "egressNetworkConnectors",
            Some(0),
            Rule::MinLength(1),
        );
    }

    #[test]
    fn rule_min_length_client_token() {
        only(
            full().client_token(ClientToken::new("")),
            "clientToken",
            None,
            Rule::MinLength(1),
        );
    }

    #[test]
    fn rule_min_length_zero_run_hook_payload_accepts_empty() {
        assert_eq!(problems(&full().run_hook_payload("")), []);
    }

    #[test]
    fn rule_min_value_max_idle_duration_seconds() {
        only(
            full().idle_policy(IdlePolicy::new(59, 0, false)),
            "idlePolicy.maxIdleDurationSeconds",
            None,
            Rule::MinValue(60),
        );
    }

    #[test]
    fn rule_min_value_suspended_duration_seconds() {
        only(
            full().idle_policy(IdlePolicy::new(60, -1, false)),
            "idlePolicy.suspendedDurationSeconds",
            None,
            Rule::MinValue(0),
        );
    }

    #[test]
    fn rule_min_value_maximum_duration_in_seconds() {
        only(
            full().maximum_duration_in_seconds(0),
            "maximumDurationInSeconds",
            None,
            Rule::MinValue(1),
        );
    }

    #[test]
    fn rule_max_value_maximum_duration_in_seconds() {
        only(
            full().maximum_duration_in_seconds(28801),
            "maximumDurationInSeconds",
            None,
            Rule::MaxValue(28800),
        );
    }

    #[test]
    fn rule_max_items_connectors() {
        only(
            full().ingress_network_connectors(&["a"; 11]),
            "ingressNetworkConnectors",
            None,
            Rule::MaxItems(10),
        );
        only(
            full().egress_network_connectors(&["a"; 11]),
            "egressNetworkConnectors",
            None,
            Rule::MaxItems(10),
        );
    }

    #[test]
    fn maxima_and_patterns_are_not_enforced() {
        let long = "x".repeat(5000);
        let req = RunMicrovm::new(&long, ClientToken::new(&long))
            .image_version("has spaces")
            .execution_role_arn(&long)
            .logging(Logging::cloud_watch_stream("bad:*", "bad:*"))
            .kms_key_identifier("!!")
            .run_hook_payload(&long);
        assert_eq!(problems(&req), []);
    }

    #[test]
    fn all_problems_in_model_order() {
        let req = RunMicrovm::new("", ClientToken::new(""))
            .ingress_network_connectors(&[""; 11])
            .egress_network_connectors(&["", "e"])
            .image_version("")
            .execution_role_arn("short")
            .idle_policy(IdlePolicy::new(0, -5, true))
            .logging(Logging::cloud_watch_stream("", ""))
            .kms_key_identifier("")
            .maximum_duration_in_seconds(-1);
        let members: Vec<_> = problems(&req).iter().map(|e| (e.member, e.index)).collect();
        let mut expected = std::vec![("ingressNetworkConnectors", None)];
        expected.extend((0..11).map(|i| ("ingressNetworkConnectors", Some(i))));
        expected.extend([
            ("egressNetworkConnectors", Some(0)),
            ("imageIdentifier", None),
            ("imageVersion", None),
            ("executionRoleArn", None),
            ("idlePolicy.maxIdleDurationSeconds", None),
            ("idlePolicy.suspendedDurationSeconds", None),
            ("logging.cloudWatch.logGroup", None),
            ("logging.cloudWatch.logStream", None),
            ("kmsKeyIdentifier", None),
            ("maximumDurationInSeconds", None),
            ("clientToken", None),
        ]);
        assert_eq!(members, expected);
    }

    #[test]
    fn debug_redacts_run_hook_payload() {
        let req = full().run_hook_payload("secret-ref-XYZZY");
        let text = std::format!("{req:?}");
        assert!(!text.contains("XYZZY"), "{text}");
        assert!(
            text.contains("run_hook_payload: Some(\"<redacted>\")"),
            "{text}"
        );
        assert!(text.contains("image_identifier: \"img\""), "{text}");
    }

    #[test]
    fn body_len_matches_written_length_and_overflow_reports_it() {
        let req = full().run_hook_payload("\u{0}\"\\é😀");
        let mut buf = [0u8; 1024];
        let mut w = crate::buf::Writer::new(&mut buf);
        req.write_body(&mut w);
        assert_eq!(w.finish(), Ok(req.body_len()));
        let mut small = [0u8; 10];
        let mut w = crate::buf::Writer::new(&mut small);
        req.write_body(&mut w);
        assert_eq!(
            w.finish(),
            Err(crate::buf::BufferTooSmall {
                required: req.body_len()
            })
        );
    }
}

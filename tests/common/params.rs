//! Maps botocore-style parameters (the JSON object given as `client.run_microvm(**params)`) onto
//! the typed `RunMicrovm` builder, reporting what botocore would reject before validation:
//! missing required members, wrong JSON types, unknown members and malformed unions.
//!
//! Shared by the vector tests and meant for the debugging CLI, which reads the same JSON.

use lambda_microvms_codec::model::{
    ClientToken, IdlePolicy, Logging, Rule, RunMicrovm, ValidationError,
};
use serde_json::{Map, Value};

/// Why a parameter object cannot be turned into a typed input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamError {
    /// A required member is absent (`rule` is `Rule::Required`).
    Invalid(ValidationError),
    /// The JSON type at this path is not the model's.
    WrongType(String),
    /// A member the model does not have.
    Unknown(String),
    /// A union with no member or several members set.
    Union(String),
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamError::Invalid(e) => write!(f, "{e}"),
            ParamError::WrongType(p) => write!(f, "{p}: wrong type"),
            ParamError::Unknown(p) => write!(f, "{p}: unknown member"),
            ParamError::Union(p) => write!(f, "{p}: must set exactly one member"),
        }
    }
}

/// The members of one `RunMicrovmRequest`, borrowed from the JSON value; owns only the lists of
/// `&str` that the typed input borrows.
#[derive(Debug, Default)]
pub struct RunMicrovmParams<'v> {
    pub image_identifier: &'v str,
    pub image_version: Option<&'v str>,
    pub execution_role_arn: Option<&'v str>,
    pub idle_policy: Option<IdlePolicy>,
    pub logging: Option<Logging<'v>>,
    pub run_hook_payload: Option<&'v str>,
    pub maximum_duration_in_seconds: Option<i32>,
    pub kms_key_identifier: Option<&'v str>,
    pub ingress_network_connectors: Option<Vec<&'v str>>,
    pub egress_network_connectors: Option<Vec<&'v str>>,
    pub client_token: Option<&'v str>,
}

/// Stands in for a missing or mistyped string; satisfies every minimum length.
const PLACEHOLDER: &str = "-";

fn required(member: &'static str) -> ParamError {
    ParamError::Invalid(ValidationError {
        member,
        index: None,
        rule: Rule::Required,
    })
}

struct Parser {
    errors: Vec<ParamError>,
}

impl Parser {
    fn string<'v>(&mut self, path: &str, v: &'v Value) -> Option<&'v str> {
        match v {
            Value::String(s) => Some(s),
            _ => {
                self.errors.push(ParamError::WrongType(path.to_owned()));
                None
            }
        }
    }

    fn integer(&mut self, path: &str, v: &Value) -> Option<i32> {
        match v.as_i64().and_then(|n| i32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                self.errors.push(ParamError::WrongType(path.to_owned()));
                None
            }
        }
    }

    fn boolean(&mut self, path: &str, v: &Value) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => {
                self.errors.push(ParamError::WrongType(path.to_owned()));
                None
            }
        }
    }

    fn object<'v>(&mut self, path: &str, v: &'v Value) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            _ => {
                self.errors.push(ParamError::WrongType(path.to_owned()));
                None
            }
        }
    }

    fn string_list<'v>(&mut self, path: &str, v: &'v Value) -> Option<Vec<&'v str>> {
        let Value::Array(items) = v else {
            self.errors.push(ParamError::WrongType(path.to_owned()));
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            // A placeholder keeps later elements at their own index.
            out.push(
                self.string(&format!("{path}[{i}]"), item)
                    .unwrap_or(PLACEHOLDER),
            );
        }
        Some(out)
    }

    fn idle_policy(&mut self, v: &Value) -> Option<IdlePolicy> {
        let m = self.object("idlePolicy", v)?;
        for k in m.keys() {
            if !matches!(
                k.as_str(),
                "maxIdleDurationSeconds" | "suspendedDurationSeconds" | "autoResumeEnabled"
            ) {
                self.errors
                    .push(ParamError::Unknown(format!("idlePolicy.{k}")));
            }
        }
        let max_idle = match m.get("maxIdleDurationSeconds") {
            Some(v) => self.integer("idlePolicy.maxIdleDurationSeconds", v),
            None => {
                self.errors
                    .push(required("idlePolicy.maxIdleDurationSeconds"));
                None
            }
        };
        let suspended = match m.get("suspendedDurationSeconds") {
            Some(v) => self.integer("idlePolicy.suspendedDurationSeconds", v),
            None => {
                self.errors
                    .push(required("idlePolicy.suspendedDurationSeconds"));
                None
            }
        };
        let resume = match m.get("autoResumeEnabled") {
            Some(v) => self.boolean("idlePolicy.autoResumeEnabled", v),
            None => {
                self.errors.push(required("idlePolicy.autoResumeEnabled"));
                None
            }
        };
        // Valid placeholders for what is missing, so the present members are still validated.
        Some(IdlePolicy::new(
            max_idle.unwrap_or(60),
            suspended.unwrap_or(0),
            resume.unwrap_or(false),
        ))
    }

    fn logging<'v>(&mut self, v: &'v Value) -> Option<Logging<'v>> {
        let m = self.object("logging", v)?;
        if m.len() != 1 {
            self.errors.push(ParamError::Union("logging".to_owned()));
            return None;
        }
        let (k, v) = m.iter().next()?;
        match k.as_str() {
            "disabled" => {
                let d = self.object("logging.disabled", v)?;
                if let Some(k) = d.keys().next() {
                    self.errors
                        .push(ParamError::Unknown(format!("logging.disabled.{k}")));
                    return None;
                }
                Some(Logging::Disabled)
            }
            "cloudWatch" => {
                let c = self.object("logging.cloudWatch", v)?;
                let mut log_group = None;
                let mut log_stream = None;
                for (k, v) in c {
                    match k.as_str() {
                        "logGroup" => log_group = self.string("logging.cloudWatch.logGroup", v),
                        "logStream" => log_stream = self.string("logging.cloudWatch.logStream", v),
                        _ => {
                            self.errors
                                .push(ParamError::Unknown(format!("logging.cloudWatch.{k}")));
                            return None;
                        }
                    }
                }
                Some(Logging::CloudWatch {
                    log_group,
                    log_stream,
                })
            }
            other => {
                self.errors
                    .push(ParamError::Unknown(format!("logging.{other}")));
                None
            }
        }
    }
}

impl<'v> RunMicrovmParams<'v> {
    /// Reads `params`; on failure returns every problem found before validation.
    pub fn parse(params: &'v Value) -> Result<Self, Vec<ParamError>> {
        let (out, errors) = Self::parse_lenient(params);
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Reads `params` as far as possible: members that are missing or of the wrong type become
    /// valid placeholders (or are left unset), so that validating the result reports the
    /// remaining problems too, and together they match botocore's `ParamValidationError` list.
    pub fn parse_lenient(params: &'v Value) -> (Self, Vec<ParamError>) {
        let mut p = Parser { errors: Vec::new() };
        let mut out = RunMicrovmParams::default();
        let Some(m) = p.object("(input)", params) else {
            out.image_identifier = PLACEHOLDER;
            return (out, p.errors);
        };
        let mut image = None;
        for (k, v) in m {
            match k.as_str() {
                "imageIdentifier" => image = p.string(k, v),
                "imageVersion" => out.image_version = p.string(k, v),
                "executionRoleArn" => out.execution_role_arn = p.string(k, v),
                "idlePolicy" => out.idle_policy = p.idle_policy(v),
                "logging" => out.logging = p.logging(v),
                "runHookPayload" => out.run_hook_payload = p.string(k, v),
                "maximumDurationInSeconds" => out.maximum_duration_in_seconds = p.integer(k, v),
                "kmsKeyIdentifier" => out.kms_key_identifier = p.string(k, v),
                "ingressNetworkConnectors" => out.ingress_network_connectors = p.string_list(k, v),
                "egressNetworkConnectors" => out.egress_network_connectors = p.string_list(k, v),
                "clientToken" => out.client_token = p.string(k, v),
                _ => p.errors.push(ParamError::Unknown(k.clone())),
            }
        }
        if !m.contains_key("imageIdentifier") {
            p.errors.push(required("imageIdentifier"));
        }
        out.image_identifier = image.unwrap_or(PLACEHOLDER);
        (out, p.errors)
    }

    /// The typed input. `random` makes the client token when the parameters do not give one,
    /// as botocore does.
    pub fn request(&self, random: [u8; 16]) -> RunMicrovm<'_> {
        let token = match self.client_token {
            Some(t) => ClientToken::new(t),
            None => ClientToken::from_random(random),
        };
        let mut r = RunMicrovm::new(self.image_identifier, token);
        if let Some(v) = self.image_version {
            r = r.image_version(v);
        }
        if let Some(v) = self.execution_role_arn {
            r = r.execution_role_arn(v);
        }
        if let Some(v) = self.idle_policy {
            r = r.idle_policy(v);
        }
        if let Some(v) = self.logging {
            r = r.logging(v);
        }
        if let Some(v) = self.run_hook_payload {
            r = r.run_hook_payload(v);
        }
        if let Some(v) = self.maximum_duration_in_seconds {
            r = r.maximum_duration_in_seconds(v);
        }
        if let Some(v) = self.kms_key_identifier {
            r = r.kms_key_identifier(v);
        }
        if let Some(v) = &self.ingress_network_connectors {
            r = r.ingress_network_connectors(v);
        }
        if let Some(v) = &self.egress_network_connectors {
            r = r.egress_network_connectors(v);
        }
        r
    }
}

/// 16 bytes from 32 hex digits (the vectors' `randomBytes`).
pub fn random_bytes(hex: &str) -> Result<[u8; 16], String> {
    let bad = || format!("randomBytes must be 32 hex digits: {hex:?}");
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

/// The input of the lifecycle operations (`GetMicrovm`, `TerminateMicrovm`, `SuspendMicrovm`,
/// `ResumeMicrovm`): `{"microvmIdentifier": "..."}`. Returns the identifier (a placeholder when
/// it is unusable, so validation can still run) and the problems found.
pub fn microvm_identifier(params: &Value) -> (&str, Vec<ParamError>) {
    let mut p = Parser { errors: Vec::new() };
    let Some(m) = p.object("(input)", params) else {
        return (PLACEHOLDER, p.errors);
    };
    let mut id = None;
    for (k, v) in m {
        match k.as_str() {
            "microvmIdentifier" => id = p.string(k, v),
            _ => p.errors.push(ParamError::Unknown(k.clone())),
        }
    }
    if !m.contains_key("microvmIdentifier") {
        p.errors.push(required("microvmIdentifier"));
    }
    (id.unwrap_or(PLACEHOLDER), p.errors)
}

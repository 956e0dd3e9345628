//! Output shapes (heapless, caller-chosen capacities).

use crate::decode::{self, DecodeError, Seen};
use crate::json::read::Reader;
use crate::json::timestamp::Timestamp;

use super::microvm::{IdlePolicy, MicrovmState};
use super::run_microvm::MAX_NETWORK_CONNECTORS;

/// A MicroVM as `RunMicrovm` and `GetMicrovm` return it (`RunMicrovmResponse`,
/// `GetMicrovmResponse`: the two shapes have identical members).
///
/// # Capacities and memory
///
/// Every string holds at most `S` bytes and each network-connector list at most `N` entries.
/// The defaults fit every value the service sends in practice: `S = 256` (IDs, ARNs and
/// endpoint URLs are well under 256 bytes, though the model allows up to 2048) and
/// `N = 10`, the model's maximum ([`MAX_NETWORK_CONNECTORS`]): the lists echo the
/// connectors of the request, and [`RunMicrovm`](super::RunMicrovm) accepts up to 10. They
/// cost about 7.3 KB (`size_of::<Microvm>()` is 7512 bytes on 64-bit targets): 8 strings
/// plus 2 × 10 list entries, each `S` bytes plus a length. That is fine on a gateway; on
/// firmware pick capacities for the requests it sends, e.g. `Microvm<128, 2>` (1752 bytes)
/// for at most two connectors per list, and decode [in place](Self::decode_into) into a
/// `static` or long-lived value rather than returning it by value through the stack.
///
/// A value that does not fit is [`DecodeError::Capacity`] / [`DecodeError::TooManyItems`]
/// (naming the member and the size needed), never a silent truncation. After a `RunMicrovm`
/// the MicroVM was started all the same: decode the same response bytes again into a larger
/// `Microvm` rather than sending the request again (a resend with the same client token
/// returns the same MicroVM, but costs a round trip).
///
/// # Decoding rules (as botocore)
///
/// - Unknown members are skipped (still validated; nesting bounded by the reader's depth limit).
/// - `null` means absent, also for required members (then [`DecodeError::MissingMember`]).
/// - A repeated member: the last occurrence wins (as Python's `json.loads`).
/// - An empty body is an empty object (so: `MissingMember("microvmId")`).
/// - Unknown `state` values are kept raw in [`MicrovmState::Unknown`].
///
/// Stricter than botocore: integers must be JSON integers in `i32` range (botocore's `int()`
/// also takes `"30"` or `30.5`), booleans must be JSON booleans, timestamps epoch seconds (a
/// number, or a string holding one).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Microvm<const S: usize = 256, const N: usize = MAX_NETWORK_CONNECTORS> {
    /// `microvmId` (required).
    pub microvm_id: heapless::String<S>,
    /// `state` (required).
    pub state: MicrovmState<S>,
    /// `endpoint` (required): the HTTPS URL of the MicroVM's proxy endpoint.
    pub endpoint: heapless::String<S>,
    /// `imageArn` (required).
    pub image_arn: heapless::String<S>,
    /// `imageVersion` (required).
    pub image_version: heapless::String<S>,
    /// `executionRoleArn`.
    pub execution_role_arn: Option<heapless::String<S>>,
    /// `idlePolicy`.
    pub idle_policy: Option<IdlePolicy>,
    /// `maximumDurationInSeconds` (required).
    pub maximum_duration_in_seconds: i32,
    /// `startedAt` (required).
    pub started_at: Timestamp,
    /// `terminatedAt`.
    pub terminated_at: Option<Timestamp>,
    /// `stateReason`.
    pub state_reason: Option<heapless::String<S>>,
    /// `kmsKeyIdentifier`.
    pub kms_key_identifier: Option<heapless::String<S>>,
    /// `ingressNetworkConnectors` (`None` when absent, distinct from an empty list).
    pub ingress_network_connectors: Option<heapless::Vec<heapless::String<S>, N>>,
    /// `egressNetworkConnectors` (`None` when absent, distinct from an empty list).
    pub egress_network_connectors: Option<heapless::Vec<heapless::String<S>, N>>,
}

impl<const S: usize, const N: usize> Default for Microvm<S, N> {
    fn default() -> Self {
        Self::new()
    }
}

// Bits of the required members in `Seen`, listed in model order for `MissingMember`.
const ID: u32 = 0;
const STATE: u32 = 1;
const ENDPOINT: u32 = 2;
const IMAGE_ARN: u32 = 3;
const IMAGE_VERSION: u32 = 4;
const MAX_DURATION: u32 = 5;
const STARTED_AT: u32 = 6;
const REQUIRED: [(u32, &str); 7] = [
    (ID, "microvmId"),
    (STATE, "state"),
    (ENDPOINT, "endpoint"),
    (IMAGE_ARN, "imageArn"),
    (IMAGE_VERSION, "imageVersion"),
    (MAX_DURATION, "maximumDurationInSeconds"),
    (STARTED_AT, "startedAt"),
];

impl<const S: usize, const N: usize> Microvm<S, N> {
    /// An empty value (empty strings, state `PENDING`, epoch 0) to [decode into](Self::decode_into).
    pub const fn new() -> Self {
        Self {
            microvm_id: heapless::String::new(),
            state: MicrovmState::Pending,
            endpoint: heapless::String::new(),
            image_arn: heapless::String::new(),
            image_version: heapless::String::new(),
            execution_role_arn: None,
            idle_policy: None,
            maximum_duration_in_seconds: 0,
            started_at: Timestamp {
                seconds: 0,
                nanos: 0,
            },
            terminated_at: None,
            state_reason: None,
            kms_key_identifier: None,
            ingress_network_connectors: None,
            egress_network_connectors: None,
        }
    }

    /// Empties every member in place (`*self = Self::new()` could build a whole temporary on
    /// the stack first, which is what in-place decoding avoids).
    fn reset(&mut self) {
        self.microvm_id.clear();
        self.state = MicrovmState::Pending;
        self.endpoint.clear();
        self.image_arn.clear();
        self.image_version.clear();
        self.execution_role_arn = None;
        self.idle_policy = None;
        self.maximum_duration_in_seconds = 0;
        self.started_at = Timestamp::default();
        self.terminated_at = None;
        self.state_reason = None;
        self.kms_key_identifier = None;
        self.ingress_network_connectors = None;
        self.egress_network_connectors = None;
    }

    /// Decodes a `RunMicrovm` / `GetMicrovm` response body, returning the value.
    ///
    /// Convenient where a few KB of stack are cheap; on firmware prefer
    /// [`decode_into`](Self::decode_into), which writes into an existing value.
    ///
    /// ```
    /// use lambda_microvms_codec::decode::DecodeError;
    /// use lambda_microvms_codec::model::{Microvm, MicrovmState};
    ///
    /// let body = br#"{"microvmId":"mvm-0123","state":"RUNNING",
    ///     "endpoint":"https://mvm-0123.microvm.us-east-1.on.aws","imageArn":
    ///     "arn:aws:lambda:us-east-1:123456789012:microvm-image:img","imageVersion":"1",
    ///     "maximumDurationInSeconds":3600,"startedAt":1764253500.25,"stateReason":null,
    ///     "ingressNetworkConnectors":["nc-1"],"newMember":{"ignored":[true]}}"#;
    /// let vm: Microvm<128, 2> = Microvm::from_json(body)?;
    /// assert_eq!(vm.microvm_id, "mvm-0123");
    /// assert_eq!(vm.state, MicrovmState::Running);
    /// assert_eq!(vm.started_at.nanos, 250_000_000);
    /// assert_eq!(vm.state_reason, None);
    /// assert_eq!(vm.ingress_network_connectors.as_deref().map(|l| l.len()), Some(1));
    ///
    /// assert_eq!(
    ///     Microvm::<128, 2>::from_json(br#"{"microvmId":null}"#),
    ///     Err(DecodeError::MissingMember { member: "microvmId" })
    /// );
    /// # Ok::<(), DecodeError>(())
    /// ```
    pub fn from_json(body: &[u8]) -> Result<Self, DecodeError> {
        let mut vm = Self::new();
        vm.decode_into(body)?;
        Ok(vm)
    }

    /// Decodes a whole response body into `self`, replacing every member.
    ///
    /// On error `self` holds an unspecified mix of old and new values.
    ///
    /// ```
    /// use lambda_microvms_codec::model::Microvm;
    ///
    /// let mut vm: Microvm<64, 1> = Microvm::new();
    /// vm.decode_into(br#"{"microvmId":"a","state":"SUSPENDED","endpoint":"e","imageArn":"i",
    ///     "imageVersion":"1","maximumDurationInSeconds":60,"startedAt":0}"#)?;
    /// assert_eq!(vm.state.as_str(), "SUSPENDED");
    /// # Ok::<(), lambda_microvms_codec::decode::DecodeError>(())
    /// ```
    pub fn decode_into(&mut self, body: &[u8]) -> Result<(), DecodeError> {
        // botocore parses an empty body as `{}`.
        let body: &[u8] = if body.is_empty() { b"{}" } else { body };
        let mut r = Reader::new(body);
        self.read_json(&mut r)?;
        r.finish()?;
        Ok(())
    }

    /// Decodes the object at the reader's position into `self` (for callers embedding this
    /// shape in a larger document); does not check what follows it.
    pub fn read_json(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        self.reset();
        let mut seen = Seen::default();
        if decode::null(r)? {
            return seen.check(&REQUIRED);
        }
        r.begin_object().map_err(|e| decode::member_err("", e))?;
        while let Some(key) = r.next_key()? {
            let is_null = decode::null(r)?;
            // One lookup in a table instead of a comparison per member in code.
            let member = key.find_in(&MEMBERS);
            // Required members: `null` unsets them (last occurrence wins).
            if let Some(bit @ 0..=6) = member {
                seen.set(bit as u32, !is_null);
                if is_null {
                    continue;
                }
            } else if is_null {
                // Optional or unknown member sent as `null`: absent.
                self.clear_optional(member);
                continue;
            }
            let Some(i) = member else {
                r.skip()?;
                continue;
            };
            // The path for errors is the table's own entry, and members of one kind share one
            // call (the match only picks the destination): one call site per kind of member,
            // not one per member.
            let name = MEMBERS.get(i).copied().unwrap_or_default();
            match i {
                1 => decode::state(r, name, &mut self.state)?,
                5 => self.maximum_duration_in_seconds = decode::i32(r, name)?,
                6 | 9 => {
                    let t = decode::timestamp(r, name)?;
                    if i == 6 {
                        self.started_at = t;
                    } else {
                        self.terminated_at = Some(t);
                    }
                }
                8 => self.idle_policy = Some(read_idle_policy(r)?),
                0 | 2 | 3 | 4 => {
                    let slot = match i {
                        0 => &mut self.microvm_id,
                        2 => &mut self.endpoint,
                        3 => &mut self.image_arn,
                        _ => &mut self.image_version,
                    };
                    decode::string(r, name, slot)?;
                }
                7 | 10 | 11 => {
                    let slot = match i {
                        7 => &mut self.execution_role_arn,
                        10 => &mut self.state_reason,
                        _ => &mut self.kms_key_identifier,
                    };
                    decode::string(r, name, slot.get_or_insert_with(heapless::String::new))?;
                }
                _ => {
                    let list = if i == 12 {
                        &mut self.ingress_network_connectors
                    } else {
                        &mut self.egress_network_connectors
                    };
                    decode::string_list(r, name, list.get_or_insert_with(heapless::Vec::new))?;
                }
            }
        }
        seen.check(&REQUIRED)
    }

    /// A `null` optional member: a later `null` undoes an earlier value (last occurrence wins).
    fn clear_optional(&mut self, member: Option<usize>) {
        match member {
            Some(7) => self.execution_role_arn = None,
            Some(8) => self.idle_policy = None,
            Some(9) => self.terminated_at = None,
            Some(10) => self.state_reason = None,
            Some(11) => self.kms_key_identifier = None,
            Some(12) => self.ingress_network_connectors = None,
            Some(13) => self.egress_network_connectors = None,
            _ => {}
        }
    }
}

/// The members `read_json` knows, by wire name: the required ones first, at their `Seen` bits
/// (`ID` ..= `STARTED_AT`).
const _: () = assert!(ID == 0 && STATE == 1 && STARTED_AT == 6);
const MEMBERS: [&str; 14] = [
    "microvmId",
    "state",
    "endpoint",
    "imageArn",
    "imageVersion",
    "maximumDurationInSeconds",
    "startedAt",
    "executionRoleArn",
    "idlePolicy",
    "terminatedAt",
    "stateReason",
    "kmsKeyIdentifier",
    "ingressNetworkConnectors",
    "egressNetworkConnectors",
];

fn read_idle_policy(r: &mut Reader<'_>) -> Result<IdlePolicy, DecodeError> {
    // Error paths and wire names by member index (all three are required). The names are
    // the paths' tails, so flash holds each name once.
    const PATHS: [(u32, &str); 3] = [
        (0, "idlePolicy.maxIdleDurationSeconds"),
        (1, "idlePolicy.suspendedDurationSeconds"),
        (2, "idlePolicy.autoResumeEnabled"),
    ];
    const fn name(path: &str) -> &str {
        path.split_at("idlePolicy.".len()).1
    }
    const NAMES: [&str; 3] = [name(PATHS[0].1), name(PATHS[1].1), name(PATHS[2].1)];
    let mut p = IdlePolicy::new(0, 0, false);
    let mut seen = Seen::default();
    r.begin_object()
        .map_err(|e| decode::member_err("idlePolicy", e))?;
    while let Some(key) = r.next_key()? {
        let is_null = decode::null(r)?;
        let Some(i) = key.find_in(&NAMES) else {
            if !is_null {
                r.skip()?;
            }
            continue;
        };
        seen.set(i as u32, !is_null);
        if is_null {
            continue;
        }
        let path = PATHS.get(i).map_or("", |&(_, p)| p);
        match i {
            0 => p.max_idle_duration_seconds = decode::i32(r, path)?,
            1 => p.suspended_duration_seconds = decode::i32(r, path)?,
            _ => p.auto_resume_enabled = decode::bool(r, path)?,
        }
    }
    seen.check(&PATHS)?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::json::read::{self, Kind};
    use std::format;
    use std::string::String;

    const REQ: &str = r#""microvmId":"mvm-1","state":"RUNNING","endpoint":"https://e","imageArn":"arn:aws:lambda:us-east-1:1:microvm-image:i","imageVersion":"3","maximumDurationInSeconds":3600,"startedAt":1764253500"#;

    fn with(extra: &str) -> String {
        format!("{{{REQ}{extra}}}")
    }

    fn dec(body: &str) -> Result<Microvm<64, 2>, DecodeError> {
        Microvm::from_json(body.as_bytes())
    }

    #[test]
    fn required_only() {
        let vm = dec(&with("")).unwrap();
        assert_eq!(vm.microvm_id, "mvm-1");
        assert_eq!(vm.state, MicrovmState::Running);
        assert_eq!(vm.maximum_duration_in_seconds, 3600);
        assert_eq!(vm.started_at.seconds, 1_764_253_500);
        assert_eq!(vm.idle_policy, None);
        assert_eq!(vm.ingress_network_connectors, None);
    }

    #[test]
    fn all_members() {
        let vm = dec(&with(
            r#","executionRoleArn":"arn:aws:iam::123456789012:role/r","idlePolicy":{"maxIdleDurationSeconds":60,"suspendedDurationSeconds":0,"autoResumeEnabled":true},"terminatedAt":"1764253600.5","stateReason":"done","kmsKeyIdentifier":"alias/k","ingressNetworkConnectors":[],"egressNetworkConnectors":["a","b"]"#,
        ))
        .unwrap();
        assert_eq!(vm.idle_policy, Some(IdlePolicy::new(60, 0, true)));
        assert_eq!(
            vm.terminated_at,
            Some(Timestamp {
                seconds: 1_764_253_600,
                nanos: 500_000_000
            })
        );
        assert_eq!(vm.state_reason.as_deref(), Some("done"));
        assert_eq!(vm.ingress_network_connectors.as_deref(), Some(&[][..]));
        assert_eq!(vm.egress_network_connectors.unwrap().len(), 2);
    }

    #[test]
    fn missing_and_null_required_members() {
        assert_eq!(
            dec("{}"),
            Err(DecodeError::MissingMember {
                member: "microvmId"
            })
        );
        assert_eq!(
            dec(""),
            Err(DecodeError::MissingMember {
                member: "microvmId"
            })
        );
        assert_eq!(
            dec(&with(r#","startedAt":null"#)),
            Err(DecodeError::MissingMember {
                member: "startedAt"
            })
        );
        assert_eq!(
            dec(&with(
                r#","idlePolicy":{"maxIdleDurationSeconds":60,"autoResumeEnabled":null}"#
            )),
            Err(DecodeError::MissingMember {
                member: "idlePolicy.suspendedDurationSeconds"
            })
        );
    }

    #[test]
    fn null_optional_members_are_absent_and_last_key_wins() {
        let vm = dec(&with(
            r#","stateReason":"x","stateReason":null,"idlePolicy":null,"ingressNetworkConnectors":null,"terminatedAt":null,"unknown":null,"state":"SUSPENDED","kmsKeyIdentifier":null,"kmsKeyIdentifier":"k""#,
        ))
        .unwrap();
        assert_eq!(vm.state_reason, None);
        assert_eq!(vm.idle_policy, None);
        assert_eq!(vm.ingress_network_connectors, None);
        assert_eq!(vm.terminated_at, None);
        assert_eq!(vm.state, MicrovmState::Suspended);
        assert_eq!(vm.kms_key_identifier.as_deref(), Some("k"));
        // A later list replaces an earlier one.
        let vm = dec(&with(
            r#","egressNetworkConnectors":["a","b"],"egressNetworkConnectors":["c"]"#,
        ))
        .unwrap();
        assert_eq!(vm.egress_network_connectors.unwrap().as_slice(), ["c"]);
    }

    #[test]
    fn unknown_members_and_state_values() {
        let vm = dec(&with(
            r#","new":{"a":[1,2,{"b":[true,false,null,"s",-1.5e3]}]},"state":"HIBERNATING""#,
        ))
        .unwrap();
        assert_eq!(vm.state.as_str(), "HIBERNATING");
        assert!(matches!(vm.state, MicrovmState::Unknown(_)));
    }

    #[test]
    fn deep_unknown_member_is_bounded() {
        let deep = format!(r#","x":{}{}"#, "[".repeat(31), "]".repeat(31));
        assert!(dec(&with(&deep)).is_ok());
        let deeper = format!(r#","x":{}{}"#, "[".repeat(100), "]".repeat(100));
        assert!(matches!(
            dec(&with(&deeper)),
            Err(DecodeError::Json(read::Error::Depth { .. }))
        ));
    }

    #[test]
    fn wrong_types_name_the_member() {
        let body = with(r#","idlePolicy":{"maxIdleDurationSeconds":"60"}"#);
        let offset = body.find(r#""60""#).unwrap();
        assert_eq!(
            dec(&body),
            Err(DecodeError::WrongType {
                member: "idlePolicy.maxIdleDurationSeconds",
                offset,
                expected: Kind::Number,
                found: Kind::String
            })
        );
        assert!(matches!(
            dec(&with(r#","idlePolicy":[]"#)),
            Err(DecodeError::WrongType {
                member: "idlePolicy",
                expected: Kind::Object,
                found: Kind::Array,
                ..
            })
        ));
        assert!(matches!(
            dec(&with(r#","ingressNetworkConnectors":["a",1]"#)),
            Err(DecodeError::WrongType {
                member: "ingressNetworkConnectors",
                ..
            })
        ));
        assert!(matches!(
            dec("[]"),
            Err(DecodeError::WrongType { member: "", .. })
        ));
        assert!(matches!(
            dec(&with(r#","idlePolicy":{"autoResumeEnabled":1}"#)),
            Err(DecodeError::WrongType {
                member: "idlePolicy.autoResumeEnabled",
                ..
            })
        ));
    }

    #[test]
    fn invalid_values() {
        let body = with(r#","maximumDurationInSeconds":2147483648"#);
        let offset = body.rfind("2147483648").unwrap();
        assert_eq!(
            dec(&body),
            Err(DecodeError::InvalidValue {
                member: "maximumDurationInSeconds",
                offset
            })
        );
        assert!(matches!(
            dec(&with(r#","maximumDurationInSeconds":1.5"#)),
            Err(DecodeError::InvalidValue {
                member: "maximumDurationInSeconds",
                ..
            })
        ));
        assert!(matches!(
            dec(&with(r#","terminatedAt":"2026-11-27T00:00:00Z""#)),
            Err(DecodeError::InvalidValue {
                member: "terminatedAt",
                ..
            })
        ));
    }

    #[test]
    fn capacity_and_too_many_items() {
        let long = "x".repeat(100);
        assert_eq!(
            dec(&with(&format!(r#","stateReason":"{long}""#))),
            Err(DecodeError::Capacity {
                member: "stateReason",
                needed: 100
            })
        );
        assert_eq!(
            dec(&with(&format!(r#","state":"{long}""#))),
            Err(DecodeError::Capacity {
                member: "state",
                needed: 100
            })
        );
        assert_eq!(
            dec(&with(&format!(r#","egressNetworkConnectors":["{long}"]"#))),
            Err(DecodeError::Capacity {
                member: "egressNetworkConnectors",
                needed: 100
            })
        );
        assert_eq!(
            dec(&with(
                r#","ingressNetworkConnectors":["a","b","c","d","e"]"#
            )),
            Err(DecodeError::TooManyItems {
                member: "ingressNetworkConnectors",
                capacity: 2,
                needed: 5
            })
        );
        // Escapes count by their decoded length.
        let escaped = "\\u00e9".repeat(40);
        assert_eq!(
            dec(&with(&format!(r#","kmsKeyIdentifier":"{escaped}""#))),
            Err(DecodeError::Capacity {
                member: "kmsKeyIdentifier",
                needed: 80
            })
        );
    }

    #[test]
    fn malformed_json_carries_offset() {
        let body = with(",");
        assert!(matches!(
            dec(&body),
            Err(DecodeError::Json(read::Error::Syntax { offset })) if offset == body.len() - 1
        ));
        assert!(matches!(
            dec(&format!("{} x", with(""))),
            Err(DecodeError::Json(read::Error::TrailingData { .. }))
        ));
    }

    #[test]
    fn decode_into_replaces_previous_contents() {
        let mut vm: Microvm<64, 2> = Microvm::new();
        vm.decode_into(with(r#","stateReason":"old""#).as_bytes())
            .unwrap();
        vm.decode_into(with("").as_bytes()).unwrap();
        assert_eq!(vm.state_reason, None);
    }

    #[test]
    fn default_capacity_holds_every_connector_list_the_encoder_accepts() {
        extern crate std;
        use std::format;
        use std::string::String;
        use std::vec::Vec;
        let list: Vec<String> = (0..crate::model::run_microvm::MAX_NETWORK_CONNECTORS)
            .map(|i| format!("\"nc-{i:02}\""))
            .collect();
        let list = list.join(",");
        let body = format!(
            r#"{{"microvmId":"m","state":"RUNNING","endpoint":"e","imageArn":"a","imageVersion":"1","maximumDurationInSeconds":60,"startedAt":1,"ingressNetworkConnectors":[{list}],"egressNetworkConnectors":[{list}]}}"#
        );
        let vm = <Microvm>::from_json(body.as_bytes()).unwrap();
        assert_eq!(vm.egress_network_connectors.unwrap().len(), 10);
    }

    #[test]
    fn default_sizes() {
        // Documented in the type's docs; a change there should be deliberate.
        if core::mem::size_of::<usize>() == 8 {
            assert_eq!(core::mem::size_of::<Microvm>(), 7512);
            assert_eq!(core::mem::size_of::<Microvm<128, 2>>(), 1752);
        }
    }
}

//! Shapes shared by several MicroVM operations (service-2.json).

use core::fmt;

use super::validate::{self, ValidationError};
use crate::buf::Sink;
use crate::json::write::{JsonWriter, quoted};

/// Auto-suspend and auto-resume behaviour (`IdlePolicy`).
///
/// Idle time is measured by inbound traffic through the MicroVM proxy endpoint. The same shape
/// comes back in `RunMicrovm` / `GetMicrovm` responses.
///
/// Model constraints: `maxIdleDurationSeconds` ≥ 60, `suspendedDurationSeconds` ≥ 0, all three
/// members required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct IdlePolicy {
    /// Seconds without inbound requests before the MicroVM is suspended (`maxIdleDurationSeconds`, ≥ 60).
    pub max_idle_duration_seconds: i32,
    /// Seconds a suspended MicroVM is kept before it is terminated (`suspendedDurationSeconds`, ≥ 0).
    pub suspended_duration_seconds: i32,
    /// Whether a request to a suspended MicroVM resumes it (`autoResumeEnabled`).
    pub auto_resume_enabled: bool,
}

impl IdlePolicy {
    /// An idle policy: suspend after `max_idle` idle seconds, terminate after `suspended`
    /// suspended seconds, and resume on request if `auto_resume`.
    pub const fn new(max_idle: i32, suspended: i32, auto_resume: bool) -> Self {
        Self {
            max_idle_duration_seconds: max_idle,
            suspended_duration_seconds: suspended,
            auto_resume_enabled: auto_resume,
        }
    }

    /// Paths are literal because `ValidationError::member` is `&'static str` (no formatting, no
    /// allocation); the shape only ever appears as member `idlePolicy`.
    pub(crate) fn validate_each(&self, f: &mut impl FnMut(ValidationError)) {
        validate::range(
            f,
            "idlePolicy.maxIdleDurationSeconds",
            self.max_idle_duration_seconds,
            Some(60),
            None,
        );
        validate::range(
            f,
            "idlePolicy.suspendedDurationSeconds",
            self.suspended_duration_seconds,
            Some(0),
            None,
        );
    }

    pub(crate) fn write_json<S: Sink + ?Sized>(&self, j: &mut JsonWriter<'_, S>) {
        j.begin_object();
        j.quoted_key(quoted!("maxIdleDurationSeconds"));
        j.i32(self.max_idle_duration_seconds);
        j.quoted_key(quoted!("suspendedDurationSeconds"));
        j.i32(self.suspended_duration_seconds);
        j.quoted_key(quoted!("autoResumeEnabled"));
        j.bool(self.auto_resume_enabled);
        j.end_object();
    }
}

/// Where a MicroVM's application logs go (`Logging`, a union: exactly one member is sent).
///
/// An enum rather than two optional members so that "neither" and "both", which the service
/// rejects, cannot be expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Logging<'a> {
    /// Logging turned off; sent as `{"disabled":{}}`.
    Disabled,
    /// Logs streamed to CloudWatch Logs; sent as `{"cloudWatch":{...}}`.
    ///
    /// The model (`CloudWatchLogging`) marks neither member as required, so both are optional
    /// here; [`Logging::cloud_watch`] covers the usual case of naming a log group.
    CloudWatch {
        /// `logGroup`: model length 1..=512, pattern `[a-zA-Z0-9_\-/.#]+` (only the minimum is enforced).
        log_group: Option<&'a str>,
        /// `logStream`: model length 1..=512, pattern `[^:*]*` (only the minimum is enforced).
        log_stream: Option<&'a str>,
    },
}

impl<'a> Logging<'a> {
    /// CloudWatch logging to `log_group`, letting the service name the stream.
    pub const fn cloud_watch(log_group: &'a str) -> Self {
        Logging::CloudWatch {
            log_group: Some(log_group),
            log_stream: None,
        }
    }

    /// CloudWatch logging to `log_stream` within `log_group`.
    pub const fn cloud_watch_stream(log_group: &'a str, log_stream: &'a str) -> Self {
        Logging::CloudWatch {
            log_group: Some(log_group),
            log_stream: Some(log_stream),
        }
    }

    /// The shape appears as member `logging` in every input that has it, so the paths are fixed.
    pub(crate) fn validate_each(&self, f: &mut impl FnMut(ValidationError)) {
        if let Logging::CloudWatch {
            log_group,
            log_stream,
        } = self
        {
            if let Some(g) = log_group {
                validate::min_length(f, "logging.cloudWatch.logGroup", None, g, 1);
            }
            if let Some(s) = log_stream {
                validate::min_length(f, "logging.cloudWatch.logStream", None, s, 1);
            }
        }
    }

    pub(crate) fn write_json<S: Sink + ?Sized>(&self, j: &mut JsonWriter<'_, S>) {
        j.begin_object();
        match self {
            Logging::Disabled => {
                j.quoted_key(quoted!("disabled"));
                j.raw_empty_object();
            }
            Logging::CloudWatch {
                log_group,
                log_stream,
            } => {
                j.quoted_key(quoted!("cloudWatch"));
                j.begin_object();
                if let Some(g) = log_group {
                    j.quoted_key(quoted!("logGroup"));
                    j.string(g);
                }
                if let Some(s) = log_stream {
                    j.quoted_key(quoted!("logStream"));
                    j.string(s);
                }
                j.end_object();
            }
        }
        j.end_object();
    }
}

/// Capacity for a `MicrovmState` value this crate does not know; the known ones are at most 11 bytes.
pub const UNKNOWN_STATE_CAPACITY: usize = 32;

/// A MicroVM's lifecycle state (`MicrovmState`).
///
/// Values added to the service after this crate was built decode to [`MicrovmState::Unknown`]
/// with the raw string, so a new state does not make a whole response undecodable. `N` bounds
/// that raw string; it only matters for such unknown values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum MicrovmState<const N: usize = UNKNOWN_STATE_CAPACITY> {
    /// `PENDING`: being provisioned.
    Pending,
    /// `RUNNING`.
    Running,
    /// `SUSPENDING`.
    Suspending,
    /// `SUSPENDED`.
    Suspended,
    /// `TERMINATING`.
    Terminating,
    /// `TERMINATED`.
    Terminated,
    /// A value the model this crate was built from does not list, kept verbatim.
    Unknown(heapless::String<N>),
}

impl<const N: usize> MicrovmState<N> {
    /// The values the model lists, in the enum's order: the one spelling of each that
    /// [`as_str`](Self::as_str), [`from_wire`](Self::from_wire) and the decoder share.
    pub(crate) const KNOWN: [&'static str; 6] = [
        "PENDING",
        "RUNNING",
        "SUSPENDING",
        "SUSPENDED",
        "TERMINATING",
        "TERMINATED",
    ];

    /// The known value at `index` in [`KNOWN`](Self::KNOWN), or `Unknown("")` for any other index.
    pub(crate) fn known(index: Option<usize>) -> Self {
        match index {
            Some(0) => MicrovmState::Pending,
            Some(1) => MicrovmState::Running,
            Some(2) => MicrovmState::Suspending,
            Some(3) => MicrovmState::Suspended,
            Some(4) => MicrovmState::Terminating,
            Some(5) => MicrovmState::Terminated,
            _ => MicrovmState::Unknown(heapless::String::new()),
        }
    }

    /// The value as the service spells it.
    pub fn as_str(&self) -> &str {
        let i = match self {
            MicrovmState::Pending => 0,
            MicrovmState::Running => 1,
            MicrovmState::Suspending => 2,
            MicrovmState::Suspended => 3,
            MicrovmState::Terminating => 4,
            MicrovmState::Terminated => 5,
            MicrovmState::Unknown(s) => return s.as_str(),
        };
        Self::KNOWN[i]
    }

    /// Parses a wire value (case-sensitive, as the model's enum is).
    ///
    /// Fails only for an unknown value longer than `N` bytes.
    ///
    /// ```
    /// use lambda_microvms_codec::model::MicrovmState;
    ///
    /// let s: MicrovmState = MicrovmState::from_wire("RUNNING").unwrap();
    /// assert_eq!(s, MicrovmState::Running);
    /// let new = MicrovmState::<16>::from_wire("HIBERNATING").unwrap();
    /// assert_eq!(new.as_str(), "HIBERNATING");
    /// assert!(MicrovmState::<4>::from_wire("HIBERNATING").is_err());
    /// ```
    pub fn from_wire(s: &str) -> Result<Self, heapless::CapacityError> {
        Ok(
            match Self::known(Self::KNOWN.iter().position(|k| *k == s)) {
                MicrovmState::Unknown(_) => MicrovmState::Unknown(heapless::String::try_from(s)?),
                known => known,
            },
        )
    }
}

impl<const N: usize> fmt::Display for MicrovmState<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Length of a generated token: a hyphenated UUID.
const UUID_LEN: usize = 36;

/// An idempotency token (`clientToken`): retries with the same token are run only once.
///
/// Either given by the caller or generated, like botocore does, as a random (version 4) UUID.
/// The crate has no random number generator, so generation takes 16 random bytes from the
/// caller (a hardware RNG, `getrandom`, ...); it keeps the text inline, without allocation.
///
/// Model (`RunMicrovmRequestClientTokenString`): length 1..=128; only the minimum is enforced.
///
/// ```
/// use lambda_microvms_codec::model::ClientToken;
///
/// let t = ClientToken::from_random([0xff; 16]);
/// assert_eq!(t.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
/// assert_eq!(ClientToken::new("retry-42").as_str(), "retry-42");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientToken<'a>(Token<'a>);

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Token<'a> {
    Given(&'a str),
    Generated([u8; UUID_LEN]),
}

impl<'a> ClientToken<'a> {
    /// A caller-chosen token, e.g. one saved to retry an earlier request idempotently.
    pub const fn new(token: &'a str) -> Self {
        ClientToken(Token::Given(token))
    }

    /// A version 4 UUID made from 16 random bytes, lowercase and hyphenated (8-4-4-4-12).
    ///
    /// Six bits are overwritten (version nibble `4`, variant bits `10`), exactly as Python's
    /// `uuid.UUID(bytes=random, version=4)` does, so the result equals botocore's token for
    /// the same bytes.
    pub const fn from_random(random: [u8; 16]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut b = random;
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let mut out = [b'-'; UUID_LEN];
        let mut i = 0;
        let mut o = 0;
        while i < 16 {
            if i == 4 || i == 6 || i == 8 || i == 10 {
                o += 1; // leave the hyphen
            }
            out[o] = HEX[(b[i] >> 4) as usize];
            out[o + 1] = HEX[(b[i] & 0x0f) as usize];
            o += 2;
            i += 1;
        }
        ClientToken(Token::Generated(out))
    }

    /// The token as sent.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Token::Given(s) => s,
            // Always ASCII hex and hyphens, so this never falls back.
            Token::Generated(b) => core::str::from_utf8(b).unwrap_or(""),
        }
    }

    /// Whether the token came from [`ClientToken::from_random`].
    pub fn is_generated(&self) -> bool {
        matches!(self.0, Token::Generated(_))
    }

    /// A generated token is always valid; only a given one can be too short.
    pub(crate) fn validate_each(&self, f: &mut impl FnMut(ValidationError)) {
        if let Token::Given(s) = self.0 {
            validate::min_length(f, "clientToken", None, s, 1);
        }
    }
}

impl fmt::Debug for ClientToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ClientToken").field(&self.as_str()).finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for ClientToken<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "ClientToken({=str})", self.as_str());
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn known_states_round_trip() {
        for s in [
            "PENDING",
            "RUNNING",
            "SUSPENDING",
            "SUSPENDED",
            "TERMINATING",
            "TERMINATED",
        ] {
            let state: MicrovmState = MicrovmState::from_wire(s).unwrap();
            assert!(!matches!(state, MicrovmState::Unknown(_)), "{s}");
            assert_eq!(state.as_str(), s);
        }
    }

    #[test]
    fn unknown_state_is_kept_and_matching_is_case_sensitive() {
        let s: MicrovmState = MicrovmState::from_wire("running").unwrap();
        assert!(matches!(&s, MicrovmState::Unknown(raw) if raw == "running"));
        let empty: MicrovmState<0> = MicrovmState::from_wire("").unwrap();
        assert_eq!(empty.as_str(), "");
        assert!(MicrovmState::<3>::from_wire("ABCD").is_err());
        assert!(MicrovmState::<3>::from_wire("RUNNING").is_ok());
    }

    /// Python 3: `str(uuid.UUID(bytes=bytes(range(16)), version=4))`.
    #[test]
    fn generated_token_matches_python_uuid() {
        let bytes: [u8; 16] = core::array::from_fn(|i| i as u8);
        assert_eq!(
            ClientToken::from_random(bytes).as_str(),
            "00010203-0405-4607-8809-0a0b0c0d0e0f"
        );
        assert_eq!(
            ClientToken::from_random([0; 16]).as_str(),
            "00000000-0000-4000-8000-000000000000"
        );
        assert!(ClientToken::from_random([0; 16]).is_generated());
        assert!(!ClientToken::new("x").is_generated());
    }

    #[test]
    fn client_token_debug_shows_text() {
        let t = ClientToken::from_random([0; 16]);
        assert_eq!(
            std::format!("{t:?}"),
            "ClientToken(\"00000000-0000-4000-8000-000000000000\")"
        );
    }
}

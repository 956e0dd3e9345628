//! Body-level response decoding: the error type and the member readers every decoder shares.
//!
//! The decoders in [`model`](crate::model) drive a [`Reader`] member by member; the helpers here
//! turn the reader's offset-only errors into [`DecodeError`]s that name the member (as a path
//! such as `idlePolicy.maxIdleDurationSeconds`), so each decode function stays a flat `match` on
//! member names.

use core::fmt;

use crate::json::read::{self, Kind, RawStr, Reader};
use crate::json::timestamp::Timestamp;
use crate::model::MicrovmState;

/// Why a response body could not be decoded into its model shape.
///
/// `member` is the member's path in the model's wire (camelCase) names, nested members joined
/// with `.` (`idlePolicy.maxIdleDurationSeconds`); list elements carry the list's name. An empty
/// path means the document itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is not valid JSON (or nests deeper than the reader allows); carries the offset.
    Json(read::Error),
    /// A member the model requires is absent or `null`.
    MissingMember {
        /// Path of the member.
        member: &'static str,
    },
    /// A member holds valid JSON of the wrong kind.
    WrongType {
        /// Path of the member.
        member: &'static str,
        /// Byte offset of the value.
        offset: usize,
        /// What the model declares.
        expected: Kind,
        /// What the body holds.
        found: Kind,
    },
    /// A string is longer than its fixed capacity; retry with a larger capacity parameter.
    /// Values are never silently truncated.
    Capacity {
        /// Path of the member.
        member: &'static str,
        /// Unescaped length of the string in bytes.
        needed: usize,
    },
    /// A list has more elements than its fixed capacity.
    TooManyItems {
        /// Path of the list.
        member: &'static str,
        /// The capacity that was exceeded.
        capacity: usize,
        /// The number of elements in the list (the rest is skipped, still validated, to count).
        needed: usize,
    },
    /// A value of the right kind that the model's type cannot hold: an integer out of `i32`
    /// range, a number with a fraction where an integer is declared, a timestamp that is not
    /// epoch seconds.
    InvalidValue {
        /// Path of the member.
        member: &'static str,
        /// Byte offset of the value.
        offset: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = |m: &'static str| if m.is_empty() { "(document)" } else { m };
        match *self {
            DecodeError::Json(e) => write!(f, "malformed response body: {e}"),
            DecodeError::MissingMember { member } => {
                write!(f, "required member `{}` is missing", path(member))
            }
            DecodeError::WrongType {
                member,
                offset,
                expected,
                found,
            } => write!(
                f,
                "member `{}` at byte {offset}: expected {expected}, found {found}",
                path(member)
            ),
            DecodeError::Capacity { member, needed } => write!(
                f,
                "member `{}` needs {needed} bytes, more than its capacity",
                path(member)
            ),
            DecodeError::TooManyItems {
                member,
                capacity,
                needed,
            } => write!(
                f,
                "list `{}` has {needed} elements, capacity is {capacity}",
                path(member)
            ),
            DecodeError::InvalidValue { member, offset } => write!(
                f,
                "member `{}` at byte {offset} is out of range for its type",
                path(member)
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for DecodeError {}

impl From<read::Error> for DecodeError {
    fn from(e: read::Error) -> Self {
        DecodeError::Json(e)
    }
}

/// Attaches `member` to a reader error. Errors about the JSON itself stay [`DecodeError::Json`].
pub(crate) fn member_err(member: &'static str, e: read::Error) -> DecodeError {
    match e {
        read::Error::Type {
            offset,
            expected,
            found,
        } => DecodeError::WrongType {
            member,
            offset,
            expected,
            found,
        },
        read::Error::TooLong { needed, .. } => DecodeError::Capacity { member, needed },
        read::Error::NumberRange { offset } => DecodeError::InvalidValue { member, offset },
        other => DecodeError::Json(other),
    }
}

/// Consumes a `null` if one is next: the service's `null` means "absent" (as in botocore).
#[cfg_attr(target_pointer_width = "64", inline)]
pub(crate) fn null(r: &mut Reader<'_>) -> Result<bool, DecodeError> {
    Ok(r.null()?)
}

pub(crate) fn string<const N: usize>(
    r: &mut Reader<'_>,
    member: &'static str,
    out: &mut heapless::String<N>,
) -> Result<(), DecodeError> {
    r.string_into(out).map_err(|e| member_err(member, e))
}

pub(crate) fn i32(r: &mut Reader<'_>, member: &'static str) -> Result<i32, DecodeError> {
    r.i32().map_err(|e| member_err(member, e))
}

pub(crate) fn bool(r: &mut Reader<'_>, member: &'static str) -> Result<bool, DecodeError> {
    r.bool().map_err(|e| member_err(member, e))
}

/// Epoch seconds as a number or a numeric string. A string that is not a number (an RFC 3339
/// date, which this service does not send) is an invalid value of the member, not bad JSON.
pub(crate) fn timestamp(
    r: &mut Reader<'_>,
    member: &'static str,
) -> Result<Timestamp, DecodeError> {
    let kind = r.peek()?;
    let offset = r.offset();
    let invalid = DecodeError::InvalidValue { member, offset };
    // Both forms are read (and their grammar checked) by the reader first, so what is left to
    // reject is only a value: out of range, or a string that is not a number. A number is
    // converted from the reader's own scan; a string is scanned as a whole number first.
    let (bytes, n) = match kind {
        Kind::String => {
            let raw = r.string_raw()?.raw();
            match read::scan_number(raw, 0) {
                Ok(n) if n.end == raw.len() => (raw, n),
                _ => return Err(invalid),
            }
        }
        Kind::Number => r.number_scan()?,
        found => {
            return Err(DecodeError::WrongType {
                member,
                offset,
                expected: Kind::Number,
                found,
            });
        }
    };
    Timestamp::from_scanned(bytes, &n).map_err(|_| invalid)
}

/// Reads a list of strings in place, replacing `out`'s contents.
///
/// On overflow the remaining elements are skipped (and validated) to report how many there are.
pub(crate) fn string_list<const S: usize, const N: usize>(
    r: &mut Reader<'_>,
    member: &'static str,
    out: &mut heapless::Vec<heapless::String<S>, N>,
) -> Result<(), DecodeError> {
    out.clear();
    r.begin_array().map_err(|e| member_err(member, e))?;
    while r.next_element()? {
        if out.is_full() {
            let mut count = out.len();
            let mut more = true;
            while more {
                r.skip()?;
                count = count.saturating_add(1);
                more = r.next_element()?;
            }
            return Err(DecodeError::TooManyItems {
                member,
                capacity: N,
                needed: count,
            });
        }
        // Cannot fail: checked `is_full` above.
        let _ = out.push(heapless::String::new());
        if let Some(slot) = out.last_mut() {
            string(r, member, slot)?;
        }
    }
    Ok(())
}

/// Reads a `MicrovmState` in place; unknown values are kept raw (bounded by `N`).
pub(crate) fn state<const N: usize>(
    r: &mut Reader<'_>,
    member: &'static str,
    out: &mut MicrovmState<N>,
) -> Result<(), DecodeError> {
    let raw = r.string_raw().map_err(|e| member_err(member, e))?;
    // Matching on the escaped form avoids a stack copy of an `N`-byte string for known values;
    // one comparison site over a table rather than one per value.
    *out = MicrovmState::known(raw.find_in(&MicrovmState::<N>::KNOWN));
    if let MicrovmState::Unknown(s) = out {
        unescape_into(&raw, member, s)?;
    }
    Ok(())
}

/// Unescapes an already-read string into a fixed-capacity string.
pub(crate) fn unescape_into<const N: usize>(
    raw: &RawStr<'_>,
    member: &'static str,
    out: &mut heapless::String<N>,
) -> Result<(), DecodeError> {
    out.clear();
    let (needed, fits) = raw.append_to(out.as_mut_view());
    if fits {
        Ok(())
    } else {
        Err(DecodeError::Capacity { member, needed })
    }
}

/// Tracks which required members have been seen (last occurrence wins, `null` unsets).
#[derive(Default)]
pub(crate) struct Seen(u32);

impl Seen {
    pub(crate) fn set(&mut self, bit: u32, present: bool) {
        if present {
            self.0 |= 1 << bit;
        } else {
            self.0 &= !(1 << bit);
        }
    }

    /// The first of `required` (bit, path) pairs not seen, in the given (model) order.
    pub(crate) fn check(&self, required: &[(u32, &'static str)]) -> Result<(), DecodeError> {
        for &(bit, member) in required {
            if self.0 & (1 << bit) == 0 {
                return Err(DecodeError::MissingMember { member });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn reader_errors_get_member_names() {
        let mut r = Reader::new(b"\"x\"");
        assert_eq!(
            i32(&mut r, "a.b"),
            Err(DecodeError::WrongType {
                member: "a.b",
                offset: 0,
                expected: Kind::Number,
                found: Kind::String
            })
        );
        let mut r = Reader::new(b" 4294967296");
        assert_eq!(
            i32(&mut r, "n"),
            Err(DecodeError::InvalidValue {
                member: "n",
                offset: 1
            })
        );
        let mut r = Reader::new(b"\"abcdef\"");
        let mut s = heapless::String::<3>::new();
        assert_eq!(
            string(&mut r, "s", &mut s),
            Err(DecodeError::Capacity {
                member: "s",
                needed: 6
            })
        );
        let mut r = Reader::new(b"\"a\\q\"");
        assert!(matches!(
            string(&mut r, "s", &mut s),
            Err(DecodeError::Json(read::Error::InvalidEscape { .. }))
        ));
    }

    #[test]
    fn timestamp_forms() {
        let ts = |b: &[u8]| timestamp(&mut Reader::new(b), "t");
        assert_eq!(
            ts(b"1.5"),
            Ok(Timestamp {
                seconds: 1,
                nanos: 500_000_000
            })
        );
        assert_eq!(
            ts(b"\"2\""),
            Ok(Timestamp {
                seconds: 2,
                nanos: 0
            })
        );
        assert_eq!(
            ts(b"\"2026-11-27T00:00:00Z\""),
            Err(DecodeError::InvalidValue {
                member: "t",
                offset: 0
            })
        );
        assert_eq!(
            ts(b"true"),
            Err(DecodeError::WrongType {
                member: "t",
                offset: 0,
                expected: Kind::Number,
                found: Kind::Bool
            })
        );
        assert_eq!(
            ts(b"1e400"),
            Err(DecodeError::InvalidValue {
                member: "t",
                offset: 0
            })
        );
    }

    #[test]
    fn list_overflow_counts_all_elements() {
        let mut v: heapless::Vec<heapless::String<8>, 2> = heapless::Vec::new();
        let mut r = Reader::new(br#"["a","b","c",{"x":[1]},"e"]"#);
        assert_eq!(
            string_list(&mut r, "l", &mut v),
            Err(DecodeError::TooManyItems {
                member: "l",
                capacity: 2,
                needed: 5
            })
        );
    }

    #[test]
    fn unknown_state_with_escapes_is_unescaped() {
        let mut s: MicrovmState<8> = MicrovmState::Pending;
        state(&mut Reader::new(br#""NEW\u0041""#), "state", &mut s).unwrap();
        assert_eq!(s.as_str(), "NEWA");
        state(&mut Reader::new(br#""RUNN\u0049NG""#), "state", &mut s).unwrap();
        assert_eq!(s, MicrovmState::Running);
        assert_eq!(
            state(&mut Reader::new(br#""ABCDEFGHIJ""#), "state", &mut s),
            Err(DecodeError::Capacity {
                member: "state",
                needed: 10
            })
        );
    }

    #[test]
    fn display_names_the_member() {
        let e = DecodeError::MissingMember {
            member: "microvmId",
        };
        assert_eq!(e.to_string(), "required member `microvmId` is missing");
    }
}

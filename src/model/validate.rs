//! Client-side validation of inputs against the API model's constraints.
//!
//! What is checked: required members, minimum string lengths and integer minima, as botocore's
//! parameter validation checks them; and, beyond botocore (which checks no maximum), the two
//! maxima of RunMicrovm's own members in the model: `maximumDurationInSeconds` at most 28,800
//! (also the API reference's "valid range") and at most 10 connectors per list. Firmware
//! learns of such a mistake before spending a round trip, and the decoders' default capacities
//! rely on the list limit ([`Microvm`](super::Microvm)). Maximum string lengths and patterns
//! are documented on the types but not enforced, as botocore does not enforce them either: the
//! service may relax them without a model change reaching deployed firmware, and it validates
//! them itself.
//!
//! Nothing is checked for the wire's sake: every member goes into the JSON body, which can carry
//! any `&str` once escaped (a `&str` cannot hold a lone surrogate), and none goes into a header.

use core::fmt;

/// One constraint of the API model that an input member breaks.
///
/// Displayed as `path: problem`, e.g. `idlePolicy.maxIdleDurationSeconds: must be at least 60`
/// or `ingressNetworkConnectors[3]: must be at least 1 character long`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ValidationError {
    /// The member's wire path, with `.` between nested structure members (`logging.cloudWatch.logGroup`).
    pub member: &'static str,
    /// For list elements, the element's position (lists in this API hold at most 10).
    pub index: Option<u8>,
    /// The constraint that failed.
    pub rule: Rule,
}

/// A constraint from the API model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Rule {
    /// The member is required but absent.
    ///
    /// The typed inputs make required members unrepresentable when absent (they are constructor
    /// arguments), so this comes from code that builds an input from untyped data, such as a
    /// command line tool reading JSON parameters.
    Required,
    /// A string has fewer than this many characters (Unicode scalar values, as the model and
    /// botocore count them, not bytes).
    MinLength(u32),
    /// A number is below this minimum.
    MinValue(i64),
    /// A number is above this maximum.
    MaxValue(i64),
    /// A list has more than this many elements.
    MaxItems(u32),
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Rule::Required => f.write_str("is required"),
            Rule::MinLength(1) => f.write_str("must be at least 1 character long"),
            Rule::MinLength(n) => write!(f, "must be at least {n} characters long"),
            Rule::MinValue(n) => write!(f, "must be at least {n}"),
            Rule::MaxValue(n) => write!(f, "must be at most {n}"),
            Rule::MaxItems(n) => write!(f, "must have at most {n} items"),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.member)?;
        if let Some(i) = self.index {
            write!(f, "[{i}]")?;
        }
        write!(f, ": {}", self.rule)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ValidationError {}

/// Reports `s` if it is shorter than `min` characters. Counts at most `min` characters, so the
/// work does not grow with long strings.
pub(crate) fn min_length(
    f: &mut impl FnMut(ValidationError),
    member: &'static str,
    index: Option<u8>,
    s: &str,
    min: u32,
) {
    let min_usize = usize::try_from(min).unwrap_or(usize::MAX);
    // Characters are the bytes that do not continue a UTF-8 sequence (`10xxxxxx`): counting
    // them is exact and needs no UTF-8 decoding. Only strings under `4 * min` bytes are
    // counted, so the work stays bounded.
    // Length alone decides most cases (a character is 1 to 4 bytes).
    let len = s.len();
    let short = if len >= min_usize.saturating_mul(4) {
        false
    } else {
        len < min_usize || s.as_bytes().iter().filter(|&&b| (b as i8) >= -0x40).count() < min_usize
    };
    if short {
        f(ValidationError {
            member,
            index,
            rule: Rule::MinLength(min),
        });
    }
}

/// Reports `value` if it is outside `min..=max` (either bound optional).
pub(crate) fn range(
    f: &mut impl FnMut(ValidationError),
    member: &'static str,
    value: i32,
    min: Option<i64>,
    max: Option<i64>,
) {
    let value = i64::from(value);
    let rule = match (min, max) {
        (Some(min), _) if value < min => Rule::MinValue(min),
        (_, Some(max)) if value > max => Rule::MaxValue(max),
        _ => return,
    };
    f(ValidationError {
        member,
        index: None,
        rule,
    });
}

/// Reports a string list longer than `max_items`, then each element shorter than `item_min`.
///
/// Elements past index 255 are not checked: such a list already fails `MaxItems` for every list
/// in this API, and `index` could not name them.
pub(crate) fn string_list(
    f: &mut impl FnMut(ValidationError),
    member: &'static str,
    items: &[&str],
    max_items: u32,
    item_min: u32,
) {
    if items.len() > usize::try_from(max_items).unwrap_or(usize::MAX) {
        f(ValidationError {
            member,
            index: None,
            rule: Rule::MaxItems(max_items),
        });
    }
    for (i, item) in items.iter().enumerate() {
        let Ok(index) = u8::try_from(i) else { break };
        min_length(f, member, Some(index), item, item_min);
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    #[test]
    fn display_forms() {
        let e = |member, index, rule| ValidationError {
            member,
            index,
            rule,
        };
        let cases = [
            (
                e("imageIdentifier", None, Rule::Required),
                "imageIdentifier: is required",
            ),
            (
                e("executionRoleArn", None, Rule::MinLength(20)),
                "executionRoleArn: must be at least 20 characters long",
            ),
            (
                e("ingressNetworkConnectors", Some(3), Rule::MinLength(1)),
                "ingressNetworkConnectors[3]: must be at least 1 character long",
            ),
            (
                e(
                    "idlePolicy.maxIdleDurationSeconds",
                    None,
                    Rule::MinValue(60),
                ),
                "idlePolicy.maxIdleDurationSeconds: must be at least 60",
            ),
            (
                e("maximumDurationInSeconds", None, Rule::MaxValue(28800)),
                "maximumDurationInSeconds: must be at most 28800",
            ),
            (
                e("egressNetworkConnectors", None, Rule::MaxItems(10)),
                "egressNetworkConnectors: must have at most 10 items",
            ),
        ];
        for (err, text) in cases {
            assert_eq!(err.to_string(), text);
        }
    }

    fn collect(check: impl FnOnce(&mut dyn FnMut(ValidationError))) -> Vec<ValidationError> {
        let mut v = Vec::new();
        check(&mut |e| v.push(e));
        v
    }

    #[test]
    fn min_length_counts_characters_not_bytes() {
        // 7 characters, 21 bytes: the model's length is in characters.
        let s = "日本語日本語日";
        assert_eq!(
            collect(|mut f| min_length(&mut f, "m", None, s, 8)).len(),
            1
        );
        assert!(collect(|mut f| min_length(&mut f, "m", None, s, 7)).is_empty());
        assert!(collect(|mut f| min_length(&mut f, "m", None, "", 0)).is_empty());
    }

    #[test]
    fn range_bounds_are_inclusive() {
        let r = |v| collect(|mut f| range(&mut f, "m", v, Some(1), Some(28800)));
        assert!(r(1).is_empty());
        assert!(r(28800).is_empty());
        assert_eq!(r(0)[0].rule, Rule::MinValue(1));
        assert_eq!(r(28801)[0].rule, Rule::MaxValue(28800));
        assert_eq!(r(i32::MIN)[0].rule, Rule::MinValue(1));
        assert_eq!(r(i32::MAX)[0].rule, Rule::MaxValue(28800));
    }

    #[test]
    fn huge_list_is_reported_once_and_bounded() {
        let items = std::vec![""; 1000];
        let errs = collect(|mut f| string_list(&mut f, "m", &items, 10, 1));
        assert_eq!(errs[0].rule, Rule::MaxItems(10));
        // One per nameable index, none for the rest.
        assert_eq!(errs.len(), 1 + 256);
        assert_eq!(errs[256].index, Some(255));
    }
}

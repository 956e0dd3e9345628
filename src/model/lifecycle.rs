//! Inputs of the MicroVM lifecycle operations that name one MicroVM in their path:
//! `GetMicrovm`, `TerminateMicrovm`, `SuspendMicrovm` and `ResumeMicrovm`.
//!
//! Each carries only `microvmIdentifier` (shape `MicrovmIdentifier`: 1..=256 characters; the
//! maximum is documented, not enforced, as for every string maximum in this crate). It travels
//! percent-encoded in the request path, so any `&str` is safe to send.

use super::validate::{self, ValidationError};

macro_rules! microvm_target {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $name<'a> {
            /// `microvmIdentifier`: the MicroVM's id (from `RunMicrovm`'s `microvmId`).
            pub microvm_identifier: &'a str,
        }

        impl<'a> $name<'a> {
            /// The input for the MicroVM `microvm_identifier`.
            pub const fn new(microvm_identifier: &'a str) -> Self {
                Self { microvm_identifier }
            }

            /// Checks the model's constraints; the first problem found.
            ///
            /// # Errors
            /// `microvmIdentifier: must be at least 1 character long` for an empty id.
            pub fn validate(&self) -> Result<(), ValidationError> {
                let mut first = None;
                self.validate_each(|e| {
                    first.get_or_insert(e);
                });
                first.map_or(Ok(()), Err)
            }

            /// Reports every problem, in model order.
            pub fn validate_each(&self, mut f: impl FnMut(ValidationError)) {
                validate::min_length(&mut f, "microvmIdentifier", None, self.microvm_identifier, 1);
            }
        }
    };
}

microvm_target!(
    /// `GetMicrovm`: a MicroVM's current description.
    GetMicrovm
);
microvm_target!(
    /// `TerminateMicrovm`: stops a MicroVM for good.
    TerminateMicrovm
);
microvm_target!(
    /// `SuspendMicrovm`: snapshots and pauses a running MicroVM.
    SuspendMicrovm
);
microvm_target!(
    /// `ResumeMicrovm`: resumes a suspended MicroVM.
    ResumeMicrovm
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rule;

    #[test]
    fn rule_microvm_identifier_min_length() {
        assert_eq!(
            GetMicrovm::new("").validate(),
            Err(ValidationError {
                member: "microvmIdentifier",
                index: None,
                rule: Rule::MinLength(1)
            })
        );
        assert_eq!(TerminateMicrovm::new("m").validate(), Ok(()));
        assert!(SuspendMicrovm::new("").validate().is_err());
        assert!(ResumeMicrovm::new("").validate().is_err());
    }
}

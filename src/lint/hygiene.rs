//! Rules APS08xx: secrets and junk shipped in the package, and security.json.

use super::{Context, Finding, Rule};

/// This family's rules.
pub static RULES: &[&Rule] = &[];

/// Runs this family's checks.
pub fn check(_cx: &Context, _out: &mut Vec<Finding>) {}

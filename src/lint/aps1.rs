//! Rules APS09xx: APS 1.x packages, recognised and checked without APS 2 rules.

use super::{Context, Finding, Rule};

/// This family's rules.
pub static RULES: &[&Rule] = &[];

/// Runs this family's checks.
pub fn check(_cx: &Context, _out: &mut Vec<Finding>) {}

//! Rules APS07xx: names and paths inside the package, and unreadable archive members.

use super::{Context, Finding, Rule};

/// This family's rules.
pub static RULES: &[&Rule] = &[];

/// Runs this family's checks.
pub fn check(_cx: &Context, _out: &mut Vec<Finding>) {}

//! Rules APS02xx: APP-META.xml value formats: ids, versions, releases, RQL, URLs, colours.

use super::{Context, Finding, Rule};

/// This family's rules.
pub static RULES: &[&Rule] = &[];

/// Runs this family's checks.
pub fn check(_cx: &Context, _out: &mut Vec<Finding>) {}

//! Rules APS03xx: files APP-META.xml refers to, unbuilt source trees, navigation, i18n, changelog.

use super::{Context, Finding, Rule};

/// This family's rules.
pub static RULES: &[&Rule] = &[];

/// Runs this family's checks.
pub fn check(_cx: &Context, _out: &mut Vec<Finding>) {}

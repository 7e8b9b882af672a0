//! The upgrade family (APS11xx): compares an installed package (OLD) with its successor (NEW)
//! and reports what an operator would hit when upgrading. `apspack diff` and
//! `apspack build --previous` run it through [`compare`]; `lint`, which sees one package, does
//! not (its [`FAMILY`] check is empty, and [`super::lint_families`] leaves it out).
//!
//! * [`identity`]: same application id, a higher (version, release), an `upgrade`/`patch`
//!   match that parses, uses no forbidden RQL function and is true for OLD;
//! * [`types`]: types matched by id without version, their members compared ([`members`]) and
//!   the type id version bump the changes demand checked;
//! * [`inventory`]: services, navigation views and plug-ins, and files, as info.
//!
//! Findings point into NEW (file, line, column) wherever the thing exists there; things that
//! exist only in OLD are named in the message. Both trees are read, never written.

pub mod identity;
pub mod inventory;
pub mod members;
pub mod rules;
#[cfg(test)]
mod tests;
pub mod types;

use super::{ApsGeneration, Context, Family, Finding};
use crate::tree::PackageTree;

/// The family's entry in [`super::FAMILIES`]: its rules are in the registry (`rules`,
/// `explain`, `[lint]`), but they compare two packages, so the one-package check does nothing.
pub static FAMILY: Family = Family {
    name: "upgrade",
    codes: "APS11xx",
    summary: "upgrades: a package against the one it replaces (`diff`, `build --previous`)",
    rules: rules::RULES,
    check: no_single_package_check,
};

/// The upgrade rules need the installed package too: see [`compare`].
fn no_single_package_check(_: &Context, _: &mut Vec<Finding>) {}

/// Compares `old` (installed) with `new` and returns the findings, sorted like lint findings.
pub fn compare(old: &PackageTree, new: &PackageTree) -> Vec<Finding> {
    let old_cx = Context::new(old);
    let new_cx = Context::new(new);
    let mut out = Vec::new();
    let mut readable = true;
    for (cx, which) in [(&old_cx, "installed (old)"), (&new_cx, "new")] {
        if cx.generation != ApsGeneration::Aps2 {
            readable = false;
            let why = match (&cx.meta_error, cx.tree.has_file(crate::aps::APP_META)) {
                (Some(e), _) => {
                    format!("its APP-META.xml is not well-formed: {}", show(&e.message))
                }
                (None, false) => "it has no APP-META.xml".to_string(),
                (None, true) => "its APP-META.xml is not an APS 2 application".to_string(),
            };
            out.push(
                Finding::new(
                    &rules::UNREADABLE,
                    format!(
                        "the {which} package {} cannot be compared: {why}",
                        show(&cx.tree.origin.path().display().to_string())
                    ),
                )
                .help("Run `apspack lint` on it to see what is wrong."),
            );
        }
    }
    if readable {
        let patch = identity::check(&old_cx, &new_cx, &mut out);
        let reshaped = types::check(&old_cx, &new_cx, &mut out);
        if let Some(span) = patch
            && !reshaped.is_empty()
        {
            out.push(patched_types(&new_cx, span, &reshaped));
        }
        inventory::check(&old_cx, &new_cx, &mut out);
    }
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule.code).cmp(&(&b.file, b.line, b.column, b.rule.code))
    });
    out
}

/// A patch that adds, removes or incompatibly changes the types in `reshaped`.
fn patched_types(new: &Context, patch: std::ops::Range<usize>, reshaped: &[String]) -> Finding {
    let shown: Vec<String> = reshaped
        .iter()
        .take(3)
        .map(|id| format!("`{}`", show(id)))
        .collect();
    let more = match reshaped.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    new.at(
        &rules::PATCH_RESHAPES,
        crate::aps::APP_META,
        patch,
        format!(
            "only <patch> matches the installed package, but a patch leaves resources as they are and installs unattended, while types change: {}{more}",
            shown.join(", ")
        ),
    )
    .help("Declare this release as an upgrade (`upgrade = \"...\"` in [package], `<upgrade match>`).")
}

/// Longest piece of package text quoted in a message.
const SHOW_MAX: usize = 120;

/// Package text made safe to quote: control characters escaped, long text cut with `...`.
pub fn show(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == SHOW_MAX {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

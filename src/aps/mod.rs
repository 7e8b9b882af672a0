//! APS format facts, defined once: file names, namespaces, core type ids, the type-id grammar,
//! RQL, URIs, identifiers, colours, primitive types, operation-path placeholders and dot-wise
//! version order.
//!
//! The manifest validator, the generator, the loaders and the lint rules all read these here;
//! a fact about the format that two places need belongs in this tree (see CONTRIBUTING.md).

pub mod path;
pub mod rql;
pub mod syntax;
pub mod type_id;
pub mod uri;
pub mod version;

pub use syntax::{is_colour, is_identifier};
pub use type_id::TypeId;

/// The package metadata file at the package root.
pub const APP_META: &str = "APP-META.xml";
/// The package file list (name, size, SHA-256 of every other file) at the package root.
pub const APP_LIST: &str = "APP-LIST.xml";
/// The package's security declarations at the package root.
pub const SECURITY_JSON: &str = "security.json";
/// The test metadata file some packages carry at the root.
pub const TEST_META: &str = "TEST-META.xml";
/// The apspack project manifest (not part of a package).
pub const MANIFEST: &str = "aps.toml";

/// The APS 2 APP-META namespace.
pub const NS_APS2: &str = "http://aps-standard.org/ns/2";
/// The APS 1 namespace (also used by APP-LIST.xml in APS 2 packages).
pub const NS_APS1: &str = "http://apstandard.com/ns/1";
/// The XML-DSig namespace: APP-LIST.xml declares it (as `ns2`) and may carry an enveloped
/// `Signature` in it.
pub const NS_XMLDSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Prefix that short type forms (`core/...`, `dns/...`) expand under.
pub const APS_TYPES: &str = "http://aps-standard.org/types/";
/// Short-form prefixes expanded under [`APS_TYPES`].
pub const SHORT_PREFIXES: &[&str] = &["core/", "dns/"];
/// The core application type the root service implements; every package needs one
/// implementation of it.
pub const APPLICATION_TYPE: &str = "http://aps-standard.org/types/core/application/1.0";
/// The core subscription and account types: a resource created in a subscription is linked to
/// both by the platform itself.
pub const PLATFORM_LINKED_TYPES: &[&str] = &[
    "http://aps-standard.org/types/core/subscription/1.0",
    "http://aps-standard.org/types/core/account/1.0",
];
/// Namespaces of platform and core types, which are not defined inside a package.
pub const PLATFORM_NAMESPACES: &[&str] = &[
    "http://aps-standard.org/types/",
    "http://parallels.com/aps/types/",
    "http://odin.com/",
];
/// The members of an APS type definition (a `schemas/*.schema` JSON object) that carry the
/// type: what the manifest's `[types.X]` tables describe.
pub const TYPE_MEMBERS: &[&str] = &[
    "apsVersion",
    "name",
    "id",
    "implements",
    "access",
    "properties",
    "structures",
    "relations",
    "operations",
];
/// Property types that are not type ids.
pub const PRIMITIVES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_application_type_is_a_versioned_platform_type() {
        let t = TypeId::parse_versioned(APPLICATION_TYPE).expect("valid");
        assert_eq!(t.version, Some((1, 0)));
        assert!(type_id::is_platform_type(APPLICATION_TYPE));
        assert!(APPLICATION_TYPE.starts_with(APS_TYPES));
        for p in SHORT_PREFIXES {
            assert!(TypeId::parse(&format!("{APS_TYPES}{p}x/1.0")).is_ok());
        }
    }
}

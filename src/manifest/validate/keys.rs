//! The keys each aps.toml table accepts (and a view's controls): the validator checks manifests
//! against these lists, and the JSON Schema in `schemas/` is tested against them.

use crate::typeschema::{PROPERTY_ATTRIBUTES, UNCONFIRMED_PROPERTY_ATTRIBUTES, concat};

/// Top-level tables.
pub const ROOT_KEYS: &[&str] = &[
    "package",
    "files",
    "security",
    "lint",
    "types",
    "navigation",
];
/// `[package]`.
pub const PACKAGE_KEYS: &[&str] = &[
    "id",
    "name",
    "version",
    "release",
    "homepage",
    "summary",
    "description",
    "icon",
    "categories",
    "languages",
    "upgrade",
    "patch",
    "screenshots",
    "changelog",
    "vendor",
    "packager",
    "license",
];
/// `[[package.screenshots]]`.
pub const SCREENSHOT_KEYS: &[&str] = &["path", "description"];
/// `[[package.changelog]]`.
pub const CHANGELOG_KEYS: &[&str] = &["version", "release", "entries"];
/// `[package.vendor]`.
pub const VENDOR_KEYS: &[&str] = &["name", "homepage", "icon"];
/// `[package.packager]`: the vendor's keys and `uri`.
pub const PACKAGER_KEYS: &[&str] = &["name", "homepage", "icon", "uri"];
/// `[package.license]`.
pub const LICENSE_KEYS: &[&str] = &["kind", "name", "url", "file", "must-accept"];
/// `[files]`.
pub const FILES_KEYS: &[&str] = &["include", "exclude"];
/// `[types.<name>]`.
pub const TYPE_KEYS: &[&str] = &[
    "id",
    "implements",
    "service",
    "code",
    "engine",
    "title",
    "summary",
    "access",
    "icon",
    "infolinks",
    "entry-points",
    "color",
    "font-color",
    "presentation",
    "properties",
    "structures",
    "relations",
    "operations",
];
/// `access` of a type, a property or an operation.
pub const ACCESS_KEYS: &[&str] = &["owner", "admin", "referrer"];
/// Each element of a type's `entry-points`.
pub const ENTRY_POINT_KEYS: &[&str] = &["class", "dst", "label", "description"];
/// Each element of a type's `infolinks`.
pub const INFOLINK_KEYS: &[&str] = &["href", "class", "title"];
/// A property accepts the documented attributes and the unconfirmed ones it can carry.
pub const PROPERTY_KEYS: &[&str] = &concat::<
    { PROPERTY_ATTRIBUTES.len() + UNCONFIRMED_PROPERTY_ATTRIBUTES.len() },
>(PROPERTY_ATTRIBUTES, UNCONFIRMED_PROPERTY_ATTRIBUTES);
/// `[types.<name>.structures.<Structure>]`.
pub const STRUCTURE_KEYS: &[&str] = &["description", "properties"];
/// `[types.<name>.relations.<relation>]`.
pub const RELATION_KEYS: &[&str] = &["type", "required", "collection"];
/// `[types.<name>.operations.<operation>]`.
pub const OPERATION_KEYS: &[&str] = &[
    "verb",
    "path",
    "static",
    "access",
    "parameters",
    "response",
    "errorResponse",
];
/// `[types.<name>.operations.<operation>.parameters.<parameter>]`.
pub const PARAMETER_KEYS: &[&str] = &["type", "kind", "required"];
/// An operation's `response` and `errorResponse`.
pub const RESPONSE_KEYS: &[&str] = &["type", "items", "contentType"];
/// `[[navigation]]`.
pub const NAVIGATION_KEYS: &[&str] = &["id", "label", "plugs-to", "vars", "views", "items"];
/// `[[navigation.vars]]` and a view's `vars`.
pub const VAR_KEYS: &[&str] = &["name", "type", "required", "collection", "filter"];
/// `[[navigation.items]]`.
pub const ITEM_KEYS: &[&str] = &["id", "label", "plugs-to", "views", "items"];
/// `[[navigation.views]]`, `[[navigation.items.views]]` and nested views.
pub const VIEW_KEYS: &[&str] = &[
    "kind",
    "id",
    "label",
    "src",
    "plugs-to",
    "vars",
    "plugin-placeholders",
    "controls",
    "control-labels",
    "views",
];
/// A view's `controls` values.
pub const CONTROLS: &[&str] = &["cancel", "submit", "finish", "next", "prev"];

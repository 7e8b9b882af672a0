//! The validated package model: what `aps.toml` means once every check has passed.
//!
//! Generators read only this model. Every type reference in it is already resolved: local type
//! names and short core forms (`core/resource/1.0`) are expanded to full type ids; structure names
//! of the same type stay bare. Lists keep manifest order.

use serde_json::Value;

/// A whole package.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Application id (absolute URI); never changes between versions.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Version of the integrated application.
    pub version: String,
    /// Package release.
    pub release: String,
    /// Application home page.
    pub homepage: Option<String>,
    /// One-line summary (presentation/summary).
    pub summary: Option<String>,
    /// Longer description (presentation/description).
    pub description: Option<String>,
    /// Package path of the application icon.
    pub icon: Option<String>,
    /// Screenshots in order.
    pub screenshots: Vec<Screenshot>,
    /// Changelog, newest first as written.
    pub changelog: Vec<ChangelogVersion>,
    /// Categories such as `Collaboration/Email`.
    pub categories: Vec<String>,
    /// Language codes such as `en`.
    pub languages: Vec<String>,
    /// The vendor.
    pub vendor: Option<Party>,
    /// The packager.
    pub packager: Option<Party>,
    /// The licence agreement.
    pub license: Option<License>,
    /// `<upgrade match>` or `<patch match>`.
    pub update: Option<UpdateMatch>,
    /// Resource types, one service each, in manifest order.
    pub types: Vec<ResourceType>,
    /// Navigation trees.
    pub navigation: Vec<Navigation>,
    /// Which project files are packaged.
    pub files: FileSet,
    /// The security.json document (a JSON object), when the manifest gives one.
    pub security: Option<Value>,
}

/// A screenshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screenshot {
    /// Package path of the image.
    pub path: String,
    /// Caption.
    pub description: Option<String>,
}

/// One changelog version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogVersion {
    /// Version.
    pub version: String,
    /// Release.
    pub release: String,
    /// Entries (at least one).
    pub entries: Vec<String>,
}

/// A vendor or packager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Name.
    pub name: String,
    /// Home page.
    pub homepage: Option<String>,
    /// Package path of an icon.
    pub icon: Option<String>,
    /// Packager URI (`uuid:` URN or http URI); packager only.
    pub uri: Option<String>,
}

/// Free or commercial licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenseKind {
    /// `<free/>`.
    Free,
    /// `<commercial/>`.
    Commercial,
}

/// Where the licence text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenseText {
    /// `<url>`.
    Url(String),
    /// `<file>`: a package path.
    File(String),
}

/// The licence agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    /// Free or commercial.
    pub kind: LicenseKind,
    /// Licence name.
    pub name: String,
    /// URL or file.
    pub text: LicenseText,
    /// `@must-accept`, when given.
    pub must_accept: Option<bool>,
}

/// Upgrade or patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    /// `<upgrade match>`.
    Upgrade,
    /// `<patch match>`.
    Patch,
}

/// Which installed packages this one updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateMatch {
    /// Upgrade or patch.
    pub kind: UpdateKind,
    /// The RQL expression.
    pub rql: String,
}

/// Role-based access (`owner`, `admin`, `referrer`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    /// Owner role.
    pub owner: Option<bool>,
    /// Admin role.
    pub admin: Option<bool>,
    /// Referrer role.
    pub referrer: Option<bool>,
}

/// An infolink of a service presentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infolink {
    /// Target (URL or package path).
    pub href: String,
    /// Class such as `deployment-guide` or `support`.
    pub class: String,
    /// Link text shown to users.
    pub title: Option<String>,
}

/// An entry point of a service presentation: a view the platform links to from its own pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPoint {
    /// `class`, such as `aps2-view`.
    pub class: String,
    /// `dst`: `<application id>#<view id>`.
    pub dst: String,
    /// `<label>`.
    pub label: String,
    /// `<description>`, when given.
    pub description: Option<String>,
}

/// One APS resource type and the service bound to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceType {
    /// Manifest key: the type's `name` in its schema.
    pub key: String,
    /// Full type id, `http://basename/major.minor`.
    pub id: String,
    /// Full ids of implemented types.
    pub implements: Vec<String>,
    /// Service id in APP-META.xml.
    pub service_id: String,
    /// Package path of the provisioning script.
    pub code: String,
    /// Script engine (`php`).
    pub engine: String,
    /// Package path of the generated schema (`schemas/<key>.schema`).
    pub schema_path: String,
    /// Service presentation name.
    pub title: Option<String>,
    /// Service presentation summary.
    pub summary: Option<String>,
    /// Type-level access.
    pub access: Option<Access>,
    /// Service presentation icon (a package path).
    pub icon: Option<String>,
    /// Service infolinks.
    pub infolinks: Vec<Infolink>,
    /// Service entry points.
    pub entry_points: Vec<EntryPoint>,
    /// Service colour `#RRGGBB`.
    pub color: Option<String>,
    /// Service font colour `#RRGGBB`.
    pub font_color: Option<String>,
    /// Whether the service has a `<presentation>` (false only when the manifest says so).
    pub presentation: bool,
    /// Properties in order.
    pub properties: Vec<(String, Property)>,
    /// Structures in order.
    pub structures: Vec<(String, Structure)>,
    /// Relations in order.
    pub relations: Vec<(String, Relation)>,
    /// Operations in order.
    pub operations: Vec<(String, Operation)>,
}

/// A property (also used for structure members and array `items`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Property {
    /// Resolved type: a primitive, a bare structure name, or a full type id (maybe `#Structure`).
    pub ty: String,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// `required`.
    pub required: Option<bool>,
    /// `readonly`.
    pub readonly: Option<bool>,
    /// `encrypted`.
    pub encrypted: Option<bool>,
    /// `final`.
    pub final_: Option<bool>,
    /// `default`.
    pub default: Option<Value>,
    /// `enum`.
    pub enum_values: Option<Vec<Value>>,
    /// `enumTitles`.
    pub enum_titles: Option<Vec<String>>,
    /// `format`.
    pub format: Option<String>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `unit` of counters and limits.
    pub unit: Option<String>,
    /// Element type of arrays.
    pub items: Option<Box<Property>>,
    /// Property access.
    pub access: Option<Access>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minimum`.
    pub minimum: Option<serde_json::Number>,
    /// `maximum`.
    pub maximum: Option<serde_json::Number>,
}

/// A structure (`{"type": "object", "properties": {...}}`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    /// Description.
    pub description: Option<String>,
    /// Members in order.
    pub properties: Vec<(String, Property)>,
}

/// A relation to another type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Full type id.
    pub ty: String,
    /// Strong link.
    pub required: bool,
    /// Many resources.
    pub collection: bool,
}

/// HTTP verb of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
}

impl Verb {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Delete => "DELETE",
        }
    }
}

/// Where an operation parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// In the path (`{name}`).
    Path,
    /// In the query string.
    Query,
    /// The request body.
    Body,
}

impl ParamKind {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamKind::Path => "path",
            ParamKind::Query => "query",
            ParamKind::Body => "body",
        }
    }
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// Resolved type.
    pub ty: String,
    /// Path, query or body.
    pub kind: ParamKind,
    /// `required`.
    pub required: Option<bool>,
}

/// An operation response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Resolved type.
    pub ty: String,
    /// Element type for arrays.
    pub items: Option<Box<Property>>,
    /// `contentType`.
    pub content_type: Option<String>,
}

/// A custom operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Verb.
    pub verb: Verb,
    /// Path starting with `/`.
    pub path: String,
    /// `static`.
    pub static_: Option<bool>,
    /// Access.
    pub access: Option<Access>,
    /// Parameters in order.
    pub parameters: Vec<(String, Parameter)>,
    /// Response.
    pub response: Option<Response>,
    /// Error response.
    pub error_response: Option<Response>,
}

/// A navigation tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Navigation {
    /// Id.
    pub id: String,
    /// Label, when the tree has one.
    pub label: Option<String>,
    /// Placeholder it plugs into.
    pub plugs_to: Option<String>,
    /// Variables.
    pub vars: Vec<Var>,
    /// Views directly under the tree (each may plug in by itself).
    pub views: Vec<View>,
    /// Items.
    pub items: Vec<Item>,
}

/// A navigation variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    /// Name.
    pub name: String,
    /// Full type id.
    pub type_id: String,
    /// `required`.
    pub required: Option<bool>,
    /// `collection`.
    pub collection: Option<bool>,
    /// RQL filter.
    pub filter: Option<String>,
}

/// A navigation item; items nest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Id.
    pub id: String,
    /// Label (vendor-built packages have items without one).
    pub label: Option<String>,
    /// Item-level placeholder.
    pub plugs_to: Option<String>,
    /// Views.
    pub views: Vec<View>,
    /// Nested items.
    pub items: Vec<Item>,
}

/// A view; views nest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// `<view>`, `<popup>` or `<view-plugin>`.
    pub kind: ViewKind,
    /// Id.
    pub id: String,
    /// Label (a view plugin has none).
    pub label: Option<String>,
    /// Source; when absent the platform uses `ui/<id>.html`.
    pub src: Option<String>,
    /// View variables.
    pub vars: Vec<Var>,
    /// View-level placeholder (e.g. the service-user wizard).
    pub plugs_to: Option<String>,
    /// `<plugin-placeholder id>` ids the view offers.
    pub plugin_placeholders: Vec<String>,
    /// Controls (`cancel`, `submit`, `finish`, `next`, `prev`), each with its label if any.
    pub controls: Vec<Control>,
    /// Nested views.
    pub views: Vec<View>,
}

/// The element a view is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewKind {
    /// `<view>`: a page of its navigation tree.
    #[default]
    View,
    /// `<popup>`: a dialog opened from a view.
    Popup,
    /// `<view-plugin>`: a widget plugged into a platform page (a dashboard).
    Plugin,
}

impl ViewKind {
    /// Every kind with its `kind` value in aps.toml, which is also its element name.
    pub const ALL: [(&'static str, ViewKind); 3] = [
        ("view", ViewKind::View),
        ("popup", ViewKind::Popup),
        ("view-plugin", ViewKind::Plugin),
    ];

    /// The element name (and aps.toml `kind` value).
    pub fn element(self) -> &'static str {
        match self {
            ViewKind::View => "view",
            ViewKind::Popup => "popup",
            ViewKind::Plugin => "view-plugin",
        }
    }
}

/// A view control (`<cancel/>`, `<submit label="OK"/>`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// `cancel`, `submit`, `finish`, `next` or `prev`.
    pub name: String,
    /// Its `label`, when the view sets one.
    pub label: Option<String>,
}

/// Include and exclude globs for project files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSet {
    /// Globs of files to package.
    pub include: Vec<String>,
    /// Globs of files to leave out (on top of the built-in junk list).
    pub exclude: Vec<String>,
}

impl Default for FileSet {
    fn default() -> Self {
        FileSet {
            include: DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect(),
            exclude: Vec::new(),
        }
    }
}

/// Default include globs.
pub const DEFAULT_INCLUDE: &[&str] = &["scripts/**", "ui/**", "images/**", "i18n/**", "doc/**"];

/// Always-excluded junk: hidden files, editor leftovers, backups, logs, OS droppings.
pub const BUILTIN_EXCLUDE: &[&str] = &[
    "**/.*",
    "**/.*/**",
    "**/*~",
    "**/*.bak",
    "**/*.swp",
    "**/*.swo",
    "**/*.orig",
    "**/*.rej",
    "**/*.log",
    "**/*.tmp",
    "**/Thumbs.db",
    "**/desktop.ini",
    "**/__MACOSX/**",
];

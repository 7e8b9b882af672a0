//! What a package is, read back from its tree: identity, services, types with their relations,
//! navigation and files. `inspect` prints it and `graph` draws it.
//!
//! Everything comes from the package's own files (APP-META.xml and the type schemas), never from
//! a manifest, so an archive, a package directory and a project are described alike. Values are
//! kept as the package wrote them; renderers escape them for their format.

use serde::Serialize;

use crate::archive::pipeline::deflates;
use crate::tree::{EntryKind, Origin, PackageTree};
use crate::typeschema::read::{Json, JsonValue, SchemaIndex};
use crate::xml;

use crate::aps::APPLICATION_TYPE as APPLICATION;

/// A package described.
#[derive(Debug, Clone, Serialize)]
pub struct Description {
    /// `archive`, `directory` or `project`.
    pub kind: &'static str,
    /// The path the user named.
    pub path: String,
    /// The APP-META `version` attribute (`2.0`, `1.2`, ...).
    pub aps_version: Option<String>,
    /// Application id.
    pub id: Option<String>,
    /// Application name.
    pub name: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Release.
    pub release: Option<String>,
    /// Vendor name.
    pub vendor: Option<String>,
    /// Packager name.
    pub packager: Option<String>,
    /// Services in APP-META order.
    pub services: Vec<Service>,
    /// Types, in schema path order.
    pub types: Vec<TypeInfo>,
    /// Navigation trees.
    pub navigation: Vec<Navigation>,
    /// Files, sorted by path.
    pub files: Vec<FileInfo>,
    /// Why APP-META.xml could not be read, when it could not.
    pub problem: Option<String>,
}

/// One `<service>`.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// Its id.
    pub id: String,
    /// Its `<presentation><name>`.
    pub title: Option<String>,
    /// `<schema path>`.
    pub schema: Option<String>,
    /// `<code path>`.
    pub code: Option<String>,
    /// `<code engine>`.
    pub engine: Option<String>,
}

/// One type schema.
#[derive(Debug, Clone, Serialize)]
pub struct TypeInfo {
    /// Schema path inside the package.
    pub schema: String,
    /// Type id.
    pub id: Option<String>,
    /// Type name.
    pub name: Option<String>,
    /// Ids of the services bound to this schema.
    pub services: Vec<String>,
    /// Implemented type ids.
    pub implements: Vec<String>,
    /// True when the type implements the application type, directly or through another type
    /// of the package.
    pub application: bool,
    /// Property names.
    pub properties: Vec<String>,
    /// Relations.
    pub relations: Vec<Relation>,
    /// Operation names.
    pub operations: Vec<String>,
    /// Structure names.
    pub structures: Vec<String>,
}

/// One relation of a type.
#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    /// Relation name.
    pub name: String,
    /// Target type id.
    #[serde(rename = "type")]
    pub type_id: String,
    /// A strong link: the resource cannot exist without it.
    pub required: bool,
    /// Links to many resources.
    pub collection: bool,
}

/// One navigation tree.
#[derive(Debug, Clone, Serialize)]
pub struct Navigation {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Placeholder it plugs into.
    pub plugs_to: Option<String>,
    /// Views directly under the tree (each may plug in by itself), nested.
    pub views: Vec<View>,
    /// Items.
    pub items: Vec<NavItem>,
}

/// One navigation item.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Views, nested.
    pub views: Vec<View>,
}

/// One view.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Source file, when given.
    pub src: Option<String>,
    /// Nested views.
    pub views: Vec<View>,
}

/// One file.
#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    /// Path inside the package.
    pub path: String,
    /// Size in bytes (uncompressed).
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: Option<String>,
    /// `stored` or `deflated`: as the archive holds it, or as `build` would write it (`unknown`
    /// when the file cannot be read).
    pub compression: String,
}

/// Describes `tree`. `methods` gives the compression method of archive members by path; files
/// it does not name get the method `build` would choose.
pub fn describe(tree: &PackageTree, methods: &dyn Fn(&str) -> Option<String>) -> Description {
    let kind = match tree.origin {
        Origin::Archive(_) => "archive",
        Origin::Directory(_) => "directory",
        Origin::Project(_) => "project",
    };
    let mut d = Description {
        kind,
        path: tree.origin.path().display().to_string(),
        aps_version: None,
        id: None,
        name: None,
        version: None,
        release: None,
        vendor: None,
        packager: None,
        services: Vec::new(),
        types: Vec::new(),
        navigation: Vec::new(),
        files: Vec::new(),
        problem: None,
    };
    let doc = match tree.bytes(crate::aps::APP_META).map(xml::parse) {
        Some(Ok(doc)) => Some(doc),
        Some(Err(e)) => {
            d.problem = Some(format!("APP-META.xml is not well-formed: {}", e.message));
            None
        }
        None => {
            d.problem = Some("the package has no APP-META.xml".into());
            None
        }
    };
    if let Some(doc) = &doc {
        read_meta(&doc.root, &mut d);
    }
    let aps2 = doc
        .as_ref()
        .filter(|d| d.root.ns.as_deref() == Some(crate::aps::NS_APS2))
        .map(|d| &d.root);
    d.types = types(&SchemaIndex::build(tree, aps2));
    for e in tree.sorted() {
        if e.kind != EntryKind::File {
            continue;
        }
        let compression = methods(&e.path).unwrap_or_else(|| {
            match deflates(e) {
                Ok(true) => "deflated",
                Ok(false) => "stored",
                Err(_) => "unknown",
            }
            .to_string()
        });
        d.files.push(FileInfo {
            path: e.path.clone(),
            size: e.size,
            sha256: e.sha256.map(|s| s.hex()),
            compression,
        });
    }
    d
}

/// Identity, services and navigation from the APP-META root.
fn read_meta(root: &xml::Element, d: &mut Description) {
    let text = |name: &str| root.child_text(name).map(str::to_string);
    let attr = |e: &xml::Element, name: &str| e.attr(name).map(str::to_string);
    d.aps_version = attr(root, "version");
    d.id = text("id");
    d.name = text("name");
    d.version = text("version");
    d.release = text("release");
    let party = |who: &str| {
        root.child(who)
            .and_then(|v| v.child_text("name"))
            .map(str::to_string)
    };
    d.vendor = party("vendor");
    d.packager = party("packager");
    for s in root.children_named("service") {
        d.services.push(Service {
            id: attr(s, "id").unwrap_or_default(),
            title: s
                .child("presentation")
                .and_then(|p| p.child_text("name"))
                .map(str::to_string),
            schema: s.child("schema").and_then(|c| attr(c, "path")),
            code: s.child("code").and_then(|c| attr(c, "path")),
            engine: s.child("code").and_then(|c| attr(c, "engine")),
        });
    }
    let Some(p) = root.child("presentation") else {
        return;
    };
    for n in p.children_named("navigation") {
        d.navigation.push(Navigation {
            id: attr(n, "id").unwrap_or_default(),
            label: attr(n, "label").unwrap_or_default(),
            plugs_to: n.child("plugs-to").and_then(|p| attr(p, "id")),
            views: views(n),
            items: n
                .children_named("item")
                .map(|i| NavItem {
                    id: attr(i, "id").unwrap_or_default(),
                    label: attr(i, "label").unwrap_or_default(),
                    views: views(i),
                })
                .collect(),
        });
    }
}

/// The types of the schemas that parsed, the application root marked.
fn types(schemas: &SchemaIndex) -> Vec<TypeInfo> {
    let mut out: Vec<TypeInfo> = schemas
        .parsed()
        .map(|f| TypeInfo {
            schema: f.path.clone(),
            id: f.id().map(|(s, _)| s.to_string()),
            name: f.name().map(|(s, _)| s.to_string()),
            services: f.services.clone(),
            implements: f.implements().iter().map(|(s, _)| s.to_string()).collect(),
            application: false,
            properties: keys(f.section("properties")),
            relations: f
                .section("relations")
                .iter()
                .map(|m| Relation {
                    name: m.key.clone(),
                    type_id: m
                        .value
                        .get("type")
                        .and_then(Json::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    required: flag(&m.value, "required"),
                    collection: flag(&m.value, "collection"),
                })
                .collect(),
            operations: keys(f.section("operations")),
            structures: keys(f.section("structures")),
        })
        .collect();
    mark_application(&mut out);
    out
}

fn views(parent: &xml::Element) -> Vec<View> {
    parent
        .children_named("view")
        .map(|v| View {
            id: v.attr("id").unwrap_or_default().to_string(),
            label: v.attr("label").unwrap_or_default().to_string(),
            src: v.attr("src").map(str::to_string),
            views: views(v),
        })
        .collect()
}

fn keys(members: &[crate::typeschema::read::Member]) -> Vec<String> {
    members.iter().map(|m| m.key.clone()).collect()
}

fn flag(v: &Json, key: &str) -> bool {
    matches!(v.get(key).map(|j| &j.value), Some(JsonValue::Bool(true)))
}

/// Marks the types that implement the application type, directly or through other types of the
/// package (one pass per level; at most as many passes as there are types).
fn mark_application(types: &mut [TypeInfo]) {
    for _ in 0..=types.len() {
        let app_ids: Vec<String> = types
            .iter()
            .filter(|t| t.application)
            .filter_map(|t| t.id.clone())
            .collect();
        let mut changed = false;
        for t in types.iter_mut().filter(|t| !t.application) {
            if t.implements
                .iter()
                .any(|i| i == APPLICATION || app_ids.contains(i))
            {
                t.application = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Entry;
    use std::path::PathBuf;

    fn tree() -> PackageTree {
        let mut t = PackageTree::new(Origin::Directory(PathBuf::from("pkg")));
        t.push(Entry::memory(
            "APP-META.xml",
            br#"<application xmlns="http://aps-standard.org/ns/2" version="2.0">
  <id>http://x.example/app</id><name>X</name><version>1</version><release>2</release>
  <vendor><name>V</name></vendor>
  <presentation><navigation id="ccp" label="X"><plugs-to id="http://www.parallels.com/ccp/2"/>
    <item id="i" label="I"><view id="v" label="V" src="ui/v.js"><view id="w" label="W"/></view></item>
  </navigation></presentation>
  <service id="app"><schema path="schemas/app.schema"/><code engine="php" path="scripts/app.php"/><presentation><name>App</name></presentation></service>
  <service id="user"><schema path="schemas/user.schema"/></service>
</application>"#
                .to_vec(),
        ));
        t.push(Entry::memory(
            "schemas/app.schema",
            br#"{"name": "app", "id": "http://x.example/t/app/1.0", "implements": ["http://aps-standard.org/types/core/application/1.0"],
               "relations": {"users": {"type": "http://x.example/t/user/1.0", "collection": true}}}"#
                .to_vec(),
        ));
        t.push(Entry::memory(
            "schemas/user.schema",
            br#"{"name": "user", "id": "http://x.example/t/user/1.0", "implements": ["http://aps-standard.org/types/core/resource/1.0"],
               "properties": {"login": {"type": "string"}},
               "relations": {"app": {"type": "http://x.example/t/app/1.0", "required": true}}}"#
                .to_vec(),
        ));
        t.push(Entry::memory("images/a.png", b"png".to_vec()));
        t
    }

    #[test]
    fn identity_services_types_navigation_and_files() {
        let d = describe(&tree(), &|_| None);
        assert_eq!(d.kind, "directory");
        assert_eq!(d.id.as_deref(), Some("http://x.example/app"));
        assert_eq!(d.vendor.as_deref(), Some("V"));
        assert_eq!(d.services.len(), 2);
        assert_eq!(d.services[0].title.as_deref(), Some("App"));
        assert_eq!(d.types.len(), 2);
        assert!(d.types[0].application && !d.types[1].application);
        assert_eq!(d.types[0].services, ["app"]);
        assert!(d.types[0].relations[0].collection);
        assert!(d.types[1].relations[0].required);
        assert_eq!(d.types[1].properties, ["login"]);
        assert_eq!(d.navigation[0].items[0].views[0].views[0].id, "w");
        let png = d
            .files
            .iter()
            .find(|f| f.path == "images/a.png")
            .expect("png");
        assert_eq!(png.compression, "stored");
        let meta = d
            .files
            .iter()
            .find(|f| f.path == "APP-META.xml")
            .expect("meta");
        assert_eq!(meta.compression, "deflated");
        assert!(d.problem.is_none());
    }

    #[test]
    fn application_through_another_type() {
        let mut types = vec![
            TypeInfo {
                schema: "b".into(),
                id: Some("http://x/b/1.0".into()),
                name: None,
                services: vec![],
                implements: vec!["http://x/a/1.0".into()],
                application: false,
                properties: vec![],
                relations: vec![],
                operations: vec![],
                structures: vec![],
            },
            TypeInfo {
                schema: "a".into(),
                id: Some("http://x/a/1.0".into()),
                name: None,
                services: vec![],
                implements: vec![APPLICATION.into()],
                application: false,
                properties: vec![],
                relations: vec![],
                operations: vec![],
                structures: vec![],
            },
        ];
        mark_application(&mut types);
        assert!(types[0].application && types[1].application);
    }
}

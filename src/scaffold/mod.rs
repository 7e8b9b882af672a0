//! `apspack init`: new projects from the templates embedded in the binary.
//!
//! The build script embeds every file of every `templates/<name>/` directory (see `build.rs`),
//! so this module knows no template's file list: it copies what is there. The templates stay
//! plain projects that build as they are; the values a user chooses are filled in at init time:
//!
//! * `aps.toml` is edited as a parsed document ([`toml_edit`]), so comments and layout are kept
//!   and a name or vendor with quotes or backslashes is written as a correct TOML string.
//! * With a new package id, every type id becomes `http://<host><path>/types/<key>/<version>`
//!   (the version kept from the template's id), and every whole occurrence of an old id in any
//!   text file (PHP annotations, views, documents, references inside `aps.toml`) is replaced,
//!   so the scripts' `@type`, `@link` and `@implements` agree with the manifest.
//! * The editor schema is written next to the manifest as `aps.toml.schema.json`, and the
//!   manifest's `#:schema` directive points at it, so editor support works outside this
//!   repository.
//!
//! The project is assembled in a staging directory next to the destination, checked (the
//! manifest validates, the package generates and lints without an error) and only then moved
//! into place: a failed init leaves the destination as it was.

mod ids;

use std::path::{Path, PathBuf};

use crate::aps::MANIFEST;
use crate::epoch::Epoch;
use crate::lint::Severity;

pub use ids::{derive_type_id, replace_ids};

/// One embedded template.
#[derive(Debug)]
pub struct Template {
    /// Its name (the directory under `templates/`).
    pub name: &'static str,
    /// Its files, sorted by path.
    pub files: &'static [TemplateFile],
}

/// One file of an embedded template.
#[derive(Debug)]
pub struct TemplateFile {
    /// `/`-separated path inside the template.
    pub path: &'static str,
    /// The content.
    pub bytes: &'static [u8],
    /// Whether the source file had an execute bit.
    pub executable: bool,
}

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The editor schema of `aps.toml`, written into every new project.
pub const SCHEMA: &[u8] = include_bytes!("../../schemas/aps.toml.schema.json");

/// File name of the schema written next to the manifest.
pub const SCHEMA_FILE: &str = "aps.toml.schema.json";

/// The template `init` uses when none is named.
pub const DEFAULT_TEMPLATE: &str = "ox-app-suite";

/// Every embedded template, by name.
pub fn templates() -> &'static [Template] {
    TEMPLATES
}

/// The embedded template called `name`.
pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// What the user chose; `None` keeps the template's value.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `[package].name`.
    pub name: Option<String>,
    /// `[package].id`; the type ids follow it.
    pub id: Option<String>,
    /// `[package.vendor].name` (and the packager's, when the template's packager is the vendor).
    pub vendor: Option<String>,
}

/// A file of the new project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// `/`-separated path inside the project.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// Whether it gets an execute bit.
    pub executable: bool,
}

/// Why a project could not be created. Nothing was changed at the destination.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InitError {
    /// No embedded template has that name.
    #[error("there is no template `{name}`")]
    #[diagnostic(help("the templates are: {known}"))]
    UnknownTemplate {
        /// What was asked for.
        name: String,
        /// The names there are.
        known: String,
    },
    /// The destination exists and holds something.
    #[error("{} is not empty; init creates a project only in a new or empty directory", path.display())]
    #[diagnostic(help("choose a new directory name, or empty this one first"))]
    NotEmpty {
        /// The destination.
        path: PathBuf,
    },
    /// The destination exists and is not a directory.
    #[error("{} exists and is not a directory", path.display())]
    #[diagnostic(help("choose a new directory name"))]
    NotADirectory {
        /// The destination.
        path: PathBuf,
    },
    /// A value given on the command line cannot go into the manifest.
    #[error("invalid {what} `{value}`: {why}")]
    #[diagnostic(help("{help}"))]
    BadValue {
        /// Which option.
        what: &'static str,
        /// The value, with control characters escaped.
        value: String,
        /// What is wrong.
        why: String,
        /// How to fix it.
        help: &'static str,
    },
    /// The template itself is broken (a bug in the build of apspack).
    #[error("template `{template}` is broken: {message}")]
    Template {
        /// Which template.
        template: String,
        /// What is wrong.
        message: String,
    },
    /// The new project does not validate, generate or lint cleanly.
    #[error("the new project would not build: {message}")]
    #[diagnostic(help("choose other values for --name, --id or --vendor"))]
    Check {
        /// What went wrong, as the build would report it.
        message: String,
    },
    /// Reading or writing failed.
    #[error("cannot write {}: {err}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        err: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InitError + '_ {
    move |err| InitError::Io {
        path: path.to_path_buf(),
        err,
    }
}

/// The files of a new project from template `name` with `opts` filled in.
pub fn render(name: &str, opts: &Options) -> Result<Vec<NewFile>, InitError> {
    let template = template(name).ok_or_else(|| InitError::UnknownTemplate {
        name: crate::text::escape_control(name),
        known: TEMPLATES
            .iter()
            .map(|t| t.name)
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    let broken = |message: String| InitError::Template {
        template: template.name.to_string(),
        message,
    };
    let manifest = template
        .files
        .iter()
        .find(|f| f.path == MANIFEST)
        .ok_or_else(|| broken("it has no aps.toml".into()))?;
    let text = std::str::from_utf8(manifest.bytes)
        .map_err(|e| broken(format!("aps.toml is not UTF-8: {e}")))?;
    let edited = edit_manifest(text, opts).map_err(|e| match e {
        Edit::Template(m) => broken(m),
        Edit::Value(err) => err,
    })?;
    let mut files = Vec::with_capacity(template.files.len() + 1);
    for f in template.files {
        let bytes = if f.path == MANIFEST {
            edited.text.clone().into_bytes()
        } else {
            match std::str::from_utf8(f.bytes) {
                Ok(t) if !t.contains('\0') => replace_ids(t, &edited.ids).into_bytes(),
                _ => f.bytes.to_vec(),
            }
        };
        files.push(NewFile {
            path: f.path.to_string(),
            bytes,
            executable: f.executable,
        });
    }
    if !files.iter().any(|f| f.path == SCHEMA_FILE) {
        files.push(NewFile {
            path: SCHEMA_FILE.to_string(),
            bytes: SCHEMA.to_vec(),
            executable: false,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

struct Edited {
    text: String,
    ids: Vec<(String, String)>,
}

enum Edit {
    Template(String),
    Value(InitError),
}

/// Checks a free-text value from the command line (a name or a vendor).
fn check_text(what: &'static str, value: &str) -> Result<(), InitError> {
    let bad = |why: &str| InitError::BadValue {
        what,
        value: crate::text::escape_control(value),
        why: why.to_string(),
        help: "give a short single-line text",
    };
    if value.trim().is_empty() {
        return Err(bad("it is empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(bad("it holds control characters"));
    }
    Ok(())
}

fn edit_manifest(text: &str, opts: &Options) -> Result<Edited, Edit> {
    let text = schema_directive(text);
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Edit::Template(format!("aps.toml does not parse: {e}")))?;
    let mut ids: Vec<(String, String)> = Vec::new();
    if let Some(name) = &opts.name {
        check_text("--name", name).map_err(Edit::Value)?;
        set_str(&mut doc["package"]["name"], name);
    }
    if let Some(vendor) = &opts.vendor {
        check_text("--vendor", vendor).map_err(Edit::Value)?;
        let old = doc["package"]["vendor"]["name"]
            .as_str()
            .map(str::to_string);
        set_str(&mut doc["package"]["vendor"]["name"], vendor);
        let packager = doc["package"]["packager"]["name"]
            .as_str()
            .map(str::to_string);
        if packager.is_some() && packager == old {
            set_str(&mut doc["package"]["packager"]["name"], vendor);
        }
    }
    if let Some(id) = &opts.id {
        ids::check_package_id(id).map_err(Edit::Value)?;
        let old = doc["package"]["id"]
            .as_str()
            .ok_or_else(|| Edit::Template("[package] has no id".into()))?
            .to_string();
        set_str(&mut doc["package"]["id"], id);
        let mut type_ids = Vec::new();
        if let Some(types) = doc.get_mut("types").and_then(|t| t.as_table_like_mut()) {
            for (key, ty) in types.iter_mut() {
                let Some(old_id) = ty.get("id").and_then(|v| v.as_str()).map(str::to_string) else {
                    continue;
                };
                let new_id = derive_type_id(id, key.get(), &old_id).map_err(Edit::Value)?;
                if let Some(slot) = ty.get_mut("id") {
                    set_str(slot, &new_id);
                }
                type_ids.push((old_id, new_id));
            }
        }
        ids.extend(type_ids);
        if old != *id {
            ids.push((old, id.clone()));
        }
    }
    let text = replace_ids(&doc.to_string(), &ids);
    Ok(Edited { text, ids })
}

/// `text` with its `#:schema` directive pointing at the schema written beside it (one is added
/// on the first line when there is none).
fn schema_directive(text: &str) -> String {
    let directive = format!("#:schema ./{SCHEMA_FILE}");
    match text.split_once('\n') {
        Some((first, rest)) if first.trim_start().starts_with("#:schema") => {
            format!("{directive}\n{rest}")
        }
        _ => format!("{directive}\n{text}"),
    }
}

/// Sets a string value, keeping the comments and spacing around the old one.
fn set_str(item: &mut toml_edit::Item, value: &str) {
    match item.as_value_mut() {
        Some(v) => {
            let decor = v.decor().clone();
            *v = toml_edit::Value::from(value);
            *v.decor_mut() = decor;
        }
        None => *item = toml_edit::value(value),
    }
}

/// Creates the project `files` at `dest`, which must not exist or be an empty directory.
///
/// The files are written to a staging directory beside `dest`, checked (the manifest validates
/// and the package generates and lints without an error), then moved into place; on any
/// failure the staging directory is removed and `dest` is left as it was.
pub fn create(dest: &Path, files: &[NewFile]) -> Result<(), InitError> {
    let existed = match std::fs::symlink_metadata(dest) {
        Ok(m) if m.is_dir() => {
            let mut entries = std::fs::read_dir(dest).map_err(io(dest))?;
            if entries.next().is_some() {
                return Err(InitError::NotEmpty {
                    path: dest.to_path_buf(),
                });
            }
            true
        }
        Ok(_) => {
            return Err(InitError::NotADirectory {
                path: dest.to_path_buf(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(io(dest)(e)),
    };
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".apspack-init-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    for f in files {
        let path = staging.path().join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, &f.bytes).map_err(io(&path))?;
        set_mode(&path, f.executable).map_err(io(&path))?;
    }
    check(staging.path())?;
    if existed {
        let mut tops: Vec<String> = files
            .iter()
            .filter_map(|f| f.path.split('/').next().map(str::to_string))
            .collect();
        tops.sort();
        tops.dedup();
        let mut moved: Vec<PathBuf> = Vec::new();
        for top in &tops {
            let to = dest.join(top);
            if let Err(err) = std::fs::rename(staging.path().join(top), &to) {
                for m in moved {
                    let _ = std::fs::remove_dir_all(&m).or_else(|_| std::fs::remove_file(&m));
                }
                return Err(InitError::Io { path: to, err });
            }
            moved.push(to);
        }
    } else {
        let staged = staging.keep();
        if let Err(err) = std::fs::rename(&staged, dest) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(InitError::Io {
                path: dest.to_path_buf(),
                err,
            });
        }
    }
    Ok(())
}

/// Runs what `apspack build` would on the staged project, short of writing the archive.
fn check(dir: &Path) -> Result<(), InitError> {
    let fail = |message: String| InitError::Check { message };
    let project = crate::manifest::load(dir).map_err(|e| fail(render_plain(&e)))?;
    let tree = crate::generate::generate(&project, Epoch::default())
        .map_err(|e| fail(render_plain(&e)))?;
    let errors: Vec<String> = crate::lint::lint(&tree)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}: {}", f.rule.code, f.rule.name, f.message))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(fail(errors.join("; ")))
    }
}

fn render_plain(diag: &dyn miette::Diagnostic) -> String {
    crate::report::error::render(diag, false)
        .trim_end()
        .to_string()
}

#[cfg(unix)]
fn set_mode(path: &Path, executable: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if executable { 0o755 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: bool) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_templates_are_embedded_with_their_manifest() {
        for name in ["minimal", "ox-app-suite"] {
            let t = template(name).expect("embedded");
            assert!(t.files.iter().any(|f| f.path == MANIFEST), "{name}");
            assert!(t.files.iter().all(|f| !f.path.starts_with('.')));
        }
    }

    #[test]
    fn values_are_filled_in_and_ids_follow_the_package_id() {
        let opts = Options {
            name: Some("Acme \"Mail\"".into()),
            id: Some("https://acme.example:8443/aps/mail/".into()),
            vendor: Some("Acme Ltd".into()),
        };
        let files = render("minimal", &opts).expect("render");
        let manifest = files.iter().find(|f| f.path == MANIFEST).expect("aps.toml");
        let text = String::from_utf8(manifest.bytes.clone()).expect("utf8");
        assert!(
            text.starts_with("#:schema ./aps.toml.schema.json\n"),
            "{text}"
        );
        let doc: toml::Table = text.parse().expect("toml");
        assert_eq!(doc["package"]["name"].as_str(), Some("Acme \"Mail\""));
        assert_eq!(
            doc["package"]["id"].as_str(),
            Some("https://acme.example:8443/aps/mail/")
        );
        assert_eq!(doc["package"]["vendor"]["name"].as_str(), Some("Acme Ltd"));
        assert_eq!(
            doc["package"]["packager"]["name"].as_str(),
            Some("Acme Ltd")
        );
        assert_eq!(
            doc["types"]["app"]["id"].as_str(),
            Some("http://acme.example/aps/mail/types/app/1.0")
        );
        let php = files
            .iter()
            .find(|f| f.path == "scripts/app.php")
            .expect("script");
        let php = String::from_utf8_lossy(&php.bytes);
        assert!(
            php.contains("@type(\"http://acme.example/aps/mail/types/app/1.0\")"),
            "{php}"
        );
        assert!(files.iter().any(|f| f.path == SCHEMA_FILE));
    }

    #[test]
    fn bad_values_are_refused() {
        for opts in [
            Options {
                name: Some("  ".into()),
                ..Options::default()
            },
            Options {
                vendor: Some("a\u{1b}[31m".into()),
                ..Options::default()
            },
            Options {
                id: Some("ftp://x.example/a".into()),
                ..Options::default()
            },
        ] {
            assert!(matches!(
                render("minimal", &opts),
                Err(InitError::BadValue { .. })
            ));
        }
        assert!(matches!(
            render("nope", &Options::default()),
            Err(InitError::UnknownTemplate { .. })
        ));
    }
}

//! Validation of `[package]`: identity, presentation, vendor, packager, licence, update match.

use super::*;

impl Validator<'_> {
    pub(super) fn package(&mut self, root: &Table<'_, '_>) -> Package {
        let mut p = Package {
            id: String::new(),
            name: String::new(),
            version: String::new(),
            release: String::new(),
            homepage: None,
            summary: None,
            description: None,
            icon: None,
            screenshots: Vec::new(),
            changelog: Vec::new(),
            categories: Vec::new(),
            languages: Vec::new(),
            vendor: None,
            packager: None,
            license: None,
            update: None,
            types: Vec::new(),
            navigation: Vec::new(),
            files: FileSet::default(),
            security: None,
        };
        let Some(t) = root.opt_table(self.c, "package") else {
            if root.field("package").is_none() {
                self.c.error(
                    0..0,
                    "missing the `[package]` table",
                    "add `[package]` with id, name, version and release",
                );
            }
            return p;
        };
        t.check_keys(self.c, PACKAGE_KEYS);
        if let Some(id) = t.req_str(self.c, "id", "the application id, an absolute http(s) URI") {
            if !is_http_url(&id.text) {
                self.c.error(
                    id.span.range(),
                    format!(
                        "application id `{}` is not an absolute http(s) URI",
                        id.text
                    ),
                    "use a URI you own, e.g. http://www.example.com/aps/myapp; never change it",
                );
            }
            p.id = id.text;
        }
        p.name = t
            .req_str(self.c, "name", "the display name")
            .map(|s| s.text)
            .unwrap_or_default();
        p.version = t
            .req_str_or_int(self.c, "version", "the application version, e.g. \"1.0\"")
            .map(|s| s.text)
            .unwrap_or_default();
        p.release = t
            .req_str_or_int(self.c, "release", "the package release, e.g. \"1\"")
            .map(|s| s.text)
            .unwrap_or_default();
        p.homepage = self.url(&t, "homepage");
        p.summary = t.opt_str(self.c, "summary").map(|s| s.text);
        p.description = t.opt_str(self.c, "description").map(|s| s.text);
        let icon = t.opt_str(self.c, "icon");
        p.icon = self.file_ref(icon, "icon");
        p.categories = self.plain_list(&t, "categories");
        p.languages = self.plain_list(&t, "languages");
        p.update = self.update(&t);
        p.screenshots = self.screenshots(&t);
        p.changelog = self.changelog(&t);
        p.vendor = self.party(&t, "vendor", false);
        p.packager = self.party(&t, "packager", true);
        p.license = self.license(&t);
        p
    }

    /// `upgrade` or `patch` (not both): the RQL that selects the packages this one updates.
    fn update(&mut self, t: &Table<'_, '_>) -> Option<UpdateMatch> {
        let upgrade = t.opt_str(self.c, "upgrade");
        let patch = t.opt_str(self.c, "patch");
        if let (Some(_), Some(pa)) = (&upgrade, &patch) {
            self.c.error(
                pa.span.range(),
                "`package.upgrade` and `package.patch` are exclusive",
                "keep `upgrade` for a normal update, or `patch` for an unattended fix, not both",
            );
        }
        upgrade
            .map(|s| (UpdateKind::Upgrade, s))
            .or(patch.map(|s| (UpdateKind::Patch, s)))
            .and_then(|(kind, s)| self.rql(s).map(|rql| UpdateMatch { kind, rql }))
    }

    /// `[[package.screenshots]]`.
    fn screenshots(&mut self, t: &Table<'_, '_>) -> Vec<Screenshot> {
        let mut out = Vec::new();
        for s in t.opt_tables(self.c, "screenshots") {
            s.check_keys(self.c, SCREENSHOT_KEYS);
            let path = s.req_str(self.c, "path", "the image path");
            let path = self.file_ref(path, "screenshot");
            let description = s.opt_str(self.c, "description").map(|d| d.text);
            if let Some(path) = path {
                out.push(Screenshot { path, description });
            }
        }
        out
    }

    /// `[[package.changelog]]`: version, release and at least one entry each.
    fn changelog(&mut self, t: &Table<'_, '_>) -> Vec<ChangelogVersion> {
        let mut out = Vec::new();
        for ch in t.opt_tables(self.c, "changelog") {
            ch.check_keys(self.c, CHANGELOG_KEYS);
            let version = ch.req_str_or_int(self.c, "version", "the version");
            let release = ch.req_str_or_int(self.c, "release", "the release");
            let entries = match ch.opt_str_array(self.c, "entries") {
                Some(e) if !e.is_empty() => e.into_iter().map(|s| s.text).collect(),
                Some(_) => {
                    self.c.error(
                        ch.span.range(),
                        format!("`{}.entries` is empty", ch.path),
                        "say what changed in at least one entry",
                    );
                    Vec::new()
                }
                None => {
                    if ch.field("entries").is_none() {
                        self.c.error(
                            ch.span.range(),
                            format!("missing required key `{}.entries`", ch.path),
                            "add `entries = [\"what changed\"]`",
                        );
                    }
                    Vec::new()
                }
            };
            if let (Some(version), Some(release)) = (version, release) {
                out.push(ChangelogVersion {
                    version: version.text,
                    release: release.text,
                    entries,
                });
            }
        }
        out
    }

    pub(super) fn url(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let s = t.opt_str(self.c, key)?;
        if !is_http_url(&s.text) {
            self.c.error(
                s.span.range(),
                format!("`{}` is not an absolute http(s) URL", t.qualify(key)),
                "write the full URL, e.g. https://www.example.com",
            );
        }
        Some(s.text)
    }

    pub(super) fn plain_list(&mut self, t: &Table<'_, '_>, key: &str) -> Vec<String> {
        let list = t.opt_str_array(self.c, key).unwrap_or_default();
        for s in &list {
            if s.text.trim().is_empty() {
                self.c.error(
                    s.span.range(),
                    format!("empty value in `{}`", t.qualify(key)),
                    "remove it",
                );
            }
        }
        list.into_iter().map(|s| s.text).collect()
    }

    pub(super) fn rql(&mut self, s: Str) -> Option<String> {
        let bad: Vec<&str> = rql::forbidden(&s.text).iter().map(|f| f.op).collect();
        if !bad.is_empty() {
            self.c.error(
                s.span.range(),
                format!(
                    "RQL `{}` uses forbidden operator(s): {}",
                    s.text,
                    bad.join(", ")
                ),
                "an update match may not use limit, sort, implementing, composing or isnull; compare version and release, e.g. version=ge=1.0",
            );
        }
        if s.text.trim().is_empty() {
            self.c.error(
                s.span.range(),
                "empty RQL match",
                "write a match such as version=ge=1.0, or remove the key",
            );
        }
        Some(s.text)
    }

    pub(super) fn party(&mut self, t: &Table<'_, '_>, key: &str, packager: bool) -> Option<Party> {
        let p = t.opt_table(self.c, key)?;
        let keys = if packager { PACKAGER_KEYS } else { VENDOR_KEYS };
        p.check_keys(self.c, keys);
        let name = p.req_str(self.c, "name", "the name");
        let homepage = self.url(&p, "homepage");
        let what = if packager {
            "packager icon"
        } else {
            "vendor icon"
        };
        let icon = p.opt_str(self.c, "icon");
        let icon = self.file_ref(icon, what);
        let uri = if packager {
            p.opt_str(self.c, "uri").map(|u| {
                if !(u.text.starts_with("uuid:") || is_http_url(&u.text)) {
                    self.c.error(
                        u.span.range(),
                        format!(
                            "packager uri `{}` is neither a uuid: URN nor an http(s) URI",
                            u.text
                        ),
                        "use uuid:<uuid> or an http(s) URI",
                    );
                }
                u.text
            })
        } else {
            None
        };
        Some(Party {
            name: name?.text,
            homepage,
            icon,
            uri,
        })
    }

    pub(super) fn license(&mut self, t: &Table<'_, '_>) -> Option<License> {
        let l = t.opt_table(self.c, "license")?;
        l.check_keys(self.c, LICENSE_KEYS);
        let kind = l
            .req_str(self.c, "kind", "\"free\" or \"commercial\"")
            .and_then(|k| match k.text.as_str() {
                "free" => Some(LicenseKind::Free),
                "commercial" => Some(LicenseKind::Commercial),
                _ => {
                    self.c.error(
                        k.span.range(),
                        format!(
                            "licence kind `{}` is neither `free` nor `commercial`",
                            k.text
                        ),
                        "write kind = \"free\" or kind = \"commercial\"",
                    );
                    None
                }
            });
        let name = l.req_str(self.c, "name", "the licence name");
        let url = l.opt_str(self.c, "url");
        let file = l.opt_str(self.c, "file");
        let must_accept = l.opt_bool(self.c, "must-accept");
        let text = match (url, file) {
            (Some(u), None) => {
                if !is_http_url(&u.text) {
                    self.c.error(
                        u.span.range(),
                        format!("licence url `{}` is not an absolute http(s) URL", u.text),
                        "for a file in the package use `file = \"doc/eula.txt\"` instead",
                    );
                }
                Some(LicenseText::Url(u.text))
            }
            // APP-META's `<file>` may hold an http(s) URL (the vendor documentation's own
            // example does); it is written as it is and not looked up among the files.
            (None, Some(f)) if is_http_url(&f.text) => Some(LicenseText::File(f.text)),
            (None, Some(f)) => self
                .file_ref(Some(f), "licence file")
                .map(LicenseText::File),
            (Some(_), Some(f)) => {
                self.c.error(
                    f.span.range(),
                    "`package.license` has both `url` and `file`",
                    "keep exactly one of them",
                );
                None
            }
            (None, None) => {
                self.c.error(
                    l.span.range(),
                    "`package.license` needs `url` or `file`",
                    "add `url = \"https://...\"` or `file = \"doc/eula.txt\"`",
                );
                None
            }
        };
        Some(License {
            kind: kind?,
            name: name?.text,
            text: text?,
            must_accept,
        })
    }
}

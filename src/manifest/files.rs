//! Which project files get packaged: `[files]` include globs minus the built-in junk excludes and
//! the user's excludes; `aps.toml` and `dist/` never are.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::model::{BUILTIN_EXCLUDE, FileSet};

/// Compiled include and exclude globs.
#[derive(Debug, Clone)]
pub struct FileSelector {
    include: GlobSet,
    exclude: GlobSet,
}

/// Compiles one glob the way apspack reads them: `*` stays inside one path segment, `**` crosses.
pub(crate) fn compile(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

impl FileSelector {
    /// Compiles `files`; a pattern that does not compile is an error message naming it.
    pub fn new(files: &FileSet) -> Result<FileSelector, String> {
        let mut include = GlobSetBuilder::new();
        for p in &files.include {
            include.add(compile(p).map_err(|e| format!("bad include glob `{p}`: {e}"))?);
        }
        let mut exclude = GlobSetBuilder::new();
        for p in BUILTIN_EXCLUDE
            .iter()
            .copied()
            .chain(files.exclude.iter().map(String::as_str))
        {
            exclude.add(compile(p).map_err(|e| format!("bad exclude glob `{p}`: {e}"))?);
        }
        Ok(FileSelector {
            include: include.build().map_err(|e| e.to_string())?,
            exclude: exclude.build().map_err(|e| e.to_string())?,
        })
    }

    /// True if the project file at `rel` (a `/` path) is never packaged: `aps.toml`, `dist/...`,
    /// or a junk or user exclude.
    pub fn is_excluded(&self, rel: &str) -> bool {
        rel == crate::aps::MANIFEST
            || rel == "dist"
            || rel.starts_with("dist/")
            || self.exclude.is_match(rel)
    }

    /// True if the project file at `rel` is packaged.
    pub fn selects(&self, rel: &str) -> bool {
        self.include.is_match(rel) && !self.is_excluded(rel)
    }

    /// True if some file below the directory `rel` could be packaged (so a symlink there matters).
    pub fn may_select_below(&self, rel: &str) -> bool {
        !self.is_excluded(rel)
            && (self.include.is_match(rel) || self.include.is_match(format!("{rel}/x")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_select_sources_and_drop_junk() {
        let s = FileSelector::new(&FileSet {
            include: crate::model::DEFAULT_INCLUDE
                .iter()
                .map(|s| s.to_string())
                .chain(["*.md".to_string()])
                .collect(),
            exclude: vec!["doc/private/**".to_string()],
        })
        .unwrap();
        assert!(s.selects("scripts/app.php"));
        assert!(s.selects("ui/views/a.js"));
        assert!(s.selects("README.md"));
        assert!(!s.selects("docs/README.md"));
        assert!(!s.selects("scripts/.app.php.swp"));
        assert!(!s.selects("scripts/app.php~"));
        assert!(!s.selects("scripts/.git/config"));
        assert!(!s.selects("doc/private/x.txt"));
        assert!(!s.selects("aps.toml"));
        assert!(!s.selects("src/main.rs"));
        assert!(s.may_select_below("ui"));
        assert!(!s.may_select_below("node_modules"));
        assert!(
            FileSelector::new(&FileSet {
                include: vec!["a/[".to_string()],
                exclude: vec![],
            })
            .is_err()
        );
    }
}

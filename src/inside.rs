//! Reading a named file that belongs to a directory (`aps.toml`, `.apspack.toml`): only a
//! regular file inside that directory, never a link out of it, never a fifo or a device.
//!
//! A package a CI job lints is hostile input: its `.apspack.toml` may be a symbolic link to
//! `/proc/self/environ` or `/etc/passwd`, and an error snippet would then print the target.
//! So a link is followed only when it resolves inside the directory (a link to a sibling file
//! is fine), and a refusal is one line that names the link and nothing of its target.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why the file could not be read. Shown as `PATH: reason`, on one line.
#[derive(Debug)]
pub enum InsideError {
    /// There is no such file (nor a link of that name).
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// A symbolic link that leads out of the directory, or to nothing.
    Outside {
        /// The link.
        path: PathBuf,
        /// The directory it must stay in.
        dir: PathBuf,
    },
    /// A directory, fifo, socket or device.
    NotRegular {
        /// The path.
        path: PathBuf,
    },
    /// Larger than the cap.
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The cap.
        max: u64,
    },
    /// Reading failed.
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        err: std::io::Error,
    },
}

impl std::fmt::Display for InsideError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for InsideError {}

impl InsideError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            InsideError::Missing { path }
            | InsideError::Outside { path, .. }
            | InsideError::NotRegular { path }
            | InsideError::TooLarge { path, .. }
            | InsideError::Io { path, .. } => path,
        }
    }

    /// What is wrong, without the path; names nothing a link points to.
    pub fn reason(&self) -> String {
        match self {
            InsideError::Missing { .. } => "does not exist".to_string(),
            InsideError::Outside { .. } => {
                "a symbolic link out of its directory, not read (use a regular file)".to_string()
            }
            InsideError::NotRegular { .. } => {
                "not a regular file (make it a plain text file)".to_string()
            }
            InsideError::TooLarge { max, .. } => {
                format!("larger than {max} bytes, so it is not read")
            }
            InsideError::Io { err, .. } => format!("cannot be read: {err}"),
        }
    }

    /// The error as an `io::Error` of a matching kind whose message is the [`Self::reason`]
    /// (callers say `cannot read PATH: reason`).
    pub fn into_io(self) -> std::io::Error {
        match self {
            InsideError::Io { err, .. } => err,
            InsideError::Missing { .. } => {
                std::io::Error::new(std::io::ErrorKind::NotFound, self.reason())
            }
            other => std::io::Error::new(std::io::ErrorKind::InvalidInput, other.reason()),
        }
    }
}

/// Reads `dir/name`, at most `max` bytes, when it is a regular file inside `dir` (directly or
/// through links that stay inside `dir`).
pub fn read(dir: &Path, name: &str, max: u64) -> Result<Vec<u8>, InsideError> {
    let path = dir.join(name);
    let io = |err: std::io::Error| InsideError::Io {
        path: path.clone(),
        err,
    };
    let link = match std::fs::symlink_metadata(&path) {
        Ok(m) => m.file_type().is_symlink(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(InsideError::Missing { path });
        }
        Err(e) => return Err(io(e)),
    };
    let target = if link {
        let outside = || InsideError::Outside {
            path: path.clone(),
            dir: dir.to_path_buf(),
        };
        let resolved = std::fs::canonicalize(&path).map_err(|_| outside())?;
        let root = std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .map_err(io)?;
        if !resolved.starts_with(&root) {
            return Err(outside());
        }
        resolved
    } else {
        path.clone()
    };
    // Checked before opening: opening a fifo would wait for a writer forever.
    let meta = std::fs::metadata(&target).map_err(io)?;
    if !meta.is_file() {
        return Err(InsideError::NotRegular { path });
    }
    let file = std::fs::File::open(&target).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(InsideError::TooLarge { path, max });
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn regular_files_and_links_inside_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("real.toml"), "a = 1\n").expect("write");
        symlink("real.toml", dir.path().join("link.toml")).expect("symlink");
        assert_eq!(
            read(dir.path(), "real.toml", 100).expect("read"),
            b"a = 1\n"
        );
        assert_eq!(
            read(dir.path(), "link.toml", 100).expect("read"),
            b"a = 1\n"
        );
        let e = read(dir.path(), "real.toml", 3).expect_err("cap");
        assert!(matches!(e, InsideError::TooLarge { .. }), "{e}");
        let e = read(dir.path(), "none.toml", 3).expect_err("missing");
        assert!(matches!(e, InsideError::Missing { .. }), "{e}");
    }

    #[test]
    fn links_out_of_the_directory_are_refused_without_showing_the_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pkg = dir.path().join("pkg");
        std::fs::create_dir(&pkg).expect("mkdir");
        std::fs::write(dir.path().join("secret"), "TOKEN=s3cr3t\n").expect("write");
        symlink(dir.path().join("secret"), pkg.join("abs.toml")).expect("symlink");
        symlink("../secret", pkg.join("rel.toml")).expect("symlink");
        symlink("/proc/self/environ", pkg.join("env.toml")).expect("symlink");
        symlink("nowhere", pkg.join("dangling.toml")).expect("symlink");
        for name in ["abs.toml", "rel.toml", "env.toml", "dangling.toml"] {
            let e = read(&pkg, name, 1 << 20).expect_err("refused");
            assert!(matches!(e, InsideError::Outside { .. }), "{name}: {e}");
            let shown = e.to_string();
            assert!(shown.contains(name), "{shown}");
            for leak in ["secret", "s3cr3t", "environ", "nowhere", "\n"] {
                assert!(!shown.contains(leak), "{name}: {shown}");
            }
        }
        std::fs::create_dir(pkg.join("dir.toml")).expect("mkdir");
        let e = read(&pkg, "dir.toml", 10).expect_err("a directory");
        assert!(matches!(e, InsideError::NotRegular { .. }), "{e}");
    }
}

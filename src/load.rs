//! Opening any lint target as a PackageTree: a `.app.zip`, a package directory, or a project.

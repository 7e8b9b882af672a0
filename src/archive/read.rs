//! Safe `.app.zip` reader: entries to a PackageTree without extracting, with size caps.

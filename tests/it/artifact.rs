//! The built artifact checked from the outside: each template is built with the `apspack` binary
//! and the archive is then read with the `zip` crate, `quick-xml`, `serde_json` and `sha2` only,
//! never with apspack's own reader or linter. Checked: APP-META.xml is well-formed APS 2 with its
//! top-level elements in the APS order and every path it names present; every type schema is
//! strict JSON with its required keys; APP-LIST.xml lists exactly the other files with the right
//! sizes and digests; entry order, DOS times and Unix modes are the reproducible ones; and, when
//! `xmllint`, `sha256sum -c` and `unzip -t` agree (a missing tool skips the check locally and fails
//! it under `CI`).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::process::Command;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use sha2::Digest as _;

use super::support::{self, Apspack};

/// The build epoch, and `@packaged` as it must be written for it (UTC, no zone).
const EPOCH: i64 = 1_700_000_000;
const PACKAGED: &str = "2023-11-14T22:13:20";
const APS_NS: &str = "http://aps-standard.org/ns/2";
/// APP-LIST.xml keeps the APS 1 namespace in APS 2 packages.
const APP_LIST_NS: &str = "http://apstandard.com/ns/1";

/// The top-level elements of `<application>`, in the APS order; `upgrade` and `patch` share a
/// place, and only `service` may repeat.
const APS_ORDER: [&[&str]; 11] = [
    &["id"],
    &["name"],
    &["version"],
    &["release"],
    &["homepage"],
    &["vendor"],
    &["packager"],
    &["presentation"],
    &["license-agreement"],
    &["upgrade", "patch"],
    &["service"],
];

// ---------------------------------------------------------------------------------------------
// Building

/// A built archive in its own output directory.
struct Built {
    out: tempfile::TempDir,
    zip_name: String,
    bytes: Vec<u8>,
}

/// Builds `templates/<name>` at [`EPOCH`] into a fresh directory holding nothing else.
fn build_template(name: &str) -> Built {
    let out = tempfile::tempdir().expect("a temporary directory");
    Apspack::new()
        .arg("build")
        .arg(support::template(name))
        .arg("-o")
        .arg(out.path())
        .arg("--source-date-epoch")
        .arg(EPOCH.to_string())
        .run()
        .expect_code(0);
    let zips: Vec<String> = std::fs::read_dir(out.path())
        .expect("the output directory is readable")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".app.zip"))
        .collect();
    assert_eq!(zips.len(), 1, "one archive in the output: {zips:?}");
    let zip_name = zips[0].clone();
    let bytes = std::fs::read(out.path().join(&zip_name)).expect("the archive is readable");
    Built {
        out,
        zip_name,
        bytes,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the archive

/// One archive entry as the zip crate reports it.
struct Member {
    name: String,
    is_dir: bool,
    unix_mode: Option<u32>,
    dos_date: Option<u16>,
    dos_time: Option<u16>,
    data: Vec<u8>,
}

fn read_members(bytes: &[u8]) -> Result<Vec<Member>, String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a zip: {e}"))?;
    let mut out = Vec::with_capacity(z.len());
    for i in 0..z.len() {
        let mut m = z.by_index(i).map_err(|e| format!("entry {i}: {e}"))?;
        let name = m
            .name()
            .map_err(|e| format!("entry {i}: name: {e}"))?
            .into_owned();
        let mut data = Vec::new();
        m.read_to_end(&mut data)
            .map_err(|e| format!("{name}: does not inflate: {e}"))?;
        out.push(Member {
            is_dir: m.is_dir(),
            unix_mode: m.unix_mode(),
            dos_date: m.last_modified().map(|t| t.datepart()),
            dos_time: m.last_modified().map(|t| t.timepart()),
            name,
            data,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// A small namespace-aware XML tree

#[derive(Debug, Default)]
struct El {
    ns: Option<String>,
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Every element below this one, depth first.
    fn descendants(&self) -> Vec<&El> {
        let mut out = Vec::new();
        for c in &self.children {
            out.push(c);
            out.extend(c.descendants());
        }
        out
    }
}

/// Parses a whole document: one root element, matching end tags, known entities, no text
/// outside the root.
fn parse_xml(bytes: &[u8]) -> Result<El, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    loop {
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ResolveResult::Bound(n), ev)) => (Some(n.0.to_string()), ev),
            Ok((_, ev)) => (None, ev),
            Err(e) => return Err(format!("at byte {}: {e}", reader.error_position())),
        };
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() && stack.is_empty() => {
                return Err(format!(
                    "a second root element <{}>",
                    e.local_name().as_ref()
                ));
            }
            Event::Start(e) => stack.push(element(ns, &e)?),
            Event::Empty(e) => {
                let el = element(ns, &e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("an end tag without a start tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content())?,
            Event::CData(c) => {
                let s: &str = &c;
                push_text(&mut stack, s)?;
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let s = match r.resolve_char_ref() {
                    Ok(Some(ch)) => ch.to_string(),
                    Ok(None) => match name.as_ref() {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => return Err(format!("unknown entity &{other};")),
                    },
                    Err(e) => return Err(format!("bad character reference: {e}")),
                };
                push_text(&mut stack, &s)?;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

fn element(ns: Option<String>, e: &quick_xml::events::BytesStart<'_>) -> Result<El, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|x| format!("<{}>: {x}", e.local_name().as_ref()))?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|x| format!("<{}>: {x}", e.local_name().as_ref()))?
            .into_owned();
        attrs.push((a.key.as_ref().to_string(), value));
    }
    Ok(El {
        ns,
        name: e.local_name().as_ref().to_string(),
        attrs,
        ..El::default()
    })
}

fn push_text(stack: &mut [El], s: &str) -> Result<(), String> {
    match stack.last_mut() {
        Some(el) => {
            el.text.push_str(s);
            Ok(())
        }
        None if s.trim().is_empty() => Ok(()),
        None => Err(format!("text outside the root element: {:?}", s.trim())),
    }
}

// ---------------------------------------------------------------------------------------------
// Time and digests, computed here

/// (year, month, day, hour, minute, second) in UTC of seconds since 1970.
fn civil(epoch: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Days to a proleptic Gregorian date, counting eras of 400 years from 0000-03-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, secs / 3600, secs % 3600 / 60, secs % 60)
}

/// The MS-DOS (date, time) words of an epoch; DOS seconds count in twos.
fn dos_stamp(epoch: i64) -> (u16, u16) {
    let (y, mo, d, h, mi, s) = civil(epoch);
    let date = ((y - 1980) << 9) | (mo << 5) | d;
    let time = (h << 11) | (mi << 5) | (s / 2);
    (
        u16::try_from(date).expect("a DOS date"),
        u16::try_from(time).expect("a DOS time"),
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The checks. Each adds a line per problem; none stops at the first.

/// Every check that needs only the archive bytes.
fn check_archive(bytes: &[u8]) -> Vec<String> {
    let mut p = Vec::new();
    let members = match read_members(bytes) {
        Ok(m) => m,
        Err(e) => return vec![e],
    };
    check_entries(&members, &mut p);
    let files: BTreeMap<&str, &[u8]> = members
        .iter()
        .filter(|m| !m.is_dir)
        .map(|m| (m.name.as_str(), m.data.as_slice()))
        .collect();
    check_app_meta(&files, &mut p);
    check_schemas(&files, &mut p);
    check_app_list(&files, &mut p);
    p
}

/// Entry order, directory entries, DOS times and Unix modes.
fn check_entries(members: &[Member], p: &mut Vec<String>) {
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    if names.first() != Some(&"APP-LIST.xml") || names.get(1) != Some(&"APP-META.xml") {
        p.push(format!(
            "the archive must start with APP-LIST.xml, APP-META.xml; it starts with {:?}",
            &names[..names.len().min(2)]
        ));
    }
    let rest = names.get(2..).unwrap_or_default();
    for w in rest.windows(2) {
        if w[0].as_bytes() >= w[1].as_bytes() {
            p.push(format!("entries out of order: {} before {}", w[0], w[1]));
        }
    }
    for (i, m) in members.iter().enumerate() {
        if m.is_dir != m.name.ends_with('/') {
            p.push(format!("{}: is_dir is {} for this name", m.name, m.is_dir));
        }
        // Every ancestor directory has its own entry, earlier in the archive.
        let trimmed = m.name.strip_suffix('/').unwrap_or(&m.name);
        for (cut, _) in trimmed.match_indices('/') {
            let dir = &trimmed[..=cut];
            match names.iter().position(|n| *n == dir) {
                Some(j) if j < i => {}
                Some(_) => p.push(format!("{}: comes before its directory {dir}", m.name)),
                None => p.push(format!("{}: its directory {dir} has no entry", m.name)),
            }
        }
    }
    let (date, time) = dos_stamp(EPOCH);
    for m in members {
        if m.dos_date != Some(date) || m.dos_time != Some(time) {
            p.push(format!(
                "{}: DOS date/time {:?}/{:?}, expected {date:#06x}/{time:#06x} (the epoch {EPOCH})",
                m.name, m.dos_date, m.dos_time
            ));
        }
        let (kind, perms): (u32, &[u32]) = if m.is_dir {
            (0o040_000, &[0o755])
        } else {
            (0o100_000, &[0o644, 0o755])
        };
        match m.unix_mode {
            Some(mode) if mode & 0o170_000 == kind && perms.contains(&(mode & 0o7777)) => {}
            Some(mode) => p.push(format!("{}: Unix mode {mode:o}", m.name)),
            None => p.push(format!("{}: no Unix mode", m.name)),
        }
    }
}

/// The parsed root element of `name`; `None`, with the problem noted, when the archive lacks it
/// or it is not well-formed.
fn root_of(files: &BTreeMap<&str, &[u8]>, name: &str, p: &mut Vec<String>) -> Option<El> {
    let Some(bytes) = files.get(name) else {
        p.push(format!("{name} is not in the archive"));
        return None;
    };
    match parse_xml(bytes) {
        Ok(r) => Some(r),
        Err(e) => {
            p.push(format!("{name} is not well-formed: {e}"));
            None
        }
    }
}

/// APP-META.xml: the root, the element order and every path it names.
fn check_app_meta(files: &BTreeMap<&str, &[u8]>, p: &mut Vec<String>) {
    let Some(root) = root_of(files, "APP-META.xml", p) else {
        return;
    };
    if root.ns.as_deref() != Some(APS_NS) || root.name != "application" {
        p.push(format!(
            "APP-META.xml: root is {{{}}}{}, expected {{{APS_NS}}}application",
            root.ns.as_deref().unwrap_or(""),
            root.name
        ));
    }
    if root.attr("version") != Some("2.0") {
        p.push(format!(
            "APP-META.xml: version is {:?}",
            root.attr("version")
        ));
    }
    if root.attr("packaged") != Some(PACKAGED) {
        p.push(format!(
            "APP-META.xml: packaged is {:?}, expected {PACKAGED}",
            root.attr("packaged")
        ));
    }
    check_order(&root, p);
    for (what, path) in referenced_paths(&root) {
        if !files.contains_key(path.as_str()) {
            p.push(format!(
                "APP-META.xml: {what} names {path}, not in the archive"
            ));
        }
    }
}

fn check_order(root: &El, p: &mut Vec<String>) {
    let mut last: Option<usize> = None;
    for c in &root.children {
        if c.ns.as_deref() != Some(APS_NS) {
            p.push(format!(
                "APP-META.xml: <{}> outside the APS namespace",
                c.name
            ));
            continue;
        }
        let Some(place) = APS_ORDER.iter().position(|s| s.contains(&c.name.as_str())) else {
            p.push(format!("APP-META.xml: unexpected top-level <{}>", c.name));
            continue;
        };
        if let Some(l) = last
            && (place < l || (place == l && c.name != "service"))
        {
            p.push(format!(
                "APP-META.xml: <{}> out of the APS order (after <{}>)",
                c.name,
                APS_ORDER[l].join("|")
            ));
        }
        last = Some(last.map_or(place, |l| l.max(place)));
    }
    for required in ["id", "name", "version", "release"] {
        if root
            .child(required)
            .is_none_or(|c| c.text.trim().is_empty())
        {
            p.push(format!("APP-META.xml: <{required}> is missing or empty"));
        }
    }
    if root.child("service").is_none() {
        p.push("APP-META.xml: no <service>".to_string());
    }
    if root.child("upgrade").is_some() && root.child("patch").is_some() {
        p.push("APP-META.xml: both <upgrade> and <patch>".to_string());
    }
}

/// A path inside the package rather than a URL or an absolute path.
fn is_relative(href: &str) -> bool {
    let scheme = href
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
    !scheme && !href.starts_with('/') && !href.starts_with('#') && !href.is_empty()
}

/// (what names it, path) for every package path APP-META.xml refers to.
fn referenced_paths(root: &El) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |what: &str, path: Option<&str>| {
        if let Some(path) = path {
            out.push((what.to_string(), path.to_string()));
        }
    };
    for who in ["vendor", "packager"] {
        let icon = root.child(who).and_then(|v| v.child("icon"));
        add(
            &format!("{who}/icon@path"),
            icon.and_then(|i| i.attr("path")),
        );
    }
    if let Some(pres) = root.child("presentation") {
        add(
            "presentation/icon@path",
            pres.child("icon").and_then(|i| i.attr("path")),
        );
        for s in pres.children_named("screenshot") {
            add("screenshot@path", s.attr("path"));
        }
        for nav in pres.children_named("navigation") {
            for el in nav.descendants() {
                match el.name.as_str() {
                    "view" => {
                        let default = el.attr("id").map(|id| format!("ui/{id}.html"));
                        add("view@src", el.attr("src").or(default.as_deref()));
                    }
                    "popup" | "view-plugin" => add(&format!("{}@src", el.name), el.attr("src")),
                    _ => {}
                }
            }
        }
    }
    let licence = root
        .child("license-agreement")
        .and_then(|l| l.child("text"))
        .and_then(|t| t.child("file"))
        .map(|f| f.text.trim());
    add(
        "license-agreement/text/file",
        licence.filter(|f| is_relative(f)),
    );
    for svc in root.children_named("service") {
        let id = svc.attr("id").unwrap_or("?");
        add(
            &format!("service {id} schema@path"),
            svc.child("schema").and_then(|s| s.attr("path")),
        );
        add(
            &format!("service {id} code@path"),
            svc.child("code").and_then(|c| c.attr("path")),
        );
        if let Some(pres) = svc.child("presentation") {
            add(
                &format!("service {id} icon@path"),
                pres.child("icon").and_then(|i| i.attr("path")),
            );
            for link in pres
                .child("infolinks")
                .iter()
                .flat_map(|l| l.children_named("link"))
            {
                add(
                    &format!("service {id} infolink href"),
                    link.attr("href").filter(|h| is_relative(h)),
                );
            }
        }
    }
    out
}

/// Every `schemas/*.schema`: strict JSON, an object with the keys a type needs.
fn check_schemas(files: &BTreeMap<&str, &[u8]>, p: &mut Vec<String>) {
    let schemas: Vec<(&str, &[u8])> = files
        .iter()
        .filter(|(n, _)| n.starts_with("schemas/") && n.ends_with(".schema"))
        .map(|(n, b)| (*n, *b))
        .collect();
    if schemas.is_empty() {
        p.push("no schemas/*.schema in the archive".to_string());
    }
    for (name, bytes) in schemas {
        let value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                p.push(format!("{name}: not strict JSON: {e}"));
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            p.push(format!("{name}: not a JSON object"));
            continue;
        };
        for key in ["apsVersion", "name", "id"] {
            if obj
                .get(key)
                .and_then(|v| v.as_str())
                .is_none_or(str::is_empty)
            {
                p.push(format!(
                    "{name}: `{key}` is missing or not a non-empty string"
                ));
            }
        }
        let implements = obj.get("implements").and_then(|v| v.as_array());
        if !implements.is_some_and(|a| !a.is_empty() && a.iter().all(|v| v.is_string())) {
            p.push(format!(
                "{name}: `implements` is missing or not an array of strings"
            ));
        }
    }
}

/// APP-LIST.xml lists exactly every other file, with decimal size and lowercase sha256.
fn check_app_list(files: &BTreeMap<&str, &[u8]>, p: &mut Vec<String>) {
    let Some(root) = root_of(files, "APP-LIST.xml", p) else {
        return;
    };
    if root.ns.as_deref() != Some(APP_LIST_NS) || root.name != "files" {
        p.push(format!(
            "APP-LIST.xml: root is {{{}}}{}",
            root.ns.as_deref().unwrap_or(""),
            root.name
        ));
    }
    let mut listed: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for f in &root.children {
        if f.name != "file" || f.ns.as_deref() != Some(APP_LIST_NS) {
            p.push(format!("APP-LIST.xml: unexpected <{}>", f.name));
            continue;
        }
        let (Some(name), Some(size), Some(sha)) =
            (f.attr("name"), f.attr("size"), f.attr("sha256"))
        else {
            p.push(format!(
                "APP-LIST.xml: a <file> lacks name, size or sha256: {:?}",
                f.attrs
            ));
            continue;
        };
        if listed.insert(name, (size, sha)).is_some() {
            p.push(format!("APP-LIST.xml: {name} is listed twice"));
        }
    }
    for name in files.keys().filter(|n| **n != "APP-LIST.xml") {
        if !listed.contains_key(name) {
            p.push(format!("APP-LIST.xml: {name} is not listed"));
        }
    }
    for (name, (size, sha)) in &listed {
        let Some(data) = files.get(name) else {
            p.push(format!(
                "APP-LIST.xml: lists {name}, which is not a file of the archive"
            ));
            continue;
        };
        let decimal = !size.is_empty()
            && size.bytes().all(|b| b.is_ascii_digit())
            && (*size == "0" || !size.starts_with('0'));
        if !decimal || *size != data.len().to_string() {
            p.push(format!(
                "APP-LIST.xml: {name} size {size:?}, the file has {}",
                data.len()
            ));
        }
        if *sha != sha256_hex(data) {
            p.push(format!(
                "APP-LIST.xml: {name} sha256 {sha:?}, the file's is {}",
                sha256_hex(data)
            ));
        }
    }
}

/// The checks that need files on disk and outside tools; a tool that is not installed is
/// skipped with a message.
fn check_with_tools(b: &Built, p: &mut Vec<String>) {
    let sum_name = format!("{}.sha256", b.zip_name);
    match std::fs::read_to_string(b.out.path().join(&sum_name)) {
        Ok(sum) => {
            let expected = format!("{}  {}\n", sha256_hex(&b.bytes), b.zip_name);
            if sum != expected {
                p.push(format!("{sum_name} is {sum:?}, expected {expected:?}"));
            }
        }
        Err(e) => p.push(format!("{sum_name}: {e}")),
    }
    if support::tool("sha256sum", "--version") {
        run_tool(
            Command::new("sha256sum")
                .arg("-c")
                .arg(&sum_name)
                .current_dir(b.out.path()),
            p,
        );
    }
    if support::tool("unzip", "-v") {
        run_tool(
            Command::new("unzip")
                .arg("-t")
                .arg(b.out.path().join(&b.zip_name)),
            p,
        );
    }
    if support::tool("xmllint", "--version") {
        let members = read_members(&b.bytes).unwrap_or_default();
        let xml_dir = b.out.path().join("xml");
        std::fs::create_dir_all(&xml_dir).expect("a directory for the XML files");
        for m in members
            .iter()
            .filter(|m| m.name == "APP-META.xml" || m.name == "APP-LIST.xml")
        {
            let path = xml_dir.join(&m.name);
            let mut f = std::fs::File::create(&path).expect("an XML file");
            f.write_all(&m.data).expect("the XML is written");
            run_tool(Command::new("xmllint").arg("--noout").arg(&path), p);
        }
    }
}

fn run_tool(cmd: &mut Command, p: &mut Vec<String>) {
    let shown = format!("{cmd:?}");
    match cmd.output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => p.push(format!(
            "{shown} failed: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )),
        Err(e) => p.push(format!("{shown} did not run: {e}")),
    }
}

fn assert_sound(name: &str) {
    let built = build_template(name);
    let mut problems = check_archive(&built.bytes);
    check_with_tools(&built, &mut problems);
    assert!(
        problems.is_empty(),
        "templates/{name} built into {} with {} problem(s):\n  {}",
        built.zip_name,
        problems.len(),
        problems.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn the_epoch_is_the_packaged_time() {
    let (y, mo, d, h, mi, s) = civil(EPOCH);
    assert_eq!(
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
        PACKAGED
    );
    assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
    assert_eq!(civil(951_782_400), (2000, 2, 29, 0, 0, 0));
    // 1980-01-01T00:00:00, the first DOS date: year offset 0, month 1, day 1.
    assert_eq!(dos_stamp(315_532_800), ((1 << 5) | 1, 0));
    assert_eq!(
        dos_stamp(EPOCH),
        ((43 << 9) | (11 << 5) | 14, (22 << 11) | (13 << 5) | 10)
    );
}

#[test]
fn ox_app_suite_archive_is_sound() {
    assert_sound("ox-app-suite");
}

/// The package's PHP tests and the OX SOAP stand-in stay in the project; the helper the scripts
/// include is shipped.
#[test]
fn ox_app_suite_archive_ships_no_tests() {
    let built = build_template("ox-app-suite");
    let members = read_members(&built.bytes).expect("a readable archive");
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    assert!(
        names.iter().all(|n| !n.starts_with("tests")),
        "tests packaged: {names:?}"
    );
    assert!(names.contains(&"scripts/lib/ox.php"), "{names:?}");
}

#[test]
fn minimal_archive_is_sound() {
    assert_sound("minimal");
}

/// Writes `members` as a new archive in the given order, keeping each one's name, time, mode
/// and content.
fn rewrite(members: &[Member]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for m in members {
        let time =
            zip::DateTime::try_from_msdos(m.dos_date.expect("a date"), m.dos_time.expect("a time"))
                .expect("a valid DOS time");
        let opts = zip::write::SimpleFileOptions::default()
            .system(zip::System::Unix)
            .last_modified_time(time)
            .unix_permissions(m.unix_mode.expect("a mode"))
            .compression_method(zip::CompressionMethod::Stored);
        if m.is_dir {
            w.add_directory(m.name.as_str(), opts)
                .expect("a directory entry");
        } else {
            w.start_file(m.name.as_str(), opts).expect("a file entry");
            w.write_all(&m.data).expect("the content");
        }
    }
    w.finish().expect("the archive").into_inner()
}

/// The checks are not vacuous: each kind of damage to a sound archive is reported.
#[test]
fn the_checks_catch_a_damaged_archive() {
    let built = build_template("minimal");
    let sound = || read_members(&built.bytes).expect("the built archive reads");
    assert_eq!(
        check_archive(&rewrite(&sound())),
        Vec::<String>::new(),
        "rewriting the archive as it is keeps it sound"
    );
    let find = |members: &[Member], name: &str| {
        members
            .iter()
            .position(|m| m.name == name)
            .unwrap_or_else(|| panic!("{name} is in the minimal archive"))
    };
    let damaged: Vec<(&str, Vec<Member>)> = vec![
        ("must start with APP-LIST.xml, APP-META.xml", {
            let mut m = sound();
            m.swap(0, 1);
            m
        }),
        ("entries out of order", {
            let mut m = sound();
            let last = m.len() - 1;
            m.swap(2, last);
            m
        }),
        ("has no entry", {
            let mut m = sound();
            m.retain(|e| e.name != "images/");
            m
        }),
        ("sha256", {
            let mut m = sound();
            let i = find(&m, "scripts/app.php");
            m[i].data[0] ^= 1;
            m
        }),
        ("size", {
            let mut m = sound();
            let i = find(&m, "scripts/app.php");
            m[i].data.push(b'\n');
            m
        }),
        ("is not listed", {
            let mut m = sound();
            m.push(Member {
                name: "zz-extra.txt".to_string(),
                is_dir: false,
                unix_mode: Some(0o100_644),
                dos_date: m[0].dos_date,
                dos_time: m[0].dos_time,
                data: b"extra".to_vec(),
            });
            m
        }),
        ("images/icon.png, not in the archive", {
            let mut m = sound();
            m.retain(|e| e.name != "images/icon.png");
            m
        }),
        ("Unix mode", {
            let mut m = sound();
            let i = find(&m, "scripts/app.php");
            m[i].unix_mode = Some(0o100_600);
            m
        }),
        ("DOS date/time", {
            let mut m = sound();
            let i = find(&m, "security.json");
            m[i].dos_time = m[i].dos_time.map(|t| t ^ 1);
            m
        }),
        ("packaged is", {
            let mut m = sound();
            let i = find(&m, "APP-META.xml");
            let text = String::from_utf8(m[i].data.clone()).expect("UTF-8");
            m[i].data = text.replace(PACKAGED, "2023-11-14T22:13:22").into_bytes();
            m
        }),
        ("out of the APS order", {
            let mut m = sound();
            let i = find(&m, "APP-META.xml");
            let text = String::from_utf8(m[i].data.clone()).expect("UTF-8");
            let (head, tail) = text.split_once("  <id>").expect("an <id>");
            m[i].data =
                format!("{head}  <homepage>https://www.example.com</homepage>\n  <id>{tail}")
                    .into_bytes();
            m
        }),
        ("not strict JSON", {
            let mut m = sound();
            let i = find(&m, "schemas/app.schema");
            m[i].data.splice(0..0, b"// a comment\n".iter().copied());
            m
        }),
        ("not well-formed", {
            let mut m = sound();
            let i = find(&m, "APP-META.xml");
            let text = String::from_utf8(m[i].data.clone()).expect("UTF-8");
            m[i].data = text.replace("</application>", "").into_bytes();
            m
        }),
    ];
    for (expected, members) in damaged {
        let problems = check_archive(&rewrite(&members));
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "no problem mentions {expected:?}; got {problems:#?}"
        );
    }
}

/// The reference walk finds the paths of every kind that the OX template uses, so the
/// "every path is a member" check above does check something.
#[test]
fn references_cover_every_kind_in_the_ox_template() {
    let built = build_template("ox-app-suite");
    let members = read_members(&built.bytes).expect("the built archive reads");
    let meta = members
        .iter()
        .find(|m| m.name == "APP-META.xml")
        .expect("APP-META.xml");
    let root = parse_xml(&meta.data).expect("well-formed");
    let refs = referenced_paths(&root);
    for (what, path) in [
        ("presentation/icon@path", "images/icon.png"),
        ("screenshot@path", "images/screenshot-1.png"),
        ("view@src", "ui/user-edit.js"),
        ("service context schema@path", "schemas/context.schema"),
        ("service group code@path", "scripts/group.php"),
        ("service app infolink href", "doc/deployment-guide.html"),
    ] {
        assert!(
            refs.iter().any(|(w, p)| w == what && p == path),
            "{what} {path} not found among {refs:#?}"
        );
    }
    assert!(
        !refs.iter().any(|(_, p)| p.starts_with("http")),
        "URLs are not package paths: {refs:#?}"
    );
}

#[test]
fn relative_paths_are_told_from_urls() {
    assert!(is_relative("doc/guide.html"));
    assert!(is_relative("doc/Resource Model.html"));
    assert!(!is_relative("https://example.org/guide"));
    assert!(!is_relative("file:///doc/guide.html"));
    assert!(!is_relative("/doc/guide.html"));
    assert!(!is_relative(""));
}

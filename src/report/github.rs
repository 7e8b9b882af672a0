//! Lint results as GitHub Actions workflow commands: one `::error`, `::warning` or `::notice`
//! line per finding, so findings show as annotations on the files of the pull request.
//!
//! `file` is the path as the repository sees it (target path joined with the package path);
//! findings inside an archive are annotated on the archive, and findings in files a project
//! generates (APP-META.xml, schemas) on its `aps.toml`, with the package path and line in the
//! title and message. Targets that could not be linted become `::error` lines on the
//! target; the last line is a `::notice` with the summary.

use std::fmt::Write;

use super::Report;
use crate::escape::visible;
use crate::lint::Severity;

/// Escapes the message part of a workflow command. Values from a package are made
/// [`visible`] first, so none of their characters can end the line or reach a terminal.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The report as workflow command lines.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for t in &report.targets {
        if let Some(e) = &t.error {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                escape_property(&visible(&t.path)),
                escape_property("apspack: cannot lint"),
                escape_data(&visible(e))
            );
        }
        for f in &t.findings {
            let mut props = vec![format!(
                "file={}",
                escape_property(&visible(&t.repo_path(f.file.as_deref())))
            )];
            let mut title = format!("{} {}", f.rule.code, f.rule.name);
            let mut message = visible(&f.message).into_owned();
            if t.is_local(f.file.as_deref()) {
                if let Some(l) = f.line {
                    props.push(format!("line={l}"));
                    if let Some(c) = f.column {
                        props.push(format!("col={c}"));
                    }
                }
            } else if let Some(file) = &f.file {
                let file = visible(file);
                let at = match f.line {
                    Some(l) => format!("{file}:{l}"),
                    None => file.into_owned(),
                };
                title = format!("{title} ({at})");
                message = format!("{at}: {message}");
            }
            props.push(format!("title={}", escape_property(&title)));
            // The one line break is the renderer's own: message, then help.
            let _ = writeln!(
                out,
                "::{} {}::{}%0Ahelp: {}",
                command(f.severity),
                props.join(","),
                escape_data(&message),
                escape_data(&visible(super::help_of(f)))
            );
        }
    }
    let s = report.summary();
    let _ = writeln!(out, "::notice title=apspack::{}", s.counts());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
    }

    #[test]
    fn one_line_per_finding() {
        let out = render(&fixtures::report());
        insta::assert_snapshot!(out);
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines.len(), 6);
        assert!(lines[0].starts_with(
            "::error file=pkgs/app/APP-META.xml,line=2,col=21,title=APS0301 referenced-file-missing::"
        ));
        assert!(lines[1].starts_with("::notice file=pkgs/app,title=APS0701 archive-comment::"));
        assert!(lines[2].starts_with("::warning file=pkgs/app/ui/a%2Cb%3Ac%25.txt,title="));
        assert!(
            lines[2].contains("\\nsecond line%0Ahelp: delete it"),
            "{}",
            lines[2]
        );
        assert!(lines[3].starts_with(
            "::error file=dist/App-1.0-1.app.zip,title=APS0301 referenced-file-missing (APP-META.xml%3A2)::APP-META.xml:2: "
        ));
        assert!(lines[4].starts_with("::error file=missing/dir,title=apspack%3A cannot lint::"));
    }
}

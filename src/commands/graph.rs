//! `apspack graph`: the resource model of a project, package directory or archive as a Mermaid
//! flowchart or Graphviz DOT on stdout.

use std::io::Write;

use super::{Outcome, print};
use crate::Status;
use crate::cli::{GraphArgs, GraphFormat};
use crate::graph::{Format, render};

/// Runs `apspack graph`.
pub fn run(args: &GraphArgs, out: &mut dyn Write) -> Outcome {
    let tree = super::inspect::open(&args.package)?;
    let d = crate::describe::describe(&tree, &|_| None);
    if let Some(problem) = &d.problem {
        return Err(super::inspect::Unreadable {
            path: args.package.display().to_string(),
            problem: problem.clone(),
        }
        .into());
    }
    let format = match args.format {
        GraphFormat::Mermaid => Format::Mermaid,
        GraphFormat::Dot => Format::Dot,
    };
    print(out, &render(&d, format), "the graph")?;
    Ok(Status::Ok)
}

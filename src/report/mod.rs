//! Renderers of lint results: human (miette), json, sarif, github, junit.

//! Lint configuration: per-rule severity overrides and allows, from `[lint]` tables.

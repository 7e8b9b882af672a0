//! Command-line types (clap derive) and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Build, lint and zip reproducible APS 2 packages for OX App Suite services.
#[derive(Debug, Parser)]
#[command(name = "apspack", version, about, propagate_version = true)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal, honouring NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Say on stderr what is being done (files hashed, compressed, written).
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// No progress bar and no notes on stderr; errors and findings are still printed.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build DIR/aps.toml into OUT/<Name>-<version>-<release>.app.zip and its .sha256.
    Build(BuildArgs),
    /// Lint packages: a .app.zip, a package directory (APP-META.xml) or a project (aps.toml).
    Lint(LintArgs),
    /// Import a package (classic tree, package directory or .app.zip) as an aps.toml project.
    Import(ImportArgs),
    /// Check that NEW can safely upgrade OLD: ids, versions, the upgrade match, type versions.
    Diff(DiffArgs),
    /// Explain a rule: what it checks, why, an example and the fix.
    Explain(ExplainArgs),
    /// List every lint rule with its code, name and default severity.
    Rules(RulesArgs),
    /// Create a new project from a bundled template.
    Init(InitArgs),
    /// Show what a package holds: identity, services, types, navigation and files.
    Inspect(InspectArgs),
    /// Draw the resource model (types, relations, services) as Mermaid or Graphviz DOT.
    Graph(GraphArgs),
    /// Translations: collect the translatable strings of a package into a .pot template.
    #[command(subcommand)]
    I18n(I18nCommand),
    /// Sign (or re-sign) built packages in place: only APP-LIST.xml changes.
    Sign(SignCmdArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    Man,
}

/// `apspack build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Project directory holding aps.toml, or a classic tree (APP-META.xml, no aps.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output directory for the archive and its checksum.
    #[arg(short = 'o', long = "out-dir", default_value = "dist")]
    pub out_dir: PathBuf,
    /// Output format of the build summary.
    #[arg(long, value_enum, default_value_t = BuildFormat::Human)]
    pub format: BuildFormat,
    /// Timestamp for archive entries and @packaged, in seconds since 1970 (UTC).
    /// Defaults to $SOURCE_DATE_EPOCH, else 1980-01-01T00:00:00Z.
    #[arg(long, value_name = "SECS")]
    pub source_date_epoch: Option<i64>,
    /// Lint configuration file (a TOML file with a [lint] table); it wins over the project's own.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The package this build upgrades (a .app.zip, package directory or project): the build
    /// fails, writing nothing, unless the new package is a safe upgrade of it.
    #[arg(long, value_name = "OLD")]
    pub previous: Option<PathBuf>,
    /// Show what would be packaged (path, size, sha256, stored or deflated) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Compression threads. Defaults to the number of CPUs; the archive is the same for any
    /// number.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Signing key and certificate (optional for build).
    #[command(flatten)]
    pub sign: SignArgs,
}

/// Where the signing key and certificate come from. Passwords are never taken from the
/// command line, where other users and shell histories see them.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SignArgs {
    /// PEM private key (PKCS#8, PKCS#1 RSA, or SEC1 EC P-256) that signs APP-LIST.xml.
    #[arg(long, value_name = "KEY", requires = "sign_cert")]
    pub sign_key: Option<PathBuf>,
    /// PEM (or DER) certificate of the signing key, embedded in the signature.
    #[arg(long, value_name = "CERT", requires = "sign_key")]
    pub sign_cert: Option<PathBuf>,
    /// PKCS#12 (PFX) bundle with the signing key and its certificate.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["sign_key", "sign_cert"])]
    pub sign_pkcs12: Option<PathBuf>,
    /// Environment variable holding the PKCS#12 password.
    #[arg(
        long,
        value_name = "VAR",
        requires = "sign_pkcs12",
        conflicts_with = "sign_password_file"
    )]
    pub sign_password_env: Option<String>,
    /// File whose first line is the PKCS#12 password (keep it mode 600).
    #[arg(long, value_name = "FILE", requires = "sign_pkcs12")]
    pub sign_password_file: Option<PathBuf>,
}

impl SignArgs {
    /// Whether any signing option was given.
    pub fn any(&self) -> bool {
        self.sign_key.is_some() || self.sign_pkcs12.is_some()
    }
}

/// `apspack sign`.
#[derive(Debug, clap::Args)]
pub struct SignCmdArgs {
    /// Built packages (.app.zip) to sign; each is replaced atomically, with its .sha256 file
    /// when there is one.
    #[arg(required = true, value_name = "PKG")]
    pub packages: Vec<PathBuf>,
    /// The signing key and certificate (required).
    #[command(flatten)]
    pub sign: SignArgs,
}

/// Output format of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BuildFormat {
    /// A short human-readable summary.
    Human,
    /// `{"package","size","sha256","files":[...]}`.
    Json,
}

/// `apspack lint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Packages to lint: .app.zip archives, package directories or projects.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Lint configuration file (a TOML file with a [lint] table).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Threads reading archive members. Defaults to the number of CPUs; the findings are the
    /// same for any number.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// Output format of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Annotated source snippets for people.
    Human,
    /// Machine-readable JSON (schema_version 1).
    Json,
    /// SARIF 2.1.0 for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, one test case per rule and target.
    Junit,
}

/// `apspack import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The package: a classic source tree, a package directory or a .app.zip.
    pub src: PathBuf,
    /// The project directory to create (must not exist, or be empty).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: PathBuf,
}

/// `apspack diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The installed package: a .app.zip, a package directory or a project.
    pub old: PathBuf,
    /// The package meant to upgrade it: a .app.zip, a package directory or a project.
    pub new: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Rule configuration file (a TOML file with a [lint] table); else NEW's own.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `apspack explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule code (APS0301), a rule name (referenced-file-missing) or a vendor alias (aps030).
    pub code: String,
}

/// `apspack rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// Output format of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table.
    Human,
    /// A JSON array of rules.
    Json,
    /// A Markdown reference, one section per rule.
    Markdown,
}

/// `apspack init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Directory to create (it may exist if it is empty).
    pub dir: PathBuf,
    /// Template to start from.
    #[arg(long, value_enum, default_value_t = TemplateName::OxAppSuite)]
    pub template: TemplateName,
    /// Package name ([package].name); default: the template's.
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    /// Package id ([package].id), an http(s) URI; type ids are derived from it. Default: the
    /// template's.
    #[arg(long, value_name = "URI")]
    pub id: Option<String>,
    /// Vendor name ([package.vendor].name); default: the template's.
    #[arg(long, value_name = "V")]
    pub vendor: Option<String>,
}

/// The bundled templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateName {
    /// A complete OX App Suite package.
    OxAppSuite,
    /// The smallest package that builds and lints clean.
    Minimal,
}

impl TemplateName {
    /// The directory name under `templates/`.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateName::OxAppSuite => "ox-app-suite",
            TemplateName::Minimal => "minimal",
        }
    }
}

/// `apspack inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// A .app.zip, a package directory or a project.
    pub package: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Human)]
    pub format: InspectFormat,
}

/// Output format of `inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    /// Sections for people.
    Human,
    /// One JSON document (schema_version 1).
    Json,
}

/// `apspack graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// A project, a package directory or a .app.zip.
    pub package: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

/// Output format of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// `apspack i18n ...`.
#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Collect the translatable strings of APP-META.xml, the type schemas and ui/ (`_("...")`
    /// calls) into a gettext template.
    Extract(ExtractArgs),
}

/// `apspack i18n extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// A project, a package directory or a .app.zip.
    pub dir: PathBuf,
    /// Write the template to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `apspack completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells with completion scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

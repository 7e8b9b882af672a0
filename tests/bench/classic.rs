//! Classic-tree figures for the pipeline benchmark: reading the annotations of a 5,000-line PHP
//! script (in process, beside `php -l` on the same file when PHP is installed), and a classic
//! build of the OX App Suite template's payload (its scripts, UI, images, catalogues and docs with
//! the metadata the project build writes, schemas left to the annotations) beside the project
//! build of the same files.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn Error>>;

/// A script of about `lines` lines: one resource class with annotated properties, relations and
/// operations, and a structure class.
fn script(lines: usize) -> String {
    let mut s = String::from(
        "<?php\nrequire \"aps/2/runtime.php\";\n\nclass Limit {\n    /** @type(integer) */\n    public $max = -1;\n}\n\n/**\n * @type(\"http://example.com/bench/thing/1.0\")\n * @implements(\"http://aps-standard.org/types/core/resource/1.0\")\n */\nclass thing extends \\APS\\ResourceBase {\n",
    );
    let mut i = 0;
    while s.lines().count() < lines {
        s.push_str(&format!(
            "    /**\n     * @type(string)\n     * @title(\"Field {i} — naïve\")\n     * @description(\"Property number {i}\")\n     * @option(\"a\", \"A\")\n     * @option(\"b\", \"B\")\n     */\n    public $p{i} = 'a';\n\n    /**\n     * @link(\"http://example.com/bench/other/1.0[]\")\n     */\n    public $r{i};\n\n    /**\n     * @verb(GET)\n     * @path(\"/op{i}\")\n     * @param(string, query)\n     * @return(string)\n     */\n    public function op{i}($q) {{\n        return strtoupper($q) . \"{i}\";\n    }}\n\n"
        ));
        i += 1;
    }
    s.push_str("    /** @type(Limit[]) */\n    public $limits = array();\n}\n");
    s
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn time_cmd(cmd: &mut Command, runs: usize) -> Res<Duration> {
    let mut xs = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let out = cmd.output()?;
        if !out.status.success() {
            return Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        xs.push(t.elapsed());
    }
    Ok(median(xs))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Annotation reading: apspack in process against `php -l` (a syntax check) on the same file.
fn annotations(dir: &Path, runs: usize) -> Res<()> {
    let text = script(5_000);
    let lines = text.lines().count();
    let path = dir.join("thing.php");
    std::fs::write(&path, &text)?;
    let mut xs = Vec::new();
    for _ in 0..runs.max(5) {
        let t = Instant::now();
        let r = apspack::classic::scripts::read_service("scripts/thing.php", &|p| {
            (p == "scripts/thing.php").then(|| text.clone())
        });
        xs.push(t.elapsed());
        if r.type_def.is_none() {
            return Err(format!("the bench script did not read: {:?}", r.problems).into());
        }
    }
    let ours = median(xs);
    println!(
        "annotation reading, {lines}-line script ({} KiB): apspack {} ({:.0} lines/ms)",
        text.len() / 1024,
        ms(ours),
        lines as f64 / (ours.as_secs_f64() * 1000.0)
    );
    if Command::new("php").arg("-v").output().is_ok() {
        let php = time_cmd(Command::new("php").arg("-l").arg(&path), runs.max(3))?;
        println!(
            "  baseline php -l (syntax check only, process start included): {}; apspack/php = {:.2}",
            ms(php),
            ours.as_secs_f64() / php.as_secs_f64()
        );
    } else {
        println!("  baseline php -l: php not installed");
    }
    Ok(())
}

/// The OX App Suite template as a classic tree: its package files and the APP-META.xml the
/// project build writes, without `<schema>` elements (the classic build adds them).
fn classic_payload(template: &Path, dir: &Path) -> Res<PathBuf> {
    let project = apspack::manifest::load(template)?;
    let tree = apspack::generate::generate(&project, apspack::epoch::Epoch::default())?;
    let out = dir.join("classic");
    for e in tree.files() {
        if e.path == "APP-LIST.xml" || e.path.starts_with("schemas/") {
            continue;
        }
        let to = out.join(&e.path);
        std::fs::create_dir_all(to.parent().ok_or("no parent")?)?;
        if e.path == "APP-META.xml" {
            let meta = String::from_utf8(e.bytes().ok_or("APP-META in memory")?.to_vec())?;
            let kept: Vec<&str> = meta
                .lines()
                .filter(|l| !l.trim_start().starts_with("<schema "))
                .collect();
            std::fs::write(&to, kept.join("\n"))?;
        } else if let apspack::tree::Content::Disk(from) = &e.content {
            std::fs::copy(from, &to)?;
        } else {
            std::fs::write(&to, e.bytes().ok_or("generated file in memory")?)?;
        }
    }
    Ok(out)
}

/// Prints the classic figures; `bin` is the apspack binary the pipeline measures.
pub fn report(root: &Path, bin: &Path, runs: usize) -> Res<()> {
    let dir = root.join("classic-bench");
    std::fs::create_dir_all(&dir)?;
    println!();
    println!("classic trees");
    annotations(&dir, runs)?;
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/ox-app-suite");
    let classic = classic_payload(&template, &dir)?;
    let build = |src: &Path, out: &str| {
        let mut c = Command::new(bin);
        c.arg("build")
            .arg(src)
            .arg("-o")
            .arg(dir.join(out))
            .env_remove("SOURCE_DATE_EPOCH");
        c
    };
    let project = time_cmd(&mut build(&template, "out-project"), runs.max(3))?;
    let classic = time_cmd(&mut build(&classic, "out-classic"), runs.max(3))?;
    println!(
        "ox-app-suite payload: project build {}, classic build (schemas from the annotations) {}; classic/project = {:.2}",
        ms(project),
        ms(classic),
        classic.as_secs_f64() / project.as_secs_f64()
    );
    Ok(())
}

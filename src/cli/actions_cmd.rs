//! `ssmrun actions [NAME]` and `ssmrun documents`.

use super::error::{CliError, exit};
use crate::render::actions::{detail_text, list_text};

pub fn run(name: Option<&str>) -> Result<i32, CliError> {
    let all = crate::actions::all();
    match name {
        None => print!("{}", list_text(all)),
        Some(n) => {
            let full = if n.starts_with("aws:") {
                n.to_string()
            } else {
                format!("aws:{n}")
            };
            let Some(spec) = crate::actions::lookup(&full) else {
                let names = all.iter().map(|a| a.name);
                let hint = crate::diagnostic::suggest(&full, names)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(CliError::usage(format!("unknown action `{n}`{hint}")));
            };
            print!("{}", detail_text(spec));
        }
    }
    Ok(exit::SUCCESS)
}

pub fn documents() -> Result<i32, CliError> {
    for b in crate::bundled::all() {
        let summary = crate::parse::parse(&crate::source::SourceFile::new(b.name, b.text))
            .ok()
            .and_then(|n| n.get("description").and_then(|d| d.str().map(String::from)))
            .and_then(|d| {
                d.lines()
                    .map(|l| l.trim_start_matches('#').trim().to_string())
                    .find(|l| !l.is_empty())
            })
            .unwrap_or_default();
        println!("{:<40} {summary}", b.name);
    }
    Ok(exit::SUCCESS)
}

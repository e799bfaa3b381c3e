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

/// The catalogue: bundled and registered documents, in name order.
pub fn documents() -> Result<i32, CliError> {
    let store = super::run::open_store()?;
    for entry in super::catalogue::entries(&store)? {
        let origin = entry
            .registered
            .map(|v| format!(" [registered, version {v}]"))
            .unwrap_or_default();
        let line = format!("{:<40} {}{origin}", entry.name, entry.summary);
        println!("{}", line.trim_end());
    }
    Ok(exit::SUCCESS)
}

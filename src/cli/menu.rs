//! A terminal menu for `run -i`: picked with the arrow keys and Enter, or at once with an
//! item's key. Items never move and keep their keys, so a position or a key means the same
//! thing at every prompt. dialoguer's `Select` has no item keys, hence this one.

use super::error::CliError;
use console::{Key, Term};

struct Item {
    key: Option<char>,
    label: String,
}

pub struct Menu {
    prompt: String,
    items: Vec<Item>,
    default: usize,
}

impl Menu {
    pub fn new(prompt: impl Into<String>) -> Menu {
        Menu {
            prompt: prompt.into(),
            items: Vec::new(),
            default: 0,
        }
    }

    /// An item picked at once with `key` (either case).
    pub fn item(mut self, key: char, label: impl Into<String>) -> Menu {
        self.items.push(Item {
            key: Some(key.to_ascii_lowercase()),
            label: label.into(),
        });
        self
    }

    /// An item reached with the arrow keys only.
    pub fn plain(mut self, label: impl Into<String>) -> Menu {
        self.items.push(Item {
            key: None,
            label: label.into(),
        });
        self
    }

    /// Where the cursor starts, so that Enter alone picks it.
    pub fn default(mut self, index: usize) -> Menu {
        self.default = index;
        self
    }

    /// The picked item's index; `None` when the menu is left with Escape (or `q`, unless
    /// an item has that key).
    pub fn interact(&self) -> Result<Option<usize>, CliError> {
        let term = Term::stderr();
        let fail = |e: std::io::Error| CliError::internal(format!("prompt failed: {e}"));
        let last = self.items.len().saturating_sub(1);
        let mut at = self.default.min(last);
        term.hide_cursor().map_err(fail)?;
        let picked = loop {
            let lines = self.draw(&term, at).map_err(fail)?;
            let key = term.read_key().map_err(fail);
            term.clear_last_lines(lines).map_err(fail)?;
            match key? {
                Key::ArrowDown | Key::Tab => at = if at == last { 0 } else { at + 1 },
                Key::ArrowUp | Key::BackTab => at = if at == 0 { last } else { at - 1 },
                Key::Home | Key::PageUp => at = 0,
                Key::End | Key::PageDown => at = last,
                Key::Enter | Key::Char(' ') => break Some(at),
                Key::Char(c) => {
                    let c = c.to_ascii_lowercase();
                    if let Some(i) = self.items.iter().position(|i| i.key == Some(c)) {
                        break Some(i);
                    }
                    if c == 'q' {
                        break None;
                    }
                }
                Key::Escape => break None,
                // Without a terminal every key reads as unknown: leave rather than spin.
                Key::Unknown => break None,
                _ => {}
            }
        };
        term.show_cursor().map_err(fail)?;
        let answer = match picked {
            Some(i) => self.items[i].label.as_str(),
            None => "(left)",
        };
        term.write_line(&format!("{} · {answer}", self.prompt))
            .map_err(fail)?;
        Ok(picked)
    }

    /// Draws the prompt and the items with the cursor on `at`; the number of screen lines
    /// written, long ones counted as they wrap.
    fn draw(&self, term: &Term, at: usize) -> std::io::Result<usize> {
        let width = usize::from(term.size().1).max(1);
        let keys = self.items.iter().any(|i| i.key.is_some());
        let hint = match keys {
            true => "arrows and Enter, or an item's key; Esc leaves",
            false => "arrows and Enter; Esc leaves",
        };
        let mut lines = vec![format!("{} ({hint})", self.prompt)];
        for (i, item) in self.items.iter().enumerate() {
            let cursor = if i == at { ">" } else { " " };
            let key = match (item.key, keys) {
                (Some(k), _) => format!("[{k}] "),
                (None, true) => "    ".to_string(),
                (None, false) => String::new(),
            };
            lines.push(format!("{cursor} {key}{}", item.label));
        }
        let mut rows = 0;
        for line in &lines {
            term.write_line(line)?;
            rows += console::measure_text_width(line).max(1).div_ceil(width);
        }
        Ok(rows)
    }
}

//! Terminal prompts of `run -i`. Only used when stdin and stderr are both terminals:
//! a prompt blocks when stdin is redirected while stderr is a terminal.

use super::error::CliError;
use super::menu::Menu;
use crate::exec::Signal;

/// What to do with a waiting `aws:approve` or `aws:pause` step; `None`: leave it waiting.
pub fn ask_signal(step: &str, action: &str) -> Result<Option<Signal>, CliError> {
    let (menu, signals) = match action {
        "aws:approve" => (
            Menu::new(format!("step `{step}` asks for approval"))
                .item('a', "approve")
                .item('r', "reject")
                .item('l', "leave it waiting"),
            vec![Some(Signal::Approve), Some(Signal::Reject), None],
        ),
        "aws:pause" => (
            Menu::new(format!("step `{step}` is paused"))
                .item('r', "resume")
                .item('l', "leave it waiting"),
            vec![Some(Signal::Resume), None],
        ),
        _ => return Ok(None),
    };
    let choice = menu.interact()?;
    Ok(choice.and_then(|i| signals.get(i).copied().flatten()))
}

/// The items of the step menu, always in this order and with these keys, so that a
/// position or a key always means the same thing whether or not a step follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    ExecuteNext,
    Choose,
    Override,
    Show,
    Complete,
    Cancel,
}

const MENU: [(MenuItem, char); 6] = [
    (MenuItem::ExecuteNext, 'e'),
    (MenuItem::Choose, 'c'),
    (MenuItem::Override, 'o'),
    (MenuItem::Show, 's'),
    (MenuItem::Complete, 'v'),
    (MenuItem::Cancel, 'x'),
];

/// Asks what to do next. The cursor starts on executing the next step, or on completing
/// when no step follows. `None`: the prompt was left (Escape).
pub fn step_menu(next: Option<&str>) -> Result<Option<MenuItem>, CliError> {
    let mut menu = Menu::new("What now?");
    for (item, key) in MENU {
        let label = match (item, next) {
            (MenuItem::ExecuteNext, Some(step)) => format!("Execute `{step}`"),
            (MenuItem::ExecuteNext, None) => "Execute the next step (none follows)".into(),
            (MenuItem::Choose, _) => "Choose a step".into(),
            (MenuItem::Override, _) => "Override inputs, then execute".into(),
            (MenuItem::Show, _) => "Show the execution".into(),
            (MenuItem::Complete, _) => "Complete and view results".into(),
            (MenuItem::Cancel, _) => "Cancel".into(),
        };
        menu = menu.item(key, label);
    }
    let default = match next {
        Some(_) => 0,
        None => 4,
    };
    let picked = menu.default(default).interact()?;
    Ok(picked.map(|i| MENU[i].0))
}

/// Picks one of `items` (already labelled with their status), starting on `default`.
pub fn pick(prompt: &str, items: &[String], default: usize) -> Result<Option<usize>, CliError> {
    let menu = items
        .iter()
        .fold(Menu::new(prompt), |menu, item| menu.plain(item.clone()));
    menu.default(default).interact()
}

/// Asks before a chosen step runs.
pub fn confirm_step(step: &str) -> Result<bool, CliError> {
    let menu = Menu::new(format!("Run `{step}` now?"))
        .item('e', format!("Execute `{step}`"))
        .item('b', "Back to the menu");
    Ok(menu.interact()? == Some(0))
}

/// One input's value, prefilled with `initial` for editing.
pub fn edit_value(name: &str, initial: &str) -> Result<String, CliError> {
    dialoguer::Input::new()
        .with_prompt(name.to_string())
        .with_initial_text(initial.to_string())
        .interact_text()
        .map_err(|e| CliError::internal(format!("prompt failed: {e}")))
}

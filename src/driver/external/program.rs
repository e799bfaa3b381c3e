//! [`DriverProgram`]: a driver of the user's (`--driver-program`), any executable that speaks
//! the line protocol of docs/driver-protocol.md, stored with the execution so that a later
//! command starts the same program.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriverProgram {
    /// The executable: a name looked up on `PATH`, or a path, made absolute when given so
    /// that a signal sent from another directory starts the same file.
    pub path: PathBuf,
    /// `--driver-arg`, in order.
    #[serde(default)]
    pub args: Vec<String>,
}

impl DriverProgram {
    pub fn new(path: &Path, args: Vec<String>) -> DriverProgram {
        // A bare name is the user's `PATH` lookup, as a shell would do it; anything with a
        // separator is a file relative to where the command runs now.
        let path = if path.components().count() > 1 || path.is_absolute() {
            std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
        } else {
            path.to_path_buf()
        };
        DriverProgram { path, args }
    }

    /// The program with its arguments; the caller sets the environment and pipes.
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.path);
        command.args(&self.args);
        command
    }

    /// `` `the driver program `./drv` ` ``, as messages name it.
    pub fn label(&self) -> String {
        format!("the driver program `{}`", self.path.display())
    }

    /// The one line said when the program did not come up: `why` is the process's reason.
    pub fn start_error(&self, why: &str) -> String {
        if why.starts_with("cannot start") {
            format!("{} cannot be run ({why})", self.label())
        } else {
            format!("{} did not start: {why}", self.label())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_made_absolute_and_a_bare_name_is_left_to_path() {
        let relative = DriverProgram::new(Path::new("./drivers/mine"), Vec::new());
        assert!(relative.path.is_absolute(), "{:?}", relative.path);
        assert!(relative.path.ends_with("drivers/mine"));
        let named = DriverProgram::new(Path::new("my-driver"), vec!["--fast".into()]);
        assert_eq!(named.path, PathBuf::from("my-driver"));
        let command = named.command();
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, ["--fast"]);
    }

    #[test]
    fn start_errors_name_the_program() {
        let program = DriverProgram::new(Path::new("my-driver"), Vec::new());
        let missing = program.start_error("cannot start `my-driver`: No such file or directory");
        assert!(
            missing.starts_with("the driver program `my-driver` cannot be run (cannot start"),
            "{missing}"
        );
        let garbage = program.start_error("`my-driver` is not a driver: hello");
        assert!(garbage.contains("did not start: `my-driver` is not a driver"));
    }
}

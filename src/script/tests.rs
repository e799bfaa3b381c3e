use super::*;

fn job<'a>(handler: &'a str, script: Option<&'a str>, attachment: Option<&'a str>) -> Job<'a> {
    static EVENTS: Value = Value::Null;
    Job {
        runtime: "python3.11",
        handler,
        script,
        attachment,
        events: &EVENTS,
        limit: Duration::from_secs(1),
    }
}

#[test]
fn inline_scripts_name_a_function_and_attachments_a_module_and_function() {
    let inline = entry_point(&job(
        "script_handler",
        Some("def script_handler(e, c): pass"),
        None,
    ));
    assert_eq!(inline, Ok((None, "script_handler".into())));
    let dotted = entry_point(&job("file.handler", Some("def handler(e, c): pass"), None));
    assert_eq!(dotted, Ok((None, "handler".into())));
    let attached = entry_point(&job("pkg.mod.run", None, Some("a.zip")));
    assert_eq!(attached, Ok((Some("pkg.mod".into()), "run".into())));
    let Err(ScriptError::Failed(message)) = entry_point(&job("run", None, Some("a.zip"))) else {
        panic!("an attachment needs `file.function`");
    };
    assert!(message.contains("`file.function`"), "{message}");
}

#[test]
fn attachments_are_plain_names_in_the_named_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.py"), "").expect("write");
    let settings = ScriptSettings {
        attachments: Some(dir.path().to_path_buf()),
        ..ScriptSettings::default()
    };
    assert_eq!(
        attachment_path(&settings, "a.py"),
        Ok(dir.path().join("a.py"))
    );
    for name in ["../a.py", "/etc/passwd", "..", "sub/a.py"] {
        let Err(ScriptError::Failed(message)) = attachment_path(&settings, name) else {
            panic!("`{name}` must be refused");
        };
        assert!(message.contains("not a plain file name"), "{message}");
    }
    let Err(ScriptError::Unavailable(message)) = attachment_path(&settings, "b.py") else {
        panic!("a missing file is unavailable");
    };
    assert!(
        message.starts_with("attachment `b.py` is not in `"),
        "{message}"
    );
}

#[test]
fn the_environment_is_the_runtime_s_and_keeps_nothing_of_the_user() {
    let env = environment("eu-west-3", Path::new("/tmp"));
    let get = |k: &str| {
        env.iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("AWS_REGION"), Some("eu-west-3"));
    assert_eq!(get("AWS_DEFAULT_REGION"), Some("eu-west-3"));
    assert_eq!(get("HOME"), Some("/tmp"));
    assert_eq!(get("AWS_SHARED_CREDENTIALS_FILE"), Some("/dev/null"));
    assert!(env.iter().all(|(k, _)| k != "AWS_PROFILE"));
}

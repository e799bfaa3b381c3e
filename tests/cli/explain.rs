//! `run --explain`, `run --world-diff` and `world show`.

use crate::harness::Sandbox;

#[test]
fn explain_says_what_each_step_will_do_and_why_a_branch_chose() {
    Sandbox::new()
        .cmd([
            "run",
            "Example-BranchOnInstanceState",
            "--explain",
            "-p",
            "KeepRunning=false",
        ])
        .status(0)
        .stdout_has("▸ describeInstance: will call ec2 DescribeInstances with InstanceIds=i-1234567890abcdef0\n")
        .stdout_has("↳ chose `stopInstance` (choice 1) because {{ describeInstance.State }} StringEquals \"running\" and not ({{ KeepRunning }} BooleanEquals true) holds, with {{ describeInstance.State }} = \"running\", {{ KeepRunning }} = false\n")
        .stdout_has("▸ stopInstance: will set instances i-1234567890abcdef0 to stopped\n")
        .stdout_has("startInstance                aws:changeInstanceState          Pending            -\n    ↳ not run: no transition of this run led here\n")
        .run();
}

#[test]
fn explain_names_the_default_and_what_a_failure_does() {
    let sb = Sandbox::new();
    sb.cmd(["run", "Example-BranchOnInstanceState", "--explain"])
        .status(0)
        .stdout_has("↳ no choice held: chose `tagAsChecked`, the `Default`\n")
        .run();
    sb.cmd(["run", "Example-FailureHandling", "--explain"])
        .status(0)
        .stdout_has("↳ failed; `onFailure` goes to `startInstance`\n")
        .stdout_has("↳ `isEnd`: the run ends after this step\n")
        .run();
}

#[test]
fn explain_counts_loop_passes() {
    Sandbox::new()
        .cmd(["run", "Example-LoopOverInstances", "--explain"])
        .status(0)
        .stdout_has("▸ tagEachInstance: will run its body steps once for each of")
        .stdout_has("↳ ran 2 passes\n")
        .run();
}

#[test]
fn world_diff_lists_changed_fields() {
    Sandbox::new()
        .cmd([
            "run",
            "AWS-StopEC2Instance",
            "--world-diff",
            "-p",
            "InstanceId=i-1234567890abcdef0",
        ])
        .status(0)
        .stdout_has("World changes:\n  ~ instances i-1234567890abcdef0\n")
        .stdout_has("      State: running → stopped\n")
        .run();
}

#[test]
fn explain_and_world_diff_print_text_only() {
    Sandbox::new()
        .cmd([
            "run",
            "AWS-StopEC2Instance",
            "--explain",
            "--output",
            "json",
        ])
        .status(2)
        .stderr_has("--output json")
        .run();
}

#[test]
fn world_show_loads_back_as_the_same_world() {
    let sb = Sandbox::new();
    let shown = sb.cmd(["world", "show"]).status(0).run().stdout();
    assert!(shown.contains("instances:"), "{shown}");
    sb.write("world.yaml", &shown);
    sb.cmd(["world", "show", "--world", "world.yaml"])
        .status(0)
        .stdout_is(&shown)
        .run();
}

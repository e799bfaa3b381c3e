//! Whole outputs, compared exactly: what a user sees for runs that end in ways worth knowing.

use crate::harness::Sandbox;

const DENIED: &str = "- Service: ec2\n  Api: DescribeVpcs\n  Error:\n    Code: UnauthorizedOperation\n    Message: not allowed\n";

const BRANCH_OVER_UNSET_OUTPUT: &str = "schemaVersion: '0.3'
mainSteps:
  - name: look
    action: aws:executeAwsApi
    onFailure: Continue
    inputs:
      Service: ec2
      Api: DescribeVpcs
    outputs:
      - Name: State
        Selector: $.Vpcs[0].State
        Type: String
  - name: choose
    action: aws:branch
    inputs:
      Choices:
        - NextStep: found
          Variable: '{{ look.State }}'
          StringEquals: available
      Default: fallback
  - name: found
    isEnd: true
    action: aws:sleep
    inputs:
      Duration: PT1S
  - name: fallback
    action: aws:sleep
    inputs:
      Duration: ' PT1S'
";

/// Issue 8: the branch reads an output its step never produced and takes `Default`; the
/// padded duration (issue 7) sleeps as it validates.
/// `ssmrun run doc.yaml` where EC2 refuses `DescribeVpcs`: exit status and whole stdout.
fn run_denied(doc: &str, status: i32, stdout: &str) {
    Sandbox::new()
        .file("doc.yaml", doc)
        .file("mocks.yaml", DENIED)
        .cmd(["run", "doc.yaml", "--mocks", "mocks.yaml"])
        .status(status)
        .stdout_is(stdout)
        .run();
}

#[test]
fn issue_8_branch_over_an_unset_output_prints_the_default_path() {
    run_denied(
        BRANCH_OVER_UNSET_OUTPUT,
        0,
        "look                         aws:executeAwsApi                Failed           0ms
    failure: An error occurred (UnauthorizedOperation) when calling the DescribeVpcs operation: not allowed
choose                       aws:branch                       Success          0ms
fallback                     aws:sleep                        Success           1s
found                        aws:sleep                        Pending            -

Execution 00000000-0000-4000-8000-000000000001 (doc): Success in 1s simulated
",
    );
}

/// Issue 8: runaway numbers end, with a message naming the budget.
#[test]
fn issue_8_runaway_attempts_and_timeouts_end() {
    run_denied(
        "schemaVersion: '0.3'\nmainSteps:\n  - name: call\n    action: aws:executeAwsApi\n    maxAttempts: 4000000000\n    timeoutSeconds: 9223372036854775807\n    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n",
        1,
        "call                         aws:executeAwsApi                Failed           0ms
    failure: An error occurred (UnauthorizedOperation) when calling the DescribeVpcs operation: not allowed

Execution 00000000-0000-4000-8000-000000000001 (doc): Failed in 0ms simulated
  execution stopped after 10000 step attempts, the budget of one run: step `call` was about to make attempt 10001 of 4000000000
",
    );
}

#[test]
fn a_clean_document_validates_with_a_one_line_summary() {
    Sandbox::new()
        .file(
            "doc.yaml",
            "schemaVersion: '0.3'\nmainSteps:\n  - name: nap\n    action: aws:sleep\n    inputs:\n      Duration: ' PT1S'\n",
        )
        .cmd(["validate", "doc.yaml"])
        .status(0)
        .stdout_is("0 errors, 0 warnings in 1 file\n")
        .run();
}

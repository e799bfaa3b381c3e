//! Time-related step settings: `aws:sleep` durations and timestamps, `timeoutSeconds`
//! against the action's run-time ceiling, and `maxAttempts`.

use crate::actions;
use crate::document::Step;
use crate::duration::{DurationError, MAX_SLEEP_SECONDS, sleep_millis};
use crate::parse::Node;
use crate::validate::context::{Cx, has_reference};
use jiff::Timestamp;

pub(super) fn check(cx: &mut Cx) {
    let steps: Vec<&Step> = cx.steps.all.iter().map(|e| e.step).collect();
    for step in steps {
        if step.action.value == "aws:sleep" {
            if let Some(node) = literal(step.inputs.get("Duration")) {
                duration(cx, node);
            }
            if let Some(node) = literal(step.inputs.get("Timestamp")) {
                timestamp(cx, node);
            }
        }
        attempts_and_timeout(cx, step);
    }
}

/// A string input without references; other shapes are the input-type rule's concern.
fn literal(node: Option<&Node>) -> Option<&Node> {
    node.filter(|n| n.str().is_some_and(|s| !has_reference(s)))
}

fn duration(cx: &mut Cx, node: &Node) {
    let text = node.str().unwrap_or_default();
    match sleep_millis(text) {
        Ok(_) => {}
        Err(DurationError::Syntax(e)) => cx.report_help(
            "invalid-duration",
            node.span,
            format!("`{text}` is not an ISO 8601 duration: {e}"),
            Some("write e.g. `PT10M`, `PT1H30M` or `P1D`".into()),
        ),
        Err(DurationError::Negative) => cx.report(
            "invalid-duration",
            node.span,
            format!("duration `{text}` is negative"),
        ),
        Err(DurationError::TooLong) => cx.report(
            "invalid-duration",
            node.span,
            format!("duration `{text}` is longer than the `aws:sleep` maximum of {MAX_SLEEP_SECONDS} seconds (just under 7 days)"),
        ),
    }
}

fn timestamp(cx: &mut Cx, node: &Node) {
    let text = node.str().unwrap_or_default();
    if let Err(e) = text.trim().parse::<Timestamp>() {
        cx.report_help(
            "invalid-timestamp",
            node.span,
            format!("`{text}` is not an ISO 8601 instant: {e}"),
            Some("write a UTC time such as `2024-01-01T01:00:00Z`".into()),
        );
    }
}

fn attempts_and_timeout(cx: &mut Cx, step: &Step) {
    if let Some(attempts) = &step.max_attempts
        && attempts.value < 1
    {
        cx.report(
            "invalid-max-attempts",
            attempts.span,
            format!(
                "`maxAttempts` is {}, but a step runs at least once",
                attempts.value
            ),
        );
    }
    let Some(timeout) = &step.timeout_seconds else {
        return;
    };
    let Some(max) = actions::lookup(&step.action.value).and_then(|a| a.max_timeout_seconds) else {
        return;
    };
    // A warning, not an error: the service accepts a larger value (AWS-managed runbooks set
    // 600 on aws:executeAwsApi) and simply stops the attempt at the action's own ceiling.
    if timeout.value > 0 && timeout.value as u64 > max {
        cx.report(
            "timeout-too-large",
            timeout.span,
            format!(
                "`timeoutSeconds` is {}, but `{}` runs at most {max} seconds",
                timeout.value, step.action.value
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::{codes, doc};

    fn sleep(input: &str) -> Vec<(&'static str, u32)> {
        codes(&doc(&format!(
            "  - name: a\n    action: aws:sleep\n    inputs: {{{input}}}\n"
        )))
    }

    #[test]
    fn durations() {
        for ok in [
            "PT10M",
            "P1D",
            "PT0S",
            "P6DT23H59M59S",
            "PT1.5S",
            "'{{ P }}'",
        ] {
            assert_eq!(sleep(&format!("Duration: {ok}")), [], "{ok}");
        }
        for bad in ["10m", "-PT1M", "P7D", "P1M", "P1W", "PT604800S"] {
            assert_eq!(
                sleep(&format!("Duration: {bad}")),
                [("invalid-duration", 12)],
                "{bad}"
            );
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(sleep("Timestamp: '2020-01-01T01:00:00Z'"), []);
        assert_eq!(sleep("Timestamp: '2020-01-01T01:00:00+02:00'"), []);
        assert_eq!(
            sleep("Timestamp: '2020-13-01T01:00:00Z'"),
            [("invalid-timestamp", 12)]
        );
        assert_eq!(sleep("Timestamp: tomorrow"), [("invalid-timestamp", 12)]);
    }

    #[test]
    fn attempts_and_timeouts() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:executeAwsApi\n    maxAttempts: 0\n    timeoutSeconds: 600\n",
            "    inputs: {Service: ec2, Api: DescribeInstances}\n",
        ));
        let found = codes(&text);
        assert_eq!(
            found,
            [("invalid-max-attempts", 12), ("timeout-too-large", 13)]
        );
        let checked = crate::validate::check(&crate::source::SourceFile::new("t", text));
        assert!(!checked.diagnostics[1].is_error());
    }
}

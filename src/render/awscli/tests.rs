use serde_json::{Value, json};

use super::*;

const TITLE: &str = "DescribeAutomationStepExecutions";

fn payload() -> Value {
    serde_json::from_str(
        r#"{"StepExecutions":[{"StepName":"stopInstances","Action":"aws:changeInstanceState","ExecutionStartTime":1557167178.42,"StepStatus":"Success","Inputs":{"DesiredState":"\"stopped\"","InstanceIds":"[\"i-1234567890abcdef0\"]"},"Outputs":{"InstanceStates":["stopped"]},"StepExecutionId":"654243ba-71e3-4771-b04f-0123456789ab","OverriddenParameters":{},"ValidNextSteps":["startInstances"]}]}"#,
    )
    .expect("payload is valid JSON")
}

fn out(value: &Value, query: Option<&str>, format: OutputFormat) -> String {
    render_with_width(value, query, format, TITLE, DEFAULT_TERMINAL_WIDTH).expect("query is valid")
}

#[test]
fn parses_output_names() {
    assert_eq!(OutputFormat::parse("json"), Some(OutputFormat::Json));
    assert_eq!(OutputFormat::parse("text"), Some(OutputFormat::Text));
    assert_eq!(OutputFormat::parse("table"), Some(OutputFormat::Table));
    assert_eq!(OutputFormat::parse("yaml"), Some(OutputFormat::Yaml));
    assert_eq!(OutputFormat::parse("JSON"), None);
    assert_eq!(OutputFormat::parse("xml"), None);
}

#[test]
fn json_is_indented_by_four_in_response_order() {
    let expected = r#"{
    "StepExecutions": [
        {
            "StepName": "stopInstances",
            "Action": "aws:changeInstanceState",
            "ExecutionStartTime": 1557167178.42,
            "StepStatus": "Success",
            "Inputs": {
                "DesiredState": "\"stopped\"",
                "InstanceIds": "[\"i-1234567890abcdef0\"]"
            },
            "Outputs": {
                "InstanceStates": [
                    "stopped"
                ]
            },
            "StepExecutionId": "654243ba-71e3-4771-b04f-0123456789ab",
            "OverriddenParameters": {},
            "ValidNextSteps": [
                "startInstances"
            ]
        }
    ]
}
"#;
    assert_eq!(out(&payload(), None, OutputFormat::Json), expected);
}

#[test]
fn json_numbers_and_strings_print_like_python() {
    let value = json!({"A": 1767225600.0, "B": 1e16, "C": 0.00001, "D": -3, "E": "桌子\u{1}"});
    let expected = "{\n    \"A\": 1767225600.0,\n    \"B\": 1e+16,\n    \"C\": 1e-05,\n    \"D\": -3,\n    \"E\": \"桌子\\u0001\"\n}\n";
    assert_eq!(out(&value, None, OutputFormat::Json), expected);
}

#[test]
fn floats_follow_python_repr() {
    for (f, text) in [
        (1557167178.42, "1557167178.42"),
        (1767225600.0, "1767225600.0"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (0.1, "0.1"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1.5e-7, "1.5e-07"),
        (1e15, "1000000000000000.0"),
        (1e16, "1e+16"),
        (1.25e22, "1.25e+22"),
        (-2.5, "-2.5"),
    ] {
        assert_eq!(pyrepr::float(f), text, "{f}");
    }
}

#[test]
fn text_flattens_like_the_cli() {
    let expected = "STEPEXECUTIONS\taws:changeInstanceState\t1557167178.42\t\
654243ba-71e3-4771-b04f-0123456789ab\tstopInstances\tSuccess\n\
INPUTS\t\"stopped\"\t[\"i-1234567890abcdef0\"]\n\
INSTANCESTATES\tstopped\n\
VALIDNEXTSTEPS\tstartInstances\n";
    assert_eq!(out(&payload(), None, OutputFormat::Text), expected);
}

#[test]
fn text_gives_items_of_a_list_the_same_columns() {
    let value = json!({
        "NextToken": "abc",
        "List": [
            {"Id": "1", "Status": "Success", "Mode": "Auto", "Outputs": {"Out": ["a", "b"]}},
            {"Id": "2", "Status": "Failed", "Target": "t", "Flag": true, "Gone": null}
        ]
    });
    let expected = "abc\n\
LIST\t\t\t1\tAuto\tSuccess\t\n\
OUTPUTS\ta\n\
OUTPUTS\tb\n\
LIST\tTrue\tNone\t2\t\tFailed\tt\n";
    // `Outputs` holds only a list, so its lines are named after the list's key, `Out`.
    let expected = expected.replace("OUTPUTS", "OUT");
    assert_eq!(out(&value, None, OutputFormat::Text), expected);
}

#[test]
fn table_draws_nested_sections() {
    let expected = "\
------------------------------------------------------------------
|                DescribeAutomationStepExecutions                |
+----------------------------------------------------------------+
||                        StepExecutions                        ||
|+---------------------+----------------------------------------+|
||  Action             |  aws:changeInstanceState               ||
||  ExecutionStartTime |  1557167178.42                         ||
||  StepExecutionId    |  654243ba-71e3-4771-b04f-0123456789ab  ||
||  StepName           |  stopInstances                         ||
||  StepStatus         |  Success                               ||
|+---------------------+----------------------------------------+|
|||                           Inputs                           |||
||+---------------------+--------------------------------------+||
|||  DesiredState       |  \"stopped\"                           |||
|||  InstanceIds        |  [\"i-1234567890abcdef0\"]             |||
||+---------------------+--------------------------------------+||
|||                           Outputs                          |||
||+------------------------------------------------------------+||
||||                      InstanceStates                      ||||
|||+----------------------------------------------------------+|||
||||  stopped                                                 ||||
|||+----------------------------------------------------------+|||
|||                       ValidNextSteps                       |||
||+------------------------------------------------------------+||
|||  startInstances                                            |||
||+------------------------------------------------------------+||
";
    assert_eq!(out(&payload(), None, OutputFormat::Table), expected);
}

#[test]
fn table_keeps_header_rows_when_the_terminal_is_wide_enough() {
    let value = json!({"List": [
        {"Name": "stopInstances", "Status": "Success"},
        {"Name": "startInstances", "Status": "Pending"}
    ]});
    let expected = "\
----------------------------------
|DescribeAutomationStepExecutions|
+--------------------------------+
||             List             ||
|+------------------+-----------+|
||       Name       |  Status   ||
|+------------------+-----------+|
||  stopInstances   |  Success  ||
||  startInstances  |  Pending  ||
|+------------------+-----------+|
";
    assert_eq!(out(&value, None, OutputFormat::Table), expected);

    // Once wider than the terminal, single-row sections turn into key/value rows.
    let wide = payload();
    let table = render_with_width(&wide, None, OutputFormat::Table, TITLE, 200).expect("renders");
    assert!(table.contains("|         Action          | ExecutionStartTime  |"));
    assert!(table.contains("||  aws:changeInstanceState|  1557167178.42      |"));
}

#[test]
fn yaml_is_block_style_with_sorted_keys() {
    let expected = "\
StepExecutions:
- Action: aws:changeInstanceState
  ExecutionStartTime: 1557167178.42
  Inputs:
    DesiredState: '\"stopped\"'
    InstanceIds: '[\"i-1234567890abcdef0\"]'
  Outputs:
    InstanceStates:
    - stopped
  OverriddenParameters: {}
  StepExecutionId: 654243ba-71e3-4771-b04f-0123456789ab
  StepName: stopInstances
  StepStatus: Success
  ValidNextSteps:
  - startInstances
";
    assert_eq!(out(&payload(), None, OutputFormat::Yaml), expected);
}

#[test]
fn yaml_quotes_only_what_needs_it() {
    let value = json!({
        "a": "", "b": "123", "c": "true", "d": "2019-05-06T18:26:18+00:00", "e": "key: value",
        "f": "- item", "g": "it's", "h": "tab\there", "i": " lead", "j": null, "k": [[1, 2], []],
        "l": "aws:runCommand", "m": "null", "n": 1.0, "o": "héllo", "p": "line one\nline two"
    });
    let expected = "\
a: ''
b: '123'
c: 'true'
d: '2019-05-06T18:26:18+00:00'
e: 'key: value'
f: '- item'
g: it's
h: \"tab\\there\"
i: ' lead'
j:
k:
- - 1
  - 2
- []
l: aws:runCommand
m: 'null'
n: 1.0
o: héllo
p: 'line one

  line two'
";
    assert_eq!(out(&value, None, OutputFormat::Yaml), expected);
}

#[test]
fn yaml_folds_long_strings_past_eighty_columns() {
    let value = json!({"Description": "This runbook stops the EC2 instances given in the InstanceIds parameter and then waits for them"});
    let expected = "\
Description: This runbook stops the EC2 instances given in the InstanceIds parameter
  and then waits for them
";
    assert_eq!(out(&value, None, OutputFormat::Yaml), expected);
}

#[test]
fn scalar_query_prints_the_scalar() {
    let q = Some("StepExecutions[0].StepStatus");
    let value = payload();
    assert_eq!(out(&value, q, OutputFormat::Json), "\"Success\"\n");
    assert_eq!(out(&value, q, OutputFormat::Text), "Success\n");
    assert_eq!(out(&value, q, OutputFormat::Yaml), "\"Success\"\n");
    // The CLI draws only the title for a scalar.
    let table = "\
----------------------------------
|DescribeAutomationStepExecutions|
+--------------------------------+
";
    assert_eq!(out(&value, q, OutputFormat::Table), table);
}

#[test]
fn list_query_prints_the_list() {
    let value = json!({"StepExecutions": [{"StepName": "stop"}, {"StepName": "start"}]});
    let q = Some("StepExecutions[].StepName");
    assert_eq!(
        out(&value, q, OutputFormat::Json),
        "[\n    \"stop\",\n    \"start\"\n]\n"
    );
    assert_eq!(out(&value, q, OutputFormat::Text), "stop\tstart\n");
    assert_eq!(out(&value, q, OutputFormat::Yaml), "- stop\n- start\n");
    let table = "\
----------------------------------
|DescribeAutomationStepExecutions|
+--------------------------------+
|  stop                          |
|  start                         |
+--------------------------------+
";
    assert_eq!(out(&value, q, OutputFormat::Table), table);
    let rows = Some("StepExecutions[].[StepName]");
    assert_eq!(out(&value, rows, OutputFormat::Text), "stop\nstart\n");
}

#[test]
fn missing_path_prints_null() {
    let q = Some("AutomationExecution.AutomationExecutionStatus");
    let value = payload();
    assert_eq!(out(&value, q, OutputFormat::Json), "null\n");
    assert_eq!(out(&value, q, OutputFormat::Text), "None\n");
    assert_eq!(out(&value, q, OutputFormat::Yaml), "null\n");
    assert_eq!(out(&value, q, OutputFormat::Table), "");
}

#[test]
fn query_results_keep_response_and_expression_key_order() {
    let value = payload();
    let first = out(&value, Some("StepExecutions[0]"), OutputFormat::Json);
    let name = first.find("StepName").expect("has StepName");
    let action = first.find("\"Action\"").expect("has Action");
    assert!(name < action, "response order kept: {first}");

    let hash = Some("StepExecutions[].{Status: StepStatus, Name: StepName}");
    assert_eq!(
        out(&value, hash, OutputFormat::Json),
        "[\n    {\n        \"Status\": \"Success\",\n        \"Name\": \"stopInstances\"\n    }\n]\n"
    );
    assert_eq!(
        out(&value, hash, OutputFormat::Text),
        "stopInstances\tSuccess\n"
    );
}

#[test]
fn empty_object_prints_nothing() {
    let empty = json!({});
    for format in [
        OutputFormat::Json,
        OutputFormat::Text,
        OutputFormat::Table,
        OutputFormat::Yaml,
    ] {
        assert_eq!(out(&empty, None, format), "", "{format:?}");
        assert_eq!(out(&payload(), Some("`{}`"), format), "", "{format:?}");
    }
    // Other empty values are still printed by the formats that print them.
    assert_eq!(out(&json!([]), None, OutputFormat::Json), "[]\n");
    assert_eq!(out(&json!([]), None, OutputFormat::Yaml), "[]\n");
    assert_eq!(out(&json!([]), None, OutputFormat::Text), "");
    assert_eq!(out(&json!([]), None, OutputFormat::Table), "");
}

#[test]
fn bad_query_is_an_error() {
    let err = render(
        &payload(),
        Some("StepExecutions["),
        OutputFormat::Json,
        TITLE,
    )
    .expect_err("syntax error");
    let message = err.to_string();
    assert!(
        message.starts_with("Bad value for --query StepExecutions[: "),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");

    let err = render(&payload(), Some("nosuchfn(@)"), OutputFormat::Text, TITLE)
        .expect_err("unknown function");
    assert!(err.message.contains("nosuchfn"), "{}", err.message);
}

/// A cell holding a line break is written as it is, with the width of its whole text (line
/// break included) deciding the padding after its last line, as awscli/table.py does.
#[test]
fn multi_line_unicode_cells_pad_like_the_cli() {
    let value = json!({"Items": [
        {"Name": "a", "Msg": "桌子 line one\nsecond 桌 line"},
        {"Name": "bb", "Msg": "x"}
    ]});
    let expected = "--------------------------------------------\n|               DescribeThing              |\n+------------------------------------------+\n||                  Items                 ||\n|+--------------------------------+-------+|\n||               Msg              | Name  ||\n|+--------------------------------+-------+|\n||  桌子 line one\nsecond 桌 line  |  a    ||\n||  x                             |  bb   ||\n|+--------------------------------+-------+|\n";
    let text =
        render_with_width(&value, None, OutputFormat::Table, "DescribeThing", 80).expect("renders");
    assert_eq!(text, expected);
}

/// A combining accent is of ambiguous East Asian width, so the CLI counts it as two columns
/// (regression: "Unicode table cells", one space short on the cell's last line).
#[test]
fn combining_marks_count_twice_as_in_the_cli() {
    let value = json!({"Items": [
        {"Name": "a", "Msg": "a\u{301}b\ncd"},
        {"Name": "bb", "Msg": "x"}
    ]});
    let text =
        render_with_width(&value, None, OutputFormat::Table, "DescribeThing", 80).expect("renders");
    assert_eq!(
        text,
        "-----------------------\n|    DescribeThing    |\n+---------------------+\n||       Items       ||\n|+----------+--------+|\n||    Msg   | Name   ||\n|+----------+--------+|\n||  áb\ncd |  a     ||\n||  x       |  bb    ||\n|+----------+--------+|\n"
    );
}

#[test]
fn east_asian_width_table_is_sorted_pairs() {
    let table = super::east_asian_width::DOUBLE_WIDTH;
    assert_eq!(table.len() % 2, 0);
    assert!(table.windows(2).all(|w| w[0] <= w[1]));
    for (c, width) in [
        ('a', 1),
        ('桌', 2),
        ('\u{301}', 2),
        ('😀', 2),
        ('é', 2),
        ('e', 1),
        ('Ω', 2),
    ] {
        assert_eq!(super::table::text_width(&c.to_string()), width, "{c:?}");
    }
}

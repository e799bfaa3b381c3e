use super::*;

#[test]
fn every_action_has_its_inputs_definition() {
    let schema = automation_schema();
    let definitions = &schema["definitions"];
    for action in crate::actions::all() {
        let inputs = &definitions[definition_name(action)];
        for input in action.inputs {
            assert!(
                inputs["properties"].get(input.name).is_some(),
                "{} {}",
                action.name,
                input.name
            );
        }
    }
    let actions = &definitions["step"]["properties"]["action"]["enum"];
    assert_eq!(
        actions.as_array().map(Vec::len),
        Some(crate::actions::all().len())
    );
}

fn definition_name(action: &crate::actions::ActionSpec) -> String {
    inputs::definition_name(action)
}

#[test]
fn constraints_follow_the_registry_severities() {
    let schema = automation_schema();
    // Unknown parameter properties are a warning, so the schema leaves them open.
    assert!(
        schema["definitions"]["parameter"]
            .get("additionalProperties")
            .is_none()
    );
    assert_eq!(
        schema["additionalProperties"] == json!(false),
        is_error("unknown-key")
    );
    let sleep = &schema["definitions"]["inputs.aws:sleep"];
    assert_eq!(
        sleep["additionalProperties"] == json!(false),
        is_error("unknown-input")
    );
    // executeAwsApi takes the API's own request fields.
    let api = &schema["definitions"]["inputs.aws:executeAwsApi"];
    assert!(api.get("additionalProperties").is_none());
    assert!(
        api["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("Service")))
    );
}

#[test]
fn references_pass_any_typed_input() {
    let integer = types::input(crate::actions::InputType::Data(
        crate::document::DataType::Integer,
    ));
    assert_eq!(integer["anyOf"][1]["$ref"], "#/definitions/reference");
}

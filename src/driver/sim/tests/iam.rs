use serde_json::json;

use super::*;

#[test]
fn the_default_roles_are_listed_and_found() {
    let mut w = world();
    let listed = ok(&mut w, "iam", "ListRoles", json!({}));
    let names: Vec<&str> = listed["Roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["RoleName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "AutomationServiceRole",
            "ssmrun-example-instance-role",
            "SSMServiceRole",
            "AWSServiceRoleForAutoScaling"
        ]
    );
    assert_eq!(listed["IsTruncated"], false);
    let service = ok(
        &mut w,
        "iam",
        "ListRoles",
        json!({"PathPrefix": "/aws-service-role/"}),
    );
    assert_eq!(
        service["Roles"][0]["Arn"],
        "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
    );
    let role = ok(
        &mut w,
        "iam",
        "GetRole",
        json!({"RoleName": "automationservicerole"}),
    );
    assert_eq!(role["Role"]["RoleId"], "AROA5EXAMPLE000000001");
    let trust: Value =
        serde_json::from_str(role["Role"]["AssumeRolePolicyDocument"].as_str().unwrap()).unwrap();
    assert_eq!(
        trust["Statement"][0]["Principal"]["Service"],
        "ssm.amazonaws.com"
    );
    let e = err(&mut w, "iam", "GetRole", json!({"RoleName": "Nope"}));
    assert_eq!(
        e,
        ApiError::new("NoSuchEntity", "The role with name Nope cannot be found.")
    );
}

#[test]
fn roles_are_created_tagged_and_deleted() {
    let mut w = world();
    let trust = r#"{"Version":"2012-10-17","Statement":[]}"#;
    let created = ok(
        &mut w,
        "iam",
        "CreateRole",
        json!({"RoleName": "app", "AssumeRolePolicyDocument": trust, "Tags": [{"Key": "team", "Value": "a"}]}),
    );
    let id = created["Role"]["RoleId"].as_str().unwrap().to_string();
    assert!(id.starts_with("AROA") && id.len() == 21, "{id}");
    let e = err(
        &mut w,
        "iam",
        "CreateRole",
        json!({"RoleName": "APP", "AssumeRolePolicyDocument": trust}),
    );
    assert_eq!(e.code, "EntityAlreadyExists");
    let e = err(
        &mut w,
        "iam",
        "CreateRole",
        json!({"RoleName": "other", "AssumeRolePolicyDocument": "{"}),
    );
    assert_eq!(e.code, "MalformedPolicyDocument");
    ok(
        &mut w,
        "iam",
        "TagRole",
        json!({"RoleName": "app", "Tags": [{"Key": "env", "Value": "dev"}]}),
    );
    ok(
        &mut w,
        "iam",
        "UntagRole",
        json!({"RoleName": "app", "TagKeys": ["team"]}),
    );
    let tags = ok(&mut w, "iam", "ListRoleTags", json!({"RoleName": "app"}));
    assert_eq!(tags["Tags"], json!([{"Key": "env", "Value": "dev"}]));
    let saved = w.to_world_json();
    assert_eq!(SimWorld::from_world_json(&saved).unwrap(), w);
    ok(&mut w, "iam", "DeleteRole", json!({"RoleName": "app"}));
    let e = err(&mut w, "iam", "DeleteRole", json!({"RoleName": "app"}));
    assert_eq!(e.code, "NoSuchEntity");
}

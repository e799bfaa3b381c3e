use super::*;

#[test]
fn every_embedded_service_parses_and_names_methods_as_botocore() {
    let mut operations = 0;
    for name in service_names() {
        let model = service(name).unwrap_or_else(|| panic!("`{name}` does not load"));
        for op in model.operations() {
            // The generator stored botocore's own method names; ours must agree.
            assert_eq!(xform_name(&op.name), op.method, "{name}.{}", op.name);
            operations += 1;
        }
    }
    assert!(service_names().count() > 400);
    assert!(operations > 15_000);
}

#[test]
fn an_operation_is_found_in_the_three_spellings_boto3_accepts() {
    let ec2 = service("ec2").expect("ec2");
    for api in [
        "DescribeInstances",
        "describeInstances",
        "describe_instances",
    ] {
        assert_eq!(
            ec2.operation(api).map(|o| o.name.as_str()),
            Some("DescribeInstances")
        );
    }
    assert!(ec2.operation("describeinstances").is_none());
    assert!(ec2.operation("DescribeInstance").is_none());
    let rds = service("RDS").expect("rds");
    assert!(rds.operation("describe_db_instances").is_some());
    assert!(rds.operation("describeDBInstances").is_some());
}

#[test]
fn shapes_carry_members_required_enums_and_lists() {
    let ec2 = service("ec2").expect("ec2");
    let op = ec2.operation("StopInstances").expect("op");
    let input = ec2
        .shape(op.input.as_deref().expect("input"))
        .expect("shape");
    let ShapeKind::Structure {
        members, required, ..
    } = &input.kind
    else {
        panic!("not a structure")
    };
    assert!(members.contains_key("InstanceIds"));
    assert_eq!(required, &["InstanceIds".to_string()]);
    let ids = ec2.shape(&members["InstanceIds"]).expect("ids");
    assert!(matches!(ids.kind, ShapeKind::List(_)));
    let state = ec2.shape("InstanceStateName").expect("enum");
    assert!(state.enum_values.iter().any(|v| v == "running"));
}

#[test]
fn unknown_services_and_aliases() {
    assert!(service("ec3").is_none());
    assert_eq!(
        service("runtime.sagemaker").map(|m| m.name),
        Some("sagemaker-runtime")
    );
}

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

#[test]
fn a_shape_lookup_reads_one_chunk_and_every_reachable_shape_resolves() {
    let ec2 = parse_uncached("ec2").expect("ec2");
    assert_eq!(ec2.chunks_inflated(), 0, "loading reads operations only");
    assert!(ec2.shape("InstanceStateName").is_some());
    assert_eq!(ec2.chunks_inflated(), 1);
    assert!(ec2.shape("NoSuchShape").is_none());
    assert!(ec2.shape("").is_none());
    // Every shape an operation reaches is present and parses, in every service.
    let mut shapes = 0;
    for name in service_names() {
        let model = service(name).expect("loads");
        let mut seen = std::collections::HashSet::new();
        let mut todo: Vec<String> = model
            .operations()
            .flat_map(|op| [op.input.clone(), op.output.clone()])
            .flatten()
            .collect();
        while let Some(shape_name) = todo.pop() {
            if !seen.insert(shape_name.clone()) {
                continue;
            }
            let shape = model
                .shape(&shape_name)
                .unwrap_or_else(|| panic!("{name}: shape `{shape_name}` is missing"));
            match &shape.kind {
                ShapeKind::Structure { members, .. } => todo.extend(members.values().cloned()),
                ShapeKind::List(member) => todo.push(member.clone()),
                ShapeKind::Map { key, value } => todo.extend([key.clone(), value.clone()]),
                _ => {}
            }
        }
        shapes += seen.len();
    }
    assert!(shapes > 50_000, "{shapes}");
}

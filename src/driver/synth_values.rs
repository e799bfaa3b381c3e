//! Values for members of a synthesized response, chosen from the member's name: AWS names
//! identifiers consistently (`InstanceId`, `VolumeId`, `…Arn`), so the name says which
//! prefix or form a real answer would have.

/// EC2 and other services' identifier prefixes, by member name.
const ID_PREFIXES: &[(&str, &str)] = &[
    ("InstanceId", "i"),
    ("ImageId", "ami"),
    ("VolumeId", "vol"),
    ("SnapshotId", "snap"),
    ("VpcId", "vpc"),
    ("SubnetId", "subnet"),
    ("GroupId", "sg"),
    ("SecurityGroupId", "sg"),
    ("NetworkInterfaceId", "eni"),
    ("InternetGatewayId", "igw"),
    ("NatGatewayId", "nat"),
    ("RouteTableId", "rtb"),
    ("NetworkAclId", "acl"),
    ("AllocationId", "eipalloc"),
    ("AssociationId", "eipassoc"),
    ("ReservationId", "r"),
    ("KeyPairId", "key"),
    ("LaunchTemplateId", "lt"),
    ("TransitGatewayId", "tgw"),
    ("VpcEndpointId", "vpce"),
    ("FlowLogId", "fl"),
    ("VpnGatewayId", "vgw"),
    ("CustomerGatewayId", "cgw"),
    ("DhcpOptionsId", "dopt"),
    ("PrefixListId", "pl"),
    ("VpcPeeringConnectionId", "pcx"),
    ("SpotInstanceRequestId", "sir"),
    ("CapacityReservationId", "cr"),
    ("HostId", "h"),
    ("PlacementGroupId", "pg"),
];

/// A string for a member that is neither echoed from the request nor an enum.
pub fn string_for(member: &str, service: &str, region: &str, account: &str) -> String {
    if let Some((_, prefix)) = ID_PREFIXES.iter().find(|(name, _)| *name == member) {
        return format!("{prefix}-0123456789abcdef0");
    }
    let lower = member.to_ascii_lowercase();
    if lower.ends_with("arn") {
        let resource = member.trim_end_matches("Arn").trim_end_matches("ARN");
        let resource = if resource.is_empty() {
            "resource"
        } else {
            resource
        };
        return format!(
            "arn:aws:{service}:{region}:{account}:{}/example",
            resource.to_ascii_lowercase()
        );
    }
    if lower == "accountid" || lower == "ownerid" || lower == "account" {
        return account.to_string();
    }
    if lower == "region" || lower == "regionname" {
        return region.to_string();
    }
    if lower.ends_with("availabilityzone") {
        return format!("{region}a");
    }
    if is_policy_document(&lower) {
        // Policy members hold a JSON document that callers parse (`json.loads`).
        return r#"{"Version":"2012-10-17","Statement":[]}"#.to_string();
    }
    if lower.ends_with("id") || lower.ends_with("token") {
        return "00000000-0000-4000-8000-000000000000".to_string();
    }
    if lower.contains("ipaddress") || lower.ends_with("ip") {
        return "10.0.0.10".to_string();
    }
    if lower.ends_with("cidrblock") || lower == "cidr" {
        return "10.0.0.0/16".to_string();
    }
    if lower.contains("url") || lower.contains("endpoint") {
        return format!("https://example.{region}.amazonaws.com");
    }
    format!("example-{}", lower)
}

/// String members that botocore documents as a JSON policy document: KMS `GetKeyPolicy`
/// and S3 `GetBucketPolicy` (`Policy`), IAM (`PolicyDocument`, `AssumeRolePolicyDocument`),
/// and resource policies of other services.
fn is_policy_document(lower: &str) -> bool {
    matches!(
        lower,
        "policy" | "keypolicy" | "resourcepolicy" | "policytext"
    ) || lower.ends_with("policydocument")
}

/// Members whose presence reports a failure (`FunctionError`, `Failures`, `ErrorCode`,
/// `UnprocessedItems`): a synthesized answer stands for a call that succeeded, so it leaves
/// them out.
pub fn reports_failure(member: &str) -> bool {
    ["Error", "Failure", "Failed", "Unsuccessful", "Unprocessed"]
        .iter()
        .any(|word| member.contains(word))
}

/// An integer for a member, where the name fixes it.
pub fn integer_for(member: &str) -> Option<i64> {
    matches!(member, "StatusCode" | "HTTPStatusCode" | "HttpStatusCode").then_some(200)
}

/// Members that continue a paged answer; a synthesized answer is always the last page.
pub fn is_page_token(member: &str) -> bool {
    matches!(
        member,
        "NextToken" | "NextMarker" | "Marker" | "NextContinuationToken" | "NextPageToken"
    )
}

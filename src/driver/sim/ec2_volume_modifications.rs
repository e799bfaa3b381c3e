//! ModifyVolume and DescribeVolumesModifications. A modification takes effect on the
//! volume's size and type when it is requested, and its progress runs on the clock
//! (`modifying`, `optimizing`, `completed`), which is what runbooks wait on.

use serde_json::{Value, json};

use super::ec2_volumes::{VolumeRef, check_size, check_volume_type};
use super::filters;
use super::request::Request;
use super::volume::{MODIFICATION_INTERVAL_MS, Modification, VolumeSpec};
use super::world::SimWorld;
use crate::driver::ApiError;

const MODIFICATION_FILTERS: &[&str] = &[
    "volume-id",
    "modification-state",
    "target-size",
    "target-volume-type",
    "target-iops",
    "original-size",
    "original-volume-type",
    "original-iops",
    "start-time",
];

impl SimWorld {
    pub(crate) fn modify_volume(&mut self, request: &Request) -> Result<Value, ApiError> {
        let id = request.required_str("VolumeId")?;
        let at = self.settled_volume(id)?;
        if let Some(last) = self
            .volume_modifications
            .iter()
            .rfind(|m| m.volume_id == id)
            && self.now < last.started + MODIFICATION_INTERVAL_MS
        {
            return Err(ApiError::new(
                "VolumeModificationRateExceeded",
                "You've reached the maximum modification rate per volume limit. Wait at least 6 hours between modifications per EBS volume.",
            ));
        }
        let original = self.volume_spec(at);
        let volume_type = request.str("VolumeType")?.unwrap_or(&original.volume_type);
        check_volume_type(volume_type)?;
        let size = request.int("Size")?.unwrap_or(original.size);
        if size < original.size {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "New size cannot be smaller than existing size: {size}GiB < {}GiB",
                    original.size
                ),
            ));
        }
        check_size(size, volume_type)?;
        let keeps_type = volume_type == original.volume_type;
        let iops = request
            .int("Iops")?
            .or(original.iops.filter(|_| keeps_type));
        let throughput = request
            .int("Throughput")?
            .or(original.throughput.filter(|_| keeps_type));
        let target = VolumeSpec::with_defaults(size, volume_type, iops, throughput);
        if target == original {
            return Err(ApiError::new(
                "InvalidParameterValue",
                "The modification request cannot be processed because there are no changes in the parameters",
            ));
        }
        self.apply_spec(at, &target);
        let modification = Modification {
            volume_id: id.to_string(),
            original,
            target,
            started: self.now,
        };
        let answer = modification.to_json(self.now);
        self.volume_modifications.push(modification);
        Ok(json!({"VolumeModification": answer}))
    }

    fn apply_spec(&mut self, at: VolumeRef, spec: &VolumeSpec) {
        match at {
            VolumeRef::Data(i) => self.volumes[i].spec = spec.clone(),
            VolumeRef::Root(i) => {
                let root = &mut self.instances[i].root_volume;
                root.size = spec.size;
                root.volume_type = spec.volume_type.clone();
            }
        }
    }

    pub(crate) fn describe_volumes_modifications(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let ids = request.str_list("VolumeIds")?.unwrap_or_default();
        for id in &ids {
            self.find_volume(id)?;
        }
        let filters = filters::parse(
            request,
            "DescribeVolumesModifications",
            MODIFICATION_FILTERS,
        )?;
        // The latest modification of each volume, as EC2 reports it.
        let mut latest: Vec<&Modification> = Vec::new();
        for m in &self.volume_modifications {
            match latest.iter_mut().find(|l| l.volume_id == m.volume_id) {
                Some(slot) => *slot = m,
                None => latest.push(m),
            }
        }
        let items: Vec<Value> = latest
            .into_iter()
            .filter(|m| ids.is_empty() || ids.contains(&m.volume_id))
            .map(|m| m.to_json(self.now))
            .filter(|m| filters::matches(&filters, |name| modification_values(m, name)))
            .collect();
        if items.is_empty() && !ids.is_empty() {
            return Err(ApiError::new(
                "InvalidVolumeModification.NotFound",
                format!("Modification for volume '{}' does not exist.", ids[0]),
            ));
        }
        Ok(json!({"VolumesModifications": items}))
    }
}

fn modification_values(item: &Value, name: &str) -> Vec<String> {
    let pointer = match name {
        "volume-id" => "/VolumeId",
        "modification-state" => "/ModificationState",
        "target-size" => "/TargetSize",
        "target-volume-type" => "/TargetVolumeType",
        "target-iops" => "/TargetIops",
        "original-size" => "/OriginalSize",
        "original-volume-type" => "/OriginalVolumeType",
        "original-iops" => "/OriginalIops",
        "start-time" => "/StartTime",
        _ => return Vec::new(),
    };
    filters::json_values(item, pointer)
}

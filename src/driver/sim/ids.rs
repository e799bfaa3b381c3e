//! Deterministic resource ids. Real ids look random; these come from a counter scrambled by
//! a bijection, so they look realistic, never repeat, and are identical on every run.

/// splitmix64's finalizer: a bijection on u64, so distinct counters give distinct ids.
fn scramble(counter: u64) -> u64 {
    let mut z = counter.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An EC2-style id: prefix, `-`, 17 hex digits (`i-0a1b…`), as EC2 has issued since 2016.
pub fn ec2_id(prefix: &str, counter: u64) -> String {
    format!("{prefix}-0{:016x}", scramble(counter))
}

/// A UUID-shaped id (Run Command ids, stack ids), with the version-4 marker bits set so
/// UUID validators accept it.
pub fn uuid(counter: u64) -> String {
    let hi = scramble(counter);
    let lo = scramble(counter ^ 0x5555_5555_5555_5555);
    let time_hi = (hi & 0x0fff) | 0x4000;
    let clock = (lo >> 48 & 0x3fff) | 0x8000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        hi >> 16 & 0xffff,
        time_hi,
        clock,
        lo & 0xffff_ffff_ffff
    )
}

/// FNV-1a of a name: a stable counter for ids of resources a world file declares by name,
/// so that declaring one does not shift the ids the sequence hands out later.
pub fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Addresses of one /16 block that ids use (the first 4 and the last of each /24 are
/// reserved by EC2).
const PER_BLOCK: u64 = 250 * 250;
/// Blocks in all: the default VPC's 172.31.0.0/16, then 10.0.0.0/16 to 10.249.0.0/16.
pub const IP_BLOCKS: u64 = 251;

/// A private address, distinct per counter: first in the default VPC's 172.31.0.0/16, then,
/// for worlds larger than a /16 holds (a world file of 100,000 instances), in 10.0.0.0/8.
/// Without the second range every address past the 62,500th was a search of the whole
/// block, which made loading such a world quadratic.
pub fn private_ip(counter: u64) -> String {
    let n = counter % (PER_BLOCK * IP_BLOCKS);
    let (block, n) = (n / PER_BLOCK, n % PER_BLOCK);
    let host = format!("{}.{}", 1 + n / 250, 4 + n % 250);
    match block {
        0 => format!("172.31.{host}"),
        b => format!("10.{}.{host}", b - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_well_formed() {
        assert_eq!(ec2_id("i", 1), ec2_id("i", 1));
        assert_ne!(ec2_id("i", 1), ec2_id("i", 2));
        assert_eq!(ec2_id("ami", 7).len(), "ami-".len() + 17);
        let id = uuid(3);
        let re = regex::Regex::new(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        );
        assert!(re.map(|re| re.is_match(&id)).unwrap_or(false), "{id}");
        assert_eq!(private_ip(0), "172.31.1.4");
        assert_eq!(private_ip(PER_BLOCK - 1), "172.31.250.253");
        assert_eq!(private_ip(PER_BLOCK), "10.0.1.4");
        assert_eq!(private_ip(PER_BLOCK * IP_BLOCKS), "172.31.1.4");
    }
}

// The file system types a zone's `fs` resource may name: exactly what
// plugins/fs mounts, so `zoneadm verify` refuses what ready would refuse.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace zones {

// Mounted from a block device `special` (nodev forced).
inline constexpr std::array<std::string_view, 6> kBlockFsTypes = {"ext2", "ext3", "ext4", "xfs", "vfat", "btrfs"};

inline bool is_block_fs_type(std::string_view type) {
    return std::find(kBlockFsTypes.begin(), kBlockFsTypes.end(), type) != kBlockFsTypes.end();
}

// lofs is illumos' bind mount; tmpfs is made fresh for the zone.
inline bool is_zone_fs_type(std::string_view type) {
    return type == "lofs" || type == "tmpfs" || is_block_fs_type(type);
}

}  // namespace zones

// The zone's own user database: /etc/passwd and /etc/group as text, parsed
// here and never through the host's NSS (the zone's names and IDs are not
// the host's). Pure functions: the caller reads the files inside the zone.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zones::zoneadmd {

struct ZoneUser {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string home;
    std::string shell;
};

// The passwd line of `name` (or, if `name` is all digits and no user has
// that name, of that uid). Malformed lines are skipped.
std::optional<ZoneUser> find_user(std::string_view passwd, std::string_view name);

// Supplementary groups of `user` from group-file text: every group that
// lists the user as a member, plus `primary`, deduplicated, primary first.
std::vector<gid_t> user_groups(std::string_view group, std::string_view user, gid_t primary);

// The ID of group `name` in group-file text.
std::optional<gid_t> group_id(std::string_view group, std::string_view name);

}  // namespace zones::zoneadmd

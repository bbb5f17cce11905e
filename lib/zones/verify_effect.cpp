// The one-line refusals of what has no effect on Linux (verify_detail.hpp).
#include <fmt/core.h>

#include "zones/verify_detail.hpp"

namespace zones::verify_detail::no_effect {

std::string pool(std::string_view name) {
    return fmt::format("pool {} has no effect here: Linux has no resource pools (use dedicated-cpu or capped-cpu)",
                       name);
}

std::string dataset(std::string_view name) {
    return fmt::format("dataset {} has no effect here: ZFS datasets cannot be delegated to a zone (use an fs "
                       "resource)",
                       name);
}

std::string security_flags() {
    return "security-flags has no effect here: Linux applies ASLR, the NULL page guard and non-executable "
           "stacks to the whole system, not per zone";
}

std::string scheduling_class(std::string_view cls) {
    return fmt::format("scheduling-class {} has no effect here: zones share the CPUs by cpu-shares, as with FSS, "
                       "the only class that can be set",
                       cls);
}

std::string fs_allowed(std::string_view types) {
    return fmt::format("fs-allowed {} has no effect here: a zone mounts only what its user namespace allows "
                       "(tmpfs, proc, sysfs, devpts, mqueue)",
                       types);
}

std::string rctl(std::string_view name) {
    return fmt::format("rctl {} has no effect here: no resource control of Linux enforces it", name);
}

}  // namespace zones::verify_detail::no_effect

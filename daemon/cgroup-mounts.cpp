#include "cgroup-mounts.hpp"

#include <fstream>
#include <string_view>

#include "sys/mountinfo.hpp"

namespace zones::daemon {

CgroupMounts parse_cgroup_mounts(std::istream& mountinfo) {
    CgroupMounts m;
    sys::MountInfo mi;
    for (std::string line; std::getline(mountinfo, line);) {
        if (!sys::parse_mountinfo(line, mi)) continue;
        const std::filesystem::path point(sys::unescape_mountinfo(mi.point));
        if (mi.type == "cgroup2") {
            m.emplace("", point);
        } else if (mi.type == "cgroup") {
            // Super options: "rw,cpu,cpuacct" or "rw,xattr,name=systemd".
            for (std::string_view o = mi.super_options; !o.empty();) {
                const std::size_t comma = o.find(',');
                m.emplace(std::string(o.substr(0, comma)), point);
                o = comma == std::string_view::npos ? std::string_view() : o.substr(comma + 1);
            }
        }
    }
    return m;
}

const CgroupMounts& cgroup_mounts() {
    static const CgroupMounts m = [] {
        std::ifstream in("/proc/self/mountinfo");
        return parse_cgroup_mounts(in);
    }();
    return m;
}

}  // namespace zones::daemon

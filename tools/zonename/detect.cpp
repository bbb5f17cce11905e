#include "detect.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "zones/scope_name.hpp"

namespace zones::zonename {

std::optional<std::string> zone_of_cgroup(std::string_view path) {
    constexpr std::string_view slice = "/zones.slice/zone-";
    constexpr std::string_view scope = ".scope";
    // Only from the root of the hierarchy: a user with a delegated subtree
    // (user@.service) can make .../zones.slice/zone-web.scope below it.
    if (path.substr(0, slice.size()) != slice)
        return std::nullopt;
    std::string_view unit = path.substr(slice.size());
    unit = unit.substr(0, unit.find('/'));
    if (unit.size() <= scope.size() || unit.substr(unit.size() - scope.size()) != scope)
        return std::nullopt;
    // As zonesd named the scope (lib/zones/scope_name): "\xNN" is the byte NN.
    std::string name = unit_unescape(unit.substr(0, unit.size() - scope.size()));
    if (name.empty() || name == "global")
        return std::nullopt;
    return name;
}

std::string zone_of_cgroup_file(std::istream& in) {
    for (std::string line; std::getline(in, line);) {
        const auto first = line.find(':');
        const auto second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos)
            continue;
        if (auto zone = zone_of_cgroup(std::string_view(line).substr(second + 1)))
            return *zone;
    }
    return "global";
}

std::optional<std::string> zone_of_dev_file(const char* path) {
    const int fd = ::open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return std::nullopt;
    struct stat st {};
    struct statvfs vfs {};
    char buf[256];
    ssize_t n = -1;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
        n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if (n <= 0)
        return std::nullopt;
    std::string name(buf, static_cast<std::size_t>(n));
    if (name.back() == '\n')
        name.pop_back();
    if (name.empty() || name == "global" || name.find_first_of("/\n") != std::string::npos)
        return std::nullopt;
    return name;
}

}  // namespace zones::zonename

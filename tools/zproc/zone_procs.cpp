#include "zone_procs.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "detect.hpp"   // tools/zonename: the zone named by a cgroup path
#include "zones/scope_name.hpp"

namespace fs = std::filesystem;

namespace zones::zproc {
namespace {

struct Mount {
    std::string dir;    // where it is mounted here
    std::string root;   // the cgroup it shows, as /proc/PID/cgroup names it
};

// The cgroup2 mount, or (cgroup v1 only) the name=systemd one, from
// /proc/self/mountinfo: "ID PARENT MAJ:MIN ROOT DIR OPTS... - TYPE SRC SUPER".
std::optional<Mount> tracking_mount(bool v2_only) {
    std::ifstream in("/proc/self/mountinfo");
    std::optional<Mount> v1;
    for (std::string line; std::getline(in, line);) {
        std::istringstream f(line);
        std::string id, parent, dev, root, dir, word;
        if (!(f >> id >> parent >> dev >> root >> dir)) continue;
        while (f >> word && word != "-") {}
        std::string type, source, super;
        if (!(f >> type >> source >> super)) continue;
        if (type == "cgroup2") return Mount{dir, root == "/" ? "" : root};
        if (type == "cgroup" && !v1 && (super.find("name=systemd") != std::string::npos))
            v1 = Mount{dir, root == "/" ? "" : root};
    }
    if (v2_only) return std::nullopt;
    return v1;
}

}  // namespace

std::optional<std::string> zone_of_path(std::string_view path) {
    auto zone = zonename::zone_of_cgroup(path);
    if (!zone) return std::nullopt;
    // Below /zones.slice/zone-NAME.scope, only payload/ is the zone's.
    const auto end = path.find('/', std::string_view("/zones.slice/").size());
    const std::string_view rest = end == std::string_view::npos ? "" : path.substr(end);
    if (rest == "/payload" || rest.rfind("/payload/", 0) == 0) return zone;
    return std::nullopt;
}

std::string zone_of_cgroup_text(std::istream& in) {
    for (std::string line; std::getline(in, line);) {
        const auto first = line.find(':');
        const auto second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos) continue;
        if (auto zone = zone_of_path(std::string_view(line).substr(second + 1))) return *zone;
    }
    return "global";
}

std::optional<std::string> zone_of_pid(long pid) {
    std::ifstream in(fmt::format("/proc/{}/cgroup", pid));
    if (!in) return std::nullopt;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.empty()) return std::nullopt;   // a zombie's or a vanished process's
    std::istringstream s(text);
    return zone_of_cgroup_text(s);
}

std::vector<std::string> split_list(std::string_view list) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : list) {
        if (c == ',' || c == ' ' || c == '\t') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

bool zone_is_up(const std::string& name) {
    if (name == "global") return true;
    // The name goes into a path: only what a zone may be called.
    if (name.empty() || name.size() > 63 || name.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos ||
        !std::isalnum(static_cast<unsigned char>(name[0])))
        return false;
    auto m = tracking_mount(false);
    if (!m) return false;
    std::error_code ec;
    return fs::is_directory(fs::path(m->dir) / "zones.slice" / zone_scope_unit(name), ec);
}

std::string check_zone_names(const std::vector<std::string>& names) {
    for (const std::string& n : names)
        if (!zone_is_up(n)) return fmt::format("invalid zone name -- {}", n);
    return {};
}

std::vector<std::string> cgroup_v2_paths(const std::set<std::string>& zones) {
    auto m = tracking_mount(true);
    if (!m) throw std::runtime_error("cgroup v2 is not mounted; zones are matched by their cgroup v2 names");
    std::vector<std::string> out;
    auto consider = [&](const std::string& path) {
        const std::string zone = zone_of_path(path).value_or("global");
        if (zones.count(zone)) out.push_back(path);
    };
    consider(m->root.empty() ? "/" : m->root);
    std::error_code ec;
    const bool global = zones.count("global") != 0;
    const fs::path top = global ? fs::path(m->dir) : fs::path(m->dir) / "zones.slice";
    fs::recursive_directory_iterator it(top, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
        consider(m->root + "/" + fs::relative(it->path(), m->dir, ec).string());
    }
    // A zone that is up but has no payload/ yet (ready, or booting): its
    // name still goes to pgrep, so that it matches nothing rather than
    // being left out of the criteria.
    for (const std::string& z : zones)
        if (z != "global") out.push_back(m->root + "/zones.slice/zone-" + z + ".scope/payload");
    return out;
}

}  // namespace zones::zproc

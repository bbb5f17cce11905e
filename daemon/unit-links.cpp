#include "unit-links.hpp"

#include <algorithm>
#include <string_view>
#include <system_error>

#include "scope.hpp"

namespace zones::daemon {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "zone@", kSuffix = ".service";

bool is_zone_service(std::string_view name) {
    return name.size() >= kPrefix.size() + kSuffix.size() && name.substr(0, kPrefix.size()) == kPrefix &&
           name.substr(name.size() - kSuffix.size()) == kSuffix;
}

bool is_dependency_dir(std::string_view name) {
    for (std::string_view s : {".wants", ".requires", ".upholds"})
        if (name.size() > s.size() && name.substr(name.size() - s.size()) == s)
            return true;
    return false;
}

// One directory's entries about zone@ units; subdirectories are the
// caller's business (is_dependency_dir).
void scan_dir(const fs::path& dir, UnitLinks& out, std::vector<fs::path>* subdirs) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        std::error_code sec;
        const fs::file_status st = entry.symlink_status(sec);
        if (sec)
            continue;
        if (subdirs != nullptr && fs::is_directory(st) && is_dependency_dir(name)) {
            subdirs->push_back(entry.path());
            continue;
        }
        std::string target;
        if (fs::is_symlink(st)) {
            std::error_code lec;
            target = fs::read_symlink(entry.path(), lec).string();
        }
        std::string unit;
        if (is_zone_service(name))
            unit = name;
        else if (const std::string t = fs::path(target).filename().string(); is_zone_service(t))
            unit = t;   // an alias of a zone's unit
        else
            continue;
        out[unit].push_back(target.empty() ? entry.path().string()
                                           : entry.path().string() + " -> " + target);
    }
}

}  // namespace

std::vector<fs::path> unit_config_dirs() {
    return {"/etc/systemd/system", "/run/systemd/system"};
}

UnitLinks scan_unit_links(const std::vector<fs::path>& dirs) {
    UnitLinks out;
    for (const fs::path& dir : dirs) {
        std::vector<fs::path> subdirs;
        scan_dir(dir, out, &subdirs);
        for (const fs::path& sub : subdirs)
            scan_dir(sub, out, nullptr);
    }
    for (auto& [unit, entries] : out)
        std::sort(entries.begin(), entries.end());
    return out;
}

std::vector<std::string> changed_units(const UnitLinks& before, const UnitLinks& after) {
    std::vector<std::string> out;
    auto b = before.begin(), a = after.begin();
    while (b != before.end() || a != after.end()) {
        if (a == after.end() || (b != before.end() && b->first < a->first)) {
            out.push_back(b->first);   // all its entries are gone
            ++b;
        } else if (b == before.end() || a->first < b->first) {
            out.push_back(a->first);   // it has entries now
            ++a;
        } else {
            if (a->second != b->second)
                out.push_back(a->first);
            ++a;
            ++b;
        }
    }
    return out;
}

std::optional<std::string> zone_of_service_unit(const std::string& unit) {
    if (!is_zone_service(unit) || unit == kZoneServiceTemplate)
        return std::nullopt;
    const std::string escaped = unit.substr(kPrefix.size(), unit.size() - kPrefix.size() - kSuffix.size());
    std::string name = unit_unescape(escaped);
    // zone_service_unit(name) must give the unit back: how we name them.
    if ("zone-" + escaped + ".scope" != zone_scope_unit(name))
        return std::nullopt;
    return name;
}

}  // namespace zones::daemon

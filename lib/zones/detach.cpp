#include "zones/detach.hpp"

#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "zones/file_util.hpp"
#include "zones/idmap.hpp"
#include "zones/xml.hpp"

namespace zones::detach {

namespace fs = std::filesystem;

namespace {

constexpr const char* kElement = "detached";

// One KEY=value of os-release(5), quotes removed.
std::string os_release_value(const std::string& text, std::string_view key) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != '=') continue;
        std::string v = line.substr(key.size() + 1);
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
            v = v.substr(1, v.size() - 2);
        return v;
    }
    return {};
}

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool has_ipd(const ZoneConfig& c, const std::string& dir) {
    return std::any_of(c.ipds.begin(), c.ipds.end(), [&](const InheritPkgDir& i) { return i.dir == dir; });
}

}  // namespace

HostFacts this_host() {
    HostFacts h;
    std::string text;
    for (const char* p : {"/etc/os-release", "/usr/lib/os-release"}) {
        try {
            if (auto t = fsutil::read_file(p, 64 * 1024)) {
                text = *t;
                break;
            }
        } catch (const ZoneError&) {
        }
    }
    h.os_id = os_release_value(text, "ID");
    h.os_version = os_release_value(text, "VERSION_ID");
    struct utsname u {};
    if (::uname(&u) == 0) h.arch = u.machine;
    h.is_dir = [](const std::string& dir) {
        struct stat st {};
        return ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    };
    return h;
}

Manifest make(const ZoneConfig& cfg, const std::string& uuid, std::optional<std::uint32_t> idbase,
              const HostFacts& host) {
    Manifest m;
    m.config = cfg;
    m.ours = true;
    m.uuid = uuid;
    m.idbase = idbase;
    m.os_id = host.os_id;
    m.os_version = host.os_version;
    m.arch = host.arch;
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) == 0) m.host = name;
    m.time = utc_now();
    return m;
}

std::string to_xml(const Manifest& m) {
    pugi::xml_document doc;
    const std::string cfg = zones::to_xml(m.config);
    if (!doc.load_buffer(cfg.data(), cfg.size(), pugi::parse_default | pugi::parse_doctype | pugi::parse_comments |
                                                     pugi::parse_declaration,
                         pugi::encoding_utf8))
        throw ZoneError(ErrorKind::Internal, "cannot build the detach manifest");
    pugi::xml_node d = doc.child("zone").append_child(kElement);
    d.append_attribute("version") = "1";
    auto attr = [&](const char* name, const std::string& v) {
        if (!v.empty()) d.append_attribute(name) = v.c_str();
    };
    attr("uuid", m.uuid);
    attr("idbase", m.idbase ? std::to_string(*m.idbase) : std::string());
    attr("os-id", m.os_id);
    attr("os-version", m.os_version);
    attr("arch", m.arch);
    attr("host", m.host);
    attr("time", m.time);
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

Manifest parse(std::string_view text, const std::string& origin) {
    Manifest m;
    try {
        m.config = zones::from_xml(text, origin);
    } catch (const ZoneError& e) {
        throw ZoneError(ErrorKind::Invalid, e.what());
    }
    pugi::xml_document doc;
    doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    pugi::xml_node d = doc.child("zone").child(kElement);
    if (!d) return m;
    m.ours = true;
    m.uuid = d.attribute("uuid").value();
    const std::string base = d.attribute("idbase").value();
    if (!base.empty()) {
        m.idbase = idmap::parse_root_base(base);
        if (!m.idbase)
            throw ZoneError(ErrorKind::Invalid, fmt::format("{}: invalid idbase {}", origin, base));
    }
    m.os_id = d.attribute("os-id").value();
    m.os_version = d.attribute("os-version").value();
    m.arch = d.attribute("arch").value();
    m.host = d.attribute("host").value();
    m.time = d.attribute("time").value();
    return m;
}

std::vector<std::string> check(const Manifest& m, const ZoneConfig* configured, const HostFacts& here) {
    std::vector<std::string> out;
    const ZoneConfig& cfg = configured != nullptr ? *configured : m.config;
    if (!known_brand(m.config.brand))
        out.push_back(fmt::format("the detached zone's brand {} is not known here", m.config.brand));
    else if (configured != nullptr && configured->brand != m.config.brand)
        out.push_back(fmt::format("the detached zone's brand is {}, the configured brand is {}.",
                                  m.config.brand, configured->brand));
    if (!m.arch.empty() && !here.arch.empty() && m.arch != here.arch)
        out.push_back(fmt::format("the detached zone was made for {}, this host is {}.", m.arch, here.arch));
    // A sparse zone's /etc was seeded for its host's packages; it runs
    // this host's /usr from now on.
    if (cfg.brand != kWholeRootBrand && !m.os_id.empty() &&
        (m.os_id != here.os_id || m.os_version != here.os_version))
        out.push_back(fmt::format("the detached zone's /etc was made for {} {}, this host runs {} {}.", m.os_id,
                                  m.os_version, here.os_id.empty() ? "an unknown system" : here.os_id,
                                  here.os_version));
    for (const InheritPkgDir& ipd : m.config.ipds) {
        if (configured != nullptr && !has_ipd(*configured, ipd.dir))
            out.push_back(fmt::format("inherit-pkg-dir '{}' is not configured in zone {}.", ipd.dir, cfg.name));
    }
    for (const InheritPkgDir& ipd : cfg.ipds)
        if (!here.is_dir(ipd.dir))
            out.push_back(fmt::format("inherit-pkg-dir '{}' does not exist on this host.", ipd.dir));
    return out;
}

std::string check_root_owner(const Manifest& m, const fs::path& zonepath) {
    const fs::path root = zonepath / "root";
    struct stat st {};
    if (::lstat(root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return fmt::format("{} is not a zone root to attach.", root.string());
    const std::uint64_t uid = st.st_uid;
    if (m.idbase) {
        if (uid < 65536 || (uid >= *m.idbase && uid - *m.idbase < 65536)) return {};
        return fmt::format("{} is owned by {}, outside the detached zone's id range {}-{}.", root.string(), uid,
                           *m.idbase, *m.idbase + 65535ULL);
    }
    if (uid < 65536) return {};
    return fmt::format("{} is owned by {}, but the manifest records no id range.", root.string(), uid);
}

}  // namespace zones::detach

// zoneadm detach [-n] and attach [-F] [-n path]: an installed (halted)
// zone leaves this host's books (configured) with a manifest in its
// zonepath (zones/detach.hpp) that lets this host or another take the
// zonepath back as installed after checking it. illumos detach_func and
// attach_func; attach also turns an unavailable zone (mark unavailable)
// back into an installed one after the same checks, as Solaris 11 does.
#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

#include "log.hpp"
#include "manager.hpp"
#include "manager-rules.hpp"
#include "sys/mountinfo.hpp"
#include "zones/detach.hpp"
#include "zones/idmap.hpp"

namespace zones::daemon {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxManifest = 1024 * 1024;

// Mount points at or below `dir`, from our mount table.
std::vector<std::string> mounts_below(const std::string& dir) {
    std::vector<std::string> out;
    std::ifstream in("/proc/self/mountinfo");
    sys::MountInfo m;
    for (std::string line; std::getline(in, line);) {
        if (!sys::parse_mountinfo(line, m)) continue;
        const std::string mp = sys::unescape_mountinfo(m.point);
        if (mp == dir || (mp.size() > dir.size() && mp.compare(0, dir.size(), dir) == 0 && mp[dir.size()] == '/'))
            out.push_back(mp);
    }
    return out;
}

bool valid_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (s[i] == '-')) return false;
        if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

std::string problems_text(const std::string& zone, const std::vector<std::string>& problems) {
    std::string out;
    for (const std::string& p : problems) out += (out.empty() ? "" : "\n") + fmt::format("zone '{}': {}", zone, p);
    return out;
}

}  // namespace

std::string Manager::detach(const std::string& name, bool dry_run) {
    const ZoneInfo z = current(name);
    const ZoneConfig cfg = store_.load(name);
    std::optional<std::uint32_t> base = idmap::read_root_base(cfg.zonepath);
    if (!base) base = idmap::lookup(store_.zones_dir(), name);
    const detach::Manifest m = detach::make(cfg, z.uuid, base, detach::this_host());
    if (dry_run) return detach::to_xml(m);

    refuse_busy(name);
    refuse_active(z, "detach");
    if (!has_root(z.state)) throw in_zone(ErrorKind::InvalidState, name, "must be installed before detach.");
    if (const auto mps = mounts_below(cfg.zonepath); !mps.empty()) {
        std::string text = fmt::format("zone '{}': These file systems are mounted on subdirectories of {}.",
                                       name, cfg.zonepath);
        for (const std::string& mp : mps) text += "\n  " + mp;
        throw ZoneError(ErrorKind::InvalidState, text);
    }
    try {
        // The zonepath describes itself even without the manifest.
        idmap::write_root_base(cfg.zonepath, base);
        fsutil::write_file_atomic(cfg.zonepath, detach::kManifest, detach::to_xml(m));
    } catch (const ZoneError& e) {
        throw in_zone(ErrorKind::Internal, name, fmt::format("saving the detach manifest failed: {}", e.what()));
    }
    change_state(name, ZoneState::Configured, "");
    // The files keep their owners (the manifest says which range): the
    // range itself goes back to the pool, as at uninstall.
    release_id_range(name);
    log_info(name, fmt::format("detached; manifest {}/{}", cfg.zonepath, detach::kManifest));
    return {};
}

std::vector<std::string> Manager::attach(const std::string& name, bool force) {
    const ZoneInfo z = current(name);
    refuse_busy(name);
    refuse_active(z, "attach");
    if (z.state == ZoneState::Installed) throw in_zone(ErrorKind::InvalidState, name, "is already installed.");
    if (z.state == ZoneState::Incomplete && !force)
        throw in_zone(ErrorKind::InvalidState, name, "zone is incomplete; uninstall required.");
    const ZoneConfig cfg = store_.load(name);

    // The zonepath must be one: install's checks, the root there.
    const install::Report report =
        install::check_zonepath(cfg, ZoneState::Installed, install::Purpose::Verify, installed_zones());
    if (!report.ok())
        throw ZoneError(ErrorKind::VerifyFailed,
                        report_text(name, report) +
                            fmt::format("\ncould not verify zonepath {} because of the above errors.", cfg.zonepath));
    if (!safefs::open_host_dir(fs::path(cfg.zonepath) / "root", false))
        throw in_zone(ErrorKind::InvalidState, name, fmt::format("{}/root: no zone root to attach", cfg.zonepath));

    std::optional<std::string> text;
    try {
        text = fsutil::read_file(fs::path(cfg.zonepath) / detach::kManifest, kMaxManifest);
    } catch (const ZoneError& e) {
        throw in_zone(ErrorKind::Invalid, name, e.what());
    }
    std::optional<detach::Manifest> m;
    const std::string origin = (fs::path(cfg.zonepath) / detach::kManifest).string();
    if (text) {
        try {
            m = detach::parse(*text, origin);
        } catch (const ZoneError& e) {
            if (!force) throw in_zone(ErrorKind::Invalid, name, e.what());
        }
    }
    std::vector<std::string> lines;
    if (!force) {
        const detach::HostFacts here = detach::this_host();
        detach::Manifest check;
        if (m && m->ours) {
            check = *m;
        } else if (z.state == ZoneState::Unavailable && !m) {
            // Never detached: check it against this host as it is now.
            std::optional<std::uint32_t> base = idmap::read_root_base(cfg.zonepath);
            if (!base) base = idmap::lookup(store_.zones_dir(), name);
            check = detach::make(cfg, z.uuid, base, here);
        } else if (m) {
            throw in_zone(ErrorKind::Invalid, name,
                          fmt::format("{} is not a detach manifest of this system; attach -F attaches without "
                                      "checks",
                                      origin));
        } else {
            throw in_zone(ErrorKind::InvalidState, name,
                          fmt::format("{}: no detach manifest; attach -F attaches without checks", origin));
        }
        std::vector<std::string> problems = detach::check(check, &cfg, here);
        if (std::string p = detach::check_root_owner(check, cfg.zonepath); !p.empty()) problems.push_back(p);
        if (!problems.empty()) throw ZoneError(ErrorKind::Invalid, problems_text(name, problems));
    }

    // Where the root's owners are: the zonepath's own record, else the
    // manifest's; zoneadmd's next ready moves them into this host's range,
    // looking at every file (the root may have changed elsewhere, under
    // another clock: no stamp of a last shift holds for it).
    try {
        if (!idmap::read_root_base(cfg.zonepath) && m && m->idbase)
            idmap::write_root_base(cfg.zonepath, m->idbase);
        idmap::remove_shift_stamp(cfg.zonepath);
        if (text) {
            if (force)
                fsutil::write_file_atomic(cfg.zonepath, detach::kAttached, *text);
            fsutil::remove_file_durable(cfg.zonepath, detach::kManifest);
        }
    } catch (const ZoneError& e) {
        throw in_zone(ErrorKind::Internal, name, e.what());
    }
    std::string uuid = z.uuid;
    if (uuid.empty() && m && valid_uuid(m->uuid)) {
        uuid = m->uuid;
        for (const ZoneInfo& other : list())
            if (other.name != name && other.uuid == uuid) uuid.clear();
    }
    if (uuid.empty()) uuid = install::new_uuid();
    change_state(name, ZoneState::Installed, uuid);
    log_info(name, force ? "attached (forced, no checks)" : "attached");
    return lines;
}

std::vector<std::string> Manager::check_manifest(const std::string& xml) const {
    if (xml.size() > kMaxManifest)
        throw ZoneError(ErrorKind::Invalid, "the manifest is too large");
    detach::Manifest m;
    try {
        m = detach::parse(xml, "manifest");
    } catch (const ZoneError&) {
        throw ZoneError(ErrorKind::Invalid, "Input is not a valid XML file");
    }
    if (!m.ours)
        throw ZoneError(ErrorKind::Invalid, "the input is not a detach manifest of this system");
    const std::vector<std::string> problems = detach::check(m, nullptr, detach::this_host());
    if (!problems.empty()) throw ZoneError(ErrorKind::Invalid, problems_text(m.config.name, problems));
    return {};
}

}  // namespace zones::daemon

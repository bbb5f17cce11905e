// zoneadm clone [-m copy] [-s snapshot] SOURCE: a configured zone gets a
// copy of an installed (halted) zone's root, copy-on-write where the file
// system has reflinks, and an identity of its own (name, machine-id, ssh
// host keys; its own id range at its first ready, which moves the
// copied owners out of the source's range). illumos clone_func's rules
// and messages; the zone goes configured -> incomplete -> installed and
// stays incomplete if the copy fails.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "log.hpp"
#include "manager.hpp"
#include "manager-rules.hpp"
#include "zones/clone.hpp"
#include "zones/idmap.hpp"

namespace zones::daemon {
namespace {

namespace fs = std::filesystem;

bool has_ipd(const ZoneConfig& c, const std::string& dir) {
    return std::any_of(c.ipds.begin(), c.ipds.end(), [&](const InheritPkgDir& i) { return i.dir == dir; });
}

std::string bare_address(std::string a) {
    if (auto slash = a.find('/'); slash != std::string::npos) a.erase(slash);
    return a;
}

// illumos validate_clone: the same brand and inherited directories, and
// warnings for what both zones would share.
void validate_clone(const ZoneConfig& s, const ZoneConfig& t, std::vector<std::string>& warnings) {
    if (s.brand != t.brand)
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("Zones '{}' and '{}' have different brand types.", s.name, t.name));
    std::string missing;
    for (const InheritPkgDir& ipd : s.ipds)
        if (!has_ipd(t, ipd.dir))
            missing += fmt::format("{}inherit-pkg-dir '{}' is not configured in zone {}.",
                                   missing.empty() ? "" : "\n", ipd.dir, t.name);
    if (!missing.empty()) throw ZoneError(ErrorKind::Invalid, missing);
    if (t.ipds.size() != s.ipds.size())
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("Zone {} is configured with inherit-pkg-dirs that are not configured in zone {}.",
                                    t.name, s.name));
    for (const Fs& tf : t.fs)
        for (const Fs& sf : s.fs)
            if (tf.special == sf.special) {
                const bool ro = [](const Fs& f) {
                    return std::find(f.options.begin(), f.options.end(), "ro") != f.options.end();
                }(tf) && std::find(sf.options.begin(), sf.options.end(), "ro") != sf.options.end();
                if (tf.type == "lofs" && ro) break;
                warnings.push_back(tf.type == "lofs"
                                       ? fmt::format("WARNING: read-write lofs file system on '{}' is configured in "
                                                     "both zones.",
                                                     tf.special)
                                       : fmt::format("WARNING: {} file system on '{}' is configured in both zones.",
                                                     tf.type, tf.special));
                break;
            }
    for (const Net& tn : t.nets)
        for (const Net& sn : s.nets)
            if (!tn.address.empty() && bare_address(tn.address) == bare_address(sn.address)) {
                warnings.push_back(fmt::format("WARNING: network address '{}' is configured in both zones.",
                                               bare_address(tn.address)));
                break;
            }
    for (const Device& td : t.devices)
        for (const Device& sd : s.devices)
            if (td.match == sd.match) {
                warnings.push_back(fmt::format("WARNING: device '{}' is configured in both zones.", td.match));
                break;
            }
}

}  // namespace

std::vector<std::string> Manager::clone(const std::string& name, const std::string& source,
                                        const std::vector<std::string>& args) {
    const ZoneInfo z = current(name);
    refuse_busy(name);
    refuse_active(z, "clone");
    if (z.state == ZoneState::Incomplete)
        throw in_zone(ErrorKind::InvalidState, name, "zone is incomplete; uninstall required.");
    if (has_root(z.state))
        throw in_zone(ErrorKind::InvalidState, name, "is already installed.");

    bool force_copy = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if (args[i] == "-m" && has_value && args[i + 1] == "copy") {
            force_copy = true;
            ++i;
        } else if (args[i] == "-s" && has_value) {
            throw in_zone(ErrorKind::Invalid, name,
                          fmt::format("-s {}: there are no ZFS snapshots here; clone copies the source "
                                      "(by reflink where its file system allows)",
                                      args[i + 1]));
        } else {
            throw in_zone(ErrorKind::Invalid, name,
                          fmt::format("clone: unexpected argument '{}' (clone [-m copy] zonename)", args[i]));
        }
    }

    if (source == "global")
        throw in_zone(ErrorKind::Invalid, name, "clone operation is invalid for the global zone.");
    if (source.rfind("SUNW", 0) == 0)
        throw in_zone(ErrorKind::Invalid, name, "clone operation is invalid for zones starting with SUNW.");
    ZoneInfo s;
    try {
        s = current(source);
    } catch (const ZoneError& e) {
        if (e.kind() != ErrorKind::NoSuchZone) throw;
        throw ZoneError(ErrorKind::NoSuchZone,
                        fmt::format("{}: could not get state: No such zone configured", shown_name(source)));
    }
    if (s.state >= ZoneState::Ready)
        throw in_zone(ErrorKind::InvalidState, name,
                      fmt::format("clone operation is invalid for {} zones.", state_name(s.state)));
    if (s.state != ZoneState::Installed)
        throw ZoneError(ErrorKind::InvalidState, fmt::format("zone {} is {}; installed is required.",
                                                             shown_name(source), state_name(s.state)));

    const ZoneConfig tcfg = store_.load(name);
    const ZoneConfig scfg = store_.load(source);
    std::vector<std::string> lines;
    validate_clone(scfg, tcfg, lines);
    const install::Report report =
        install::verify_zone(tcfg, z.state, install::Purpose::Install, installed_zones());
    if (!report.ok()) throw ZoneError(ErrorKind::VerifyFailed, report_text(name, report));
    for (const std::string& w : report.warnings) lines.push_back(w);

    // The source stays as it is while we read it: its verbs wait.
    BusyClaim claim(*this, source);
    if (const ZoneInfo again = current(source); again.state != ZoneState::Installed)
        throw ZoneError(ErrorKind::InvalidState, fmt::format("zone {} is {}; installed is required.",
                                                             shown_name(source), state_name(again.state)));

    change_state(name, ZoneState::Incomplete, "");
    try {
        auto src_fd = safefs::open_host_dir(fs::path(scfg.zonepath) / "root", false);
        if (!src_fd) throw ZoneError(ErrorKind::Internal, fmt::format("{}/root: no zone root", scfg.zonepath));
        const safefs::RootDir src(std::move(*src_fd), fs::path(scfg.zonepath) / "root");

        auto zp = safefs::open_host_dir(tcfg.zonepath, true, 0700);
        if (!zp) throw ZoneError(ErrorKind::Internal, fmt::format("{}: cannot create", tcfg.zonepath));
        const fs::path root_path = fs::path(tcfg.zonepath) / "root";
        if (::mkdirat(zp->get(), "root", 0755) != 0 && errno != EEXIST) fsutil::throw_errno(root_path, errno);
        safefs::Fd dst_fd(::openat(zp->get(), "root", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!dst_fd) fsutil::throw_errno(root_path, errno);
        const safefs::RootDir dst(std::move(dst_fd), root_path);

        struct stat ss {}, ds {};
        ::fstat(src.fd(), &ss);
        ::fstat(dst.fd(), &ds);
        const std::string fstype = install::fs_type_name(dst.fd());
        install::CopyMethod method = install::CopyMethod::Copy;
        if (force_copy) {
            lines.push_back(fmt::format("Copying {}...", scfg.zonepath));
        } else if (install::reflinks_work(src.fd(), dst.fd())) {
            method = install::CopyMethod::Reflink;
            lines.push_back(fmt::format("Cloning {} by reflink ({}: the clone shares the data until either zone "
                                        "writes it)...",
                                        scfg.zonepath, fstype));
        } else if (ss.st_dev != ds.st_dev) {
            lines.push_back(fmt::format("Copying {} (another file system than {})...", scfg.zonepath, tcfg.zonepath));
        } else {
            lines.push_back(fmt::format("Copying {} ({} has no reflinks)...", scfg.zonepath, fstype));
        }
        log_info(name, fmt::format("cloning {} from {}: {}", tcfg.zonepath, source, lines.back()));
        install::copy_contents(src, dst, method);

        // The copied owners carry the source's range until the clone's
        // first ready moves them into its own.
        std::optional<std::uint32_t> base = idmap::read_root_base(scfg.zonepath);
        if (!base) base = idmap::lookup(store_.zones_dir(), source);
        idmap::write_root_base(tcfg.zonepath, base);
        if (std::string w = install::renew_identity(dst, tcfg, source); !w.empty()) lines.push_back(w);
    } catch (const ZoneError& e) {
        log_error(name, fmt::format("clone failed: {}", e.what()));
        throw in_zone(e.kind() == ErrorKind::Invalid ? ErrorKind::Invalid : ErrorKind::Internal, name, e.what());
    }
    change_state(name, ZoneState::Installed, install::new_uuid());
    log_info(name, fmt::format("installed as a clone of {}", source));
    return lines;
}

}  // namespace zones::daemon

// install, uninstall, mark incomplete and verify of the Manager model: the
// illumos state rules (illumos-reference §1.2/§1.3) around lib/zones'
// install*. The index says configured -> incomplete -> installed; a
// failure half-way leaves incomplete, which only uninstall clears.
#include <fmt/format.h>

#include "log.hpp"
#include "zones/idmap.hpp"
#include "manager.hpp"
#include "scope.hpp"
#include "manager-rules.hpp"

namespace zones::daemon {

ZoneInfo Manager::current(const std::string& name) {
    if (!valid_zone_name(name))
        throw ZoneError(ErrorKind::NoSuchZone,
                        fmt::format("{}: No such zone configured", shown_name(name)));
    {
        std::lock_guard lock(write_mu_);
        refresh_one_locked(name);
    }
    if (auto z = find(name))
        return *z;
    throw ZoneError(ErrorKind::NoSuchZone,
                    fmt::format("{}: No such zone configured", shown_name(name)));
}

void Manager::change_state(const std::string& name, ZoneState state, const std::string& uuid) {
    std::lock_guard lock(write_mu_);
    store_.set_state(name, state, uuid);
    refresh_one_locked(name);
}

std::vector<install::OtherZone> Manager::installed_zones() const {
    std::vector<install::OtherZone> out;
    // Every boot verifies against all zones: a file is looked at again
    // only when the watch saw it change (a parse of each cost 5 ms beside
    // 300 zones).
    std::lock_guard lock(cache_mu_);
    take_changes();
    for (const IndexEntry& e : store_.list()) {
        // Every configured zone, for verify_net's address collision check;
        // only installed ones count for the zonepath checks.
        out.push_back({e.name, e.zonepath});
        out.back().installed = has_root(e.state);
        if (const ZoneConfig* c = cached_config(e.name)) {
            out.back().ip_type = c->ip_type;
            out.back().nets = c->nets;
        }
    }
    return out;
}

void Manager::install(const std::string& name, const std::vector<std::string>& args,
                      bool paths) {
    const ZoneInfo z = current(name);
    refuse_busy(name);
    refuse_active(z, "install");
    if (z.state == ZoneState::Incomplete)
        throw in_zone(ErrorKind::InvalidState, name, "zone is incomplete; uninstall required.");
    if (has_root(z.state))
        throw in_zone(ErrorKind::InvalidState, name, "is already installed.");

    const ZoneConfig cfg = store_.load(name);
    install::Options options;
    try {
        options = install::parse_install_args(cfg, args);
    } catch (const ZoneError& e) {
        throw in_zone(e.kind(), name, e.what());
    }
    // zonesd reads the archive or tree as root: a delegated administrator
    // must not make it copy what he cannot read himself into his zone.
    if (!paths && (!options.archive.empty() || !options.directory.empty()))
        throw in_zone(ErrorKind::AccessDenied, name,
                      "only a privileged user may install from an archive or a directory.");
    const install::Report report =
        install::verify_zone(cfg, z.state, install::Purpose::Install, installed_zones());
    if (!report.ok())
        throw ZoneError(ErrorKind::VerifyFailed, report_text(name, report));

    change_state(name, ZoneState::Incomplete, "");
    log_info(name, fmt::format("installing into {}", cfg.zonepath));
    try {
        install::Host host;
        host.zones_dir = store_.zones_dir();
        host.log_dir = store_.root() / "var/log/zones";
        if (have_systemd())
            host.adopt_child = [&](pid_t pid) { start_install_scope(name, pid); };
        for (const std::string& w : install::install_root(cfg, options, host))
            log_warning(name, w);
    } catch (const ZoneError& e) {
        log_error(name, fmt::format("install failed: {}", e.what()));
        throw in_zone(e.kind() == ErrorKind::Invalid ? ErrorKind::Invalid : ErrorKind::Internal,
                      name, e.what());
    }
    change_state(name, ZoneState::Installed, install::new_uuid());
    log_info(name, "installed");
}

void Manager::uninstall(const std::string& name, bool /*force*/) {
    const ZoneInfo z = current(name);
    refuse_busy(name);
    refuse_active(z, "uninstall");
    if (z.state == ZoneState::Configured)
        throw in_zone(ErrorKind::InvalidState, name, "is already in state 'configured'.");

    const ZoneConfig cfg = store_.load(name);
    change_state(name, ZoneState::Incomplete, z.uuid);
    log_info(name, fmt::format("uninstalling {}/root", cfg.zonepath));
    try {
        install::uninstall_root(cfg);
    } catch (const ZoneError& e) {
        log_error(name, fmt::format("uninstall failed: {}", e.what()));
        throw in_zone(ErrorKind::Internal, name, e.what());
    }
    change_state(name, ZoneState::Configured, "");
    release_id_range(name);
    log_info(name, "uninstalled");
}

void Manager::release_id_range(const std::string& name) {
    try {
        idmap::release(store_.zones_dir(), name);
    } catch (const std::exception& e) {
        log_error(name, fmt::format("cannot release the zone's id range: {}", e.what()));
    }
}

void Manager::mark_incomplete(const std::string& name) {
    mark(name, "incomplete");
}

void Manager::mark(const std::string& name, const std::string& state) {
    const ZoneInfo z = current(name);
    refuse_busy(name);
    refuse_active(z, "mark");
    if (state == "incomplete") {
        change_state(name, ZoneState::Incomplete, z.uuid);
    } else if (state == "unavailable") {
        // Solaris 11: only an installed zone can be marked unavailable.
        if (!has_root(z.state))
            throw in_zone(ErrorKind::InvalidState, name, "must be installed before mark.");
        change_state(name, ZoneState::Unavailable, z.uuid);
    } else {
        throw in_zone(ErrorKind::Invalid, name,
                      fmt::format("mark: '{}' is not a state to mark (incomplete or unavailable)", state));
    }
    log_info(name, fmt::format("marked {}", state));
}

Manager::BusyClaim::BusyClaim(Manager& m, std::string name) : m_(m), name_(std::move(name)) {
    std::lock_guard lock(m_.busy_mu_);
    if (!m_.busy_.insert(name_).second)
        throw in_zone(ErrorKind::Busy, name_, "another zoneadm may have an operation in progress.");
}

Manager::BusyClaim::~BusyClaim() {
    std::lock_guard lock(m_.busy_mu_);
    m_.busy_.erase(name_);
}

void Manager::refuse_busy(const std::string& name) const {
    std::lock_guard lock(busy_mu_);
    if (busy_.count(name))
        throw in_zone(ErrorKind::Busy, name, "another zoneadm may have an operation in progress.");
}

std::vector<std::string> Manager::verify_zone(const std::string& name, install::Purpose purpose) const {
    if (!valid_zone_name(name))
        throw ZoneError(ErrorKind::NoSuchZone,
                        fmt::format("{}: No such zone configured", shown_name(name)));
    const auto entry = store_.entry(name);
    if (!entry)
        throw ZoneError(ErrorKind::NoSuchZone,
                        fmt::format("{}: No such zone configured", shown_name(name)));
    if (entry->state == ZoneState::Incomplete)
        throw in_zone(ErrorKind::InvalidState, name, "zone is incomplete; uninstall required.");
    const ZoneConfig cfg = store_.load(name);
    const install::Report report =
        install::verify_zone(cfg, entry->state, purpose, installed_zones());
    std::string text = report.ok() ? std::string() : report_text(name, report);
    for (const std::string& p : boot_order_problems(cfg, name))
        text += (text.empty() ? "" : "\n") + fmt::format("zone '{}': {}", name, p);
    if (!text.empty())
        throw ZoneError(ErrorKind::VerifyFailed, text);
    return report.warnings;
}

}  // namespace zones::daemon

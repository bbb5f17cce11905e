#include "manager.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "log.hpp"
#include "zones/boot_order.hpp"
#include "zones/verify.hpp"
#include "zones/xml.hpp"

namespace zones::daemon {
namespace {

ZoneError no_such_zone(std::string_view name) {
    return ZoneError(ErrorKind::NoSuchZone,
                     fmt::format("{}: No such zone configured", shown_name(name)));
}

// The name of a zone that a client wants to create or rename to.
void check_new_name(const std::string& name) {
    if (valid_zone_name(name))
        return;
    if (name.rfind("SUNW", 0) == 0)
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("{}: zones beginning with SUNW are read-only.",
                                    shown_name(name)));
    throw ZoneError(ErrorKind::Invalid, fmt::format("{}: Bogus zone name", shown_name(name)));
}

}  // namespace

Manager::Manager(const std::filesystem::path& root) : store_(root), watch_(store_.zones_dir()) {}

void Manager::refresh() {
    std::lock_guard lock(write_mu_);
    {
        // A list, a SIGHUP, the start: every file is looked at again, so
        // whatever the watch may have missed (a directory mounted over or
        // renamed) is seen by then.
        std::lock_guard cache_lock(cache_mu_);
        for (auto& [name, c] : cache_) c.trusted = false;
    }
    refresh_locked();
}

void Manager::take_changes() const {
    std::vector<std::string> changed;
    bool all = false;
    watching_ = watch_.poll(changed, all);
    if (all || !watching_)
        for (auto& [name, c] : cache_) c.trusted = false;
    for (const std::string& name : changed)
        if (auto it = cache_.find(name); it != cache_.end()) it->second.trusted = false;
}

const ZoneConfig* Manager::cached_config(const std::string& name) const {
    Cached& c = cache_[name];
    if (watching_ && c.trusted)
        return c.cfg ? &*c.cfg : nullptr;
    c.trusted = watching_;   // a change from now on is queued for take_changes
    std::optional<FileSig> sig;
    struct stat st {};
    const auto file = store_.zones_dir() / (name + ".xml");
    if (::stat(file.c_str(), &st) == 0)
        sig = FileSig{st.st_dev, st.st_ino, st.st_size, st.st_mtim};
    if (sig && c.sig == sig)
        return c.cfg ? &*c.cfg : nullptr;
    c.sig = sig;
    c.cfg.reset();
    try {
        c.cfg = store_.load(name);
    } catch (const std::exception& e) {
        // Shown once per version of the file; the zone stays listed.
        log_warning(name, fmt::format("configuration unreadable: {}", e.what()));
    }
    return c.cfg ? &*c.cfg : nullptr;
}

ZoneInfo Manager::info_of(const IndexEntry& e) const {
    ZoneInfo z = make_zone_info(e, cached_config(e.name));
    // Live states are only believed for installed zones.
    if (auto it = live_.find(e.name); it != live_.end() && e.state == ZoneState::Installed) {
        z.state = it->second.state;
        z.id = it->second.id;
    }
    return z;
}

void Manager::refresh_one_locked(const std::string& name) {
    const std::optional<IndexEntry> e = store_.entry(name);
    std::optional<ZoneInfo> before = find(name);
    if (!e || !before) {
        refresh_locked();   // added or removed behind our back
        return;
    }
    std::unique_lock cache_lock(cache_mu_);
    take_changes();
    ZoneInfo now = info_of(*e);
    cache_lock.unlock();
    if (now == *before)
        return;
    {
        std::lock_guard lock(reg_mu_);
        for (ZoneInfo& z : zones_)
            if (z.name == name) z = now;
    }
    if (listener_ != nullptr)
        listener_->zone_changed(*before, now);
}

void Manager::refresh_locked() {
    std::vector<ZoneInfo> now;
    std::unique_lock cache_lock(cache_mu_);
    take_changes();
    for (const IndexEntry& e : store_.list())
        now.push_back(info_of(e));
    // By name, so a refresh stays linear in the number of zones.
    std::unordered_map<std::string_view, const ZoneInfo*> now_by_name;
    for (const ZoneInfo& z : now) now_by_name.emplace(z.name, &z);
    std::erase_if(cache_, [&](const auto& kv) { return !now_by_name.contains(kv.first); });
    cache_lock.unlock();

    std::vector<ZoneInfo> before;
    {
        std::lock_guard lock(reg_mu_);
        std::unordered_map<std::string, std::uint64_t> generations;
        for (const ZoneInfo& z : now) {
            auto it = generations_.find(z.name);
            generations.emplace(z.name, it != generations_.end() ? it->second : ++last_generation_);
        }
        generations_.swap(generations);
        before.swap(zones_);
        zones_ = now;
    }
    if (listener_ == nullptr)
        return;
    std::unordered_map<std::string_view, const ZoneInfo*> before_by_name;
    for (const ZoneInfo& z : before) before_by_name.emplace(z.name, &z);
    // Removals first, so a rename reads as "removed old, added new".
    for (const ZoneInfo& z : before)
        if (!now_by_name.contains(z.name))
            listener_->zone_removed(z.name);
    for (const ZoneInfo& z : now) {
        auto it = before_by_name.find(z.name);
        if (it == before_by_name.end())
            listener_->zone_added(z);
        else if (!(*it->second == z))
            listener_->zone_changed(*it->second, z);
    }
}

void Manager::set_live(const std::string& name, std::optional<Live> live) {
    std::lock_guard lock(write_mu_);
    if (live)
        live_[name] = *live;
    else
        live_.erase(name);
    refresh_one_locked(name);   // at every state change: not every zone's file
}

std::vector<ZoneInfo> Manager::list() const {
    std::lock_guard lock(reg_mu_);
    return zones_;
}

std::optional<ZoneInfo> Manager::find(const std::string& name) const {
    std::lock_guard lock(reg_mu_);
    for (const ZoneInfo& z : zones_)
        if (z.name == name)
            return z;
    return std::nullopt;
}

std::uint64_t Manager::generation(const std::string& name) const {
    std::lock_guard lock(reg_mu_);
    auto it = generations_.find(name);
    return it == generations_.end() ? 0 : it->second;
}

std::string Manager::get_configuration(const std::string& name) const {
    if (!valid_zone_name(name))
        throw no_such_zone(name);
    return to_xml(store_.load(name));
}

std::string Manager::get_template(const std::string& name) const {
    if (!safe_lookup_name(name))
        throw no_such_zone(name);
    auto cfg = store_.load_template(name);
    if (!cfg)
        throw no_such_zone(name);
    return to_xml(*cfg);
}

ZoneConfig Manager::parse_client_xml(const std::string& xml) const {
    // Real configurations are a few KiB; anyone may ask for a verify, so
    // do not let them make us parse megabytes.
    constexpr std::size_t kMaxXml = 1024 * 1024;
    if (xml.size() > kMaxXml)
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("configuration: too large ({} bytes, at most {})",
                                    xml.size(), kMaxXml));
    try {
        return from_xml(xml, "configuration");
    } catch (const ZoneError& e) {
        // Damaged is for files in the store; bad input is the caller's.
        throw ZoneError(ErrorKind::Invalid, e.what());
    }
}

std::vector<std::string> Manager::verify(const std::string& xml) const {
    return verify_config(parse_client_xml(xml));
}

std::string Manager::name_in(const std::string& xml) const {
    // Cheap and bounded: it runs before anyone is authorized.
    if (xml.size() > 64 * 1024)
        return {};
    try {
        return from_xml(xml, "configuration").name;
    } catch (const std::exception&) {
        return {};
    }
}

ZoneInfo Manager::set_configuration(const std::string& old_name, const std::string& xml) {
    if (!old_name.empty() && !valid_zone_name(old_name))
        throw no_such_zone(old_name);

    ZoneConfig cfg = parse_client_xml(xml);
    check_new_name(cfg.name);
    if (!old_name.empty()) refuse_busy(old_name);
    if (auto reasons = verify_config(cfg); !reasons.empty()) {
        std::string msg = fmt::format("Zone {} failed to verify", cfg.name);
        for (const std::string& r : reasons)
            msg += "\n" + r;
        throw ZoneError(ErrorKind::VerifyFailed, msg);
    }

    std::lock_guard lock(write_mu_);
    if (auto problems = boot_order_problems(cfg, old_name); !problems.empty()) {
        std::string msg = fmt::format("Zone {} failed to verify", cfg.name);
        for (const std::string& p : problems)
            msg += "\n" + p;
        throw ZoneError(ErrorKind::VerifyFailed, msg);
    }
    std::string saved_as;      // the name the store knows it by now
    if (old_name.empty()) {
        // zonecfg "create -F" over an existing zone commits with no old name.
        if (auto existing = store_.entry(cfg.name)) {
            if (has_root(existing->state))
                throw ZoneError(ErrorKind::InvalidState,
                                fmt::format("Zone {} already installed; create not allowed.",
                                            cfg.name));
            saved_as = cfg.name;
        }
    } else {
        auto existing = store_.entry(old_name);
        if (!existing)
            throw no_such_zone(old_name);
        saved_as = old_name;
        if (cfg.name != old_name) {
            if (existing->state >= ZoneState::Ready)
                throw ZoneError(ErrorKind::InvalidState,
                                fmt::format("Zone {} already {}; set zonename not allowed.",
                                            old_name, state_name(existing->state)));
            if (store_.entry(cfg.name))
                throw ZoneError(ErrorKind::Invalid,
                                fmt::format("{}: Zone name already in use", cfg.name));
        }
        if (has_root(existing->state)) {
            const ZoneConfig before = store_.load(old_name);
            for (auto [prop, changed] : {std::pair{"zonepath", before.zonepath != cfg.zonepath},
                                         std::pair{"brand", before.brand != cfg.brand}})
                if (changed)
                    throw ZoneError(ErrorKind::InvalidState,
                                    fmt::format("Zone {} already installed; set {} not allowed.",
                                                old_name, prop));
        }
    }

    store_.save(cfg, saved_as);
    if (saved_as.empty())
        log_info(cfg.name, "zone configured");
    else if (saved_as != cfg.name)
        log_info(saved_as, fmt::format("renamed to {}", cfg.name));
    else
        log_info(cfg.name, "configuration changed");

    refresh_locked();
    std::lock_guard reg(reg_mu_);
    for (const ZoneInfo& z : zones_)
        if (z.name == cfg.name)
            return z;
    throw ZoneError(ErrorKind::Internal,
                    fmt::format("{}: saved but missing from the index", cfg.name));
}

std::vector<std::string> Manager::boot_order_problems(const ZoneConfig& cfg,
                                                      const std::string& as) const {
    boot_order::Entry self = boot_order::entry_of(cfg);
    if (self.after.empty())
        return {};      // a zone with no dependency closes no cycle
    std::vector<boot_order::Entry> all{self};
    std::lock_guard lock(cache_mu_);   // each file parsed again only when it changed
    take_changes();
    for (const IndexEntry& e : store_.list()) {
        if (e.name == cfg.name || e.name == as)
            continue;
        if (const ZoneConfig* c = cached_config(e.name))
            all.push_back(boot_order::entry_of(*c));
        else
            all.push_back(boot_order::Entry{e.name, 0, {}});   // damaged: known, no edges
    }
    return boot_order::check_graph(all, cfg.name);
}

void Manager::delete_configuration(const std::string& name, bool force) {
    if (!valid_zone_name(name))
        throw no_such_zone(name);
    refuse_busy(name);

    std::lock_guard lock(write_mu_);
    auto existing = store_.entry(name);
    if (!existing)
        throw no_such_zone(name);
    if (!force && existing->state != ZoneState::Configured)
        throw ZoneError(ErrorKind::InvalidState,
                        fmt::format("Zone {} not in configured state; delete not allowed.  "
                                    "Use -F to force delete.",
                                    name));
    store_.remove(name);
    release_id_range(name);
    log_info(name, existing->state == ZoneState::Configured
                       ? std::string("configuration deleted")
                       : fmt::format("configuration deleted (forced, was {})",
                                     state_name(existing->state)));
    refresh_locked();
}

}  // namespace zones::daemon

// `apply`: make a ready or running zone match its configuration in the
// store without a reboot (Oracle Solaris 11's zoneadm apply). The store is
// the source of truth: it is read again, verified (libzones' rules, then
// every plugin's verify), and applied plugin by plugin; if one fails, the
// plugins already done are applied back to the old configuration, so it is
// all or nothing. What no plugin changes live (file systems, networks)
// takes effect at the next ready or boot, from the configuration kept here.
#include <fmt/format.h>

#include "log.hpp"
#include "zone_platform.hpp"
#include "zones/store.hpp"
#include "zones/verify.hpp"

namespace zones::zoneadmd {

std::string ZonePlatform::apply() {
    ZoneConfig next;
    try {
        next = Store(p_.store_root).load(p_.zone);
    } catch (const ZoneError& e) {
        return fmt::format("zone '{}': apply: {}", p_.zone, e.what());
    }
    if (auto reasons = verify_config(next); !reasons.empty())
        return fmt::format("zone '{}': apply: {}", p_.zone, fmt::join(reasons, "; "));
    const Context now = context();
    const Context then{p_.zone, id_, next, now.zonepath, now.root, now.run_dir, now.ns, now.payload_cgroups};
    auto subs = plugins_.in_order();
    for (Subsystem* s : subs)
        if (Result r = s->verify(then); !r.ok()) return r.error;
    for (std::size_t i = 0; i < subs.size(); ++i) {
        Result r = subs[i]->apply(now, next);
        if (r.ok()) continue;
        for (std::size_t j = i; j-- > 0;)
            if (Result back = subs[j]->apply(then, cfg_); !back.ok()) logf(3, "apply: undo: {}", back.error);
        logf(4, "{}", r.error);
        return r.error;
    }
    cfg_ = std::move(next);
    log_.notice("Zone configuration applied");
    logf(6, "configuration applied");
    return {};
}

}  // namespace zones::zoneadmd

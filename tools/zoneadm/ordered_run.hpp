// `zoneadm boot -a` and `zoneadm shutdown -a`: many zones in the order of
// their boot priorities and boot-after dependencies
// (zones/boot_order.hpp), never more than `jobs` at a time, each on its
// own bus connection. Every start and end goes to the journal as one
// structured entry:
//   ZONE=NAME  ZONES_RUN=boot|shutdown
//   ZONES_EVENT=start|done|failed|skipped  ZONES_IN_FLIGHT=N  ZONES_JOBS=N
//   ZONES_PRIORITY=<effective priority>
// so the order and the overlap can be read back (journalctl -o json).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "zoneadm.hpp"
#include "zones/boot_order.hpp"

namespace zones::zoneadm {

struct LiveZone {
    boot_order::Entry entry;
    std::string state;          // ListZones' state
    bool autoboot = false;
};

// Every zone but the global one, with its boot-priority, boot-after and
// autoboot from its configuration. A zone whose configuration cannot be
// read keeps the defaults (it is still booted or halted).
std::vector<LiveZone> zones_with_order(Context& ctx);

struct RunOutcome {
    std::vector<std::string> failed;    // zones that failed or were skipped
    std::size_t done = 0;
};

// Run `act(bus, zone)` over the scheduler's zones. act returns the
// service's notice or throws ZoneError. Failures are printed (when stderr
// is not the journal) and logged; nothing throws.
RunOutcome run_ordered(Context& ctx, boot_order::Scheduler& scheduler, const char* run,
                       unsigned jobs,
                       const std::function<std::string(const client::Bus&, const std::string&)>& act);

// kOk when nothing failed, else kErr after "zoneadm: N of TOTAL zones WHAT".
int run_status(const Context& ctx, const RunOutcome& out, std::size_t total, const char* what);

// Parse -j/-t values: a whole number in [1, max]; nullopt otherwise.
std::optional<unsigned> parse_count(const char* text, unsigned max);

}  // namespace zones::zoneadm

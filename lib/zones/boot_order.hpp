// Ordered autoboot: a zone's boot priority and the zones it boots after,
// from two attrs of its configuration (illumos has no such property):
//
//   add attr; set name=boot-priority; set type=int; set value=10; end
//   add attr; set name=boot-after; set type=string; set value=db,ldap; end
//
// Higher priority boots first (default 0); a zone boots only once every
// zone it boots after is running. A zone that others boot after inherits
// the highest priority among them (so a dependency never waits behind its
// own dependents). Halting goes the other way round.
//
// Pure: the checks verify runs, and the scheduler `zoneadm boot -a` and
// `zoneadm shutdown -a` drive (which zone may start now), with no I/O.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zones/config.hpp"

namespace zones::boot_order {

inline constexpr std::string_view kPriorityAttr = "boot-priority";
inline constexpr std::string_view kAfterAttr = "boot-after";

// What the scheduler needs of one zone.
struct Entry {
    std::string name;
    int priority = 0;
    std::vector<std::string> after;     // zones that must be running first
    bool operator==(const Entry&) const = default;
};

// The zone's entry; values verify refuses read as the default (priority 0,
// names that are not zone names skipped).
Entry entry_of(const ZoneConfig& cfg);

// verify_config's part: the two attrs of one configuration, each problem
// one line ("attr boot-priority: type must be int", "attr boot-after:
// 'x y' is not a zone name", "attr boot-after: a zone cannot boot after
// itself").
void check_attrs(const ZoneConfig& cfg, std::vector<std::string>& out);

// The dependencies among zones: for every zone named in `only` (or every
// zone when `only` is empty), one line per dependency on a zone that is
// not configured ("attr boot-after: zone 'db' is not configured") and one
// line per cycle through it ("attr boot-after: dependency cycle: a -> b -> a").
std::vector<std::string> check_graph(const std::vector<Entry>& all, std::string_view only = {});

// Which zone may start now, for a run over a set of zones.
//   Boot: best effective priority first; a zone starts when every zone of
//         a better effective priority has finished (booted or failed) and
//         every zone it boots after is running. A zone whose dependency
//         failed, is not configured, or is not running and not in the set,
//         fails without being started, with a line saying why.
//   Stop: the reverse: worst effective priority first; a zone stops once
//         every zone of a worse effective priority and every zone that
//         boots after it has finished. Failures do not hold anything up.
// Ties go by name (stop: reversed), so a schedule is deterministic.
class Scheduler {
public:
    enum class Direction { Boot, Stop };
    // `running`: zones outside `zones` that count as running (Boot: a
    // dependency on one of them is met).
    Scheduler(std::vector<Entry> zones, Direction direction,
              const std::set<std::string>& running = {});

    // The next zone that may start now, nullopt if none may yet.
    std::optional<std::string> next();
    // A started zone ended (ok: booted/stopped). Zones that can no longer
    // boot because of it are failed; take them with take_failed().
    void finish(const std::string& name, bool ok);
    // Zones failed without being started since the last call, with why
    // ("not booted: it boots after zone 'a', which failed to boot").
    std::vector<std::pair<std::string, std::string>> take_failed();

    bool done() const { return unfinished_ == 0; }
    std::size_t started() const { return started_count_; }
    // After priority inheritance.
    int effective_priority(const std::string& name) const;

private:
    enum class State { Waiting, Started, Ok, Failed };
    struct Node {
        Entry entry;
        int effective = 0;
        State state = State::Waiting;
        std::vector<std::size_t> deps;        // in-set zones it boots after
        std::vector<std::size_t> dependents;  // in-set zones that boot after it
    };
    void fail(std::size_t i, std::string why, bool propagate = true);
    // Boot: the waiting zones that boot after zone i fail ("... which WHAT").
    void fail_dependents(std::size_t i, std::string_view what);
    bool finished(std::size_t i) const {
        return nodes_[i].state == State::Ok || nodes_[i].state == State::Failed;
    }

    Direction direction_;
    std::vector<Node> nodes_;
    std::map<std::string, std::size_t> index_;
    std::map<int, std::size_t> unfinished_by_priority_;
    std::size_t unfinished_ = 0;
    std::size_t started_count_ = 0;
    std::vector<std::pair<std::string, std::string>> failed_;
};

// The schedule of a run with no limit on concurrency in which every zone
// starts and finishes at once, successfully: the zones in waves, each wave
// what may start together. What `zoneadm boot -a` (with enough slots) does.
std::vector<std::vector<std::string>> schedule(const std::vector<Entry>& zones,
                                               Scheduler::Direction direction);

}  // namespace zones::boot_order

// The zones registry over the configuration store: what zonesd knows about
// every zone, and the configuration calls with their illumos rules and
// messages. No D-Bus here (that is manager-dbus.hpp); callers may be on any
// thread. Who may call what is decided before (authorize.hpp).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "config-watch.hpp"
#include "zone.hpp"
#include "zones/install.hpp"
#include "zones/store.hpp"

namespace zones::daemon {

// Told about every change of the registry, in order, one call at a time.
class ManagerListener {
public:
    virtual ~ManagerListener() = default;
    virtual void zone_added(const ZoneInfo& zone) = 0;
    virtual void zone_removed(const std::string& name) = 0;
    virtual void zone_changed(const ZoneInfo& before, const ZoneInfo& now) = 0;
};

class Manager {
public:
    explicit Manager(const std::filesystem::path& root);

    // Set once, before the first refresh; called under the write lock.
    void set_listener(ManagerListener* listener) { listener_ = listener; }

    // Re-read the store and tell the listener what changed (zones added or
    // removed by hand, a SIGHUP). Cheap: XML files are re-read only when
    // their stat signature changed.
    void refresh();

    std::vector<ZoneInfo> list() const;                 // index order
    std::optional<ZoneInfo> find(const std::string& name) const;
    // Which zone of that name this is: a number given when the name
    // appears in the registry (made, or renamed to), kept while it stays;
    // 0 when there is none. A call authorized for one zone checks it still
    // names the same zone when its turn comes.
    std::uint64_t generation(const std::string& name) const;

    // Each throws ZoneError with the illumos line.
    std::string get_configuration(const std::string& name) const;
    std::string get_template(const std::string& name) const;
    std::vector<std::string> verify(const std::string& xml) const;
    // Returns the zone as saved (its name may differ from old_name).
    ZoneInfo set_configuration(const std::string& old_name, const std::string& xml);
    void delete_configuration(const std::string& name, bool force);
    // The name a configuration would be saved as ("" if it cannot be read):
    // what a new zone's authorization is about.
    std::string name_in(const std::string& xml) const;

    // The zone root (manager-install.cpp), illumos rules and messages
    // ("zone 'NAME': is already installed." ...). Each runs on the zone's
    // lane of the work queue; the long part holds no lock.
    // PATHS: whether -a/-d may name files (zonesd reads them as root, so
    // only for a root caller).
    void install(const std::string& name, const std::vector<std::string>& args, bool paths);
    void uninstall(const std::string& name, bool force);
    void mark_incomplete(const std::string& name);
    // zoneadm mark incomplete|unavailable (unavailable: Oracle Solaris 11's
    // state of an installed zone not fit to boot until attach).
    void mark(const std::string& name, const std::string& state);

    // A zone's life outside running (illumos zoneadm(8)): each returns the
    // lines for the user, "WARNING: ..." ones for stderr, the others for
    // stdout (e.g. "Copying /zones/a..."). manager-clone.cpp,
    // manager-move.cpp, manager-detach.cpp. Authorized by the caller
    // (zone-calls.cpp): clone also needs the clonefrom right on `source`.
    std::vector<std::string> clone(const std::string& name, const std::string& source,
                                   const std::vector<std::string>& args);
    std::vector<std::string> move(const std::string& name, const std::string& zonepath);
    // The manifest's text for a dry run (nothing changes), else "".
    std::string detach(const std::string& name, bool dry_run);
    std::vector<std::string> attach(const std::string& name, bool force);
    // attach -n: a manifest's checks against this host; throws Invalid
    // with one line per problem.
    std::vector<std::string> check_manifest(const std::string& xml) const;

    // "zone 'NAME': another zoneadm may have an operation in progress."
    // while the zone is the source of a clone (its own lane is free then).
    void refuse_busy(const std::string& name) const;
    // The warnings; throws VerifyFailed with every line when a check fails.
    // Purpose::Boot before a ready or boot (zones/install.hpp).
    std::vector<std::string> verify_zone(const std::string& name,
                                         install::Purpose purpose = install::Purpose::Verify) const;

    // What the runtime knows about a zone whose index state is installed:
    // its live state and ID (nullopt: not ready/running). Announced like
    // every other change.
    struct Live {
        ZoneState state = ZoneState::Ready;
        std::int32_t id = -1;
        bool operator==(const Live&) const = default;
    };
    void set_live(const std::string& name, std::optional<Live> live);

    // The zone as stored (re-read) plus its live state; NoSuchZone if none.
    ZoneInfo current(const std::string& name);

    // The store, for the runtime (index states, configurations).
    const Store& store() const { return store_; }

    // The boot-after lines of verify for `cfg` among the stored zones
    // (cfg stands for the stored zone `as`, if any): a dependency on a zone
    // that is not configured, a dependency cycle (zones/boot_order.hpp).
    std::vector<std::string> boot_order_problems(const ZoneConfig& cfg,
                                                 const std::string& as) const;

private:
    struct FileSig {
        ::dev_t dev = 0;
        ::ino_t ino = 0;
        ::off_t size = 0;
        ::timespec mtime{};
        bool operator==(const FileSig& o) const {
            return dev == o.dev && ino == o.ino && size == o.size &&
                   mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
        }
    };
    struct Cached {
        std::optional<FileSig> sig;
        std::optional<ZoneConfig> cfg;   // nullopt: damaged or missing
        bool trusted = false;            // stat'ed, and the watch saw no change since
    };

    void refresh_locked();               // needs write_mu_
    // refresh_locked for one zone that stays in the store (a verb's
    // current()): its index line and file only, whatever the number of
    // zones; a zone added or removed meanwhile takes the full refresh.
    void refresh_one_locked(const std::string& name);
    ZoneInfo info_of(const IndexEntry& e) const;   // needs write_mu_ and cache_mu_
    // The zone's user-namespace id range goes back to the pool once no
    // file of the zone is left (uninstall, delete); failures only log.
    void release_id_range(const std::string& name);
    // The stored configuration of `name`, parsed again only when its file
    // changed (a stat per call); nullptr when damaged or missing. Needs
    // cache_mu_; the pointer holds while it is held.
    const ZoneConfig* cached_config(const std::string& name) const;
    // Before a round of cached_config: what the watch saw changed is no
    // longer trusted (everything, without a watch). Needs cache_mu_.
    void take_changes() const;
    ZoneConfig parse_client_xml(const std::string& xml) const;
    // Index-only state change, announced (takes write_mu_).
    void change_state(const std::string& name, ZoneState state, const std::string& uuid);
    std::vector<install::OtherZone> installed_zones() const;

    // Marks a zone busy for as long as it lives (refuse_busy).
    class BusyClaim {
    public:
        BusyClaim(Manager& m, std::string name);
        ~BusyClaim();
        BusyClaim(const BusyClaim&) = delete;
        BusyClaim& operator=(const BusyClaim&) = delete;

    private:
        Manager& m_;
        std::string name_;
    };
    // Save a changed configuration of an installed zone (move), announced.
    void save_installed(const ZoneConfig& cfg);

    Store store_;
    ManagerListener* listener_ = nullptr;

    // Serialises store writes with the registry update that follows them,
    // so commits from concurrent clients apply (and are announced) in turn.
    std::mutex write_mu_;
    mutable std::mutex cache_mu_;              // after write_mu_ when both
    mutable std::map<std::string, Cached> cache_;   // under cache_mu_
    mutable ConfigWatch watch_;                // under cache_mu_
    mutable bool watching_ = false;            // under cache_mu_
    std::map<std::string, Live> live_;         // under write_mu_

    mutable std::mutex busy_mu_;
    std::set<std::string> busy_;               // under busy_mu_

    mutable std::mutex reg_mu_;                // guards zones_, generations_
    std::vector<ZoneInfo> zones_;
    std::unordered_map<std::string, std::uint64_t> generations_;
    std::uint64_t last_generation_ = 0;        // under write_mu_
};

}  // namespace zones::daemon

// The configuration store: ROOT/etc/zones/index and ROOT/etc/zones/NAME.xml,
// written only by zonesd. Writes are atomic (temp, fsync, rename, fsync dir)
// and serialised by an fcntl lock on ROOT/run/zones/index.lock, so a crash at
// any instant leaves the old or the new configuration.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zones/config.hpp"

namespace zones {

class IndexFile;

class Store {
public:
    // `root` is "/" in production; tests point it at a scratch directory.
    explicit Store(std::filesystem::path root = "/");

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path zones_dir() const;   // ROOT/etc/zones
    std::filesystem::path run_dir() const;     // ROOT/run/zones

    // All zones of the index in file order, without the global line.
    // A missing index is an empty store.
    std::vector<IndexEntry> list() const;
    std::optional<IndexEntry> entry(const std::string& name) const;

    // Throws ZoneError NoSuchZone ("NAME: No such zone configured") or
    // Damaged ("PATH: ..."), never returns a half-read configuration.
    ZoneConfig load(const std::string& name) const;

    // A template or zone for `create -t NAME`: ROOT/etc/zones/NAME.xml
    // (SUNWdefault/SUNWblank files override the built-ins). nullopt if none.
    std::optional<ZoneConfig> load_template(const std::string& name) const;

    // Save cfg; `old_name` is the name it was loaded as ("" for a new zone),
    // so a changed cfg.name renames the zone (XML file and index line).
    // New zones enter the index as configured. Refuses (ZoneError) to
    // overwrite a damaged XML file silently: the caller must delete first.
    void save(const ZoneConfig& cfg, const std::string& old_name);

    // Remove the XML and the index line (the zonepath is not touched).
    void remove(const std::string& name);

    // Index-only updates for the lifecycle (install/uninstall, later issues).
    void set_state(const std::string& name, ZoneState state, const std::string& uuid);

private:
    // The index as parsed the last time it read the same: listing zones or
    // looking one up costs a read and a compare, not a parse of every line.
    std::shared_ptr<const IndexFile> current_index() const;
    struct IndexCache;
    std::filesystem::path root_;
    std::shared_ptr<IndexCache> cache_;
};

// The built-in templates: SUNWdefault (brand sparse, ip-type shared, an
// inherit-pkg-dir for each host system directory that is a real directory:
// /usr and, where not merged into /usr, /lib /lib32 /lib64 /libx32 /bin
// /sbin) and SUNWblank (brand whole, no resources).
ZoneConfig default_template();
ZoneConfig blank_template();
// debian (create -t debian): brand debian (a Debian 12 root, systemd as
// init), ip-type shared, no resources.
ZoneConfig debian_template();

}  // namespace zones

// ROOT/etc/zones: index + NAME.xml, written only under the index lock.
// Order of writes (so a crash leaves the old or the new zone, plus at
// worst an XML file no index line refers to, which is ignored): the XML
// first, then the index; on rename the old XML is unlinked last; on remove
// the index line goes first.
#include "zones/store.hpp"

#include <mutex>

#include <fmt/core.h>

#include "zones/file_util.hpp"
#include "zones/index_file.hpp"
#include "zones/xml.hpp"

namespace zones {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFileSize = 16 * 1024 * 1024;
constexpr const char* kIndexName = "index";

std::string xml_name(const std::string& zone) { return zone + ".xml"; }

[[noreturn]] void no_such_zone(const std::string& name) {
    throw ZoneError(ErrorKind::NoSuchZone, fmt::format("{}: No such zone configured", name));
}

// cfg as it reads back from XML: ncpus "N-N" is stored as min = max = N.
ZoneConfig canonical(ZoneConfig cfg) {
    if (cfg.dedicated_cpu) {
        std::string& n = cfg.dedicated_cpu->ncpus;
        auto dash = n.find('-');
        if (dash != std::string::npos && n.compare(0, dash, n, dash + 1) == 0) n.resize(dash);
    }
    return cfg;
}

void require_valid_name(const std::string& name) {
    if (!valid_zone_name(name)) throw ZoneError(ErrorKind::Invalid, fmt::format("{}: Bogus zone name", name));
}

}  // namespace

// Shared by copies of a Store, guarded by its own mutex (zonesd's D-Bus
// calls read the store from several threads).
struct Store::IndexCache {
    std::mutex mu;
    std::string text;
    std::shared_ptr<const IndexFile> parsed;
};

Store::Store(fs::path root) : root_(std::move(root)), cache_(std::make_shared<IndexCache>()) {}

fs::path Store::zones_dir() const { return root_ / "etc" / "zones"; }
fs::path Store::run_dir() const { return root_ / "run" / "zones"; }

namespace {

// Reads the index; a missing file is a fresh one.
IndexFile read_index(const fs::path& dir) {
    const fs::path path = dir / kIndexName;
    auto text = fsutil::read_file(path, kMaxFileSize);
    if (!text) return IndexFile();
    return IndexFile::parse(*text, path.string());
}

// The configuration in `path`, checked to be zone `name`.
ZoneConfig read_config(const fs::path& path, const std::string& name) {
    auto text = fsutil::read_file(path, kMaxFileSize);
    if (!text)
        throw ZoneError(ErrorKind::Damaged,
                        fmt::format("{}: missing zone configuration; delete it with zonecfg -z {} delete -F",
                                    path.string(), name));
    ZoneConfig cfg = from_xml(*text, path.string());
    if (cfg.name != name)
        throw ZoneError(ErrorKind::Damaged,
                        fmt::format("{}: invalid zone XML: zone name '{}' does not match the file name",
                                    path.string(), cfg.name));
    return cfg;
}

// Refuses to replace or drop a file that does not read back as zone `name`:
// that is the user's only copy of whatever it held.
void refuse_if_damaged(const fs::path& path, const std::string& name) {
    auto text = fsutil::read_file(path, kMaxFileSize);
    if (!text) return;
    try {
        ZoneConfig old = from_xml(*text, path.string());
        if (old.name == name) return;
    } catch (const ZoneError&) {
    }
    throw ZoneError(ErrorKind::Damaged,
                    fmt::format("{}: damaged zone configuration; delete it with zonecfg -z {} delete -F first",
                                path.string(), name));
}

}  // namespace

std::shared_ptr<const IndexFile> Store::current_index() const {
    const fs::path path = zones_dir() / kIndexName;
    auto text = fsutil::read_file(path, kMaxFileSize);
    if (!text) return std::make_shared<const IndexFile>();
    // The text, not a stat signature: an index rewritten within one clock
    // tick on a reused inode number could otherwise read as unchanged.
    std::lock_guard lock(cache_->mu);
    if (!cache_->parsed || cache_->text != *text) {
        auto parsed = std::make_shared<const IndexFile>(IndexFile::parse(*text, path.string()));
        cache_->text = std::move(*text);
        cache_->parsed = std::move(parsed);
    }
    return cache_->parsed;
}

std::vector<IndexEntry> Store::list() const { return current_index()->entries(); }

std::optional<IndexEntry> Store::entry(const std::string& name) const {
    if (!valid_zone_name(name)) return std::nullopt;
    if (const IndexEntry* e = current_index()->find(name)) return *e;
    return std::nullopt;
}

ZoneConfig Store::load(const std::string& name) const {
    if (!valid_zone_name(name)) no_such_zone(name);
    if (!current_index()->find(name)) no_such_zone(name);
    return read_config(zones_dir() / xml_name(name), name);
}

std::optional<ZoneConfig> Store::load_template(const std::string& name) const {
    if (!valid_name_syntax(name) || name == "global") return std::nullopt;
    if (valid_zone_name(name) && current_index()->find(name)) return load(name);

    const fs::path path = zones_dir() / xml_name(name);
    if (auto text = fsutil::read_file(path, kMaxFileSize)) return from_xml(*text, path.string());
    if (name == "SUNWdefault") return default_template();
    if (name == "SUNWblank") return blank_template();
    if (name == "debian") return debian_template();
    return std::nullopt;
}

namespace {

// Everything that changes the store runs here: directories made, the lock
// held, stale temporaries of killed writers removed.
template <typename F>
void locked_update(const Store& store, F&& body) {
    fsutil::ensure_dir(store.zones_dir(), 0755);
    fsutil::ensure_dir(store.run_dir(), 0700);
    fsutil::ExclusiveLock lock(store.run_dir() / "index.lock");
    // The index's and the zones' XML files' only: the idmap is written
    // under its own lock, maybe right now.
    fsutil::remove_stale_temps(store.zones_dir(), [](std::string_view target) {
        return target == kIndexName || target.ends_with(".xml");
    });
    body();
}

}  // namespace

void Store::save(const ZoneConfig& cfg, const std::string& old_name) {
    require_valid_name(cfg.name);
    if (!old_name.empty() && !valid_zone_name(old_name)) no_such_zone(old_name);
    const bool rename = !old_name.empty() && old_name != cfg.name;
    const std::string xml = to_xml(cfg);
    // Never write what cannot be loaded again (e.g. a NUL in a value).
    if (from_xml(xml, cfg.name) != canonical(cfg))
        throw ZoneError(ErrorKind::Invalid, fmt::format("{}: configuration cannot be stored as XML", cfg.name));

    locked_update(*this, [&] {
        const fs::path dir = zones_dir();
        IndexFile index = read_index(dir);
        IndexEntry entry{cfg.name, ZoneState::Configured, cfg.zonepath, ""};
        if (old_name.empty()) {
            if (index.find(cfg.name))
                throw ZoneError(ErrorKind::Invalid, fmt::format("{}: Zone name already in use", cfg.name));
        } else {
            const IndexEntry* old = index.find(old_name);
            if (!old) no_such_zone(old_name);
            if (rename && index.find(cfg.name))
                throw ZoneError(ErrorKind::Invalid, fmt::format("{}: Zone name already in use", cfg.name));
            entry.state = old->state;
            entry.uuid = old->uuid;
            refuse_if_damaged(dir / xml_name(old_name), old_name);
        }
        // Validate the index line before anything reaches the disk.
        (void)format_index_entry(entry);

        fsutil::write_file_atomic(dir, xml_name(cfg.name), xml);
        if (old_name.empty())
            index.add(entry);
        else
            index.replace(old_name, entry);
        fsutil::write_file_atomic(dir, kIndexName, index.text());
        if (rename) fsutil::remove_file_durable(dir, xml_name(old_name));
    });
}

void Store::remove(const std::string& name) {
    if (!valid_zone_name(name)) no_such_zone(name);
    locked_update(*this, [&] {
        const fs::path dir = zones_dir();
        IndexFile index = read_index(dir);
        const bool listed = index.erase(name);
        const bool has_file = fs::exists(fs::symlink_status(dir / xml_name(name)));
        if (!listed && !has_file) no_such_zone(name);
        if (listed) fsutil::write_file_atomic(dir, kIndexName, index.text());
        fsutil::remove_file_durable(dir, xml_name(name));
    });
}

void Store::set_state(const std::string& name, ZoneState state, const std::string& uuid) {
    if (!valid_zone_name(name)) no_such_zone(name);
    if (state > ZoneState::Installed)
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("{}: state {} cannot be stored", name, state_name(state)));
    locked_update(*this, [&] {
        const fs::path dir = zones_dir();
        IndexFile index = read_index(dir);
        const IndexEntry* old = index.find(name);
        if (!old) no_such_zone(name);
        IndexEntry e = *old;
        e.state = state;
        e.uuid = uuid;
        index.replace(name, e);
        fsutil::write_file_atomic(dir, kIndexName, index.text());
    });
}

}  // namespace zones

// The text of /etc/zones/index (illumos format, one `name:state:zonepath:uuid`
// line per zone, `global:installed:/` first). Comment lines and entry lines
// that nobody changed are written back byte for byte, as illumos does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zones/config.hpp"

namespace zones {

// Header of an index file zonesd creates.
inline constexpr std::string_view kIndexHeader =
    "# DO NOT EDIT: this file is maintained by zonesd (use zonecfg(8) and zoneadm(8)).\n"
    "# Manual changes may be lost.\n"
    "#\n"
    "# zonename:state:zonepath:uuid\n";
inline constexpr std::string_view kGlobalIndexLine = "global:installed:/";

// One entry line without the newline; the zonepath is double-quoted when
// it contains ':'. Throws ZoneError(Invalid) for what a line cannot hold
// (a newline or '"' in the zonepath, ':' or a newline in the uuid).
std::string format_index_entry(const IndexEntry& e);

class IndexFile {
public:
    // A new file: the header and the global line.
    IndexFile();
    // Throws ZoneError(Damaged, "ORIGIN: line N: REASON") for a malformed
    // line, an unknown or runtime state, a bad name, a duplicate zone.
    static IndexFile parse(std::string_view text, const std::string& origin);

    std::string text() const;

    // Zones in file order, without global.
    std::vector<IndexEntry> entries() const;
    const IndexEntry* find(std::string_view name) const;

    // Replace the entry `name` in place (it may get a new name); false if
    // there is none. Appends when adding. Both make sure the global line exists.
    bool replace(std::string_view name, const IndexEntry& e);
    void add(const IndexEntry& e);
    bool erase(std::string_view name);

private:
    struct Line {
        std::string raw;                    // as read, or as formatted when changed
        std::optional<IndexEntry> entry;    // empty for comments and blank lines
    };
    void ensure_global();

    std::vector<Line> lines_;
};

}  // namespace zones

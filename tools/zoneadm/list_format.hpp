// zoneadm list: which zones to show and how, exactly as illumos prints them
// (zoneadm.c zone_print / zone_print_list). Pure functions, no D-Bus.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zones/config.hpp"

namespace zones::zoneadm {

struct ListEntry {
    std::optional<int> id;          // nullopt: no zone ID (printed "-")
    std::string name;
    ZoneState state = ZoneState::Configured;
    std::string zonepath;
    std::string uuid;
    std::string brand;
    bool exclusive = false;         // ip-type exclusive ("excl") or shared
    // The autoboot property, for -o json (nullopt: not known, printed null).
    std::optional<bool> autoboot = {};
};

enum class ListStyle {
    Names,      // one name per line
    Verbose,    // -v: header and fixed-width columns
    Parsable,   // -p: id:name:state:zonepath:uuid:brand:ip-type
    Json,       // -o json: an array of objects, zoneadm(8) "JSON OUTPUT"
};

// The host. illumos prints the global zone's own brand; Linux has no brand
// for the host, so it is "native" (the name Solaris 10 gave the brand of
// the host's own OS), never "sparse" or "whole", which are zone brands.
inline constexpr const char* kGlobalBrand = "native";
ListEntry global_zone();

// The zones `list` shows, in its order: the global zone, then zones that
// have an ID (ready, running, shutting_down, down) by ID, then - unless
// min_state is running - the others in index order whose state is at
// least min_state (no option: running; -i: installed; -c: configured).
// `zones` are the non-global zones in index order.
std::vector<ListEntry> select_zones(const std::vector<ListEntry>& zones, ZoneState min_state);

// One zone's line (zone_print), and the -v header line.
std::string format_zone(const ListEntry& zone, ListStyle style);
std::string format_header();

// All of `zones` with the header for -v.
std::string format_list(const std::vector<ListEntry>& zones, ListStyle style);

}  // namespace zones::zoneadm

// `export`: the configuration as zonecfg commands (upstream export_func's
// order), quoted so that feeding the text back rebuilds the same
// configuration. Values containing '"', a control character other than tab,
// or a non-ASCII byte cannot be written in zonecfg syntax (there are no
// escapes); the lexer never produces them, so they can only come from XML
// written by other means, and export refuses rather than write a file that
// would read back differently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "zones/config.hpp"

namespace zones::zonecfg {

// Empty, blanks, or any of = ; , [ ] ( ) " #.
bool needs_quotes(std::string_view value);
std::string quote(std::string_view value);
// Can the value be written at all: printable US-ASCII or tab, no '"'?
bool exportable(std::string_view value);

// The command text, or nullopt with `error` set to a one-line reason.
std::optional<std::string> export_config(const ZoneConfig& cfg, std::string* error);

// The commands that turn `from` (the zone as configured) into `to`: only
// the global properties that differ (set, or clear when emptied) and, for
// each resource type whose list differs, `remove -F TYPE` and the new list.
// `from` nullptr: export_config's text (create -b and everything).
std::optional<std::string> export_changes(const ZoneConfig* from, const ZoneConfig& to,
                                          std::string* error);

}  // namespace zones::zonecfg

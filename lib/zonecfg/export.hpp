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

}  // namespace zones::zonecfg

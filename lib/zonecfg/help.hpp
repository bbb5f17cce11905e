// zonecfg's help and usage texts, worded as upstream's help table,
// long_help() and usage().
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "zonecfg/parser.hpp"
#include "zonecfg/resources.hpp"

namespace zones::zonecfg {

// The flags of upstream usage(); they select which blocks are printed.
enum HelpFlags : unsigned {
    kHelpUsage = 0x01,
    kHelpSubcmds = 0x02,
    kHelpSyntax = 0x04,
    kHelpResources = 0x08,
    kHelpProps = 0x10,
    kHelpMeta = 0x20,
    kHelpNetaddr = 0x40,
    kHelpResScope = 0x80,
    kHelpResProps = kHelpResources | kHelpProps,
};

std::string_view short_usage(Cmd c);     // "add <resource-type>\n\t(global scope)\n..."
std::string long_help(Cmd c);            // "Add specified resource to configuration."
// Extra blocks `help CMD` prints after the long usage (HELP_RES_PROPS etc.).
unsigned command_help_flags(Cmd c);

// The text of usage(verbose, flags); `scope` is the resource being edited
// (for kHelpResScope). `verbose` adds the long help to the command list.
std::string usage_text(unsigned flags, bool verbose, std::optional<Res> scope = std::nullopt);

// "usage:\n<short usage>\n" and with the long help "\t<long help>\n".
std::string short_usage_text(Cmd c);
std::string long_usage_text(Cmd c);

}  // namespace zones::zonecfg

// zlogin's command line (illumos zlogin.1 and zlogin.c: getopt
// "nECR:Se:l:Q" plus -d), checked in upstream's order. Pure: unit-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zones::zlogin {

inline constexpr std::string_view kUsage =
    "usage: zlogin [ -dnQCES ] [ -e cmdchar ] [-l user] zonename [command [args ...] ]";

struct Options {
    bool console = false;      // -C
    bool no_escape = false;    // -E
    bool safe = false;         // -S
    bool quiet = false;        // -Q
    bool null_stdin = false;   // -n
    bool disconnect = false;   // -d (console: leave when the zone halts)
    int escape = '~';          // -e
    std::string user;          // -l ("" = root)
    std::string zone;
    std::vector<std::string> command;
};

struct ParseError {
    std::string message;   // "" = just the usage line
};

// nullopt = ok; else print "zlogin: MESSAGE" (if any) and the usage, exit 2.
std::optional<ParseError> parse_options(const std::vector<std::string>& args, Options& out);

// -e argument: one character, or '\' and an octal number (up to 0377).
// nullopt + message on error.
std::optional<int> parse_escape(std::string_view arg, std::string& error);

}  // namespace zones::zlogin

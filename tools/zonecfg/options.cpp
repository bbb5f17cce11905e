#include "options.hpp"

#include <fmt/format.h>

#include "zonecfg/help.hpp"
#include "zonecfg/session.hpp"

namespace zones::zonecfg_tool {
namespace {

using zones::zonecfg::kHelpSubcmds;
using zones::zonecfg::kHelpSyntax;
using zones::zonecfg::kHelpUsage;
using zones::zonecfg::usage_text;

ParseResult fail(int status, std::string err, std::string out = {}) {
    ParseResult r;
    r.status = status;
    r.err = std::move(err);
    r.out = std::move(out);
    return r;
}

}  // namespace

ParseResult parse_options(const std::vector<std::string>& argv) {
    if (argv.size() < 2)
        return fail(2, usage_text(kHelpUsage | kHelpSubcmds, false));
    ParseResult r;
    Invocation& inv = r.inv;
    if (argv[1] == "help") {
        inv.mode = Invocation::Mode::Help;
        inv.words.assign(argv.begin() + 1, argv.end());
        r.ok = true;
        return r;
    }
    // getopt("?f:z:") in POSIX order: options stop at the first subcommand
    // word, so `zonecfg -z z set -F zonepath=/x` keeps its -F.
    std::size_t i = 1;
    bool file_mode = false;
    while (i < argv.size()) {
        const std::string& a = argv[i];
        if (a == "--") {
            ++i;
            break;
        }
        if (a.size() < 2 || a[0] != '-')
            break;
        ++i;
        for (std::size_t k = 1; k < a.size(); ++k) {
            char f = a[k];
            if (f == '?')
                return fail(2, "", usage_text(kHelpUsage | kHelpSubcmds, true));
            if (f != 'f' && f != 'z')
                return fail(2, fmt::format("zonecfg: illegal option -- {}\n{}", f,
                                           usage_text(kHelpUsage, false)));
            std::string value;
            if (k + 1 < a.size())
                value = a.substr(k + 1);
            else if (i < argv.size())
                value = argv[i++];
            else
                return fail(2, fmt::format("zonecfg: option requires an argument -- {}\n{}", f,
                                           usage_text(kHelpUsage, false)));
            if (f == 'f') {
                inv.file = value;
                file_mode = true;
            } else {
                if (!zonecfg::zone_name_syntax_ok(value))
                    return fail(2, fmt::format("{}: Bogus zone name\n{}", value,
                                               usage_text(kHelpSyntax, false)));
                inv.zone = value;
            }
            break;
        }
    }
    if (inv.zone.empty())
        return fail(2, usage_text(kHelpUsage, false));
    inv.words.assign(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
    if (file_mode && !inv.words.empty())
        return fail(2, usage_text(kHelpUsage, false));
    inv.mode = file_mode            ? Invocation::Mode::File
               : inv.words.empty() ? Invocation::Mode::Interactive
                                   : Invocation::Mode::Args;
    r.ok = true;
    return r;
}

std::string joined_command(const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words) {
        if (!s.empty())
            s += ' ';
        s += w;
    }
    return s + "\n";
}

}  // namespace zones::zonecfg_tool

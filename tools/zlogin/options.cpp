#include "options.hpp"

#include <fmt/format.h>

namespace zones::zlogin {

std::optional<int> parse_escape(std::string_view arg, std::string& error) {
    if (arg.size() == 1) return static_cast<unsigned char>(arg[0]);
    if (arg.size() >= 2 && arg[0] == '\\' && arg.find_first_not_of("01234567", 1) == std::string_view::npos) {
        unsigned long v = 0;
        for (char c : arg.substr(1)) {
            v = v * 8 + static_cast<unsigned long>(c - '0');
            if (v > 0377) break;
        }
        if (v > 0377) {
            error = fmt::format("Octal escape character '{}' too large", arg);
            return std::nullopt;
        }
        return static_cast<int>(v);
    }
    error = fmt::format("Unrecognized escape character option {}", arg);
    return std::nullopt;
}

std::optional<ParseError> parse_options(const std::vector<std::string>& args, Options& out) {
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            ++i;
            break;
        }
        if (a.size() < 2 || a[0] != '-') break;   // the zone name: options end (like getopt "+")
        for (std::size_t j = 1; j < a.size(); ++j) {
            const char c = a[j];
            auto value = [&]() -> std::optional<std::string> {
                if (j + 1 < a.size()) {
                    std::string v = a.substr(j + 1);
                    j = a.size();
                    return v;
                }
                if (i + 1 < args.size()) {
                    j = a.size();
                    return args[++i];
                }
                return std::nullopt;
            };
            switch (c) {
            case 'C': out.console = true; break;
            case 'E': out.no_escape = true; break;
            case 'S': out.safe = true; break;
            case 'Q': out.quiet = true; break;
            case 'n': out.null_stdin = true; break;
            case 'd': out.disconnect = true; break;
            case 'R': if (!value()) return ParseError{"option requires an argument -- 'R'"}; break;   // private in illumos
            case 'l': {
                auto v = value();
                if (!v) return ParseError{"option requires an argument -- 'l'"};
                out.user = *v;
                break;
            }
            case 'e': {
                auto v = value();
                if (!v) return ParseError{"option requires an argument -- 'e'"};
                std::string err;
                auto e = parse_escape(*v, err);
                if (!e) return ParseError{err};
                out.escape = *e;
                break;
            }
            default:
                return ParseError{fmt::format("invalid option -- '{}'", c)};
            }
        }
    }
    if (i >= args.size()) return ParseError{};
    out.zone = args[i++];
    out.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    if (out.console) {
        if (!out.user.empty()) return ParseError{"-l may not be specified for console login"};
        if (out.null_stdin) return ParseError{"-n may not be specified for console login"};
        if (out.safe) return ParseError{"-S may not be specified for console login"};
        if (!out.command.empty()) return ParseError{"Commands may not be specified for console login."};
    }
    if (out.safe && !out.user.empty()) return ParseError{"-l may not be specified for failsafe login"};
    return std::nullopt;
}

}  // namespace zones::zlogin

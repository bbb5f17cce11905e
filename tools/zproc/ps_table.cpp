#include "ps_table.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "zone_procs.hpp"

namespace zones::zproc {
namespace {

bool starts_with(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

// procps ps's options that take an argument, and those that select
// processes (without one, -z selects every process, as illumos ps -z does).
constexpr std::string_view kSysvArg = "CGgOopqstUuk";
constexpr std::string_view kSysvSelect = "AadeCGgpqstUuN";
constexpr std::string_view kBsdArg = "OopkUt";
constexpr std::string_view kBsdSelect = "axgrTpUtq";
const std::vector<std::string> kLongArg = {"--format", "--pid", "--ppid", "--user", "--User", "--group",
                                           "--Group", "--sid", "--tty", "--sort", "--cols", "--columns",
                                           "--width", "--rows", "--lines", "--quick-pid", "--context"};
const std::vector<std::string> kLongSelect = {"--pid", "--ppid", "--user", "--User", "--group", "--Group",
                                              "--sid", "--tty", "--deselect", "--quick-pid"};

std::string long_name(const std::string& a) { return a.substr(0, a.find('=')); }
bool in(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

PsParse parse_ps_args(const std::vector<std::string>& args) {
    PsCall call;
    std::vector<std::string> pass;
    bool format_o = false, selects = false;
    auto add_zones = [&](const std::string& list) {
        for (std::string& z : split_list(list)) call.zones.push_back(std::move(z));
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (starts_with(a, "--")) {
            const std::string name = long_name(a);
            if (name == "--no-headers" || name == "--no-heading") {
                call.no_header = true;
                continue;
            }
            if (name == "--format") format_o = true;
            if (in(kLongSelect, name)) selects = true;
            pass.push_back(a);
            if (a.find('=') == std::string::npos && in(kLongArg, name) && i + 1 < args.size()) pass.push_back(args[++i]);
            continue;
        }
        const bool sysv = starts_with(a, "-");
        const std::string_view argful = sysv ? kSysvArg : kBsdArg;
        const std::string_view select = sysv ? kSysvSelect : kBsdSelect;
        std::string kept = sysv ? "-" : "";
        bool takes_next = false;
        for (std::size_t j = sysv ? 1 : 0; j < a.size(); ++j) {
            const char c = a[j];
            if (sysv && c == 'z') {   // zps's own: -z zonelist
                std::string list = a.substr(j + 1);
                if (list.empty()) {
                    if (i + 1 >= args.size()) return {std::nullopt, "option requires an argument -- z"};
                    list = args[++i];
                }
                add_zones(list);
                if (list.find_first_not_of(", \t") == std::string::npos)
                    return {std::nullopt, "option requires an argument -- z"};
                break;
            }
            if (!sysv && c == 'h') {   // BSD "no header": zps prints none itself
                call.no_header = true;
                continue;
            }
            if (c == 'o') format_o = true;
            if (select.find(c) != std::string_view::npos) selects = true;
            kept += c;
            if (argful.find(c) != std::string_view::npos) {
                kept += a.substr(j + 1);
                takes_next = j + 1 == a.size();
                break;
            }
        }
        if (kept != "-" && !kept.empty()) pass.push_back(kept);
        if (takes_next && i + 1 < args.size()) pass.push_back(args[++i]);
    }
    if (format_o) {
        // A PID column of zps's own in front; dropped again from each row.
        call.hidden_pid = true;
        call.argv = {"-o", "pid"};
    }
    if (!call.zones.empty() && !selects) call.argv.push_back("-e");
    for (auto& p : pass) call.argv.push_back(std::move(p));
    // Without a PID column of its own, zps finds the user's in the header.
    if (call.hidden_pid && call.no_header) call.argv.push_back("--no-headers");
    return {std::move(call), {}};
}

namespace {

std::vector<std::string> tokens(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    for (std::string t; in >> t;) out.push_back(t);
    return out;
}

std::optional<long> to_pid(const std::string& t) {
    if (t.empty() || t.size() > 10 || t.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stol(t);
}

// The line without its first column (the hidden PID) and the one blank
// after it.
std::string drop_first_column(const std::string& line) {
    std::size_t p = line.find_first_not_of(' ');
    if (p == std::string::npos) return {};
    p = line.find(' ', p);
    return p == std::string::npos ? std::string() : line.substr(p + 1);
}

}  // namespace

std::string zone_table(const std::string& ps_output, const PsCall& call,
                       const std::function<std::optional<std::string>(long)>& zone_of) {
    std::vector<std::string> lines;
    {
        std::istringstream in(ps_output);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
    }
    std::size_t first = 0;
    std::optional<std::string> header;
    std::size_t pid_index = 0;
    if (call.hidden_pid) {
        if (!call.no_header && !lines.empty()) {
            header = drop_first_column(lines[0]);
            if (header->find_first_not_of(' ') == std::string::npos) header.reset();   // "-o a=,b="
            first = 1;
        }
    } else {
        if (lines.empty()) return {};
        const auto names = tokens(lines[0]);
        const auto at = std::find(names.begin(), names.end(), "PID");
        if (at == names.end()) throw std::runtime_error("ps's output has no PID column (add one with -o pid)");
        pid_index = static_cast<std::size_t>(at - names.begin());
        if (!call.no_header) header = lines[0];
        first = 1;
    }
    struct Row {
        std::string zone, text;
    };
    std::vector<Row> rows;
    std::size_t width = 8;   // illumos ps -Z: ZONE is 8 wide
    for (std::size_t i = first; i < lines.size(); ++i) {
        const auto t = tokens(lines[i]);
        if (t.size() <= pid_index) continue;
        const auto pid = to_pid(t[pid_index]);
        if (!pid) throw std::runtime_error(fmt::format("ps's output has no PID in: {}", lines[i]));
        auto zone = zone_of(*pid);
        if (!call.zones.empty() &&
            (!zone || std::find(call.zones.begin(), call.zones.end(), *zone) == call.zones.end()))
            continue;
        Row r{zone.value_or("-"), call.hidden_pid ? drop_first_column(lines[i]) : lines[i]};
        width = std::max(width, r.zone.size());
        rows.push_back(std::move(r));
    }
    std::string out;
    if (header) out += fmt::format("{:>{}} {}\n", "ZONE", width, *header);
    for (const Row& r : rows) out += fmt::format("{:>{}} {}\n", r.zone, width, r.text);
    return out;
}

}  // namespace zones::zproc

#include "log_format.hpp"

#include <ctime>

#include <fmt/format.h>

namespace zones::zoneadm {
namespace {

std::string when(std::uint64_t usec) {
    const std::time_t t = static_cast<std::time_t>(usec / 1000000);
    std::tm tm{};
    char buf[32];
    if (::localtime_r(&t, &tm) == nullptr || std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm) == 0)
        return "-";
    return buf;
}

std::string who(const LogLine& l) {
    if (!l.user.empty())
        return l.user;
    return l.uid == UINT32_MAX ? std::string("-") : fmt::format("uid {}", l.uid);
}

std::string outcome(const LogLine& l) {
    std::string s = l.result;
    // Who let a non-root caller through is worth seeing; root needs none.
    if (l.result == "ok" && !l.authorized_by.empty() && l.authorized_by != "root")
        s += fmt::format(" ({})", l.authorized_by);
    if (!l.detail.empty()) {
        std::string first = l.detail.substr(0, l.detail.find('\n'));
        s += ": " + first;
    }
    return s;
}

}  // namespace

std::string format_log(const std::vector<LogLine>& lines) {
    std::string out = fmt::format("{:<19}  {:<12} {:>7}  {:<10} {}\n", "TIME", "USER", "PID", "VERB", "RESULT");
    for (const LogLine& l : lines)
        out += fmt::format("{:<19}  {:<12} {:>7}  {:<10} {}\n", when(l.usec), who(l),
                           l.pid == 0 ? std::string("-") : std::to_string(l.pid), l.verb, outcome(l));
    return out;
}

}  // namespace zones::zoneadm

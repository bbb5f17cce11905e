#include "log.hpp"

#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <systemd/sd-journal.h>

namespace zones::daemon {
namespace {

// systemd sets JOURNAL_STREAM=DEV:INO for a service whose stderr is the
// journal; only then are structured fields worth sending (sd_journal(3)).
bool stderr_is_journal() {
    const char* env = std::getenv("JOURNAL_STREAM");
    if (env == nullptr)
        return false;
    struct stat st {};
    if (fstat(STDERR_FILENO, &st) < 0)
        return false;
    return fmt::format("{}:{}", st.st_dev, st.st_ino) == env;
}

// Names come from clients: keep a log line a line.
std::string printable(std::string_view text, std::size_t max) {
    std::string out;
    for (char c : text.substr(0, max))
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (text.size() > max)
        out += "...";
    return out;
}

}  // namespace

namespace {

bool journal_ok() {
    static const bool journal = stderr_is_journal();
    return journal;
}

}  // namespace

void log(LogLevel level, std::string_view zone, std::string_view message) {
    const bool journal = journal_ok();
    const std::string z = printable(zone, 80);
    const std::string line = z.empty() ? printable(message, 4096)
                                       : fmt::format("{}: {}", z, printable(message, 4096));
    if (journal) {
        int r = z.empty()
            ? sd_journal_send("MESSAGE=%s", line.c_str(),
                              "PRIORITY=%d", static_cast<int>(level), nullptr)
            : sd_journal_send("MESSAGE=%s", line.c_str(), "ZONE=%s", z.c_str(),
                              "PRIORITY=%d", static_cast<int>(level), nullptr);
        if (r >= 0)
            return;
    }
    static std::mutex mu;   // whole lines from concurrent workers
    std::lock_guard lock(mu);
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
}

void log_timings(std::string_view zone, std::string_view verb,
                 const std::vector<timing::Span>& spans, std::uint64_t start_ns, bool ok) {
    if (spans.empty())
        return;
    std::uint64_t end = start_ns;
    for (const timing::Span& s : spans)
        if (!s.meanwhile)
            end = std::max(end, s.end_ns);
    auto ms = [](std::uint64_t ns) { return static_cast<double>(ns) / 1e6; };
    std::vector<const timing::Span*> longest;
    for (const timing::Span& s : spans)
        if (!s.meanwhile)
            longest.push_back(&s);
    std::stable_sort(longest.begin(), longest.end(),
                     [](const timing::Span* a, const timing::Span* b) { return a->ns() > b->ns(); });
    longest.resize(std::min<std::size_t>(longest.size(), 3));
    std::vector<std::string> top;
    for (const timing::Span* s : longest)
        top.push_back(fmt::format("{} {:.1f} ms", s->name, ms(s->ns())));
    const std::string message =
        fmt::format("{} {} {:.1f} ms; longest: {}", verb, ok ? "took" : "failed after",
                    ms(end - start_ns), fmt::join(top, ", "));
    if (!journal_ok()) {
        log(LogLevel::Info, zone, message);
        return;
    }
    std::string table;
    for (const timing::Span& s : spans)
        table += fmt::format("{:9.3f} {:8.3f} {}{}\n",
                             ms(s.start_ns >= start_ns ? s.start_ns - start_ns : 0), ms(s.ns()),
                             s.name, s.meanwhile ? " (meanwhile)" : "");
    std::vector<std::string> fields = {
        fmt::format("MESSAGE={}: {}", printable(zone, 80), message),
        fmt::format("PRIORITY={}", static_cast<int>(LogLevel::Info)),
        fmt::format("ZONE={}", printable(zone, 80)),
        fmt::format("ZONE_VERB={}", verb),
        fmt::format("TIMING_TOTAL_USEC={}", (end - start_ns) / 1000),
        "TIMINGS=" + table,
    };
    for (const timing::Span& s : spans)
        fields.push_back(fmt::format("{}={}", timing::journal_field(s.name), s.ns() / 1000));
    std::vector<iovec> iov;
    for (std::string& f : fields)
        iov.push_back(iovec{f.data(), f.size()});
    if (sd_journal_sendv(iov.data(), static_cast<int>(iov.size())) < 0)
        log(LogLevel::Info, zone, message);
}

}  // namespace zones::daemon

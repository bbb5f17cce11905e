#include "log.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include <fmt/format.h>
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

void log(LogLevel level, std::string_view zone, std::string_view message) {
    static const bool journal = stderr_is_journal();
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

}  // namespace zones::daemon

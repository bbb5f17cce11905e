#include "log.hpp"

#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <systemd/sd-journal.h>

namespace zones::zoneadmd {
namespace {

std::string g_zone;
int g_id = 0;

bool stderr_is_journal() {
    const char* env = std::getenv("JOURNAL_STREAM");
    struct stat st {};
    if (env == nullptr || ::fstat(STDERR_FILENO, &st) < 0) return false;
    return fmt::format("{}:{}", st.st_dev, st.st_ino) == env;
}

// zoneadmd inherits zonesd's journal stream as stderr, so what plugins and
// libraries write there would be filed under zonesd: give stderr a stream
// of zoneadmd's own (and JOURNAL_STREAM with it), once.
void own_journal_stream() {
    if (!stderr_is_journal()) return;
    const int fd = sd_journal_stream_fd("zoneadmd", LOG_WARNING, 1);
    if (fd < 0) return;
    struct stat st {};
    if (::dup2(fd, STDERR_FILENO) >= 0 && ::fstat(STDERR_FILENO, &st) == 0)
        ::setenv("JOURNAL_STREAM", fmt::format("{}:{}", st.st_dev, st.st_ino).c_str(), 1);
    ::close(fd);
}

}  // namespace

void log_set_zone(std::string_view zone, int id) {
    static const bool once = (own_journal_stream(), true);
    (void)once;
    g_zone = zone;
    g_id = id;
}

namespace {

struct Held {
    int priority;
    std::string message, zone;
    int id;
};
int g_holds = 0;
pid_t g_holder = 0;              // a forked child's lines are never held: it may _exit first
std::vector<Held> g_held;
std::function<void()> g_flusher;

void write_line(int priority, std::string_view message, const std::string& zone, int id) {
    static const bool journal = stderr_is_journal();
    std::string line = fmt::format("zoneadmd[{}]: {}", zone, message);
    if (journal && sd_journal_send("MESSAGE=%s", line.c_str(), "ZONE=%s", zone.c_str(), "ZONE_ID=%d", id,
                                   "PRIORITY=%d", priority, "SYSLOG_IDENTIFIER=zoneadmd", nullptr) >= 0)
        return;
    line += '\n';
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace

LogAfterReply::LogAfterReply() {
    if (g_holds++ == 0) g_holder = ::getpid();
}

LogAfterReply::~LogAfterReply() {
    if (--g_holds > 0 || g_held.empty()) return;
    if (g_flusher) g_flusher();
    else log_flush();
}

void log_set_flusher(std::function<void()> later) { g_flusher = std::move(later); }

void log_flush() {
    if (g_holds > 0 || ::getpid() != g_holder) return;
    std::vector<Held> lines = std::move(g_held);
    g_held.clear();
    for (const Held& h : lines) write_line(h.priority, h.message, h.zone, h.id);
}

void log_line(int priority, std::string_view message) {
    if ((g_holds > 0 || !g_held.empty()) && ::getpid() == g_holder) {
        g_held.push_back(Held{priority, std::string(message), g_zone, g_id});
        return;
    }
    write_line(priority, message, g_zone, g_id);
}

}  // namespace zones::zoneadmd

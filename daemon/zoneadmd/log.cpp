#include "log.hpp"

#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

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

}  // namespace

void log_set_zone(std::string_view zone, int id) {
    g_zone = zone;
    g_id = id;
}

void log_line(int priority, std::string_view message) {
    static const bool journal = stderr_is_journal();
    std::string line = fmt::format("zoneadmd[{}]: {}", g_zone, message);
    if (journal && sd_journal_send("MESSAGE=%s", line.c_str(), "ZONE=%s", g_zone.c_str(), "ZONE_ID=%d", g_id,
                                   "PRIORITY=%d", priority, "SYSLOG_IDENTIFIER=zoneadmd", nullptr) >= 0)
        return;
    line += '\n';
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace zones::zoneadmd

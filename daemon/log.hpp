// zonesd's log: one line per change, to the journal with a ZONE= field when
// stderr is the journal (JOURNAL_STREAM), else plain stderr.
#pragma once

#include <string_view>

namespace zones::daemon {

enum class LogLevel { Error = 3, Warning = 4, Notice = 5, Info = 6 };

// `zone` may be empty for messages about the service itself.
void log(LogLevel level, std::string_view zone, std::string_view message);

inline void log_info(std::string_view zone, std::string_view message) {
    log(LogLevel::Info, zone, message);
}
inline void log_warning(std::string_view zone, std::string_view message) {
    log(LogLevel::Warning, zone, message);
}
inline void log_error(std::string_view zone, std::string_view message) {
    log(LogLevel::Error, zone, message);
}

}  // namespace zones::daemon

// zoneadmd's log: to the journal with ZONE= when stderr is the journal
// (JOURNAL_STREAM matches), else one line on stderr.
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace zones::zoneadmd {

void log_set_zone(std::string_view zone, int id);
void log_line(int priority, std::string_view message);   // LOG_ERR, LOG_INFO, ...

template <class... A>
void logf(int priority, fmt::format_string<A...> f, A&&... args) {
    log_line(priority, fmt::format(f, std::forward<A>(args)...));
}

}  // namespace zones::zoneadmd

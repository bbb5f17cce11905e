// zonesd's log: one line per change, to the journal with a ZONE= field when
// stderr is the journal (JOURNAL_STREAM), else plain stderr.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "zones/timeline.hpp"

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

// Where the time of a ready, boot or halt went, one entry (info): the
// message names the total and the longest phases; fields ZONE=,
// ZONE_VERB=, TIMING_TOTAL_USEC= (from `start_ns` to the last phase's
// end), one TIMING_<PHASE>_USEC= per phase and TIMINGS= (every phase:
// start and duration in ms from `start_ns`, name; one per line).
void log_timings(std::string_view zone, std::string_view verb,
                 const std::vector<timing::Span>& spans, std::uint64_t start_ns, bool ok);

}  // namespace zones::daemon

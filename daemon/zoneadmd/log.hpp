// zoneadmd's log: to the journal with ZONE= when stderr is the journal
// (JOURNAL_STREAM matches), else one line on stderr.
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace zones::zoneadmd {

void log_set_zone(std::string_view zone, int id);
void log_line(int priority, std::string_view message);   // LOG_ERR, LOG_INFO, ...

// While one lives, this process's lines are kept, and written when the
// last one ends: a request's lines go out after its reply. Waking journald
// before the reply put it on our CPU, ahead of the reply, for up to 0.8 ms
// of a cold boot (the other CPU idle: on this kind of VM the scheduler
// seldom moves a woken task to it).
class LogAfterReply {
public:
    LogAfterReply();
    ~LogAfterReply();
    LogAfterReply(const LogAfterReply&) = delete;
    LogAfterReply& operator=(const LogAfterReply&) = delete;
};

template <class... A>
void logf(int priority, fmt::format_string<A...> f, A&&... args) {
    log_line(priority, fmt::format(f, std::forward<A>(args)...));
}

}  // namespace zones::zoneadmd

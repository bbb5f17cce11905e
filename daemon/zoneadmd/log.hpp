// zoneadmd's log: to the journal with ZONE= when stderr is the journal
// (JOURNAL_STREAM matches), else one line on stderr.
#pragma once

#include <functional>
#include <string_view>

#include <fmt/format.h>

namespace zones::zoneadmd {

void log_set_zone(std::string_view zone, int id);
void log_line(int priority, std::string_view message);   // LOG_ERR, LOG_INFO, ...

// While one lives, this process's lines are kept; when the last one ends
// they are handed to the flusher: a request's lines go out after its reply
// has made its way back. Waking journald before the reply put it on our
// CPU, ahead of the reply, for up to 0.8 ms of a cold boot, and right after
// it, on the CPUs that carry the reply back through zonesd and dbus-daemon
// (on this kind of VM the scheduler seldom moves a woken task to an idle
// CPU). Lines logged while some are kept wait for them, in order.
class LogAfterReply {
public:
    LogAfterReply();
    ~LogAfterReply();
    LogAfterReply(const LogAfterReply&) = delete;
    LogAfterReply& operator=(const LogAfterReply&) = delete;
};

// `later` arranges for log_flush() to be called a little later (zoneadmd's
// event loop: a timer); without one, kept lines are written at once.
void log_set_flusher(std::function<void()> later);
void log_flush();   // the kept lines, now (the timer, and before exit)

template <class... A>
void logf(int priority, fmt::format_string<A...> f, A&&... args) {
    log_line(priority, fmt::format(f, std::forward<A>(args)...));
}

}  // namespace zones::zoneadmd

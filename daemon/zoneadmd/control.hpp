// The control socket RUN/NAME/zoneadmd.sock (SOCK_SEQPACKET, PROTOCOL.md):
// one request per message, one reply per request, root peers only
// (SO_PEERCRED). A handler may defer its reply (shutdown waits for init).
// The zlogin verbs (run, shell, console; sessions.cpp) carry fds and
// NUL-separated words, and go to their own handler.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <systemd/sd-event.h>

#include "sys.hpp"

namespace zones::zoneadmd {

struct EventSource {   // sd_event_source owner
    sd_event_source* s = nullptr;
    EventSource() = default;
    EventSource(EventSource&& o) noexcept : s(o.s) { o.s = nullptr; }
    EventSource& operator=(EventSource&& o) noexcept {
        std::swap(s, o.s);
        return *this;
    }
    ~EventSource() { sd_event_source_disable_unref(s); }
};

class Control {
public:
    // Returns the reply, or nullopt to answer later with reply().
    using Handler = std::function<std::optional<std::string>(std::uint64_t conn, std::string_view request)>;

    using SessionHandler =
        std::function<std::optional<std::string>(std::uint64_t conn, std::string_view request, std::vector<Fd>& fds)>;

    std::string listen(sd_event* ev, const std::string& path, Handler h);
    void set_session_handler(SessionHandler h) { session_handler_ = std::move(h); }
    void reply(std::uint64_t conn, std::string_view text, int fd = -1);
    // Is this connection still there (its peer may have gone)?
    bool connected(std::uint64_t conn) const { return conns_.count(conn) != 0; }
    void close_listener();

private:
    struct Conn {
        Fd fd;
        EventSource src;
    };
    static int on_accept(sd_event_source*, int fd, uint32_t, void* self);
    static int on_conn(sd_event_source*, int fd, uint32_t, void* self);

    sd_event* ev_ = nullptr;
    std::string path_;
    Fd listen_fd_;
    EventSource listen_src_;
    Handler handler_;
    SessionHandler session_handler_;
    std::map<std::uint64_t, Conn> conns_;
    std::map<int, std::uint64_t> by_fd_;
    std::uint64_t next_ = 1;
};

}  // namespace zones::zoneadmd

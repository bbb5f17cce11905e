// zlogin over D-Bus, the zonesd side (the zoneadmd side is
// zoneadmd/sessions.cpp): RunCommand, OpenShell and OpenConsole of both
// org.zones.Manager and org.zones.Zone, once authorized (authorize.hpp).
// Checked against the cached registry (no store I/O), sent with the caller's fds to the zone's
// zoneadmd over RUN/NAME/zoneadmd.sock, and answered from one waiter thread
// that watches every pending zoneadmd reply (epoll): a command may run for
// hours, so these never take a worker or a zone's lane, and a halt of the
// zone is never queued behind a login.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>

#include "manager.hpp"
#include "operation.hpp"
#include "zones/file_util.hpp"

namespace zones::daemon {

// zoneadmd's answer: "ok TEXT" (+ maybe one fd) or "error KIND TEXT".
struct SessionReply {
    bool ok = false;
    ErrorKind kind = ErrorKind::Internal;
    std::string text;
    sys::Fd fd;
};
// nullopt: not a reply at all.
std::optional<SessionReply> parse_session_reply(std::string_view text);

class Logins {
public:
    Logins(Manager& manager, std::filesystem::path run_root);   // run_root = STOREROOT/run/zones
    ~Logins();
    Logins(const Logins&) = delete;
    Logins& operator=(const Logins&) = delete;

    // Bit 0 of `flags`: safe mode (zlogin -S).
    static constexpr std::uint64_t kSafe = 1;

    // Each answers `reply` (now or when zoneadmd does) and never throws.
    // Any thread; nothing here waits.
    void run(std::shared_ptr<Reply<int32_t>> reply, const std::string& name,
             const std::string& user, const std::vector<int>& fds,
             const std::vector<std::string>& command, std::uint64_t flags);
    // PASSWORD: the zone's login(1) asks for the user's password (a
    // delegated administrator with only the `login` auth), else a login
    // shell without one.
    void shell(std::shared_ptr<Reply<sdbus::UnixFd, std::string>> reply, const std::string& name,
               const std::string& user, const std::string& term, std::uint64_t flags,
               bool password);
    void console(std::shared_ptr<Reply<sdbus::UnixFd>> reply, const std::string& name,
                 pid_t caller_pid);

private:
    using Done = std::function<void(std::optional<SessionReply>)>;
    enum class Need { Running, Console };

    // Throws ZoneError with zlogin's line when the zone cannot be entered.
    void check(const std::string& name, Need need) const;
    // Connects, sends `request` with `fds`, and calls `done` on the waiter
    // thread with the reply (nullopt: zoneadmd went away). Throws ZoneError.
    void send(const std::string& name, Need need, const std::string& request,
              const std::vector<int>& fds, Done done);
    void wait_loop();

    Manager& manager_;
    std::filesystem::path run_root_;
    sys::Fd epoll_, wake_;
    std::mutex mu_;
    std::map<int, std::pair<sys::Fd, Done>> pending_;   // by socket fd
    bool stopping_ = false;
    std::thread waiter_;
};

}  // namespace zones::daemon
